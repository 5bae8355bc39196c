/**
 * Finding the people of one article: capitalised names with cues (a title before the name,
 * "said", an apposition, a byline block, the shape of a Chinese name), the surname-only and
 * pronoun references that follow them, their roles and their quotes.
 *
 * The result is plain JSON so that it can be stored in a snapshot and aggregated later.
 */
import { splitSentences } from '../corpus/index.js';
import type { ArticleSource, Citation } from '../types.js';
import { lexicon, nameKey, usualKey } from './lexicon.js';

export interface ArticlePeople {
  articleId: string;
  citation: Citation;
  people: FoundPerson[];
  /** Names without a cue in this article: they count only where the corpus knows the person. */
  loose: LooseName[];
}

export interface FoundPerson {
  /** The fullest name the article gives, as written. */
  name: string;
  /** The name's key, spelling variants mapped to the usual spelling. */
  key: string;
  /** The family name's key: the first word of a Chinese name, the last word otherwise. */
  surname: string;
  /** Every way the article writes the name, titles included ("President Xi"). */
  forms: string[];
  roles: string[];
  quotes: string[];
  /** The passages that name the person, in order. */
  passages: string[];
}

export interface LooseName {
  name: string;
  key: string;
  passages: string[];
  quotes: string[];
}

interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, possessive off. */
  lower: string;
  possessive: boolean;
}

type Kind = 'name' | 'title' | 'honorific' | 'organisation' | 'place' | 'other';

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
  cue: boolean;
  titled: boolean;
  role: string | null;
  titleForm: string | null;
}

