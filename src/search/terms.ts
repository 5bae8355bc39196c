/**
 * Words and terms: how passages and questions are cut into words, and how a word becomes the
 * term the index holds (lower case, no accents, no possessive or contraction, stemmed unless an
 * acronym; stop words dropped).
 */
import stemmer from 'wink-porter2-stemmer';
import { readList, readVariantGroups } from '../data.js';

export interface Word {
  word: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’‘][\p{L}]+)*/gu;
export const stopWords: ReadonlySet<string> = new Set(readList('stopwords.txt'));
/** "don't", "wasn't": every negated contraction is an auxiliary or a modal, a stop word. */
const NEGATED = /n['’‘]t$/u;
/** "they're", "we've", "it'll", "who'd", "I'm": the pronoun or noun before it is what counts. */
const CONTRACTED = /['’‘](?:re|ve|ll|d|m|s)$/u;
/** "FIS", "NATO", "AIDS": short all-capital words are acronyms, not stemmed ("AIDS" is not "aid"). */
const ACRONYM = /^(?=\p{N}*\p{Lu}\p{N}*\p{Lu})[\p{Lu}\p{N}]{2,5}$/u;

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
  const term = termOf(word);
  if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
  termCache.set(word, term);
  return term;
}

function termOf(word: string): string | null {
  if (NEGATED.test(word)) return null;
  const normal = normalizeWord(word.replace(CONTRACTED, ''));
  if (normal === '' || stopWords.has(normal)) return null;
  if (/^\p{N}+$/u.test(normal) || ACRONYM.test(word)) return normal;
  // "25th", "1990s": the number, as the text may write it without the ending.
  if (/^\p{N}+(?:st|nd|rd|th|s)$/u.test(normal)) return normal.replace(/\p{L}+$/u, '');
  return stemmer(normal);
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
