/**
 * /ask: a question in, the passages that answer it out, or an honest "nothing found".
 */
import stemmer from 'wink-porter2-stemmer';
import { wordShingles } from '../corpus/clean.js';
import { readList } from '../data.js';
import type { AskHit, Citation } from '../types.js';
import type { Match, PassageIndex, Within } from './index.js';
import { editDistance, englishNeighbours, englishSize, soundAlike } from './spelling.js';
import { normalizeWord, stopWords, toTerm, variantGroups, words } from './terms.js';

/** Longer questions are cut (with a message): no input may make a query slow. */
export const MAX_QUERY_CHARS = 500;
export const MAX_QUERY_WORDS = 24;

/**
 * A passage answers when the evidence for it reaches ANSWER_EVIDENCE: the share of the
 * question it covers (each word weighed by its rarity in this corpus, less when it is a common
 * English word; a word no article has counts against it), plus EVIDENCE_PER_MATCH for each
 * doubling of the strength of the match (its BM25 score in units of the rarest word). So a
 * strong match may leave more of the question out than a weak one, and the rule follows the
 * corpus, not a list of topics: a cooking question is answered by a corpus about cooking.
 */
const ANSWER_EVIDENCE = 0.82;
const EVIDENCE_PER_MATCH = 0.2 * Math.LN2;
/** Whatever the evidence, a passage must cover this share of the known words' weight. */
const MIN_KNOWN_COVERAGE = 0.25;
/**
 * What a word no article has costs, in rarest known words: half of one when it is an English
 * word (the question may say in other words what the text says), three when it is not (most
 * often a name: the question is about someone or something the corpus never mentions).
 */
const UNKNOWN_WORD_WEIGHT = 0.5;
const UNKNOWN_NAME_WEIGHT = 3;
/** How much matching the question's neighbouring words side by side lifts a passage. */
const PROXIMITY_BONUS = 0.5;
/** Passages re-scored for proximity: the best by BM25 and coverage. */
const RESCORED = 200;
/** A typo-corrected word counts for less than one typed right. */
const CORRECTED_CREDIT = 0.8;
const NEAR_DUPLICATE = 0.6;
/** Stems of the words that frame a question (data/question-words.txt). */
const framingStems = new Set(readList('question-words.txt').map((word) => stemmer(word)));

/** One thing the question asks about: a word, or a phrase with its spelling variants. */
export interface Concept {
  /** The words as the user typed them. */
  words: string[];
  /** Index terms any of which answers this concept. */
  terms: string[];
  corrected: boolean;
  /** False when no article has the word, even with a typo corrected. */
  known: boolean;
  /** A word that frames the question ("name", "type", "called"): it counts when a passage has it, and is not needed. */
  framing: boolean;
  /** Its rarity in the corpus (BM25's idf); for an unknown word, what its absence costs. */
  weight: number;
  /** What it weighs as evidence that a passage is on the question's topic: less for a common English word. */
  topical: number;
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
  const concept = (words: string[], terms: string[], position: number): Concept => ({ words, terms, corrected: false, known: true, framing: false, weight: 0, topical: 0, position });
  // Spelling variants first: "Kiev" also asks for "Kyiv", "no limits" for "no borders".
  for (const group of variantGroups) {
    for (const form of group) {
      const at = findPhrase(normal, form);
      if (at === -1 || taken.slice(at, at + form.length).some(Boolean)) continue;
      for (let i = at; i < at + form.length; i += 1) taken[i] = true;
      const alternatives = group.flatMap((other) => other.flatMap((word) => toTerm(word) ?? []));
      concepts.push(concept(typed.slice(at, at + form.length).map(({ word }) => word), unique(alternatives), at));
    }
  }
  typed.forEach(({ word }, i) => {
    const term = taken[i] ? null : toTerm(word);
    if (term === null) return;
    const same = concepts.find((other) => other.terms.length === 1 && other.terms[0] === term);
    if (same) same.words.push(word);
    else concepts.push({ ...concept([word], [term], i), framing: framingStems.has(term) });
  });
  concepts.sort((a, b) => a.position - b.position);

  const rarest = index.weightOf(1);
  for (const concept of concepts) {
    const typed = normalizeWord(concept.words[0]!);
    const size = concept.words.length === 1 ? englishSize(typed) : undefined;
    if (!concept.terms.some((term) => index.frequency(term) > 0)) {
      const corrections = size === undefined ? correctionsOf(index, concept.terms[0]!, typed) : [];
      if (isStopWordTypo(typed) && size === undefined) {
        concept.terms = [];
      } else if (corrections.length > 0) {
        concept.terms = corrections;
        concept.corrected = true;
      } else {
        concept.known = false;
      }
    }
    if (concept.known) {
      concept.weight = Math.max(...concept.terms.map((term) => index.weight(term)));
      concept.topical = concept.weight * commonness(size);
    } else {
      // Numbers, ordinals and one- or two-letter fragments are not names.
      const name = size === undefined && /^\p{L}{3,}$/u.test(typed);
      concept.weight = rarest * (name ? UNKNOWN_NAME_WEIGHT : UNKNOWN_WORD_WEIGHT);
      concept.topical = concept.weight * commonness(size);
    }
  }
  return { text, concepts: concepts.filter((concept) => concept.terms.length > 0), notice };
}

/**
 * How much an English word says about a topic, by how common it is in English (SCOWL's size:
 * 10 the commonest, 60 rare): "people" or "animals" match passages on any subject.
 */
