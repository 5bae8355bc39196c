/**
 * The index snapshot: articles as cleaned, the MiniSearch index and each article's people and
 * events, saved to the cache folder and loaded on the next start when neither the corpus nor
 * the code that shapes the index has changed. A snapshot that cannot be trusted is rebuilt, never used.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SavedBriefing } from './briefing.js';
import type { Article } from './types.js';

const FORMAT = 2;
/** The code and data whose change changes what the index holds. */
const SHAPING_DIRS = ['../src', '../data'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

export interface Snapshot {
  format: number;
  key: string;
  createdAt: string;
  articles: Article[];
  warnings: string[];
  index: SavedBriefing;
}

/** A hash of the source and data files that shape the index, so a code change rebuilds it. */
export async function codeFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of SHAPING_DIRS) {
    for (const file of (await listFiles(dir)).sort()) hash.update(path.relative(dir, file)).update(await readFile(file));
  }
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)])));
  return nested.flat();
}

/** The snapshot file for a corpus folder: one a folder, named after its path. */
export function snapshotPath(cacheDir: string, corpusDir: string): string {
  const name = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `index-${name}.json`);
}

/**
 * Reads the snapshot when its key matches. Returns null when there is none or it is stale;
 * throws, with the reason, when it is unreadable or corrupt (the caller rebuilds and warns).
 */
export async function readSnapshot(file: string, key: string): Promise<Snapshot | null> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(text) as Snapshot;
  } catch {
    throw new Error(`briefbot: index snapshot ${file} is corrupt or truncated; rebuilding it`);
  }
  if (snapshot?.format !== FORMAT || !Array.isArray(snapshot.articles) || !Array.isArray(snapshot.index?.people) || !Array.isArray(snapshot.index?.events)) {
    throw new Error(`briefbot: index snapshot ${file} is not in a known format; rebuilding it`);
  }
  return snapshot.key === key ? snapshot : null;
}

/** Writes the snapshot atomically: a crash mid-write leaves the old one in place. */
export async function writeSnapshot(file: string, snapshot: Omit<Snapshot, 'format'>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify({ format: FORMAT, ...snapshot }));
  await rename(partial, file);
}
