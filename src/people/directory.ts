/**
 * The people of the whole corpus: each article's people merged into one entry a person, with
 * the names to look them up by (every alias, spelling variant and surname) and, for typos,
 * a fuzzy map of those names.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Citation, PersonListing, PersonProfile, PersonQuote, Suggestion, WhoAnswer } from '../types.js';
import type { ArticlePeople, FoundPerson, LooseName } from './extract.js';
import { isCommonWord, lexicon, nameKey, spellingsOf, usualKey, usualSpelling } from './lexicon.js';

export type WhoResult = Omit<WhoAnswer, 'command' | 'query'>;

export interface Directory {
  who(query: string): WhoResult;
  suggest(prefix: string, limit: number): Suggestion[];
  /** The people by mentions, `limit` of them from `offset`, each with their main role. */
  list(offset: number, limit: number): { people: PersonListing[]; next: number | null };
}

interface Sighting {
  article: ArticlePeople;
  found: FoundPerson | LooseName;
}

interface Entry {
  id: number;
  key: string;
  surname: string;
  sightings: Sighting[];
  name: string;
  mentions: number;
  label: string;
  /** The role the articles give most often, null when they give none. */
  role: string | null;
}

const MAX_SUGGESTIONS = 5;
const MAX_LABEL = 99;
const MAX_RELATED = 5;
/** A one-word name used alone for several people is the one mentioned this many times as often as the next. */
const DOMINANT_MENTIONS = 2;
// People mentioned this often get their profile made with the directory, not on the first
// lookup: a profile of thousands of mentions takes tens of milliseconds to make.
const EAGER_PROFILE_MENTIONS = 200;

/** Where the articles' text is: a passage's text by id, and the passages that may name someone (a search). */
export interface PassageLookup {
  text: (id: string) => string;
  /** The passages whose words include the name's, in any order; the directory checks that they name it. */
  naming?: (name: string) => string[];
}

/**
 * Merges the people of every article; one entry a person, never two people in one.
 * `passages` gives the text of a passage by its id, for the places a person is mentioned, and
 * finds the passages that name someone the articles never describe.
 */