function commonness(size: number | undefined): number {
  return size === undefined ? 1 : Math.min(1, 0.3 + size / 70);
}

/** "whic", "betwen", "thier": a longer word one edit from a stop word is that stop word mistyped. */
function isStopWordTypo(typed: string): boolean {
  if (typed.length < 4) return false;
  for (const stop of stopWords) if (Math.abs(stop.length - typed.length) <= 1 && editDistance(stop, typed) <= 1) return true;
  return false;
}

/**
 * The likely corrections of a word that is neither in the corpus nor an English word: known
 * terms one edit away, or two in a long word or one that sounds the same, and the terms of the
 * English words one edit from it; the closest first, then the most frequent in the corpus.
 */
function correctionsOf(index: PassageIndex, term: string, typed: string): string[] {
  if (typed.length < 5 || /\p{N}/u.test(typed)) return [];
  // Edits between stems, less one and a half when it sounds the same (people misspell by sound,
  // and rarely the first letter), less a quarter when an English word one edit from the typed
  // word has that stem.
  const found = new Map<string, number>();
  for (const { known } of index.corrections(term, 2)) {
    const edits = editDistance(term, known);
    const sounds = soundAlike(term, known);
    if (edits === 1 || (edits === 2 && known[0] === term[0] && (term.length >= 8 || sounds))) found.set(known, edits - (sounds ? 1.5 : 0));
  }
  for (const word of englishNeighbours(typed)) {
    const known = toTerm(word);
    if (known !== null && index.frequency(known) > 0) found.set(known, Math.min(found.get(known) ?? 1, editDistance(term, known)) - 0.25);
  }
  const ranked = [...found].sort((a, b) => a[1] - b[1] || index.frequency(b[0]) - index.frequency(a[0]));
  return ranked.filter(([, edits]) => edits === ranked[0]![1]).slice(0, 3).map(([known]) => known);
}

export interface RankedHit {
  match: Match;
  /** The share of the known words' weight its paragraph matched. */
  coverage: number;
  /** The graded evidence that it answers (at least ANSWER_EVIDENCE). */
  evidence: number;
  score: number;
  matchedConcepts: Concept[];
}

export interface RankOptions {
  /** False scores every passage holding any word (the same ranking, slower: for comparison). */
  prefilter?: boolean;
  /** Only the passages it accepts are looked at. */
  within?: Within;
  /** False leaves the answering passages unsorted and not re-scored, for when only which ones matters. */
  ordered?: boolean;
}

/**
 * Every passage that answers the question, best first. The parts of a cut paragraph are judged
 * together (what the question asks may be split between them) and the part that holds most is
 * the one shown.
 */
export function rank(index: PassageIndex, query: ParsedQuery, { prefilter = true, within, ordered = true }: RankOptions = {}): RankedHit[] {
  const content = query.concepts.filter((concept) => !concept.framing);
  const known = content.filter((concept) => concept.known);
  const knownTotal = known.reduce((sum, concept) => sum + concept.weight, 0);
  const topicalTotal = content.reduce((sum, concept) => sum + concept.topical, 0);
  if (knownTotal === 0) return [];
  const rarest = index.weightOf(1);
  const terms = unique(query.concepts.filter((concept) => concept.known).flatMap((concept) => concept.terms));
  const matches = index.search(terms, prefilter ? unique(required(known, knownTotal).flatMap((concept) => concept.terms)) : terms, within);
  const paragraphs = new Map<string, Match[]>();
  for (const match of matches) {
    const key = index.paragraphOf(match.passage.id);
    const parts = paragraphs.get(key);
    if (parts === undefined) paragraphs.set(key, [match]);
    else parts.push(match);
  }
  const ranked: RankedHit[] = [];
  for (const parts of paragraphs.values()) {
    let covered = 0;
    let topical = 0;
    for (const concept of content) {
      let share = 0;
      for (const part of parts) share = Math.max(share, credit(concept, part));
      covered += share * concept.weight;
      topical += share * concept.topical;
    }
    const coverage = covered / knownTotal;
    if (coverage < MIN_KNOWN_COVERAGE) continue;
    const shown = parts.length === 1 ? parts[0]! : strongestPart(parts, content);
    const evidence = topical / topicalTotal + EVIDENCE_PER_MATCH * Math.log2(1 + shown.score / rarest);
    if (evidence < ANSWER_EVIDENCE) continue;
    const matchedConcepts = query.concepts.filter((concept) => credit(concept, shown) > 0);
    ranked.push({ match: shown, coverage, evidence, score: shown.score * coverage * coverage, matchedConcepts });
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

/** The part of a cut paragraph that holds most of the question: its BM25 score times its own coverage squared. */
function strongestPart(parts: Match[], content: Concept[]): Match {
  let best = parts[0]!;
  let bestScore = -1;
  for (const part of parts) {
    let own = 0;
    for (const concept of content) own += credit(concept, part) * concept.weight;
    if (part.score * own * own > bestScore) {
      best = part;
      bestScore = part.score * own * own;
    }
  }
  return best;
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

/**
 * The share of one concept's weight a passage earns: all of it when its text or its headline
 * has the word (a passage of an article headed "Harvard University" is about Harvard), less
 * when the word was a typo corrected.
 */
function credit(concept: Concept, match: Match): number {
  if (!concept.terms.some((term) => Object.hasOwn(match.terms, term))) return 0;
  return concept.corrected ? CORRECTED_CREDIT : 1;
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
