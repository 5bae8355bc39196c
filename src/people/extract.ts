/**
 * Finding the people of one article. A capitalised run of words is read as a person's name by
 * its shape and its context: a title before it, "said", an apposition, a byline block, a given
 * or family name from the name lists, words English never writes in lower case, the shape of a
 * Chinese or Korean name. Negative evidence keeps things that are not people out: places,
 * organisations and newspapers (whole names and the words that end them), calendar words and
 * peoples, a common word that is capitalised only because it opens a sentence, a run glued to
 * other capitalised words. Then come the surname-only and given-name-only references that
 * follow a name, the roles, the quotes and the reported statements.
 *
 * The result is plain JSON so that it can be stored in a snapshot and merged later with the
 * other articles' (`directory.ts`), which is where evidence from the whole corpus is used.
 */
import { splitSentences } from '../corpus/index.js';
import type { ArticleSource, Citation } from '../types.js';
import { isCommonWord, lexicon, nameKey, usualKey } from './lexicon.js';

export interface ArticlePeople {
  articleId: string;
  citation: Citation;
  people: FoundPerson[];
  /** Names without enough evidence in this article: they count only where the corpus knows the person. */
  loose: LooseName[];
  /** The lines that are not passages (headings, table rows, line-ups) where a name stands, by mention id. */
  lines: Array<{ id: string; text: string }>;
}

export interface FoundPerson {
  /** The fullest name the article gives, as written. */
  name: string;
  /** The name's key, spelling variants mapped to the usual spelling. */
  key: string;
  /** The family name's key: the first word of a Chinese or Korean name, the last word otherwise. */
  surname: string;
  /** Every way the article writes the name, titles included ("President Xi"). */
  forms: string[];
  roles: string[];
  /** What the article puts in quotation marks and gives to the person. */
  quotes: string[];
  /** Reported speech: the sentences that say what the person said, in the article's words. */
  statements: string[];
  /** The passages (and lines) that name the person, in order. */
  passages: string[];
}

export interface LooseName {
  name: string;
  key: string;
  passages: string[];
  quotes: string[];
  statements: string[];
}

interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, possessive off. */
  lower: string;
  possessive: boolean;
  word: WordInfo;
}

/** What the lists say of a word, worked out once a spelling: articles repeat their words. */
interface WordInfo {
  /** Lower case, accents off. */
  plain: string;
  kind: Kind;
  common: boolean;
  given: boolean;
  /** A given name even where it is also a common word ("Tony", "Bill"). */
  surelyGiven: boolean;
  surname: boolean;
  proper: boolean;
}

type Kind = 'name' | 'initial' | 'title' | 'honorific' | 'organisation' | 'place' | 'other';

/**
 * How sure the words alone make a name a person's, before the sentence's verb is read: 'strong'
 * and 'shape' (a run of words English only writes capitalised) and 'weak' (one known name word
 * standing alone) make a person; 'loose' counts where the corpus knows the person; 'local' only
 * where this article names the person in full (a capital that may be the sentence's, a word
 * glued to other capitalised words).
 */
type Evidence = 'strong' | 'shape' | 'weak' | 'loose' | 'local' | 'none';

interface Hit {
  unit: number;
  sentence: number;
  start: number;
  end: number;
  /** Where the title before the name starts ("Chinese Defense Minister ..."), else `start`. */
  roleStart: number;
  name: string;
  key: string;
  words: number;
  surname: string;
  /** The given name's key, when the name puts it first and has a family name after it. */
  given: string | null;
  evidence: Evidence;
  /** A title, an apposition, a byline or a verb of speech says this is a person. */
  cue: boolean;
  /** Whether a verb of speech after it makes it a person: not a common word ("Police said"). */
  speaker: boolean;
  titled: boolean;
  role: string | null;
  titleForm: string | null;
  /** On a line of a results table or a line-up (a line that is no passage, with figures), where a run of names is a person's. */
  tabular: boolean;
}

interface Unit {
  /** The passage id, or the line's mention id for a line that is no passage (`<article>#l<n>`). */
  id: string;
  passage: boolean;
  text: string;
  sentences: Array<{ text: string; start: number }>;
}

