/**
 * Whether the clause around a date narrates the past or looks ahead: news narrates the past, so
 * "in March" is the March before the article's date unless its clause says otherwise ("will …
 * in March", "is due in March"). The cues are words (data/timeline-tense.json) and past forms
 * (regular -ed, irregular ones from the english-verbs-irregular package).
 */
import { createRequire } from 'node:module';
import { readJson } from '../data.js';

/** 'stative': a present form of "be", which announces a weekday but not a month. */
export type Tense = 'past' | 'present' | 'stative' | 'future';

interface TenseWords {
  future: string[];
  present: string[];
  copulas: string[];
  past: string[];
  notPast: string[];
  notVerbs: string[];
  adjectiveLeads: string[];
  clauseWords: string[];
}

const words = readJson<TenseWords>('timeline-tense.json');
const FUTURE = new Set(words.future.filter((cue) => !cue.includes(' ')));
/** Cues of several words, by their last word: "forward to" is read at "to". */
const FUTURE_PHRASES = new Map<string, string[][]>();
for (const cue of words.future.filter((entry) => entry.includes(' '))) {
  const parts = cue.split(' ');
  const list = FUTURE_PHRASES.get(parts.at(-1)!) ?? [];
  list.push(parts);
  FUTURE_PHRASES.set(parts.at(-1)!, list);
}
const ADJECTIVE_LEADS = new Set(words.adjectiveLeads);
const DETERMINERS = new Set(['a', 'an', 'the', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'each', 'every', 'no']);
const PRESENT = new Set(words.present);
const COPULAS = new Set(words.copulas);
const NOT_PAST = new Set(words.notPast);
const CLAUSE_WORDS = new Set(words.clauseWords);
const NOT_VERBS = new Set(words.notVerbs);

/** Past forms and participles of irregular verbs that are not also a base form ("set", "read"). */
const IRREGULAR_PAST: Set<string> = (() => {
  const verbs = createRequire(import.meta.url)('english-verbs-irregular/dist/verbs.json') as Record<string, Array<[string, string]>>;
  const bases = new Set(Object.keys(verbs));
  const forms = new Set<string>(words.past);
  for (const list of Object.values(verbs)) for (const pair of list) for (const form of pair) if (!bases.has(form)) forms.add(form);
  return forms;
})();

// How far back an auxiliary still belongs to the verb form a cue was found on ("will have
// finished", "is due to be published").
const AUXILIARY_REACH = 3;
// Words that bound a span at a date, and how far back the infinitive they bound may stand.
const BOUNDS = new Set(['through', 'until', 'till', 'by']);
const INFINITIVE_REACH = 6;

interface Token {
  start: number;
  end: number;
  /** Lower case; a clause boundary is a punctuation token. */
  word: string;
  boundary: boolean;
  /** Capitalised inside the sentence: "Fed", "May", "Will" are names there, not verbs. */
  name: boolean;
}

