/**
 * /ask: a question in, the passages that answer it out, or an honest "nothing found".
 */
import { wordShingles } from '../corpus/clean.js';
import type { AskHit, Citation } from '../types.js';
import type { Match, PassageIndex } from './index.js';
import { normalizeWord, toTerm, variantGroups, words } from './terms.js';

/** Longer questions are cut (with a message): no input may make a query slow. */
export const MAX_QUERY_CHARS = 500;
export const MAX_QUERY_WORDS = 24;

/**
 * The share of the question's weight a passage must match to count as an answer: of the words
 * the corpus knows, and of all words (a word no article has weighs as the rarest known word).
 * Weights are the terms' rarity in this corpus, so the rule follows the corpus, not a list of
 * topics: a cooking question is answered by a corpus about cooking.
 */
const MIN_KNOWN_COVERAGE = 0.5;
const MIN_COVERAGE = 0.4;
/** How much matching the question's neighbouring words side by side lifts a passage. */
const PROXIMITY_BONUS = 0.5;
/** Passages re-scored for proximity: the best by BM25 and coverage. */
const RESCORED = 200;
/** A typo-corrected word counts for less than one typed right. */
const CORRECTED_CREDIT = 0.8;
/** A word found only in the headline or section heading counts for half. */
const CONTEXT_CREDIT = 0.5;
const NEAR_DUPLICATE = 0.6;

/** One thing the question asks about: a word, or a phrase with its spelling variants. */
export interface Concept {
  /** The words as the user typed them. */
  words: string[];
  /** Index terms any of which answers this concept. */
  terms: string[];
  corrected: boolean;
  /** False when no article has the word, even with a typo corrected. */
  known: boolean;
  weight: number;
  /** Where the concept starts in the question, in words. */
  position: number;
}

export interface ParsedQuery {
  text: string;
  concepts: Concept[];
  /** Set when the question was cut or had nothing to search for. */
  notice?: string;
}

/** Cuts a question into concepts: stop words dropped, variants joined, typos corrected. */
export function parseQuery(index: PassageIndex, raw: string): ParsedQuery {
  let text = raw.replace(/\s+/g, ' ').trim();
  let notice: string | undefined;
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS).replace(/\s\S*$/, '');
    notice = `Only the first ${MAX_QUERY_CHARS} characters of the question were searched.`;
  }
  let typed = words(text);
  if (typed.length > MAX_QUERY_WORDS) {
    typed = typed.slice(0, MAX_QUERY_WORDS);
    text = text.slice(0, typed.at(-1)!.end);
    notice = `Only the first ${MAX_QUERY_WORDS} words of the question were searched.`;
  }

  const normal = typed.map(({ word }) => normalizeWord(word));
  const taken = new Array<boolean>(typed.length).fill(false);
  const concepts: Concept[] = [];
  // Spelling variants first: "Kiev" also asks for "Kyiv", "no limits" for "no borders".
  for (const group of variantGroups) {
    for (const form of group) {
      const at = findPhrase(normal, form);
      if (at === -1 || taken.slice(at, at + form.length).some(Boolean)) continue;
      for (let i = at; i < at + form.length; i += 1) taken[i] = true;
      const alternatives = group.flatMap((other) => other.flatMap((word) => toTerm(word) ?? []));
      concepts.push({ words: typed.slice(at, at + form.length).map(({ word }) => word), terms: unique(alternatives), corrected: false, known: true, weight: 0, position: at });
    }
  }
  typed.forEach(({ word }, i) => {
    const term = taken[i] ? null : toTerm(word);
    if (term === null) return;
    const same = concepts.find((concept) => concept.terms.length === 1 && concept.terms[0] === term);
    if (same) same.words.push(word);
    else concepts.push({ words: [word], terms: [term], corrected: false, known: true, weight: 0, position: i });
  });
  concepts.sort((a, b) => a.position - b.position);

  for (const concept of concepts) {
    const known = concept.terms.filter((term) => index.frequency(term) > 0);
    if (known.length === 0) {
      const corrections = concept.terms.flatMap((term) => index.corrections(term, typoDistance(term)));
      if (corrections.length > 0) {
        concept.terms = unique(corrections);
        concept.corrected = true;
      } else {
        concept.known = false;
      }
    }
    concept.weight = concept.known ? Math.max(...concept.terms.map((term) => index.weight(term))) : index.weightOf(1);
  }
  return { text, concepts, notice };
}

/** Short words must be typed right; longer ones may have one or two letters wrong. */
function typoDistance(term: string): number {
  if (term.length >= 8) return 2;
  if (term.length >= 5) return 1;
  return 0;
}

export interface RankedHit {
  match: Match;
  coverage: number;
  score: number;
  matchedConcepts: Concept[];
}

export interface RankOptions {
  /** False scores every passage holding any word (the same ranking, slower: for comparison). */
  prefilter?: boolean;
  /** Only the passages it accepts are looked at. */
  within?: (id: string) => boolean;
  /** False leaves the answering passages unsorted and not re-scored, for when only which ones matters. */
  ordered?: boolean;
}

