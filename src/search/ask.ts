/**
 * /ask: a question in, the passages that answer it out, or an honest "nothing found".
 */
import stemmer from 'wink-porter2-stemmer';
import { wordShingles } from '../corpus/clean.js';
import { splitSentences } from '../corpus/sentences.js';
import { readJson, readList } from '../data.js';
import type { AskHit, Citation, Passage } from '../types.js';
import type { Match, PassageIndex, PassageSet, Within } from './index.js';
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
const ANSWER_EVIDENCE = 0.86;
const EVIDENCE_PER_MATCH = 0.2 * Math.LN2;
/** What the question's neighbouring words standing side by side in a passage add to its evidence, all of them at most. */
const PHRASE_EVIDENCE = 0.2;
/** What the best sentence holding the question's words adds to its evidence, all of them at most. */
const SENTENCE_EVIDENCE = 0.1;
/** The credit a name of the question earns where the passage writes it only as a common word ("operational" for "Operation"). */
const NAME_IN_LOWER_CASE = 0;
/** The credit each word of a name of several words earns where they never stand together. */
const NAME_IN_PIECES = 0.5;
/** Whatever the evidence, a passage must cover this share of the known words' weight. */
const MIN_KNOWN_COVERAGE = 0.25;
/**
 * What a word no article has costs, in rarest known words: one when it is an English word (the
 * question may say in other words what the text says, but a question on another subject is
 * mostly English words the corpus lacks), half of one in a search of a few words ("Kursk
 * offensive": each word is a keyword, and the rest may find the subject), three when it is not
 * an English word (most often a name: the question is about someone or something the corpus
 * never mentions).
 */
const UNKNOWN_WORD_WEIGHT = 1;
const UNKNOWN_WORD_WEIGHT_IN_SEARCH = 0.5;
const UNKNOWN_NAME_WEIGHT = 3;
/**
 * How much closeness lifts a passage's score (a factor e^credit at most for each): the best
 * sentence holding all of the question, that sentence holding the kind of answer asked for,
 * every neighbouring pair of the question's words standing side by side in order, and the
 * question's words written as the passage writes them ("elected" where a passage on "elections"
 * shares only the stem).
 */
const SENTENCE_CREDIT = 2;
const ANSWER_KIND_CREDIT = 0.65;
const ADJACENT_CREDIT = 1.2;
const EXACT_FORM_CREDIT = 1;
/** Passages re-scored for closeness: the best by BM25 and coverage. */
const RESCORED = 200;
/** SCOWL sizes up to this are common English words ("general", "march"): no name. */
const COMMON_ENGLISH = 35;
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

/** The kind of answer a question asks for. */
export type AnswerKind = 'date' | 'number' | 'name' | 'place';

export interface ParsedQuery {
  text: string;
  concepts: Concept[];
  /** What kind of answer it asks for, when its question words say ("when", "how many", "who", "where"). */
  answer?: AnswerKind;
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
  const unknownWordWeight = isQuestion(text, normal) ? UNKNOWN_WORD_WEIGHT : UNKNOWN_WORD_WEIGHT_IN_SEARCH;
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
      concept.weight = rarest * (name ? UNKNOWN_NAME_WEIGHT : unknownWordWeight);
      concept.topical = concept.weight * commonness(size);
    }
  }
  return { text, concepts: concepts.filter((concept) => concept.terms.length > 0), answer: answerKindOf(normal), notice };
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
  /** How closely it holds the question, when that has been read. */
  close?: Closeness;
}