interface Unit {
  /** The passage id; null for lines that are not passages (bylines, headings, repeats). */
  id: string | null;
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
/** The words allowed between a speaker and the verb: "X also said", "X has said", "X on Tuesday said". */
const SPEAKER_GAP = /^(?:\s+(?:also|has|have|had|previously|recently|later|then|further|once|earlier|again|\p{Ll}+ly|on\s+(?:\p{Lu}\p{Ll}+)(?:\s+\d+)?))*\s+$/u;
const APPOSITION_GAP = /^,\s+[^,“”"]+,?\s+(?:also\s+)?$/u;
/** Where an apposition ends: a comma before a lower-case word (", believes"), a quote, a verb of speech. */
const APPOSITION_STOPS = [/,\s+(?=\p{Ll})/u, /;/, /[“”"(]/, /\s[—–]\s/, /[.!?]\s*$/, new RegExp(`\\s(?:${lexicon.speechVerbs.join('|')})\\b`, 'u')];
const verbPattern = new RegExp(`\\b(?:${lexicon.speechVerbs.map((verb) => verb.replace(/\s+/g, '\\s+')).join('|')})\\b`, 'gu');

/**
 * The people one article names, with their roles, quotes and passages.
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
      for (const hit of found) hits.push({ ...hit, start: hit.start + sentence.start, end: hit.end + sentence.start, roleStart: hit.roleStart + sentence.start });
    }),
  );
  markBylines(units, hits);
  for (const { speaker } of attributions) if (speaker !== 'pronoun') hits[speaker]!.cue = true;

  const resolved = resolveHits(hits);
  const people = resolved.people;
  const loose = new Map<string, LooseName>();
  const owner = (index: number): { passages: string[]; quotes: string[]; roles?: string[]; forms?: string[] } | null => {
    const target = resolved.owners[index];
    if (target === undefined) return null;
    if (typeof target === 'number') return people[target]!;
    const hit = hits[index]!;
    const entry = loose.get(hit.key) ?? { name: hit.name, key: hit.key, passages: [], quotes: [] };
    loose.set(hit.key, entry);
    return entry;
  };

  hits.forEach((hit, index) => {
    const record = owner(index);
    const id = units[hit.unit]!.id;
    if (!record) return;
    if (id !== null && !record.passages.includes(id)) record.passages.push(id);
    if (record.roles && hit.role && !record.roles.some((role) => role.toLowerCase() === hit.role!.toLowerCase())) record.roles.push(hit.role);
    if (record.forms) {
      for (const form of [hit.name, hit.titleForm]) if (form && !record.forms.includes(form)) record.forms.push(form);
    }
  });

  collectQuotes(units, hits, attributions, resolved.owners, (index, text) => {
    const record = owner(index);
    if (record && !record.quotes.includes(text)) record.quotes.push(text);
  });

  const author = source.article.author;
  if (author && isNameLine(author)) {
    const key = usualKey(nameKey(author));
    const known = people.find((person) => person.key === key);
    if (known) known.roles.push('author');
    else people.push({ name: author, key, surname: key.split(' ').at(-1)!, forms: [author], roles: ['author'], quotes: [], passages: [] });
  }

  return {
    articleId: source.article.articleId,
    citation: source.citation,
    people,
    loose: [...loose.values()],
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
    for (const passage of passages) if (passage.paragraph === number) units.push(toUnit(passage.id, passage.text));
  };
  for (const line of article.lines) {
    const number = byParagraph.get(line);
    if (number !== undefined && !done.has(number)) addPassages(number);
    else units.push(toUnit(null, line));
  }
  for (const paragraph of article.paragraphs) if (!done.has(paragraph.number)) addPassages(paragraph.number);
  return units;
}

function toUnit(id: string | null, text: string): Unit {
  return { id, text, sentences: splitSentences(text).map(({ text: sentence, start }) => ({ text: sentence, start })) };
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
    tokens.push({ text: word, start: match.index, end: match.index + word.length, lower: word.toLowerCase(), possessive });
  }
  return tokens;
}

function keepsPeriod(word: string): boolean {
  if (!word.endsWith('.')) return false;
  const lower = word.toLowerCase();
  return lexicon.abbreviations.has(lower) || lexicon.honorifics.has(lower) || /^\p{L}\.$/u.test(word) || /\p{L}\.\p{L}/u.test(word);
}

const isCapital = (token: Token) => /^\p{Lu}/u.test(token.text);
const isAcronym = (token: Token) => token.text.length > 1 && /^[\p{Lu}.]+$/u.test(token.text) && !/^\p{Lu}\.$/u.test(token.text);
const plainCache = new Map<string, string>();
const kindCache = new Map<string, Kind>();
/** Word lists repeat across articles: a bounded cache keeps the per-word work off the hot path. */
function cached<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size > 100_000) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}

const plain = (token: Token) => cached(plainCache, token.lower, () => token.lower.normalize('NFKD').replace(/\p{M}/gu, ''));

function kindOf(token: Token): Kind {
  return cached(kindCache, token.text, () => classify(token));
}

function classify(token: Token): Kind {
  const word = plain(token);
  if (lexicon.honorifics.has(word)) return 'honorific';
  if (lexicon.titles.has(word)) return 'title';
  if (lexicon.organisationWords.has(word)) return 'organisation';
  if (lexicon.places.has(word)) return 'place';
  if (lexicon.nonNames.has(word) || lexicon.nationalities.has(word) || lexicon.stopWords.has(word)) return 'other';
  if (isAcronym(token) || /\p{N}/u.test(word)) return 'other';
  if (word.includes('-') && word.split('-').some((part) => lexicon.places.has(part) || lexicon.nationalities.has(part) || lexicon.nonNames.has(part))) return 'other';
  return 'name';
}

function isChineseName(tokens: Token[]): boolean {
  if (tokens.length !== 2) return false;
  const [family, given] = tokens as [Token, Token];
  return lexicon.chineseSurnames.has(plain(family)) && /^\p{Lu}\p{Ll}+$/u.test(given.text) && lexicon.pinyinGivenName.test(plain(given));
}

/** Whether a whole line is just a name ("William Courtney"): the first line of a byline block. */
function isNameLine(line: string): boolean {
  const tokens = tokenize(line);
  if (tokens.length < 2 || tokens.length > 4) return false;
  if (tokens.map((token) => token.text).join(' ') !== line.trim()) return false;
  return tokens.every((token) => isCapital(token) && kindOf(token) === 'name') || isChineseName(tokens);
}

type FoundName = Omit<Hit, 'unit' | 'sentence'> & { unit: number; sentence: number };

/** The names in one sentence, with the cues that stand next to them. */
function findNames(sentence: string, unit: number, sentenceIndex: number): FoundName[] {
  const tokens = tokenize(sentence);
  const kinds = tokens.map(kindOf);
  // Two-word places ("Hong Kong", "New York") are places, not names.
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    if (lexicon.places.has(`${plain(tokens[i]!)} ${plain(tokens[i + 1]!)}`)) kinds[i] = kinds[i + 1] = 'place';
  }
  const joined = (i: number) => i > 0 && SPACE_ONLY.test(sentence.slice(tokens[i - 1]!.end, tokens[i]!.start)) && !tokens[i - 1]!.possessive;
  const found: FoundName[] = [];
  let i = 0;
  while (i < tokens.length) {
    const chinese = isChineseName(tokens.slice(i, i + 2)) && joined(i + 1);
    if (!chinese && !(isCapital(tokens[i]!) && kinds[i] === 'name')) {
      i += 1;
      continue;
    }
    let end = chinese ? i + 2 : i + 1;
    if (!chinese) {
      while (end < tokens.length && joined(end) && !tokens[end - 1]!.possessive) {
        const token = tokens[end]!;
        if (isCapital(token) && kinds[end] === 'name') end += 1;
        else if (lexicon.particles.has(token.lower)) {
          let last = end;
          while (last + 1 < tokens.length && lexicon.particles.has(tokens[last + 1]!.lower) && joined(last + 1)) last += 1;
          const after = last + 1;
          if (after < tokens.length && isCapital(tokens[after]!) && kinds[after] === 'name' && joined(after)) end = after + 1;
          else break;
        } else break;
      }
    }
    const run = tokens.slice(i, end);
    const next = end < tokens.length && joined(end) && !tokens[end - 1]!.possessive ? kinds[end] : null;
    const hyphenated = i > 0 && sentence.slice(tokens[i - 1]!.end, tokens[i]!.start) === '-';
    // A name followed by an organisation word, a place or a title is part of that name ("Defense Minister").
    const partOfName = next === 'organisation' || next === 'place' || next === 'title' || next === 'honorific';
    if (run.length <= 4 && !partOfName && !hyphenated) found.push(toName(sentence, tokens, kinds, i, end, chinese, unit, sentenceIndex));
    i = end;
  }
  return found;
}

function toName(sentence: string, tokens: Token[], kinds: Kind[], from: number, to: number, chinese: boolean, unit: number, sentenceIndex: number): FoundName {
  const run = tokens.slice(from, to);
  const start = run[0]!.start;
  const end = run.at(-1)!.end;
  const name = sentence.slice(start, end);
  const key = usualKey(nameKey(name));
  // A family name with particles ("von der Leyen") is the family name from the first particle.
  const particle = run.findIndex((token, index) => index > 0 && lexicon.particles.has(token.lower));
  const family = chinese ? [run[0]!] : particle > 0 ? run.slice(particle) : [run.at(-1)!];
  const surname = usualKey(family.map(plain).join(' '));
  const title = titleBefore(sentence, tokens, kinds, from);
  const apposition = appositionAfter(sentence.slice(end));
  const given = run.length >= 2 && lexicon.givenNames.has(plain(run[0]!));
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
    cue: chinese || given || title !== null || apposition !== null,
    titled: title !== null,
    role: title?.role ?? apposition,
    titleForm: title?.form ? `${title.form} ${name}` : null,
  };
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
  const cue = touching(i) && lexicon.titles.has(tokens[i]!.lower) && !tokens[i]!.possessive ? tokens[i]! : null;
  if (!cue) return honorific ? { start: honorific.start, role: null, form: isCapital(honorific) ? honorific.text : null } : null;
  let first = i;
  while (touching(first - 1)) {
    const token = tokens[first - 1]!;
    const inTitle = isCapital(token)
      ? !lexicon.stopWords.has(token.lower) && !lexicon.nonNames.has(token.lower) && kinds[first - 1] !== 'honorific'
      : lexicon.titles.has(token.lower) || lexicon.roleModifiers.has(token.lower) || lexicon.organisationWords.has(token.lower);
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
  const role = phrase.slice(0, end).replace(/^(?:a|an)\s+/i, '').replace(/[\s,.]+$/, '');
  const head = role.split(/\s+/).slice(0, 6);
  if (role.length < 3 || role.length > 200 || /^\p{Lu}\p{Ll}+\s+\p{Lu}/u.test(role) && !head.some((word) => lexicon.titles.has(word.toLowerCase()))) return null;
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
    if (unit.id !== null || !next || !isNameLine(unit.text) || !/^\p{Ll}/u.test(next.text)) return;
    const head = next.text.split(/[\s,]+/).slice(0, 6);
    if (!head.some((word) => lexicon.titles.has(word.toLowerCase()))) return;
    const hit = hits.find((candidate) => candidate.unit === index);
    if (!hit) return;
    hit.cue = true;
    hit.role = next.text.trim();
  });
}