export function buildDirectory(articles: Iterable<ArticlePeople>, passages: PassageLookup): Directory {
  let entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  const bySurname = new Map<string, Set<Entry>>();
  const create = (found: FoundPerson): Entry => {
    const entry: Entry = { id: entries.length, key: found.key, surname: found.surname, sightings: [], name: found.name, mentions: 0, label: '', role: null };
    entries.push(entry);
    byKey.set(found.key, entry);
    if (found.key.includes(' ')) bySurname.set(found.surname, (bySurname.get(found.surname) ?? new Set()).add(entry));
    return entry;
  };
  const all = [...articles];
  // Lines that are no passages (table rows, line-ups, headings) keep their text with the article's people.
  const lineText = new Map<string, string>();
  for (const article of all) for (const line of article.lines ?? []) lineText.set(line.id, line.text);
  const passageText = (id: string) => lineText.get(id) ?? passages.text(id);
  // Full names first, so that a surname alone can find its person; a two-word name written in
  // either order ("Higuchi Ichiyo", "Ichiyo Higuchi") is one person.
  const flipped = (key: string) => (key.split(' ').length === 2 ? key.split(' ').reverse().join(' ') : key);
  for (const article of all) {
    for (const found of article.people) if (found.key.includes(' ')) (byKey.get(found.key) ?? byKey.get(flipped(found.key)) ?? create(found)).sightings.push({ article, found });
  }
  entries = mergeMiddleNames(entries, byKey, bySurname);
  const onlyBySurname = (key: string): Entry | undefined => {
    const matches = bySurname.get(key);
    return matches?.size === 1 ? [...matches][0] : undefined;
  };
  for (const article of all) {
    for (const found of article.people) {
      if (found.key.includes(' ')) continue;
      const entry = byKey.get(found.key) ?? onlyBySurname(found.key) ?? (bySurname.has(found.key) ? undefined : create(found));
      entry?.sightings.push({ article, found });
    }
  }
  // Names no person took, with where they stand (lines of tables included, which no search reaches).
  const unplaced = new Map<string, Set<string>>();
  for (const article of all) {
    for (const found of article.loose) {
      const entry = byKey.get(found.key) ?? (found.key.includes(' ') ? undefined : onlyBySurname(found.key));
      if (entry) entry.sightings.push({ article, found });
      else for (const id of found.passages) unplaced.set(found.key, (unplaced.get(found.key) ?? new Set()).add(id));
    }
  }

  const byPassage = new Map<string, Set<Entry>>();
  for (const entry of entries) {
    entry.name = displayName(entry);
    for (const { found } of entry.sightings) for (const id of found.passages) byPassage.set(id, (byPassage.get(id) ?? new Set()).add(entry));
  }
  for (const entry of entries) {
    entry.mentions = new Set(entry.sightings.flatMap(({ found }) => found.passages)).size;
    entry.role = mainRole(entry);
    entry.label = labelOf(entry);
  }
  const ranked = [...entries].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));

  const profiles: Array<PersonProfile | undefined> = [];
  for (const entry of ranked) {
    if (entry.mentions < EAGER_PROFILE_MENTIONS) break;
    profiles[entry.id] = profileOf(entry, byPassage, passageText);
  }
  const aliases = new Map<string, Set<Entry>>();
  const oneWord = new Map<string, Set<Entry>>();
  const names = new SearchableMap<Set<Entry>>();
  const addName = (key: string, entry: Entry, exact: boolean) => {
    if (key === '') return;
    // A single word ("Wang") may be several people's name: it is looked up with the name words.
    if (exact && key.includes(' ')) aliases.set(key, (aliases.get(key) ?? new Set()).add(entry));
    const set = names.get(key) ?? new Set();
    names.set(key, set.add(entry));
  };
  for (const entry of entries) {
    for (const alias of aliasesOf(entry)) {
      const key = nameKey(alias);
      if (key !== '' && !key.includes(' ')) oneWord.set(key, (oneWord.get(key) ?? new Set()).add(entry));
      addName(key, entry, true);
      addName(usualKey(key), entry, true);
      const parts = key.split(' ');
      if (parts.length === 2) addName(`${parts[1]} ${parts[0]}`, entry, true);
      for (const part of parts) if (part.length >= 2) addName(part, entry, false);
    }
  }

  const citations = new Map(all.map((article) => [article.articleId, article.citation]));

  /**
   * Someone the articles name but never describe (no title, no words that make the name a
   * person's): a profile of the passages that write the name, capitalised, with their citations.
   */
  function mentionsOnly(query: string, key: string): WhoResult | null {
    if (!isPossibleName(key)) return null;
    const pattern = namePattern(query);
    if (!pattern) return null;
    const mentions: PersonProfile['mentions'] = [];
    let written: string | null = null;
    let inSentence = false;
    for (const id of new Set([...(passages.naming?.(key) ?? []), ...(unplaced.get(key) ?? [])])) {
      const citation = citations.get(id.slice(0, id.lastIndexOf('#')));
      const text = passageText(id);
      if (!citation) continue;
      let named = false;
      for (const match of text.matchAll(pattern)) {
        if (!/^\p{Lu}/u.test(match[1]!) || !match[1]!.split(/[\s.-]+/).filter(Boolean).every((word) => /^\p{Lu}/u.test(word) || lexicon.particles.has(word))) continue;
        // One word glued to other capitalised words is part of another name ("State Law and Order ...").
        const end = match.index + match[0].length;
        const sentenceEnds = match[1]!.endsWith('.');
        if (!key.includes(' ') && (gluedBefore(text.slice(Math.max(0, match.index - 40), match.index)) || (!sentenceEnds && /^ \p{Lu}/u.test(text.slice(end, end + 2))))) continue;
        named = true;
        written ??= match[1]!;
        const before = text.slice(0, match.index).trimEnd();
        if (before !== '' && !/[.!?:"“”]$/u.test(before)) inSentence = true;
      }
      if (named) mentions.push({ ...citation, id, text });
    }
    // A word capitalised only where it opens a sentence is no name.
    if (mentions.length === 0 || written === null || (!key.includes(' ') && !inSentence && isCommonWord(key))) return null;
    mentions.sort((a, b) => byDate(a, b) || compare(a.articleId, b.articleId) || passageOrder(a.id) - passageOrder(b.id));
    const dates = mentions.flatMap((mention) => (mention.date ? [mention.date] : [])).sort();
    const count = mentions.length;
    return {
      person: { name: written, aliases: [], roles: [], mentions, quotes: [], statements: [], firstMentioned: dates[0] ?? null, lastMentioned: dates.at(-1) ?? null, related: [] },
      candidates: [],
      suggestions: [],
      message: `${written} is not described in the articles; mentioned in ${count} passage${count === 1 ? '' : 's'}.`,
    };
  }

  const candidatesOf = (found: Iterable<Entry>) =>
    [...found].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name)).map((entry) => ({ name: entry.name, mentions: entry.mentions }));

  function answer(found: Set<Entry>, query: string, typo: boolean): WhoResult {
    if (found.size === 1) {
      const entry = [...found][0]!;
      const result: WhoResult = { person: (profiles[entry.id] ??= profileOf(entry, byPassage, passageText)), candidates: [], suggestions: [] };
      if (typo) result.message = `No one is named "${query}"; showing ${entry.name}.`;
      return result;
    }
    const candidates = candidatesOf(found);
    return {
      person: null,
      candidates,
      suggestions: [],
      message: `"${query}" may be any of ${candidates.length} people: ${candidates.map((c) => c.name).join(', ')}. Give the full name.`,
    };
  }

  function who(query: string): WhoResult {
    const typed = nameKey(query);
    const key = stripTitles(typed);
    if (key === '') return { person: null, candidates: [], suggestions: [], message: 'Name a person, e.g. /who followed by a name.' };
    // The name as typed first ("General Ahmed Abdel-Rahman" may be how the articles write it), then without its titles.
    for (const form of new Set([typed, usualKey(typed), key, usualKey(key)])) {
      const exact = aliases.get(form);
      if (exact) return answer(exact, query, false);
    }
    if (!key.includes(' ')) {
      // A word the articles use alone for one person ("Bernoulli") is that person, whoever else
      // has it in their name; of several, the one mentioned far more often than the others.
      const word = names.get(key);
      // Someone known only by this one word comes first.
      const alone = [...(oneWord.get(key) ?? [])].sort((a, b) => Number(b.key === key) - Number(a.key === key) || b.mentions - a.mentions);
      const others = [...(word ?? [])].filter((entry) => entry !== alone[0]).sort((a, b) => b.mentions - a.mentions);
      // The commonest Chinese and Korean family names ("Li", "Kim") are everyone's: they stay a question.
      const shared = lexicon.familyFirstSurnames.has(key);
      if (alone.length > 0 && (others.length === 0 || alone[0]!.key === key || (!shared && alone[0]!.mentions >= DOMINANT_MENTIONS * others[0]!.mentions))) {
        const result = answer(new Set([alone[0]!]), query, false);
        if (others.length > 0) result.message = `Others are called ${query} too: ${others.slice(0, MAX_SUGGESTIONS).map((entry) => entry.name).join(', ')}.`;
        return result;
      }
      if (word) return answer(word, query, false);
    }
    // The articles' own words before any guess at a typo.
    const named = mentionsOnly(query, key);
    if (named) return named;
    // A typo is forgiven only where the rest of the name agrees: "K. Benjamin" is not Benjamin Netanyahu.
    const typos = new Set([...closest(names, key, key.length >= 5 ? 2 : 1)].filter((entry) => agrees(key, entry)));
    if (typos.size > 0) return answer(typos, query, true);
    const suggestions = suggestionsFor(names, key).slice(0, MAX_SUGGESTIONS).map((entry) => entry.name);
    return {
      person: null,
      candidates: [],
      suggestions,
      message: `No person named "${query}" in the ${all.length} articles.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : ''}`,
    };
  }

  function suggest(prefix: string, limit: number): Suggestion[] {
    const key = nameKey(prefix);
    const max = Math.max(0, Math.min(25, limit));
    let found: Entry[];
    if (key.length < 2) {
      found = [];
      for (const entry of ranked) {
        if (found.length >= max) break;
        if (key === '' || entry.name.toLowerCase().split(/\s+/).some((part) => part.startsWith(key))) found.push(entry);
      }
    } else {
      const matching = new Set<Entry>();
      for (const [, set] of names.atPrefix(key)) for (const entry of set) matching.add(entry);
      found = [...matching].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name)).slice(0, max);
    }
    return found.map((entry) => ({ label: entry.label, value: entry.name, count: entry.mentions }));
  }

  function list(offset: number, limit: number): { people: PersonListing[]; next: number | null } {
    const page = ranked.slice(offset, offset + limit).map((entry) => ({ name: entry.name, mentions: entry.mentions, role: entry.role }));
    return { people: page, next: offset + limit < ranked.length ? offset + limit : null };
  }

  return { who, suggest, list };
}