export interface RankOptions {
  /** False scores every passage holding any word and reads each one closely (the same ranking, slower: for comparison). */
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
  const reading = readingOf(query, known);
  const mayAnswer = (held: Concept[]) => mayAnswerHolding(index, query, held, { knownTotal, topicalTotal, rarest, reading });
  // Not even a paragraph holding every word could answer: nothing needs to be scored.
  if (prefilter && !mayAnswer(known)) return [];
  const matches = index.search(terms, prefilter ? unique(required(known, mayAnswer).flatMap((concept) => concept.terms)) : terms, within);
  const paragraphs = new Map<string, Match[]>();
  for (const match of matches) {
    const key = index.paragraphOf(match.passage.id);
    const parts = paragraphs.get(key);
    if (parts === undefined) paragraphs.set(key, [match]);
    else parts.push(match);
  }
  const names = namesOf(query, content);
  const ranked: RankedHit[] = [];
  for (const parts of paragraphs.values()) {
    const shares = content.map((concept) => Math.max(...parts.map((part) => credit(concept, part))));
    let weighed = weigh(content, shares, knownTotal, topicalTotal);
    if (weighed.coverage < MIN_KNOWN_COVERAGE) continue;
    const shown = parts.length === 1 ? parts[0]! : strongestPart(parts, content);
    const strength = EVIDENCE_PER_MATCH * Math.log2(1 + shown.score / rarest);
    // Only a passage that may answer is read closely: the checks below cost more than the rest.
    if (weighed.share + strength + closenessBound(shown, reading) < ANSWER_EVIDENCE) continue;
    if (names.size > 0 && heldAsNames(content, shares, parts, names)) {
      weighed = weigh(content, shares, knownTotal, topicalTotal);
      if (weighed.coverage < MIN_KNOWN_COVERAGE) continue;
    }
    // Closeness is read only where the evidence needs it, or (below) where the ranking does.
    let evidence = weighed.share + strength;
    let close: Closeness | undefined;
    if (evidence < ANSWER_EVIDENCE) {
      const shares = (prefilter ? closenessByTerms(shown, reading) : undefined) ?? (close = closenessOf(shown, reading));
      evidence += PHRASE_EVIDENCE * shares.adjacentShare + SENTENCE_EVIDENCE * shares.sentenceShare;
      if (evidence < ANSWER_EVIDENCE) continue;
    }
    const matchedConcepts = query.concepts.filter((concept) => credit(concept, shown) > 0);
    const { coverage } = weighed;
    ranked.push({ match: shown, coverage, evidence, score: shown.score * coverage * coverage, matchedConcepts, close });
  }
  if (!ordered) return ranked;
  ranked.sort((a, b) => b.score - a.score);
  for (const hit of ranked.slice(0, RESCORED)) hit.score *= closeness(hit.close ?? closenessOf(hit.match, reading));
  ranked.sort((a, b) => b.score - a.score);
  return ranked;
}

/**
 * The passages of a set whose paragraph answers the question (judged by all its parts), in no
 * order: what a /timeline topic needs. A question of one word typed right is answered by every
 * paragraph holding it (it covers the whole question), so those are read off the postings
 * without scoring a passage.
 */