/**
 * Which person each name belongs to: a full name with a cue makes a person; a surname alone
 * belongs to the nearest earlier person with that surname (else the only one in the article);
 * what stays unresolved is loose, for the corpus to resolve.
 */
function resolveHits(hits: Hit[]): { people: FoundPerson[]; owners: Array<number | 'loose' | undefined> } {
  const cued = new Set(hits.filter((hit) => hit.cue && (hit.words > 1 || hit.titled)).map((hit) => hit.key));
  const people: FoundPerson[] = [];
  const byKey = new Map<string, number>();
  const familyNames = new Set(hits.filter((hit) => hit.words > 1 && cued.has(hit.key) && hit.surname !== hit.key).map((hit) => hit.surname));
  for (const hit of hits) {
    if (hit.words < 2 || !cued.has(hit.key) || byKey.has(hit.key) || familyNames.has(hit.key)) continue;
    byKey.set(hit.key, people.length);
    people.push({ name: hit.name, key: hit.key, surname: hit.surname, forms: [], roles: [], quotes: [], passages: [] });
  }
  const owners: Array<number | 'loose' | undefined> = [];
  const lastSeen = new Map<number, number>();
  const bySurname = (hit: Hit, index: number): number | undefined => {
    const matches = people.map((person, p) => ({ person, p })).filter(({ person }) => person.key !== hit.key && person.surname === hit.key);
    const earlier = matches.filter(({ p }) => lastSeen.has(p)).sort((a, b) => lastSeen.get(b.p)! - lastSeen.get(a.p)!);
    if (earlier.length > 0) return earlier[0]!.p;
    return matches.length === 1 && index >= 0 ? matches[0]!.p : undefined;
  };
  hits.forEach((hit, index) => {
    let owner: number | 'loose' | undefined = byKey.get(hit.key);
    if (owner === undefined && (hit.words === 1 || familyNames.has(hit.key))) owner = bySurname(hit, index);
    if (owner === undefined && hit.words === 1 && cued.has(hit.key)) {
      byKey.set(hit.key, people.length);
      owner = people.length;
      people.push({ name: hit.name, key: hit.key, surname: hit.surname, forms: [], roles: [], quotes: [], passages: [] });
    }
    owner ??= 'loose';
    if (typeof owner === 'number') lastSeen.set(owner, index);
    owners.push(owner);
  });
  return { people, owners };
}