const TOKEN = /[\p{L}][\p{L}'’-]*|[;:()—–"“”]|,|\s-\s/gu;

function tokensOf(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const match of sentence.matchAll(TOKEN)) {
    const word = match[0].toLowerCase().replace(/-$/, '');
    const punctuation = !/\p{L}/u.test(word);
    // A capital past the first word of the sentence (or of a quotation) marks a name.
    const previous = tokens.at(-1);
    const opening = previous === undefined || /^[:"“(]$/.test(previous.word);
    tokens.push({
      start: match.index,
      end: match.index + match[0].length,
      word,
      boundary: punctuation || CLAUSE_WORDS.has(word),
      name: !opening && /^\p{Lu}/u.test(match[0]),
    });
  }
  return tokens;
}

/** The tense one word signals on its own, if any. */
function cueOf(tokens: Token[], index: number): Tense | null {
  const token = tokens[index]!;
  if (token.boundary || token.name) return null;
  const word = token.word;
  // "Putin's visit", "the will of the people", "a lead": after a determiner, a noun (but "the
  // upcoming vote", "a deadline" keep their sense).
  const previous = tokens[index - 1]?.word ?? '';
  if (!NOT_VERBS.has(word) && (DETERMINERS.has(previous) || /\p{L}['’]s$/u.test(previous))) return null;
  if (/^(?:has|have)(?:n['’]t)?$/.test(word)) return perfectOrNot(tokens, index);
  if (FUTURE.has(word) || /['’]ll$/.test(word)) return 'future';
  const phrases = FUTURE_PHRASES.get(word) ?? [];
  if (phrases.some((parts) => parts.every((part, i) => tokens[index - parts.length + 1 + i]?.word === part))) return 'future';
  if (PRESENT.has(word)) return 'present';
  if (COPULAS.has(word)) return 'stative';
  if (IRREGULAR_PAST.has(word)) return 'past';
  if (isRegularPast(word) && !isAdjective(tokens, index)) return 'past';
  return null;
}

/**
 * "has left", "have not yet been": a perfect, which tells the past; "have to pay": an
 * obligation ahead; "have a game Saturday": the present of a plan.
 */
function perfectOrNot(tokens: Token[], index: number): Tense {
  for (let i = index + 1; i < Math.min(tokens.length, index + 4); i += 1) {
    const word = tokens[i]!.word;
    if (word === 'to' && i === index + 1) return 'future';
    if (word === 'been' || IRREGULAR_PAST.has(word) || isRegularPast(word)) return 'past';
    if (!/^(?:not|never|already|also|just|yet|long|recently|\p{L}+ly)$/u.test(word)) break;
  }
  return 'stative';
}

function isRegularPast(word: string): boolean {
  return word.length >= 5 && word.endsWith('ed') && !NOT_PAST.has(word);
}

/** "in advanced courses", "the newly proposed law": after a determiner or a preposition (or another such adjective), an -ed form is an adjective. */
function isAdjective(tokens: Token[], index: number): boolean {
  for (let i = index - 1; i >= 0; i -= 1) {
    const word = tokens[i]!.word;
    if (ADJECTIVE_LEADS.has(word)) return true;
    if (!isRegularPast(word) && !word.endsWith('ly')) return false;
  }
  return false;
}

/** A past or present form counts for more than itself when an auxiliary before it looks ahead. */
function verbGroupTense(tokens: Token[], index: number, cue: Tense): Tense {
  if (cue === 'future') return cue;
  for (let i = index - 1; i >= Math.max(0, index - AUXILIARY_REACH); i -= 1) {
    const token = tokens[i]!;
    if (token.boundary) break;
    const before = cueOf(tokens, i);
    if (before === 'future') return 'future';
    // "are released Monday": a present passive.
    if (before === 'stative' && cue === 'past') return 'present';
    // "Will Harding spoke": a name ends the verb form.
    if (token.name) break;
  }
  return cue;
}

/**
 * The tense of the clause that holds `[start, end)` of the sentence: the nearest cue before it
 * in its clause, else the nearest after it in its clause, else the nearest in the sentence
 * (before, then after). Null when the sentence has none.
 * @example clauseTense('Arafat will meet him Monday, aides said.', 26, 32) // 'future'
 */
export function clauseTense(sentence: string, start: number, end: number): Tense | null {
  return tenseReader(sentence)(start, end);
}

/** `clauseTense` for many spans of one sentence, which is read once. */
export function tenseReader(sentence: string): (start: number, end: number) => Tense | null {
  let tokens: Token[] | null = null;
  return (start, end) => {
    tokens ??= tokensOf(sentence);
    return tenseOfSpan(tokens, start, end);
  };
}

function tenseOfSpan(tokens: Token[], start: number, end: number): Tense | null {
  const first = tokens.findIndex((token) => token.end > start);
  const from = first === -1 ? tokens.length : first;
  let after = tokens.findIndex((token) => token.start >= end);
  if (after === -1) after = tokens.length;
  const scan = (indexes: number[], withinClause: boolean): Tense | null => {
    for (const i of indexes) {
      if (withinClause && tokens[i]!.boundary) return null;
      const cue = cueOf(tokens, i);
      if (cue) return verbGroupTense(tokens, i, cue);
    }
    return null;
  };
  const before = range(from - 1, -1);
  const following = range(after, tokens.length);
  return bounded(tokens, from) ?? scan(before, true) ?? scan(following, true) ?? scan(before, false) ?? scan(following, false);
}

/**
 * "the program is to run through June", "agreed to stay until March", "to finish by May": an
 * infinitive bounded by a date looks ahead to it, whatever tense the sentence reports it in.
 */
function bounded(tokens: Token[], from: number): Tense | null {
  if (!BOUNDS.has(tokens[from - 1]?.word ?? '')) return null;
  for (let i = from - 2; i >= Math.max(0, from - 2 - INFINITIVE_REACH); i -= 1) {
    const token = tokens[i]!;
    if (token.boundary || cueOf(tokens, i) !== null) return null;
    const next = tokens[i + 1]!;
    if (token.word === 'to' && !next.name && !next.boundary && !DETERMINERS.has(next.word)) return 'future';
  }
  return null;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  if (from <= to) for (let i = from; i < to; i += 1) out.push(i);
  else for (let i = from; i > to; i -= 1) out.push(i);
  return out;
}

/**
 * Whether a stretch of text has a verb form the cues know ("met", "will", "is") and whether it
 * opens with one: "and retired in 1990" has no subject of its own, "and again on July 3rd" no verb.
 */
export function clauseShape(text: string): { hasVerb: boolean; opensWithVerb: boolean } {
  const tokens = tokensOf(text);
  const verbs = tokens.map((token, index) => !NOT_VERBS.has(token.word) && cueOf(tokens, index) !== null);
  const first = tokens.findIndex((token) => !token.boundary);
  return { hasVerb: verbs.some(Boolean), opensWithVerb: first !== -1 && verbs[first]! };
}