interface Attribution {
  unit: number;
  sentence: number;
  /** Index into the hits, or 'pronoun' for "he said" / "she believes". */
  speaker: number | 'pronoun';
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’‘.-]*/gu;
const SPACE_ONLY = /^[ \t\u00a0]+$/;
const PRONOUN = /\b(?:he|she)$/i;
const QUOTE = /“([^”]+)”|"([^"\n]+)"/g;
const MIN_QUOTE_WORDS = 4;
/** A run longer than this is a name only when every word is one English does not write in lower case. */
const MAX_NAME_WORDS = 4;
const MAX_LONG_NAME_WORDS = 6;
/** The words allowed between a speaker and the verb: "X also said", "X has said", "X on Tuesday said". */
const SPEAKER_GAP = /^(?:\s+(?:also|has|have|had|previously|recently|later|then|further|once|earlier|again|\p{Ll}+ly|on\s+(?:\p{Lu}\p{Ll}+)(?:\s+\d+)?))*\s+$/u;
const APPOSITION_GAP = /^,\s+[^,“”"]+,?\s+(?:also\s+)?$/u;
/** Where an apposition ends: a comma before a lower-case word (", believes"), a quote, a verb of speech. */
const APPOSITION_STOPS = [/,\s+(?=\p{Ll})/u, /;/, /[“”"(]/, /\s[—–]\s/, /[.!?]\s*$/, new RegExp(`\\s(?:${lexicon.speechVerbs.join('|')})\\b`, 'u')];
const verbPattern = new RegExp(`\\b(?:${lexicon.speechVerbs.map((verb) => verb.replace(/\s+/g, '\\s+')).join('|')})\\b`, 'gu');
/** What may stand between a sentence's start and its first word: quotes, brackets, dashes, list marks. */
const OPENING = /^[\s"“‘'([{—–:;•*-]*$/u;
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'our', 'his', 'her']);
/** After a name: where it names the place the person works ("... from the University of Technology Sydney"). */
const AFFILIATION = /^\s+(?:from|of|at)\s+((?:the\s+)?\p{Lu}[\p{L}\p{M}'’.&-]*(?:\s+(?:of|for|and|the|de|\p{Lu}[\p{L}\p{M}'’.&-]*))*)/u;
/** A syllable of a Korean or Chinese given name in its usual romanisations ("Jeong", "Woon", "Siang"). */
const SYLLABLE = /^(?:[bcdfghjklmnprstwyz]{1,2}h?)?[aeiouyw]{1,3}(?:ng|n|m|k|p|t|l|h|r|w)?$/;

/**
 * The people one article names, with their roles, quotes, statements and mentions.
 * @example extractPeople(source).people[0] // { name: 'Xia Ming', roles: ['professor of ...'], ... }
 */
export function extractPeople(source: ArticleSource): ArticlePeople {
  const units = toUnits(source);
  const hits: Hit[] = [];
  const attributions: Attribution[] = [];
  units.forEach((unit, unitIndex) =>
    unit.sentences.forEach((sentence, sentenceIndex) => {
      const found = findNames(sentence.text, unitIndex, sentenceIndex);
      attributions.push(...findAttributions(sentence.text, found, hits.length, unitIndex, sentenceIndex));
      const tabular = !unit.passage && /\d/.test(unit.text);
      for (const hit of found) hits.push({ ...hit, tabular, start: hit.start + sentence.start, end: hit.end + sentence.start, roleStart: hit.roleStart + sentence.start });
    }),
  );
  markBylines(units, hits);
  for (const { speaker } of attributions) if (speaker !== 'pronoun' && hits[speaker]!.speaker) hits[speaker]!.cue = true;

  const resolved = resolveHits(hits);
  const people = resolved.people;
  const loose = new Map<string, LooseName>();
  const owner = (index: number): { passages: string[]; quotes: string[]; statements: string[]; roles?: string[]; forms?: string[] } | null => {
    const target = resolved.owners[index];
    if (target === undefined) return null;
    if (typeof target === 'number') return people[target]!;
    const hit = hits[index]!;
    const entry = loose.get(hit.key) ?? { name: hit.name, key: hit.key, passages: [], quotes: [], statements: [] };
    loose.set(hit.key, entry);
    return entry;
  };

  const lineIds = new Set<string>();
  hits.forEach((hit, index) => {
    const record = owner(index);
    if (!record) return;
    const unit = units[hit.unit]!;
    if (!record.passages.includes(unit.id)) record.passages.push(unit.id);
    if (!unit.passage) lineIds.add(unit.id);
    if (record.roles && hit.role && !record.roles.some((role) => role.toLowerCase() === hit.role!.toLowerCase())) record.roles.push(hit.role);
    if (record.forms) {
      for (const form of [hit.name, hit.titleForm]) if (form && !record.forms.includes(form)) record.forms.push(form);
    }
  });

  collectQuotes(units, hits, attributions, resolved.owners, (index, text, quoted) => {
    const record = owner(index);
    const list = quoted ? record?.quotes : record?.statements;
    if (list && !list.includes(text)) list.push(text);
  });

  const author = source.article.author;
  if (author && isNameLine(author)) {
    const key = usualKey(nameKey(author));
    const known = people.find((person) => person.key === key);
    if (known) known.roles.push('author');
    else people.push({ name: author, key, surname: key.split(' ').at(-1)!, forms: [author], roles: ['author'], quotes: [], statements: [], passages: [] });
  }

  return {
    articleId: source.article.articleId,
    citation: source.citation,
    people,
    loose: [...loose.values()],
    lines: units.filter((unit) => lineIds.has(unit.id)).map(({ id, text }) => ({ id, text })),
  };
}