/**
 * "Antonín Dvořák" and "Antonín Leopold Dvořák" are one person when only one fuller name has
 * the shorter one's words, first and last alike ("George Bush" stays apart from both "George
 * W. Bush" and "George H. W. Bush"). Returns the entries left, numbered anew.
 */
function mergeMiddleNames(entries: Entry[], byKey: Map<string, Entry>, bySurname: Map<string, Set<Entry>>): Entry[] {
  const byEnds = new Map<string, Entry[]>();
  for (const entry of entries) {
    const words = entry.key.split(' ');
    if (words.length < 2) continue;
    const ends = `${words[0]} ${words.at(-1)}`;
    byEnds.set(ends, [...(byEnds.get(ends) ?? []), entry]);
  }
  const merged = new Set<Entry>();
  for (const group of byEnds.values()) {
    for (const short of group) {
      const words = short.key.split(' ');
      const fuller = group.filter((other) => other !== short && other.key.split(' ').length > words.length && isSubsequence(words, other.key.split(' ')));
      if (fuller.length !== 1 || merged.has(fuller[0]!)) continue;
      const target = fuller[0]!;
      target.sightings.push(...short.sightings);
      merged.add(short);
      byKey.set(short.key, target);
      bySurname.get(short.surname)?.delete(short);
    }
  }
  const kept = entries.filter((entry) => !merged.has(entry));
  kept.forEach((entry, index) => (entry.id = index));
  return kept;
}

