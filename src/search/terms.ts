/**
 * Words and terms: how passages and questions are cut into words, and how a word becomes the
 * term the index holds (lower case, no accents, no possessive, stemmed; stop words dropped).
 */
import { stemmer } from 'stemmer';
import { readList, readVariantGroups } from '../data.js';

export interface Word {
  word: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’‘][\p{L}]+)*/gu;
const stopWords = new Set(readList('stopwords.txt'));

/** The words of a text with their offsets; hyphens and slashes separate words. */
export function words(text: string): Word[] {
  return [...text.matchAll(WORD)].map((match) => ({ word: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Lower case, accents off, possessive and apostrophes off: "China’s" -> "china". */
export function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘]s$/u, '')
    .replace(/['’‘]/gu, '');
}

// Normalising and stemming dominate indexing and proximity scoring; a corpus has far fewer
// distinct words than words, so each is worked out once.
const termCache = new Map<string, string | null>();
const TERM_CACHE_MAX = 500_000;

/** The index term for a word, or null for a stop word. */
export function toTerm(word: string): string | null {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const normal = normalizeWord(word);
  const term = normal === '' || stopWords.has(normal) ? null : /^\p{N}+$/u.test(normal) ? normal : stemmer(normal);
  if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
  termCache.set(word, term);
  return term;
}

/** The index terms of a text, in order, stop words left out. */
export function terms(text: string): string[] {
  return words(text).flatMap(({ word }) => toTerm(word) ?? []);
}

/**
 * The spelling-variant groups from data/variants.txt, each form as its normalized words
 * (stop words kept, so that "no limits" stays a phrase).
 */
export const variantGroups: string[][][] = readVariantGroups().map((group) =>
  group.map((form) => words(form).map(({ word }) => normalizeWord(word))),
);