/** Direct quotes and reported speech, each given to the speaker of its sentence. */
function collectQuotes(units: Unit[], hits: Hit[], attributions: Attribution[], owners: Array<number | 'loose' | undefined>, add: (hit: number, text: string) => void): void {
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
    if (unit.id === null) return;

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
      if (speaker !== undefined) add(speaker, text);
    }
    unit.sentences.forEach((sentence, sentenceIndex) => {
      const speaker = speakerOf.get(`${unitIndex}:${sentenceIndex}`);
      if (speaker === undefined) return;
      const end = sentence.start + sentence.text.length;
      const hasQuote = quoted.some(([s, e]) => s < end && e > sentence.start && unit.text.slice(s, e).split(/\s+/).length >= MIN_QUOTE_WORDS);
      if (!hasQuote) add(speaker, sentence.text);
    });
  });
}

/** The speaker of the sentence before: the same passage, else the last sentence of the passage before. */
function previousSpeaker(units: Unit[], unitIndex: number, sentenceIndex: number, speakerOf: Map<string, number>): number | undefined {
  if (sentenceIndex > 0) return speakerOf.get(`${unitIndex}:${sentenceIndex - 1}`);
  for (let u = unitIndex - 1; u >= 0; u -= 1) {
    const unit = units[u]!;
    if (unit.id === null) continue;
    return speakerOf.get(`${u}:${unit.sentences.length - 1}`);
  }
  return undefined;
}