function isSubsequence(words: string[], of: string[]): boolean {
  let at = 0;
  for (const word of of) if (word === words[at]) at += 1;
  return at === words.length;
}

/** The usual spelling when the name has variants, else the fullest name the articles give. */
function displayName(entry: Entry): string {
  const usual = usualSpelling(entry.key);
  if (usual) return usual;
  const counts = new Map<string, number>();
  for (const { found } of entry.sightings) if ('surname' in found && found.key === entry.key) counts.set(found.name, (counts.get(found.name) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? entry.sightings[0]!.found.name;
}

function aliasesOf(entry: Entry): string[] {
  const names = new Set<string>([entry.name]);
  for (const { found } of entry.sightings) {
    names.add(found.name);
    if ('forms' in found) for (const form of found.forms) names.add(form);
  }
  for (const name of [...names]) for (const spelling of spellingsOf(nameKey(name))) names.add(spelling);
  return [...names];
}

/**
 * Whether a name matched one letter or two off still agrees with the query: its family name
 * is the query's last word (typos aside), and each other word or initial of the query stands
 * for a word of the name.
 */
function agrees(key: string, entry: Entry): boolean {
  const query = key.split(' ');
  if (query.length === 1) return true;
  const words = entry.key.split(' ');
  const last = query.at(-1)!;
  const family = [entry.surname, words.at(-1)!].filter((word) => word.length > 0);
  const close = (a: string, b: string) => editDistance(a, b, a.length >= 5 ? 2 : 1) <= (a.length >= 5 ? 2 : 1);
  const surname = family.find((word) => close(last, word));
  if (surname === undefined) return false;
  const rest = [...words];
  rest.splice(rest.indexOf(surname), 1);
  return query.slice(0, -1).every((word) => rest.some((other) => (word.length === 1 ? other.startsWith(word) : close(word, other))));
}

/** Levenshtein distance, given up once it passes `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    if (Math.min(...current) > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** A name the articles could write for a person: not a known place, organisation or calendar word. */
function isPossibleName(key: string): boolean {
  const words = key.split(' ');
  if (lexicon.placesLarge.has(key) || lexicon.organisations.has(key)) return false;
  return !words.some((word) => lexicon.organisationWords.has(word) || lexicon.nonNames.has(word) || lexicon.stopWords.has(word) || lexicon.nationalities.has(word)) && !(words.length === 1 && lexicon.places.has(key));
}

/** Whether the text before a word ends in a capitalised word of the same name ("State Law"), not a title or a sentence's end. */
function gluedBefore(before: string): boolean {
  const word = /(\p{Lu}[\p{L}'’-]*)([.!?:;,]?) $/u.exec(before);
  if (!word || word[2] !== '') return false;
  const lower = word[1]!.toLowerCase();
  return !lexicon.titles.has(lower) && !lexicon.honorifics.has(lower) && !lexicon.nationalities.has(lower) && !lexicon.givenNames.has(lower);
}

/** The query's words as the text may write them ("W. W. Rouse Ball", "Rouse Ball's"), captured. */
function namePattern(query: string): RegExp | null {
  const parts = query.split(/[\s.]+/).filter(Boolean).map((word) => word.replace(/['’‘]s$/u, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (parts.length === 0 || parts.length > 8) return null;
  // Between words a space or a hyphen; after an initial, a period alone will do ("O.J. Simpson").
  return new RegExp(`(?<![\\p{L}\\p{N}])(${parts.join('(?:\\.\\s*|\\.?[\\s-]+)')}\\.?)(?![\\p{L}\\p{N}])`, 'giu');
}

function stripTitles(key: string): string {
  const parts = key.split(' ');
  while (parts.length > 1 && (lexicon.titles.has(parts[0]!) || lexicon.honorifics.has(parts[0]!) || lexicon.nationalities.has(parts[0]!) || lexicon.roleModifiers.has(parts[0]!))) parts.shift();
  return parts.join(' ');
}

/** The people whose names are nearest to a misspelt key, at the smallest distance found. */
function closest(names: SearchableMap<Set<Entry>>, key: string, maxDistance: number): Set<Entry> {
  let best = Infinity;
  let found = new Set<Entry>();
  for (const [, [set, distance]] of names.fuzzyGet(key, maxDistance)) {
    if (distance < best) {
      best = distance;
      found = new Set(set);
    } else if (distance === best) for (const entry of set) found.add(entry);
  }
  return found;
}

function suggestionsFor(names: SearchableMap<Set<Entry>>, key: string): Entry[] {
  const scored = new Map<Entry, number>();
  const words = key.split(' ');
  for (const word of [key, ...(words.length > 1 ? words : [])]) {
    for (const [, [set, distance]] of names.fuzzyGet(word, Math.min(3, Math.max(1, Math.floor(word.length / 2))))) {
      for (const entry of set) scored.set(entry, Math.min(scored.get(entry) ?? Infinity, distance));
    }
  }
  return [...scored].sort((a, b) => a[1] - b[1] || b[0].mentions - a[0].mentions).map(([entry]) => entry);
}

/** The role the articles give most often (the shorter of two as often). */
function mainRole(entry: Entry): string | null {
  const counts = new Map<string, { role: string; count: number }>();
  for (const { found } of entry.sightings) {
    if (!('roles' in found)) continue;
    for (const role of found.roles) {
      const key = role.toLowerCase();
      counts.set(key, { role, count: (counts.get(key)?.count ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.role.length - b.role.length)[0]?.role ?? null;
}

function labelOf(entry: Entry): string {
  const label = entry.role ? `${entry.name} — ${entry.role}` : entry.name;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

function profileOf(entry: Entry, byPassage: Map<string, Set<Entry>>, passageText: (id: string) => string): PersonProfile {
  const sightings = [...entry.sightings].sort((a, b) => byDate(a.article.citation, b.article.citation) || compare(a.article.articleId, b.article.articleId));
  const roles: PersonProfile['roles'] = [];
  const quotes: PersonProfile['quotes'] = [];
  const statements: PersonQuote[] = [];
  const mentions: PersonProfile['mentions'] = [];
  const seenPassages = new Set<string>();
  const seenRoles = new Set<string>();
  const seenQuotes = new Set<string>();
  const seenStatements = new Set<string>();
  for (const { article, found } of sightings) {
    for (const role of 'roles' in found ? found.roles : []) {
      const key = `${article.articleId}\n${role.toLowerCase()}`;
      if (seenRoles.has(key)) continue;
      seenRoles.add(key);
      roles.push({ ...article.citation, role });
    }
    for (const text of found.quotes) {
      if (seenQuotes.has(text)) continue;
      seenQuotes.add(text);
      quotes.push({ ...article.citation, text });
    }
    for (const text of found.statements ?? []) {
      if (seenStatements.has(text)) continue;
      seenStatements.add(text);
      statements.push({ ...article.citation, text });
    }
    for (const id of found.passages) {
      if (seenPassages.has(id)) continue;
      seenPassages.add(id);
      mentions.push({ ...article.citation, id, text: passageText(id) });
    }
  }
  // Each mention's place in its article, worked out once rather than in every comparison.
  const order = new Map(mentions.map((mention) => [mention, passageOrder(mention.id)]));
  mentions.sort((a, b) => byDate(a, b) || compare(a.articleId, b.articleId) || order.get(a)! - order.get(b)!);
  const dates = sightings.filter(({ found }) => found.passages.length > 0 || 'roles' in found).flatMap(({ article }) => (article.citation.date ? [article.citation.date] : [])).sort();
  const related = new Map<Entry, number>();
  for (const id of seenPassages) for (const other of byPassage.get(id) ?? []) if (other !== entry) related.set(other, (related.get(other) ?? 0) + 1);
  const aliases = new Map<string, string>();
  for (const alias of aliasesOf(entry)) if (alias !== entry.name && !aliases.has(alias.toLowerCase())) aliases.set(alias.toLowerCase(), alias);
  return {
    name: entry.name,
    aliases: [...aliases.values()],
    roles,
    mentions,
    quotes,
    statements,
    firstMentioned: dates[0] ?? null,
    lastMentioned: dates.at(-1) ?? null,
    related: [...related]
      .sort((a, b) => b[1] - a[1] || b[0].mentions - a[0].mentions)
      .slice(0, MAX_RELATED)
      .map(([other, count]) => ({ name: other.name, mentions: count })),
  };
}

function byDate(a: Citation, b: Citation): number {
  return compare(a.date ?? '9999', b.date ?? '9999');
}

/** Plain code-unit order: ids and ISO dates need no locale, and a locale compare is slow over thousands of mentions. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "004#p12.2" -> 12.2, so that passages sort in reading order; lines that are no passages ("004#l7") come after them. */
function passageOrder(id: string): number {
  const match = /#p(\d+)(?:\.(\d+))?$/.exec(id);
  if (match) return Number(match[1]) + Number(match[2] ?? 0) / 1000;
  const line = /#l(\d+)$/.exec(id);
  return line ? 1e6 + Number(line[1]) : 0;
}