/** Every passage that answers the question, best first. */
export function rank(index: PassageIndex, query: ParsedQuery, { prefilter = true, within, ordered = true }: RankOptions = {}): RankedHit[] {
  const known = query.concepts.filter((concept) => concept.known);
  const knownTotal = known.reduce((sum, concept) => sum + concept.weight, 0);
  const total = query.concepts.reduce((sum, concept) => sum + concept.weight, 0);
  if (knownTotal === 0) return [];
  const terms = unique(known.flatMap((concept) => concept.terms));
  const matches = index.search(terms, prefilter ? unique(required(known, knownTotal).flatMap((concept) => concept.terms)) : terms, within);
  const ranked: RankedHit[] = [];
  // Every passage that holds any word is looked at: plain loops, and the concepts a passage
  // matched are listed only for the passages that answer.
  for (const match of matches) {
    let covered = 0;
    for (const concept of query.concepts) covered += credit(concept, match);
    const coverage = covered / knownTotal;
    if (coverage < MIN_KNOWN_COVERAGE || covered / total < MIN_COVERAGE) continue;
    const matchedConcepts = query.concepts.filter((concept) => credit(concept, match) > 0);
    ranked.push({ match, coverage, score: match.score * coverage * coverage, matchedConcepts });
  }
  if (!ordered) return ranked;
  ranked.sort((a, b) => b.score - a.score);
  const pairs = query.concepts.length - 1;
  if (pairs > 0) {
    for (const hit of ranked.slice(0, RESCORED)) hit.score *= 1 + (PROXIMITY_BONUS * adjacentPairs(hit, query.concepts)) / pairs;
    ranked.sort((a, b) => b.score - a.score);
  }
  return ranked;
}

/**
 * The rarest concepts, enough that the others together weigh less than the coverage a passage
 * needs: a passage holding none of them cannot answer, so only passages holding one are scored.
 */
function required(known: Concept[], knownTotal: number): Concept[] {
  const byWeight = [...known].sort((a, b) => b.weight - a.weight);
  let rest = knownTotal;
  const out: Concept[] = [];
  // A hair under the threshold, so that rounding never drops a passage the rule would keep.
  for (const concept of byWeight) {
    if (rest < MIN_KNOWN_COVERAGE * knownTotal * (1 - 1e-9)) break;
    out.push(concept);
    rest -= concept.weight;
  }
  return out;
}

/** The weight a passage earns for one concept: full in its text, less in its headline or when corrected. */
function credit(concept: Concept, match: Match): number {
  let inContext = false;
  for (const term of concept.terms) {
    const fields = Object.hasOwn(match.terms, term) ? match.terms[term]! : null;
    if (fields === null) continue;
    if (fields.includes('text')) return concept.weight * (concept.corrected ? CORRECTED_CREDIT : 1);
    inContext = true;
  }
  return inContext ? concept.weight * CONTEXT_CREDIT * (concept.corrected ? CORRECTED_CREDIT : 1) : 0;
}

/** How many neighbouring concepts of the question stand within two words of each other in the passage. */
function adjacentPairs(hit: RankedHit, concepts: Concept[]): number {
  const positions = new Map<string, number[]>();
  words(hit.match.passage.text).forEach(({ word }, at) => {
    const term = toTerm(word);
    if (term === null) return;
    const list = positions.get(term);
    if (list === undefined) positions.set(term, [at]);
    else list.push(at);
  });
  const where = (concept: Concept) => concept.terms.flatMap((term) => positions.get(term) ?? []);
  let found = 0;
  for (let i = 0; i + 1 < concepts.length; i += 1) {
    const left = where(concepts[i]!);
    const right = where(concepts[i + 1]!);
    if (left.some((a) => right.some((b) => Math.abs(a - b) <= 2))) found += 1;
  }
  return found;
}

/**
 * Turns ranked passages into hits, folding near-duplicates (the same paragraph in several
 * articles) into the first, until `wanted` hits are made. Returns whether more remain.
 */
export function toHits(index: PassageIndex, ranked: RankedHit[], wanted: number): { hits: AskHit[]; more: boolean } {
  const hits: AskHit[] = [];
  const shingles: Array<Set<string>> = [];
  for (const hit of ranked) {
    const own = wordShingles(hit.match.passage.text);
    const twin = shingles.findIndex((other) => similarity(own, other) >= NEAR_DUPLICATE);
    if (twin !== -1) {
      const first = hits[twin]!;
      const citation = index.citation(hit.match.passage.articleId);
      if (citation.articleId !== first.articleId && !first.alsoIn.some((c) => c.articleId === citation.articleId)) first.alsoIn.push(citation);
      continue;
    }
    if (hits.length === wanted) return { hits, more: true };
    shingles.push(own);
    hits.push(toHit(index.citation(hit.match.passage.articleId), hit));
  }
  return { hits, more: false };
}

function toHit(citation: Citation, hit: RankedHit): AskHit {
  const { passage, terms } = hit.match;
  const highlights: Array<[number, number]> = [];
  for (const { word, start, end } of words(passage.text)) {
    const term = toTerm(word);
    if (term !== null && Object.hasOwn(terms, term)) highlights.push([start, end]);
  }
  return {
    id: passage.id,
    ...citation,
    text: passage.text,
    highlights,
    matched: unique(hit.matchedConcepts.flatMap((concept) => concept.words)),
    score: Math.round(hit.score * 1000) / 1000,
    alsoIn: [],
  };
}

/** The larger share of either text's shingles that the other holds. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const shingle of a) if (b.has(shingle)) shared += 1;
  return shared / Math.min(a.size, b.size);
}

function findPhrase(haystack: string[], phrase: string[]): number {
  if (phrase.length === 0) return -1;
  for (let i = 0; i + phrase.length <= haystack.length; i += 1) {
    if (phrase.every((word, j) => haystack[i + j] === word)) return i;
  }
  return -1;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