export function answeringPassages(index: PassageIndex, query: ParsedQuery, among: PassageSet): string[] {
  const content = query.concepts.filter((concept) => !concept.framing);
  const only = content.length === 1 ? content[0]! : undefined;
  if (only !== undefined && only.known && !only.corrected && namesOf(query, content).size === 0) return index.membersHolding(only.terms, among);
  const paragraphs = new Set(rank(index, query, { within: among.parts, ordered: false }).map((hit) => index.paragraphOf(hit.match.passage.id)));
  return [...paragraphs].flatMap((paragraph) => index.partsOf(paragraph).filter((id) => among.ids.has(id)));
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

/** The share of the known words' weight and of the question's topical weight that credits earn. */
function weigh(content: Concept[], shares: number[], knownTotal: number, topicalTotal: number): { coverage: number; share: number } {
  let covered = 0;
  let topical = 0;
  content.forEach((concept, i) => {
    covered += shares[i]! * concept.weight;
    topical += shares[i]! * concept.topical;
  });
  return { coverage: covered / knownTotal, share: topical / topicalTotal };
}

/**
 * The question's names: the words it capitalises after its first ("Tidemark" in "When did
 * Operation Tidemark open?"), each with the run of capitalised words it stands in. None when the
 * question capitalises most of its words (a headline, or typed in capitals).
 */
function namesOf(query: ParsedQuery, content: Concept[]): Map<Concept, Concept[]> {
  const typed = words(query.text).slice(1);
  const capitalised = typed.filter(({ word }) => /^\p{Lu}/u.test(word)).length;
  const names = new Map<Concept, Concept[]>();
  if (capitalised * 2 > typed.length) return names;
  const isName = (concept: Concept) => concept.known && concept.position > 0 && concept.words.length === 1 && /^\p{Lu}/u.test(concept.words[0]!);
  for (let i = 0; i < content.length; ) {
    if (!isName(content[i]!)) {
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < content.length && isName(content[j + 1]!) && content[j + 1]!.position === content[j]!.position + 1) j += 1;
    const run = content.slice(i, j + 1);
    for (const concept of run) names.set(concept, run);
    i = j + 1;
  }
  return names;
}

/**
 * Lowers the credit of the question's names a paragraph holds only as common words: a name
 * matches a name, so "Operation Tidemark" is not held by "operational", and a name of several words
 * is held whole only where they stand together ("Harbour Plan" is not "harbour" here and "plan"
 * there). Returns whether any credit changed.
 */
function heldAsNames(content: Concept[], shares: number[], parts: Match[], names: Map<Concept, Concept[]>): boolean {
  let changed = false;
  content.forEach((concept, i) => {
    const run = names.get(concept);
    if (run === undefined || shares[i] === 0) return;
    const written = parts.some((part) => concept.terms.some((term) => part.terms[term]?.includes('context') || layoutOf(part.passage).names.has(term)));
    let share = written ? shares[i]! : shares[i]! * NAME_IN_LOWER_CASE;
    if (run.length > 1 && !parts.some((part) => holdsPhrase(part, run))) share *= NAME_IN_PIECES;
    if (share !== shares[i]) {
      shares[i] = share;
      changed = true;
    }
  });
  return changed;
}

/** Whether a passage holds the words side by side, in order, or its headline holds them all. */
function holdsPhrase(part: Match, run: Concept[]): boolean {
  if (run.every((concept) => concept.terms.some((term) => part.terms[term]?.includes('context')))) return true;
  const order = layoutOf(part.passage).order;
  for (let i = 0; i + run.length <= order.length; i += 1) if (run.every((concept, k) => concept.terms.includes(order[i + k]!))) return true;
  return false;
}

/**
 * The rarest concepts, enough that a passage holding none of them cannot answer (see
 * mayAnswerHolding): only passages holding one are scored.
 */
function required(known: Concept[], mayAnswer: (held: Concept[]) => boolean): Concept[] {
  const byWeight = [...known].sort((a, b) => b.weight - a.weight);
  const out: Concept[] = [];
  for (const [i, concept] of byWeight.entries()) {
    if (!mayAnswer(byWeight.slice(i))) break;
    out.push(concept);
  }
  return out;
}

/**
 * Whether a paragraph holding no more of the question than these concepts (and its framing
 * words) may answer: the coverage it needs, and the evidence at its best, its BM25 score at the
 * most those terms can make and every pair of them side by side in one sentence. Holding more
 * never lowers either, so a passage that fails here fails the rule. A hair under the
 * thresholds, so that rounding never drops a passage the rule would keep.
 */
function mayAnswerHolding(index: PassageIndex, query: ParsedQuery, held: Concept[], totals: { knownTotal: number; topicalTotal: number; rarest: number; reading: Reading }): boolean {
  const { knownTotal, topicalTotal, rarest, reading } = totals;
  let covered = 0;
  let topical = 0;
  let sentence = 0;
  for (const concept of held) {
    // The most `credit` gives the concept in any passage.
    const most = concept.corrected ? CORRECTED_CREDIT : 1;
    covered += most * concept.weight;
    topical += most * concept.topical;
    sentence += concept.topical;
  }
  if (covered < MIN_KNOWN_COVERAGE * knownTotal * (1 - 1e-9)) return false;
  const sequence = query.concepts.filter((concept) => concept.known);
  const holds = sequence.map((concept) => concept.framing || held.includes(concept));
  const terms = unique(sequence.filter((_, k) => holds[k]).flatMap((concept) => concept.terms));
  const best = terms.reduce((sum, term) => sum + index.bestScore(term), 0) * terms.length;
  let pairs = 0;
  for (let k = 0; k < reading.pairs; k += 1) if (holds[k] && holds[k + 1]) pairs += 1;
  const closeness = PHRASE_EVIDENCE * (reading.pairs === 0 ? 0 : pairs / reading.pairs) + SENTENCE_EVIDENCE * Math.min(1, sentence / reading.topicalTotal || 0);
  return topical / topicalTotal + EVIDENCE_PER_MATCH * Math.log2(1 + best / rarest) + closeness >= ANSWER_EVIDENCE * (1 - 1e-9);
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

/** Bits of what a word of a passage can answer: a date, a number, a name or place. */
const DATE = 1;
const NUMBER = 2;
const NAME = 4;
const answerTypes = readJson<{
  questions: Record<AnswerKind, string[]>;
  dateWords: string[];
  numberWords: string[];
  asking: { anywhere: string[]; first: string[] };
}>('answer-types.json');
const askingAnywhere = new Set(answerTypes.asking.anywhere);
const askingFirst = new Set(answerTypes.asking.first);

/** Whether a line asks a question ("who met her?", "is there any evidence") rather than searches a few words. */
export function isQuestion(text: string, normal: string[]): boolean {
  return text.includes('?') || askingFirst.has(normal[0] ?? '') || normal.some((word) => askingAnywhere.has(word));
}
const askedFor = (Object.entries(answerTypes.questions) as Array<[AnswerKind, string[]]>).map(([kind, phrases]) => ({
  kind,
  phrases: phrases.map((phrase) => words(phrase).map(({ word }) => normalizeWord(word))),
}));
const dateWords = new Set(answerTypes.dateWords);
const numberWords = new Set(answerTypes.numberWords);
const KIND_BITS: Record<AnswerKind, number> = { date: DATE, number: NUMBER, name: NAME, place: NAME };

/**
 * The kind of answer a question asks for, by the first of its question words: "in what year",
 * "how many", "who" ("Who hired her when she moved?" asks for a name).
 */
function answerKindOf(normal: string[]): AnswerKind | undefined {
  let found: { kind: AnswerKind; at: number } | undefined;
  for (const { kind, phrases } of askedFor) {
    for (const phrase of phrases) {
      const at = findPhrase(normal, phrase);
      if (at !== -1 && (found === undefined || at < found.at)) found = { kind, at };
    }
  }
  return found?.kind;
}

/** A passage's words as the closeness score reads them: term, sentence and what each can answer. */
interface Layout {
  terms: Array<string | null>;
  sentences: Uint16Array;
  kinds: Uint8Array;
  /** The terms in order, stop words left out. */
  order: string[];
  /** The terms the passage writes capitalised somewhere. */
  names: Set<string>;
  /** The words as written (normalised, not stemmed). */
  forms: Set<string>;
}

// Cutting sentences and reading words costs more than scoring them, and the same passages
// answer many questions: each passage is laid out once, up to a bound.
const layouts = new Map<Passage, Layout>();
const LAYOUTS_MAX = 20_000;

function layoutOf(passage: Passage): Layout {
  const cached = layouts.get(passage);
  if (cached !== undefined) return cached;
  const found = words(passage.text);
  const facts = found.map(({ word }) => factsOf(word));
  const terms = facts.map(({ term }) => term);
  const names = new Set<string>();
  for (const { term, capitalised } of facts) if (term !== null && capitalised) names.add(term);
  const order = terms.filter((term): term is string => term !== null);
  const layout: Layout = { terms, sentences: new Uint16Array(found.length), kinds: new Uint8Array(found.length), order, names, forms: new Set(facts.map(({ normal }) => normal)) };
  let sentence = 0;
  const sentences = splitSentences(passage.text);
  found.forEach(({ start }, i) => {
    while (sentence + 1 < sentences.length && start >= sentences[sentence + 1]!.start) sentence += 1;
    layout.sentences[i] = sentence;
    const first = i === 0 || layout.sentences[i - 1] !== sentence;
    // A capitalised word inside a sentence that is no common English word: "Varnholt", "Ohio".
    layout.kinds[i] = facts[i]!.kinds | (first ? 0 : facts[i]!.name);
  });
  if (layouts.size >= LAYOUTS_MAX) layouts.clear();
  layouts.set(passage, layout);
  return layout;
}

/** What a word as written says, whatever passage it stands in. */
interface WordFacts {
  term: string | null;
  normal: string;
  capitalised: boolean;
  /** DATE and NUMBER as it can be one. */
  kinds: number;
  /** NAME when, inside a sentence, it is a name. */
  name: number;
}

// Most words of a corpus are the same few thousand: each is stemmed and looked up once, up to a bound.
const wordFacts = new Map<string, WordFacts>();
const WORD_FACTS_MAX = 200_000;

function factsOf(word: string): WordFacts {
  const cached = wordFacts.get(word);
  if (cached !== undefined) return cached;
  const normal = normalizeWord(word);
  const capitalised = /^\p{Lu}/u.test(word);
  let kinds = 0;
  if (/^(?:1\d{3}|20\d{2}|\d{2,4}s)$/u.test(normal) || dateWords.has(normal)) kinds |= DATE;
  if (/\p{N}/u.test(normal) || numberWords.has(normal)) kinds |= NUMBER;
  const name = capitalised && (englishSize(normal) ?? Infinity) > COMMON_ENGLISH ? NAME : 0;
  const facts: WordFacts = { term: toTerm(word), normal, capitalised, kinds, name };
  if (wordFacts.size >= WORD_FACTS_MAX) wordFacts.clear();
  wordFacts.set(word, facts);
  return facts;
}

interface Closeness {
  /** The share of the question's topical weight that the passage's best sentence holds. */
  sentenceShare: number;
  /** 1 when that sentence also holds the kind of answer asked for (a date, a number, a name not in the question). */
  answered: number;
  /** The share of the question's neighbouring words that stand side by side, in order. */
  adjacentShare: number;
  /** The share of the question's topical weight that the passage holds in the very form the question writes it. */
  exactShare: number;
}

/** How closely a passage holds the question, as a factor on its score. */
function closeness({ sentenceShare, answered, adjacentShare, exactShare }: Closeness): number {
  return Math.exp(SENTENCE_CREDIT * sentenceShare + ANSWER_KIND_CREDIT * answered + ADJACENT_CREDIT * adjacentShare + EXACT_FORM_CREDIT * exactShare);
}

/** What closeness reads of a question, worked out once for every passage it is scored on. */
interface Reading {
  /** For each term, the known concepts it stands for, by their place in `topical`. */
  concepts: Map<string, number[]>;
  topical: number[];
  topicalTotal: number;
  /** The known concepts' terms, and those of the question's known concepts in order (framing ones too). */
  known: string[][];
  sequence: string[][];
  /** The concepts' words as typed, normalised. */
  forms: string[][];
  /** For each term, where it stands among the question's known concepts, for its neighbouring pairs. */
  places: Map<string, number[]>;
  pairs: number;
  /** The bit of the kind of answer asked for, 0 when none is. */
  answer: number;
  asked: Set<string>;
}

function readingOf(query: ParsedQuery, known: Concept[]): Reading {
  const concepts = new Map<string, number[]>();
  known.forEach((concept, c) => {
    for (const term of concept.terms) concepts.set(term, [...(concepts.get(term) ?? []), c]);
  });
  const places = new Map<string, number[]>();
  const sequence = query.concepts.filter((concept) => concept.known);
  sequence.forEach((concept, k) => {
    for (const term of concept.terms) places.set(term, [...(places.get(term) ?? []), k]);
  });
  const topical = known.map((concept) => concept.topical);
  return {
    concepts,
    topical,
    topicalTotal: topical.reduce((sum, weight) => sum + weight, 0),
    known: known.map((concept) => concept.terms),
    sequence: sequence.map((concept) => concept.terms),
    forms: known.map((concept) => concept.words.map(normalizeWord)),
    places,
    pairs: Math.max(0, sequence.length - 1),
    answer: query.answer === undefined ? 0 : KIND_BITS[query.answer],
    asked: new Set(query.concepts.flatMap((concept) => concept.terms)),
  };
}

/**
 * The most closeness can add to a passage's evidence: its best sentence holds no more than the
 * passage, and a pair of words stands side by side only where the passage has both.
 */
function closenessBound(match: Match, reading: Reading): number {
  const has = (terms: string[]) => terms.some((term) => Object.hasOwn(match.terms, term));
  let held = 0;
  reading.known.forEach((terms, c) => {
    if (has(terms)) held += reading.topical[c]!;
  });
  let pairs = 0;
  for (let k = 0; k < reading.pairs; k += 1) if (has(reading.sequence[k]!) && has(reading.sequence[k + 1]!)) pairs += 1;
  const sentenceShare = reading.topicalTotal === 0 ? 0 : Math.min(1, held / reading.topicalTotal);
  return PHRASE_EVIDENCE * (reading.pairs === 0 ? 0 : pairs / reading.pairs) + SENTENCE_EVIDENCE * sentenceShare;
}

/**
 * The two shares of closeness the evidence needs, where they follow from which of the question's
 * words a passage holds, with no pass over its words: holding one of them, it has no neighbouring
 * pair, and its best sentence is one holding that word. Undefined when it holds more than one.
 */
function closenessByTerms(match: Match, reading: Reading): Pick<Closeness, 'adjacentShare' | 'sentenceShare'> | undefined {
  let place = -1;
  let concept = -1;
  for (const [term, fields] of Object.entries(match.terms)) {
    for (const k of reading.places.get(term) ?? []) {
      if (place !== -1 && place !== k) return undefined;
      place = k;
    }
    if (!fields.includes('text')) continue;
    for (const c of reading.concepts.get(term) ?? []) {
      if (concept !== -1 && concept !== c) return undefined;
      concept = c;
    }
  }
  const { topical, topicalTotal } = reading;
  return { adjacentShare: 0, sentenceShare: concept === -1 || topicalTotal === 0 ? 0 : topical[concept]! / topicalTotal };
}

/** How closely a passage holds the question: one pass over its words. */
function closenessOf(match: Match, reading: Reading): Closeness {
  const { terms, sentences, kinds, forms } = layoutOf(match.passage);
  const { topical, topicalTotal } = reading;
  const sentenceCount = terms.length === 0 ? 0 : sentences[terms.length - 1]! + 1;
  const held = new Float64Array(sentenceCount);
  const seenIn = new Int32Array(topical.length).fill(-1);
  const paired = new Uint8Array(reading.pairs);
  let adjacent = 0;
  let previous: number[] | undefined;
  for (let i = 0; i < terms.length; i += 1) {
    const term = terms[i];
    if (term === null || term === undefined) continue;
    const sentence = sentences[i]!;
    for (const c of reading.concepts.get(term) ?? []) {
      if (seenIn[c] === sentence) continue;
      seenIn[c] = sentence;
      held[sentence] = held[sentence]! + topical[c]!;
    }
    const places = reading.places.get(term);
    if (places !== undefined && previous !== undefined) {
      for (const k of places) {
        if (k > 0 && paired[k - 1] === 0 && previous.includes(k - 1)) {
          paired[k - 1] = 1;
          adjacent += 1;
        }
      }
    }
    previous = places;
  }
  let best = 0;
  for (let s = 1; s < sentenceCount; s += 1) if (held[s]! > held[best]!) best = s;
  const share = (weight: number) => (topicalTotal === 0 ? 0 : weight / topicalTotal);
  let answered = 0;
  if (reading.answer !== 0) {
    for (let i = 0; i < terms.length && answered === 0; i += 1) {
      const term = terms[i];
      if (sentences[i] === best && (kinds[i]! & reading.answer) !== 0 && (term === null || !reading.asked.has(term!))) answered = 1;
    }
  }
  let exact = 0;
  reading.forms.forEach((typed, c) => {
    if (typed.some((form) => forms.has(form))) exact += topical[c]!;
  });
  return {
    sentenceShare: sentenceCount === 0 ? 0 : share(held[best]!),
    answered,
    adjacentShare: reading.pairs === 0 ? 0 : adjacent / reading.pairs,
    exactShare: share(exact),
  };
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