/** The article in reading order: its passages, and the lines that are not paragraphs. */
function toUnits({ article, passages }: ArticleSource): Unit[] {
  const byParagraph = new Map<string, number>();
  for (const paragraph of article.paragraphs) if (!byParagraph.has(paragraph.text)) byParagraph.set(paragraph.text, paragraph.number);
  const done = new Set<number>();
  const units: Unit[] = [];
  const addPassages = (number: number) => {
    done.add(number);
    for (const passage of passages) if (passage.paragraph === number) units.push(toUnit(passage.id, true, passage.text));
  };
  article.lines.forEach((line, index) => {
    const number = byParagraph.get(line);
    if (number !== undefined && !done.has(number)) addPassages(number);
    else if (number === undefined) units.push(toUnit(`${article.articleId}#l${index + 1}`, false, line));
  });
  for (const paragraph of article.paragraphs) if (!done.has(paragraph.number)) addPassages(paragraph.number);
  return units;
}

function toUnit(id: string, passage: boolean, text: string): Unit {
  return { id, passage, text, sentences: splitSentences(text).map(({ text: sentence, start }) => ({ text: sentence, start })) };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let word = match[0];
    while (/[.'’‘-]$/.test(word) && !keepsPeriod(word)) word = word.slice(0, -1);
    let possessive = false;
    if (/['’‘]s$/u.test(word)) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/s['’]$/u.test(match[0]) && /^\p{Lu}/u.test(word)) {
      possessive = true;
    }
    if (word === '') continue;
    tokens.push({ text: word, start: match.index, end: match.index + word.length, lower: word.toLowerCase(), possessive, word: infoOf(word) });
  }
  return tokens;
}

function keepsPeriod(word: string): boolean {
  if (!word.endsWith('.')) return false;
  const lower = word.toLowerCase();
  return lexicon.abbreviations.has(lower) || lexicon.honorifics.has(lower) || /^\p{L}\.$/u.test(word) || /\p{L}\.\p{L}/u.test(word);
}

/** Capitalised, or a family name after an elided particle ("d'Alembert", "l'Estrange"). */
const isCapital = (token: Token) => /^\p{Lu}/u.test(token.text) || /^\p{Ll}['’]\p{Lu}/u.test(token.text);
const isAcronym = (token: Token) => token.text.length > 1 && /^[\p{Lu}.]+$/u.test(token.text) && !/^\p{Lu}\.$/u.test(token.text);
const infoCache = new Map<string, WordInfo>();
const INFO_CACHE_MAX = 200_000;

function infoOf(text: string): WordInfo {
  let info = infoCache.get(text);
  if (info === undefined) {
    if (infoCache.size > INFO_CACHE_MAX) infoCache.clear();
    const plain = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
    info = { plain, kind: classify(text, plain), common: isCommonWord(plain), given: lexicon.givenNames.has(plain), surelyGiven: lexicon.surelyGiven.has(plain), surname: lexicon.surnames.has(plain), proper: lexicon.properNames.has(plain) };
    infoCache.set(text, info);
  }
  return info;
}

const plain = (token: Token) => token.word.plain;
const kindOf = (token: Token): Kind => token.word.kind;

function classify(text: string, word: string): Kind {
  if (lexicon.honorifics.has(word)) return 'honorific';
  if (lexicon.titles.has(word)) return 'title';
  if (lexicon.organisationWords.has(word)) return 'organisation';
  if (lexicon.places.has(word)) return 'place';
  if (lexicon.nonNames.has(word) || lexicon.nationalities.has(word) || lexicon.stopWords.has(word)) return 'other';
  if (/['’](?:m|re|ve|ll|d|t)$/u.test(word)) return 'other';
  if (/^(?:\p{Lu}\.)+$/u.test(text)) return 'initial';
  if ((text.length > 1 && /^[\p{Lu}.]+$/u.test(text) && !/^\p{Lu}\.$/u.test(text)) || /\p{N}/u.test(word)) return 'other';
  if (word.includes('-')) {
    const parts = word.split('-').filter(Boolean);
    if (parts.length > 0 && parts.every((part) => lexicon.titles.has(part) || lexicon.roleModifiers.has(part))) return 'title';
    if (parts.some((part) => lexicon.places.has(part) || lexicon.nationalities.has(part) || lexicon.nonNames.has(part))) return 'other';
  }
  return 'name';
}

const common = (token: Token) => token.word.common;
const knownName = (token: Token) => token.word.surname || token.word.given;

function isChineseName(tokens: Token[]): boolean {
  if (tokens.length !== 2) return false;
  const [family, given] = tokens as [Token, Token];
  return lexicon.chineseSurnames.has(plain(family)) && /^\p{Lu}\p{Ll}+$/u.test(given.text) && lexicon.pinyinGivenName.test(plain(given));
}

/** A given name of one or two syllables, or two joined by a hyphen ("Jae-in", "Jeong"). */
function isSyllabic(token: Token): boolean {
  const parts = plain(token).split('-');
  return /^\p{Lu}/u.test(token.text) && parts.length <= 2 && parts.every((part) => part.length <= 6 && SYLLABLE.test(part));
}

/** Whether a whole line is just a name ("William Courtney"): the first line of a byline block. */
function isNameLine(line: string): boolean {
  const tokens = tokenize(line);
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (tokens.map((token) => token.text).join(' ') !== line.trim()) return false;
  return tokens.every((token) => isCapital(token) && kindOf(token) === 'name') || isChineseName(tokens);
}

type FoundName = Hit;

/** The names in one sentence, with the cues that stand next to them. */
function findNames(sentence: string, unit: number, sentenceIndex: number): FoundName[] {
  const tokens = tokenize(sentence);
  const kinds = tokens.map(kindOf);
  // Two-word places ("Hong Kong", "New York") are places, not names.
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    if (lexicon.places.has(`${plain(tokens[i]!)} ${plain(tokens[i + 1]!)}`)) kinds[i] = kinds[i + 1] = 'place';
  }
  const gap = (i: number) => sentence.slice(tokens[i - 1]!.end, tokens[i]!.start);
  const joined = (i: number) => i > 0 && SPACE_ONLY.test(gap(i)) && !tokens[i - 1]!.possessive;
  const atStart = (i: number) => (i === 0 ? OPENING.test(sentence.slice(0, tokens[0]!.start)) : OPENING.test(gap(i)) && /[“"‘'(\[—–:;•*]/u.test(gap(i)));
  const nameAt = (i: number) => i < tokens.length && isCapital(tokens[i]!) && kinds[i] === 'name';
  // A capitalised stop word or ambiguous title inside a sentence, before a name, is a given name ("Will Smith", "batsman Dean Jones").
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!isCapital(token) || !joined(i + 1) || !nameAt(i + 1) || !token.word.given) continue;
    const soft = kinds[i] === 'other' ? lexicon.stopWords.has(plain(token)) && !atStart(i) : kinds[i] === 'title' && lexicon.ambiguousTitles.has(plain(token));
    if (!soft) continue;
    const before = i > 0 && joined(i) ? tokens[i - 1]! : null;
    const titleContext = before !== null && (isCapital(before) || DETERMINERS.has(before.lower) || lexicon.roleModifiers.has(before.lower) || lexicon.organisationWords.has(before.lower));
    const ofAfter = tokens[i + 1]?.lower === 'of';
    if (!titleContext && !ofAfter) kinds[i] = 'name';
  }
  // A capitalised list word after a given name is a family name ("Ola Key", "Kari May").
  for (let i = 1; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (kinds[i] === 'other' && isCapital(token) && token.word.surname && !isAcronym(token) && joined(i) && nameAt(i - 1) && tokens[i - 1]!.word.given && !atStart(i)) kinds[i] = 'name';
  }
  const inName = (i: number) => i < tokens.length && isCapital(tokens[i]!) && (kinds[i] === 'name' || kinds[i] === 'initial');

  const found: FoundName[] = [];
  let i = 0;
  while (i < tokens.length) {
    const familyFirst = familyFirstName(tokens, i, joined);
    if (familyFirst === 0 && !inName(i)) {
      i += 1;
      continue;
    }
    let end = familyFirst > 0 ? i + familyFirst : i + 1;
    if (familyFirst === 0) {
      while (end < tokens.length && joined(end) && !tokens[end - 1]!.possessive) {
        const token = tokens[end]!;
        if (inName(end)) end += 1;
        else if (lexicon.particles.has(token.lower)) {
          let last = end;
          while (last + 1 < tokens.length && lexicon.particles.has(tokens[last + 1]!.lower) && joined(last + 1)) last += 1;
          const after = last + 1;
          if (after < tokens.length && nameAt(after) && joined(after)) end = after + 1;
          else break;
        } else break;
      }
    }
    let from = i;
    // A place before a name of two words or more is no part of it ("... Bergen Nordnes Kari Vik").
    for (let k = end - 3; familyFirst === 0 && k >= from; k -= 1) {
      if (lexicon.placesLarge.has(plain(tokens[k]!)) && !tokens[k]!.word.given) {
        from = k + 1;
        break;
      }
    }
    // A common word capitalised only because it opens the sentence is no part of the name ("Note Hank ...": "Note").
    while (familyFirst === 0 && from < end - 1 && atStart(from) && common(tokens[from]!) && !tokens[from]!.word.given) from += 1;
    const next = end < tokens.length && joined(end) && !tokens[end - 1]!.possessive ? kinds[end] : null;
    const hyphenated = i > 0 && gap(i) === '-';
    // A name followed by an organisation word, a place or a title is part of that name ("Defense Minister").
    const partOfName = next === 'organisation' || next === 'place' || next === 'title' || next === 'honorific';
    if (!partOfName && !hyphenated) {
      const hit = toName(sentence, tokens, kinds, from, end, familyFirst > 0, atStart, joined, unit, sentenceIndex);
      if (hit) found.push(hit);
    }
    i = end;
  }
  return found;
}

/** How many words a family-first name takes from `at` ("Xi Jinping", "Ko Jeong Woon", "Moon Jae-in"), else 0. */
function familyFirstName(tokens: Token[], at: number, joined: (i: number) => boolean): number {
  const family = tokens[at];
  if (!family || !isCapital(family) || !lexicon.familyFirstSurnames.has(plain(family)) || family.possessive) return 0;
  const second = tokens[at + 1];
  if (!second || !joined(at + 1)) return 0;
  const third = tokens[at + 2];
  const thirdJoined = third !== undefined && joined(at + 2) && isCapital(third) && !second.possessive;
  if (thirdJoined && isSyllabic(second) && isSyllabic(third) && kindOf(third) === 'name' && !common(third)) {
    const fourth = tokens[at + 3];
    if (!(fourth && joined(at + 3) && isCapital(fourth) && !third.possessive)) return 3;
  }
  if (thirdJoined && kindOf(third) === 'name') return 0;
  if (isChineseName([family, second])) return 2;
  return lexicon.familyFirstSurnames.has(plain(family)) && plain(second).includes('-') && isSyllabic(second) ? 2 : 0;
}

function toName(
  sentence: string,
  tokens: Token[],
  kinds: Kind[],
  from: number,
  to: number,
  familyFirst: boolean,
  atStart: (i: number) => boolean,
  joined: (i: number) => boolean,
  unit: number,
  sentenceIndex: number,
): FoundName | null {
  const run = tokens.slice(from, to);
  const names = run.filter((token) => kindOf(token) !== 'initial');
  if (names.length === 0) return null;
  const start = run[0]!.start;
  const end = run.at(-1)!.end;
  const name = sentence.slice(start, end);
  const key = usualKey(nameKey(name));
  const first = run[0]!;
  const last = run.at(-1)!;
  // A family name with particles ("von der Leyen") is the family name from the first particle.
  const particle = run.findIndex((token, index) => index > 0 && lexicon.particles.has(token.lower));
  const family = familyFirst ? [first] : particle > 0 ? run.slice(particle) : [last];
  const surname = usualKey(family.map(plain).join(' '));
  const title = titleBefore(sentence, tokens, kinds, from);
  const apposition = appositionAfter(sentence.slice(end));
  const before = from > 0 && joined(from) ? tokens[from - 1]! : null;
  const afterDeterminer = before !== null && DETERMINERS.has(before.lower);
  const titleWord = title && from > 0 ? plain(tokens[from - 1]!) : null;
  const opensWithPlace = run.length > 2 && [2, 3].some((n) => n < run.length && lexicon.placesLarge.has(nameKey(sentence.slice(start, run[n - 1]!.end))));
  const isPlace = opensWithPlace || lexicon.placesLarge.has(key) || lexicon.organisations.has(key) || (titleWord !== null && lexicon.placesLarge.has(`${titleWord} ${key}`));
  const foreignArticle = run.length > 1 && lexicon.articles.has(plain(first));
  const given = !familyFirst && run.length >= 2 && kindOf(first) !== 'initial' ? plain(first) : null;

  let evidence: Evidence;
  if (isPlace || foreignArticle) evidence = 'none';
  else if (run.length >= 2) evidence = multiWordEvidence(run, familyFirst, title !== null || apposition !== null, apposition !== null, afterDeterminer, atStart(from));
  else evidence = oneWordEvidence(first, title, apposition !== null, afterDeterminer, atStart(from), from, tokens, joined);
  if (evidence === 'none') return null;

  const role = title?.role ?? apposition;
  const affiliation = title ? AFFILIATION.exec(sentence.slice(end))?.[1] : undefined;
  return {
    unit,
    sentence: sentenceIndex,
    start,
    end,
    roleStart: title?.start ?? start,
    name,
    key,
    words: run.length,
    surname,
    given: given && names.length >= 2 ? given : null,
    evidence,
    cue: familyFirst || ((title !== null || apposition !== null) && (evidence === 'strong' || evidence === 'shape')),
    speaker: run.length > 1 ? evidence !== 'loose' || first.word.given : knownName(first),
    titled: title !== null,
    role: role && affiliation && /\p{Lu}/u.test(affiliation) && title?.role ? `${role} at ${affiliation.replace(/[\s,.]+$/, '')}` : role,
    titleForm: title?.form ? `${title.form} ${name}` : null,
    tabular: false,
  };
}

/** The evidence the words of a run of two or more give. */
function multiWordEvidence(run: Token[], familyFirst: boolean, cued: boolean, appositive: boolean, afterDeterminer: boolean, atStart: boolean): Evidence {
  const first = run[0]!;
  const last = run.at(-1)!;
  if (familyFirst) return 'strong';
  const names = run.filter((token) => kindOf(token) !== 'initial');
  const lastIsName = last.word.surname || last.word.given || last.word.proper || !common(last);
  // A run ending in a common noun names a thing ("Linguistic Autobiography", "Jeff Smith
  // Experience"), unless a cue says it is a person ("said Angela Stent").
  if (!lastIsName) return appositive ? 'strong' : 'loose';
  // A given name that is also a common word ("Summer", "Young") needs a family name English knows after it.
  // A stop word capitalised inside a sentence before a name is a given name ("Will Smith").
  const givenFirst = first.word.given && (!common(first) || first.word.surelyGiven || (!atStart && (last.word.surname || last.word.proper || lexicon.stopWords.has(plain(first)))));
  const initialFirst = kindOf(first) === 'initial';
  const uncommon = names.every((token) => !common(token) && !lexicon.placesLarge.has(plain(token)));
  if (run.length > MAX_NAME_WORDS && (run.length > MAX_LONG_NAME_WORDS || !uncommon)) return 'none';
  if (cued) return 'strong';
  if (afterDeterminer && !givenFirst) return 'loose';
  if (givenFirst || initialFirst) return 'strong';
  if (last.word.surname && !common(last)) return 'strong';
  if (uncommon) return 'shape';
  return 'loose';
}

/** The evidence a single capitalised word gives, with what stands around it. */
function oneWordEvidence(
  token: Token,
  title: { role: string | null; form: string | null } | null,
  apposition: boolean,
  afterDeterminer: boolean,
  atStart: boolean,
  at: number,
  tokens: Token[],
  joined: (i: number) => boolean,
): Evidence {
  if (kindOf(token) === 'initial') return 'none';
  const word = plain(token);
  if (lexicon.placesLarge.has(word)) return 'none';
  if (title) {
    // "General Motors": after a capitalised title, a common word is a name only if English knows it as one ("President Young").
    const capitalTitle = title.form !== null;
    if (!common(token) || !capitalTitle || lexicon.properNames.has(word) || lexicon.surnames.has(word)) return 'strong';
    return 'none';
  }
  if (apposition && !atStart) return 'strong';
  const glued = (at > 0 && joined(at) && isCapital(tokens[at - 1]!) && !atStart) || (at + 1 < tokens.length && joined(at + 1) && isCapital(tokens[at + 1]!));
  // A capital that opens a sentence says nothing of a common word; of any other word, it is its own.
  if (afterDeterminer || glued || common(token) || isAcronym(token)) return 'local';
  return 'loose';
}

/** The title before a name: "Chinese Defense Minister", "Ukrainian Foreign Ministry spokesperson", "Prof.". */
function titleBefore(sentence: string, tokens: Token[], kinds: Kind[], at: number): { start: number; role: string | null; form: string | null } | null {
  const touching = (i: number) => i >= 0 && /^(?:['’]s?)?[ \t\u00a0]+$/.test(sentence.slice(tokens[i]!.end, tokens[i + 1]!.start));
  let i = at - 1;
  let honorific: Token | null = null;
  while (touching(i) && lexicon.honorifics.has(tokens[i]!.lower)) {
    honorific = tokens[i]!;
    i -= 1;
  }
  const cue = touching(i) && kinds[i] === 'title' && !tokens[i]!.possessive ? tokens[i]! : null;
  if (!cue) return honorific ? { start: honorific.start, role: null, form: isCapital(honorific) ? honorific.text : null } : null;
  let first = i;
  while (touching(first - 1)) {
    const token = tokens[first - 1]!;
    const between = first - 2 >= 0 && (token.lower === 'and' || token.lower === 'of' || token.lower === 'for') && isCapital(tokens[first - 2]!) && isCapital(tokens[first]!);
    const inTitle = isCapital(token)
      ? !lexicon.stopWords.has(token.lower) && !lexicon.nonNames.has(token.lower) && kinds[first - 1] !== 'honorific'
      : between || lexicon.titles.has(token.lower) || lexicon.roleModifiers.has(token.lower) || lexicon.organisationWords.has(token.lower);
    if (!inTitle) break;
    first -= 1;
  }
  const role = sentence.slice(tokens[first]!.start, cue.end);
  return { start: tokens[first]!.start, role, form: isCapital(cue) ? (honorific ? `${cue.text} ${honorific.text}` : cue.text) : honorific?.text ?? null };
}

/** The role in ", a professor of political science at ...," after a name, if the phrase names one. */
function appositionAfter(rest: string): string | null {
  const opening = /^,\s+/.exec(rest);
  if (!opening) return null;
  const phrase = rest.slice(opening[0].length);
  const end = Math.min(phrase.length, ...APPOSITION_STOPS.map((stop) => stop.exec(phrase)?.index ?? Infinity));
  const role = phrase.slice(0, end).replace(/^(?:a|an|the)\s+/i, '').replace(/[\s,.]+$/, '');
  const head = role.split(/\s+/).slice(0, 6);
  if (role.length < 2 || role.length > 200 || /^\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(role) && !head.some((word) => lexicon.titles.has(word.toLowerCase()))) return null;
  return head.some((word) => lexicon.titles.has(word.toLowerCase().replace(/[,.]$/, ''))) ? role : null;
}

/** Who speaks in a sentence: "X said", "said X", "X, a professor, pointed out", "he said". */
function findAttributions(sentence: string, names: FoundName[], offset: number, unit: number, sentenceIndex: number): Attribution[] {
  for (const verb of sentence.matchAll(verbPattern)) {
    const before = sentence.slice(0, verb.index);
    const speakerBefore = [...names.keys()].reverse().find((n) => names[n]!.end <= verb.index);
    if (speakerBefore !== undefined) {
      const gap = sentence.slice(names[speakerBefore]!.end, verb.index);
      if (SPEAKER_GAP.test(gap) || APPOSITION_GAP.test(gap)) return [{ unit, sentence: sentenceIndex, speaker: offset + speakerBefore }];
    }
    const pronoun = PRONOUN.exec(before.replace(/\s+(?:also|has|had|then|further)\s*$/i, '').trimEnd());
    if (pronoun) return [{ unit, sentence: sentenceIndex, speaker: 'pronoun' }];
    // "..., said X" and "“...” said X": the verb comes first only after a quote or a comma.
    if (/[,”"]\s*$/.test(before) || before.trim() === '') {
      const after = verb.index + verb[0].length;
      const speakerAfter = names.findIndex((n) => n.roleStart >= after && /^\s*$/.test(sentence.slice(after, n.roleStart)));
      if (speakerAfter !== -1) return [{ unit, sentence: sentenceIndex, speaker: offset + speakerAfter }];
    }
  }
  return [];
}

/** A name alone on a line and a lower-case role on the next: "William Courtney" / "adjunct senior fellow, Rand Corp". */
function markBylines(units: Unit[], hits: Hit[]): void {
  units.forEach((unit, index) => {
    const next = units[index + 1];
    if (unit.passage || !next || !isNameLine(unit.text) || !/^\p{Ll}/u.test(next.text)) return;
    const head = next.text.split(/[\s,]+/).slice(0, 6);
    if (!head.some((word) => lexicon.titles.has(word.toLowerCase()))) return;
    const hit = hits.find((candidate) => candidate.unit === index);
    if (!hit) return;
    hit.cue = true;
    hit.role = next.text.trim();
  });
}

/**
 * Which person each name belongs to. A name of two or more words makes a person when its words
 * or a cue say so; a single word makes one only with a cue. A surname alone belongs to the
 * nearest earlier person with that surname (else the only one in the article), a given name
 * alone to the only person with that given name; what stays unresolved is loose, for the corpus
 * to resolve.
 */
function resolveHits(hits: Hit[]): { people: FoundPerson[]; owners: Array<number | 'loose' | undefined> } {
  // A run of words English only writes capitalised is a person's name when the article also
  // uses its last word alone ("Takagi"), or a word of it is a known name; else it may be a
  // title of a work or a foreign phrase ("Stabat Mater"), left for the corpus to confirm.
  const alone = new Set(hits.filter((hit) => hit.words === 1).map((hit) => hit.key));
  const confirmed = (hit: Hit) => hit.evidence !== 'shape' || alone.has(hit.surname) || hit.tabular || hit.key.split(' ').some((word) => lexicon.givenNames.has(word) || lexicon.surnames.has(word));
  const accepted = (hit: Hit) => hit.cue || ((hit.evidence === 'strong' || hit.evidence === 'shape' || hit.evidence === 'weak') && confirmed(hit));
  const makers = new Set(hits.filter((hit) => hit.words > 1 && accepted(hit)).map((hit) => hit.key));
  const people: FoundPerson[] = [];
  const byKey = new Map<string, number>();
  const familyNames = new Set(hits.filter((hit) => hit.words > 1 && makers.has(hit.key) && hit.surname !== hit.key).map((hit) => hit.surname));
  const create = (hit: Hit): number => {
    byKey.set(hit.key, people.length);
    people.push({ name: hit.name, key: hit.key, surname: hit.surname, forms: [], roles: [], quotes: [], statements: [], passages: [] });
    return people.length - 1;
  };
  for (const hit of hits) if (hit.words >= 2 && makers.has(hit.key) && !byKey.has(hit.key) && !familyNames.has(hit.key)) create(hit);
  const givenOf = new Map<number, string>();
  hits.forEach((hit) => {
    const p = byKey.get(hit.key);
    if (p !== undefined && hit.given) givenOf.set(p, hit.given);
  });

  const owners: Array<number | 'loose' | undefined> = [];
  const lastSeen = new Map<number, number>();
  // Of several people with the name, the one named most often so far, then the one named last:
  // in a life story the subject, not the mother named once.
  const seenCount = new Map<number, number>();
  const nearest = (matches: number[]): number | undefined => {
    const earlier = matches.filter((p) => lastSeen.has(p)).sort((a, b) => seenCount.get(b)! - seenCount.get(a)! || lastSeen.get(b)! - lastSeen.get(a)!);
    if (earlier.length > 0) return earlier[0];
    return matches.length === 1 ? matches[0] : undefined;
  };
  const bySurname = (hit: Hit) => nearest(people.flatMap((person, p) => (person.key !== hit.key && person.surname === hit.key ? [p] : [])));
  // "Blogger Ola Nordvik" beside "Ola Nordvik", "Currently Storhaug" beside "Siv Storhaug": a
  // first word that is no name, before a person's name or family name, is no part of it.
  const afterPrefix = (hit: Hit): number | undefined => {
    const words = hit.key.split(' ');
    if (words.length < 2 || hit.given === null || lexicon.givenNames.has(words[0]!)) return undefined;
    const rest = words.slice(1).join(' ');
    const surnameOf = words.length === 2 && !byKey.has(hit.key) ? nearest(people.flatMap((person, p) => (person.surname === rest && person.key !== hit.key ? [p] : []))) : undefined;
    return byKey.get(rest) ?? surnameOf;
  };
  const byGiven = (hit: Hit) => nearest([...givenOf].flatMap(([p, given]) => (given === hit.key && people[p]!.key !== hit.key ? [p] : [])));
  hits.forEach((hit) => {
    let owner: number | 'loose' | undefined = afterPrefix(hit) ?? byKey.get(hit.key);
    if (owner === undefined && (hit.words === 1 || familyNames.has(hit.key))) owner = bySurname(hit) ?? (hit.words === 1 ? byGiven(hit) : undefined);
    if (owner === undefined && hit.words === 1 && accepted(hit)) owner = create(hit);
    if (owner === undefined && hit.evidence !== 'local') owner = 'loose';
    if (typeof owner === 'number') {
      lastSeen.set(owner, owners.length);
      seenCount.set(owner, (seenCount.get(owner) ?? 0) + 1);
    }
    owners.push(owner);
  });
  return { people, owners };
}

/** Direct quotes and reported speech, each given to the speaker of its sentence. */
function collectQuotes(units: Unit[], hits: Hit[], attributions: Attribution[], owners: Array<number | 'loose' | undefined>, add: (hit: number, text: string, quoted: boolean) => void): void {
  const speakerOf = new Map<string, number>();
  let lastSpeaker: { hit: number; unit: number } | null = null;
  let lastMentioned: { hit: number; unit: number } | null = null;
  const hitsBySentence = new Map<string, number[]>();
  hits.forEach((hit, index) => {
    const key = `${hit.unit}:${hit.sentence}`;
    hitsBySentence.set(key, [...(hitsBySentence.get(key) ?? []), index]);
  });
  const attributionOf = new Map(attributions.map((a) => [`${a.unit}:${a.sentence}`, a]));

  units.forEach((unit, unitIndex) => {
    unit.sentences.forEach((_, sentenceIndex) => {
      const key = `${unitIndex}:${sentenceIndex}`;
      const attribution = attributionOf.get(key);
      let speaker: number | undefined;
      if (attribution?.speaker === 'pronoun') {
        const recent = lastSpeaker && unitIndex - lastSpeaker.unit <= 2 ? lastSpeaker : lastMentioned && unitIndex - lastMentioned.unit <= 1 ? lastMentioned : null;
        speaker = recent?.hit;
      } else if (attribution) {
        speaker = attribution.speaker;
      }
      if (speaker !== undefined && owners[speaker] !== undefined) {
        speakerOf.set(key, speaker);
        lastSpeaker = { hit: speaker, unit: unitIndex };
      }
      const mentioned = (hitsBySentence.get(key) ?? []).filter((h) => owners[h] !== undefined);
      if (mentioned.length > 0) lastMentioned = { hit: mentioned.at(-1)!, unit: unitIndex };
    });
    if (!unit.passage) return;

    const quoted: Array<[number, number]> = [];
    for (const match of unit.text.matchAll(QUOTE)) {
      const text = (match[1] ?? match[2] ?? '').trim().replace(/[,]$/, '');
      const start = match.index;
      const end = start + match[0].length;
      quoted.push([start, end]);
      if (text.split(/\s+/).length < MIN_QUOTE_WORDS) continue;
      const overlapping = unit.sentences.map((s, i) => ({ s, i })).filter(({ s }) => s.start < end && s.start + s.text.length > start);
      let speaker = overlapping.map(({ i }) => speakerOf.get(`${unitIndex}:${i}`)).find((s) => s !== undefined);
      const first = overlapping[0];
      if (speaker === undefined && first && unit.text.slice(first.s.start, start).trim() === '') {
        speaker = previousSpeaker(units, unitIndex, first.i, speakerOf);
        if (speaker !== undefined) for (const { i } of overlapping) speakerOf.set(`${unitIndex}:${i}`, speaker);
      }
      if (speaker !== undefined) add(speaker, text, true);
    }
    unit.sentences.forEach((sentence, sentenceIndex) => {
      const speaker = speakerOf.get(`${unitIndex}:${sentenceIndex}`);
      if (speaker === undefined) return;
      const end = sentence.start + sentence.text.length;
      const hasQuote = quoted.some(([s, e]) => s < end && e > sentence.start && unit.text.slice(s, e).split(/\s+/).length >= MIN_QUOTE_WORDS);
      if (!hasQuote) add(speaker, sentence.text, false);
    });
  });
}

/** The speaker of the sentence before: the same passage, else the last sentence of the passage before. */
function previousSpeaker(units: Unit[], unitIndex: number, sentenceIndex: number, speakerOf: Map<string, number>): number | undefined {
  if (sentenceIndex > 0) return speakerOf.get(`${unitIndex}:${sentenceIndex - 1}`);
  for (let u = unitIndex - 1; u >= 0; u -= 1) {
    const unit = units[u]!;
    if (!unit.passage) continue;
    return speakerOf.get(`${u}:${unit.sentences.length - 1}`);
  }
  return undefined;
}
