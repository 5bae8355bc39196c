/**
 * The project's data files (stop words, spelling variants, debris patterns, abbreviations):
 * lists that are data, kept in `data/` where users can read and extend them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/** Reads a one-entry-a-line file, skipping blank lines and `#` comments. */
export function readList(name: string): string[] {
  return readFileSync(DATA_DIR + name, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(DATA_DIR + name, 'utf8')) as T;
}

/** The groups of `data/variants.txt`: each a list of forms of one name or phrase. */
export function readVariantGroups(): string[][] {
  return readList('variants.txt').map((line) => line.split(/\s+=\s+/).map((form) => form.trim()));
}
