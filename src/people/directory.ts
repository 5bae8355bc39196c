/**
 * The people of the whole corpus: each article's people merged into one entry a person, with
 * the names to look them up by (every alias, spelling variant and surname) and, for typos,
 * a fuzzy map of those names.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Citation, PersonListing, PersonProfile, PersonQuote, Suggestion, WhoAnswer } from '../types.js';
import type { ArticlePeople, FoundPerson, LooseName } from './extract.js';
import { createCorpusOrder } from '../corpus/order.js';
import { runAll } from '../slices.js';
import { isCommonWord, lexicon, nameKey, spellingsOf, usualKey, usualSpelling } from './lexicon.js';

export type WhoResult = Omit<WhoAnswer, 'command' | 'query'>;

export interface Directory {
  who(query: string): WhoResult;
  suggest(prefix: string, limit: number): Suggestion[];
  /** The people by mentions, `limit` of them from `offset`, each with their main role. */
  list(offset: number, limit: number): { people: PersonListing[]; next: number | null };
  /** Adds or replaces one article's people (`file` places it in corpus order); the people it touches are merged again. */
  setArticle(article: ArticlePeople, file: string): void;
  removeArticle(articleId: string): void;
  /** Makes again, in steps (src/slices.ts), the profiles made ahead that a change dropped. */
  refresh(): Generator<void, void>;
}

interface Sighting {
  article: ArticlePeople;
  found: FoundPerson | LooseName;
}

/** One name an article gives, with the words through which it can meet another article's names. */
interface Item extends Sighting {
  kind: 'full' | 'single' | 'loose';
  /** Its place in the article's list of people (of loose names for a loose one). */
  index: number;
  tokens: string[];
}

interface Entry {
  key: string;
  surname: string;
  sightings: Sighting[];
  items: Item[];
  /** The item that made the entry: its pass and place in corpus order decide ties, as in one build over the corpus. */
  creator: Item;
  name: string;
  mentions: number;
  label: string;
  /** The role the articles give most often, null when they give none. */
  role: string | null;
  /** The keys it is found under: [key, exact] pairs, as added to the name maps. */
  names: Array<[string, boolean]>;
  oneWord: string[];
  passages: Set<string>;
  profile?: PersonProfile;
}

const MAX_SUGGESTIONS = 5;
const MAX_LABEL = 99;
const MAX_RELATED = 5;
/** A one-word name used alone for several people is the one mentioned this many times as often as the next. */
const DOMINANT_MENTIONS = 2;
// People mentioned this often get their profile made ahead, not on the first lookup: a
// profile of thousands of mentions takes tens of milliseconds to make.
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
  const directory = createDirectory(passages);
  directory.setArticles([...articles].map((article) => ({ article, file: article.articleId })));
  return directory;
}

/**
 * The people directory, kept up to date one article at a time. A change merges again only the
 * names it touches: those that share a word that could join them (a full name, its reversed
 * form, its first and last words, a family name) with the article's, and so on; the merge of
 * those is the same as that of one build over the whole corpus, in corpus order.
 */
export function createDirectory(passages: PassageLookup): Directory & { setArticles(articles: Array<{ article: ArticlePeople; file: string }>): void } {
  const articles = new Map<string, { article: ArticlePeople; file: string; items: Item[] }>();
  const order = createCorpusOrder();
  /** Token -> the items that have it: made on the first change after the first articles (or between questions before it). */
  let byToken: Map<string, Set<Item>> | null = null;
  const entryOf = new Map<Item, Entry>();
  let ranked: Entry[] = [];
  const aliases = new Map<string, Set<Entry>>();
  const oneWord = new Map<string, Set<Entry>>();
  const nameSets = new Map<string, Set<Entry>>();
  /**
   * Every name for fuzzy and prefix lookups. The order it walks names in breaks ties among
   * suggestions; after a change it is made again in the background, in the order one build
   * makes it, so that it walks them as after a fresh start.
   */
  let names = new SearchableMap<Set<Entry>>();
  let namesInOrder = true;
  let changes = 0;
  /** Passage -> the people it mentions (arrays: most passages mention one or two). */
  const byPassage = new Map<string, Entry[]>();
  // Names no person took, with where they stand (lines of tables included, which no search reaches).
  const unplaced = new Map<string, Set<string>>();
  // Lines that are no passages (table rows, line-ups, headings) keep their text with the article's people.
  const lineText = new Map<string, string>();
  const citations = new Map<string, Citation>();
  /** Entries whose profile a change dropped while it was made ahead. */
  const stale = new Set<Entry>();
  const passageText = (id: string) => lineText.get(id) ?? passages.text(id);

  const byCreation = (a: Entry, b: Entry) => compareItems(a.creator, b.creator);
  function compareItems(a: Item, b: Item): number {
    return passOf(a) - passOf(b) || order.rank(a.article.articleId) - order.rank(b.article.articleId) || a.index - b.index;
  }

  /** Items in corpus order: by article, then by their place in it (full names, loose names kept apart by the merge). */
  function sortItems(items: Item[]): Item[] {
    const keyed = items.map((item) => ({ item, key: order.rank(item.article.articleId) * 2 ** 21 + (item.kind === 'loose' ? 2 ** 20 : 0) + item.index }));
    return keyed.sort((a, b) => a.key - b.key).map(({ item }) => item);
  }

  function allItems(): Item[] {
    const placed = [...articles.values()].map((entry) => ({ entry, rank: order.rank(entry.article.articleId) })).sort((a, b) => a.rank - b.rank);
    return placed.flatMap(({ entry }) => entry.items);
  }
  const byMentions = (a: Entry, b: Entry) => b.mentions - a.mentions || a.name.localeCompare(b.name) || byCreation(a, b);

  function itemsOf(article: ArticlePeople): Item[] {
    const items: Item[] = [];
    article.people.forEach((found, index) => items.push({ article, found, index, kind: found.key.includes(' ') ? 'full' : 'single', tokens: tokensOf(found.key, found.surname) }));
    article.loose.forEach((found, index) => items.push({ article, found, index, kind: 'loose', tokens: tokensOf(found.key, null) }));
    return items;
  }

  function index(items: Item[], add: boolean): void {
    if (byToken === null) return;
    for (const item of items) {
      for (const token of item.tokens) {
        let set = byToken.get(token);
        if (add) byToken.set(token, (set ??= new Set()).add(item));
        else if (set?.delete(item) && set.size === 0) byToken.delete(token);
      }
    }
  }

  function* indexTokens(): Generator<void, Map<string, Set<Item>>> {
    const made = new Map<string, Set<Item>>();
    let done = 0;
    for (const { items } of articles.values()) {
      for (const item of items) for (const token of item.tokens) (made.get(token) ?? made.set(token, new Set()).get(token)!).add(item);
      if (++done % 500 === 0) yield;
    }
    return made;
  }

  /** Every item that shares a token with these, directly or through others. */
  function touched(tokens: Iterable<string>): Item[] {
    byToken ??= runAll(indexTokens());
    const queue = [...new Set(tokens)];
    const seen = new Set<string>(queue);
    const found = new Set<Item>();
    while (queue.length > 0) {
      for (const item of byToken!.get(queue.pop()!) ?? []) {
        if (found.has(item)) continue;
        found.add(item);
        for (const token of item.tokens) if (!seen.has(token)) (seen.add(token), queue.push(token));
      }
    }
    return [...found];
  }

  function setArticles(list: Array<{ article: ArticlePeople; file: string }>): void {
    const first = articles.size === 0;
    const tokens: string[] = [];
    const dropped: Item[] = [];
    for (const { article, file } of list) {
      const before = articles.get(article.articleId);
      if (before) {
        dropped.push(...before.items);
        index(before.items, false);
        forgetArticle(before.article);
        // A file moved (same name, another folder) takes the place of the new path.
        if (before.file !== file) order.remove(article.articleId);
      }
      order.place(article.articleId, file);
      const items = itemsOf(article);
      articles.set(article.articleId, { article, file, items });
      index(items, true);
      learnArticle(article);
      if (first) continue;
      for (const item of [...(before?.items ?? []), ...items]) tokens.push(...item.tokens);
    }
    // The first articles are all merged together: every item, in corpus order, as one build.
    if (first) remerge(null, []);
    else remerge(tokens, dropped);
  }

  function removeArticle(articleId: string): void {
    const before = articles.get(articleId);
    if (!before) return;
    articles.delete(articleId);
    index(before.items, false);
    forgetArticle(before.article);
    remerge(before.items.flatMap((item) => item.tokens), before.items);
    order.remove(articleId);
  }

  function learnArticle(article: ArticlePeople): void {
    citations.set(article.articleId, article.citation);
    for (const line of article.lines ?? []) lineText.set(line.id, line.text);
  }

  function forgetArticle(article: ArticlePeople): void {
    citations.delete(article.articleId);
    for (const line of article.lines ?? []) lineText.delete(line.id);
  }

  /** Merges again the items these tokens reach; `dropped` are items gone, whose entries go too. */
  function remerge(tokens: string[] | null, dropped: Item[]): void {
    changes += 1;
    // Names added to a map that already has some are walked in another order than one build's.
    if (nameSets.size > 0) namesInOrder = false;
    const items = tokens === null ? allItems() : sortItems(touched(tokens));
    const old = new Set<Entry>();
    for (const item of [...items, ...dropped]) {
      const entry = entryOf.get(item);
      if (entry) old.add(entry);
      entryOf.delete(item);
    }
    const looseKeys = new Set([...items, ...dropped].filter((item) => item.kind === 'loose').map((item) => item.found.key));
    for (const key of looseKeys) unplaced.delete(key);
    for (const entry of old) unlink(entry);
    const made = merge(items);
    for (const entry of made) link(entry);
    // Profiles that name the changed people among the related ones are made again.
    for (const entry of [...old, ...made]) for (const id of entry.passages) for (const other of byPassage.get(id) ?? []) dropProfile(other);
    if (old.size > 0) ranked = ranked.filter((entry) => !old.has(entry));
    if (made.length > ranked.length / 8) ranked = [...ranked, ...made].sort(byMentions);
    else for (const entry of made.sort(byMentions)) ranked.splice(upperBound(ranked, (other) => byMentions(entry, other)), 0, entry);
    for (const entry of made) if (entry.mentions >= EAGER_PROFILE_MENTIONS) stale.add(entry);
  }

  function dropProfile(entry: Entry): void {
    if (entry.profile && entry.mentions >= EAGER_PROFILE_MENTIONS) stale.add(entry);
    entry.profile = undefined;
  }

  /** The entries of these items (sorted in corpus order): one build's merge, over them alone. */
  function merge(items: Item[]): Entry[] {
    let entries: Entry[] = [];
    const byKey = new Map<string, Entry>();
    const bySurname = new Map<string, Set<Entry>>();
    const create = (item: Item): Entry => {
      const found = item.found as FoundPerson;
      const entry: Entry = { key: found.key, surname: found.surname, sightings: [], items: [], creator: item, name: found.name, mentions: 0, label: '', role: null, names: [], oneWord: [], passages: new Set() };
      entries.push(entry);
      byKey.set(found.key, entry);
      if (found.key.includes(' ')) bySurname.set(found.surname, (bySurname.get(found.surname) ?? new Set()).add(entry));
      return entry;
    };
    const join = (entry: Entry, item: Item) => {
      entry.sightings.push(item);
      entry.items.push(item);
    };
    // Full names first, so that a surname alone can find its person; a two-word name written in
    // either order ("Higuchi Ichiyo", "Ichiyo Higuchi") is one person.
    for (const item of items) if (item.kind === 'full') join(byKey.get(item.found.key) ?? byKey.get(flipped(item.found.key)) ?? create(item), item);
    entries = mergeMiddleNames(entries, byKey, bySurname);
    const onlyBySurname = (key: string): Entry | undefined => {
      const matches = bySurname.get(key);
      return matches?.size === 1 ? [...matches][0] : undefined;
    };
    for (const item of items) {
      if (item.kind !== 'single') continue;
      const key = item.found.key;
      const entry = byKey.get(key) ?? onlyBySurname(key) ?? (bySurname.has(key) ? undefined : create(item));
      if (entry) join(entry, item);
    }
    for (const item of items) {
      if (item.kind !== 'loose') continue;
      const key = item.found.key;
      const entry = byKey.get(key) ?? (key.includes(' ') ? undefined : onlyBySurname(key));
      if (entry) join(entry, item);
      else for (const id of item.found.passages) unplaced.set(key, (unplaced.get(key) ?? new Set()).add(id));
    }
    for (const entry of entries) {
      for (const item of entry.items) entryOf.set(item, entry);
      entry.name = displayName(entry);
      for (const { found } of entry.sightings) for (const id of found.passages) entry.passages.add(id);
      entry.mentions = entry.passages.size;
      entry.role = mainRole(entry);
      entry.label = labelOf(entry);
      for (const alias of aliasesOf(entry)) {
        const key = nameKey(alias);
        if (key !== '' && !key.includes(' ')) entry.oneWord.push(key);
        entry.names.push([key, true], [usualKey(key), true]);
        const parts = key.split(' ');
        if (parts.length === 2) entry.names.push([`${parts[1]} ${parts[0]}`, true]);
        for (const part of parts) if (part.length >= 2) entry.names.push([part, false]);
      }
    }
    return entries;
  }

  function link(entry: Entry): void {
    for (const key of entry.oneWord) oneWord.set(key, (oneWord.get(key) ?? new Set()).add(entry));
    for (const [key, exact] of entry.names) {
      if (key === '') continue;
      // A single word ("Wang") may be several people's name: it is looked up with the name words.
      if (exact && key.includes(' ')) aliases.set(key, (aliases.get(key) ?? new Set()).add(entry));
      let set = nameSets.get(key);
      if (set === undefined) {
        nameSets.set(key, (set = new Set()));
        names.set(key, set);
      }
      set.add(entry);
    }
    for (const id of entry.passages) {
      const here = byPassage.get(id);
      if (here === undefined) byPassage.set(id, [entry]);
      else if (!here.includes(entry)) here.push(entry);
    }
  }

  function unlink(entry: Entry): void {
    const drop = (map: Map<string, Set<Entry>>, key: string) => {
      const set = map.get(key);
      if (set?.delete(entry) && set.size === 0) {
        map.delete(key);
        return true;
      }
      return false;
    };
    for (const key of entry.oneWord) drop(oneWord, key);
    for (const [key, exact] of entry.names) {
      if (exact && key.includes(' ')) drop(aliases, key);
      if (drop(nameSets, key)) names.delete(key);
    }
    for (const id of entry.passages) {
      const here = byPassage.get(id);
      const at = here?.indexOf(entry) ?? -1;
      if (at !== -1) here!.splice(at, 1);
      if (here?.length === 0) byPassage.delete(id);
    }
    stale.delete(entry);
  }

  const profile = (entry: Entry) => (entry.profile ??= profileOf(entry, byPassage, passageText, byCreation));

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
        // A hyphenated given name keeps its second part in lower case ("Chan Kwok-wai").
        const words = match[1]!.split(/[\s.[\]"“”]+/).filter(Boolean);
        const capitalised = words.every((word, at) => word === 'of' ? at > 0 && at < words.length - 1 : hyphenedName(word));
        if (!/^\p{Lu}/u.test(match[1]!) || !capitalised) continue;
        // One word glued to other capitalised words is part of another name ("State Law and Order ...").
        const end = match.index + match[0].length;
        const sentenceEnds = match[1]!.endsWith('.');
        if (!key.includes(' ') && (gluedBefore(text.slice(Math.max(0, match.index - 40), match.index)) || (!sentenceEnds && /^ \p{Lu}/u.test(text.slice(end, end + 2))))) continue;
        named = true;
        written ??= match[1]!.replace(/[[\]]/g, '');
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

  const candidatesOf = (found: Iterable<Entry>) => [...found].sort(byMentions).map((entry) => ({ name: entry.name, mentions: entry.mentions }));

  function answer(found: Set<Entry>, query: string, typo: boolean): WhoResult {
    if (found.size === 1) {
      const entry = [...found][0]!;
      const result: WhoResult = { person: profile(entry), candidates: [], suggestions: [] };
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
      const alone = [...(oneWord.get(key) ?? [])].sort((a, b) => Number(b.key === key) - Number(a.key === key) || b.mentions - a.mentions || byCreation(a, b));
      const others = [...(word ?? [])].filter((entry) => entry !== alone[0]).sort((a, b) => b.mentions - a.mentions || byCreation(a, b));
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
    // One walk of the names within two edits serves the typo and the suggestions.
    const near = [...names.fuzzyGet(key, fuzzyDistance(key))];
    const typos = new Set([...closest(near, key.length >= 5 ? 2 : 1)].filter((entry) => agrees(key, entry)));
    if (typos.size > 0) return answer(typos, query, true);
    const suggestions = suggestionsFor(names, key, near).slice(0, MAX_SUGGESTIONS).map((entry) => entry.name);
    return {
      person: null,
      candidates: [],
      suggestions,
      message: `No person named "${query}" in the ${articles.size} articles.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : ''}`,
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
      found = [...matching].sort(byMentions).slice(0, max);
    }
    return found.map((entry) => ({ label: entry.label, value: entry.name, count: entry.mentions }));
  }

  function list(offset: number, limit: number): { people: PersonListing[]; next: number | null } {
    const page = ranked.slice(offset, offset + limit).map((entry) => ({ name: entry.name, mentions: entry.mentions, role: entry.role }));
    return { people: page, next: offset + limit < ranked.length ? offset + limit : null };
  }

  function* refresh(): Generator<void, void> {
    const generation = changes;
    if (byToken === null) {
      const made = yield* indexTokens();
      if (changes !== generation) return;
      byToken = made;
    }
    for (const entry of [...stale]) {
      if (changes !== generation) return;
      stale.delete(entry);
      if (entry.mentions < EAGER_PROFILE_MENTIONS || entry.profile) continue;
      profile(entry);
      yield;
    }
    if (namesInOrder) return;
    const fresh = new SearchableMap<Set<Entry>>();
    const entries = new Set<Entry>();
    for (const set of nameSets.values()) for (const entry of set) entries.add(entry);
    yield;
    for (const [done, entry] of [...entries].sort(byCreation).entries()) {
      for (const [key] of entry.names) if (key !== '' && !fresh.has(key)) fresh.set(key, nameSets.get(key)!);
      if (done % 500 === 499) {
        yield;
        if (changes !== generation) return;
      }
    }
    names = fresh;
    namesInOrder = true;
  }

  return { who, suggest, list, setArticle: (article, file) => setArticles([{ article, file }]), setArticles, removeArticle, refresh };
}

/** Full names are merged first, the other names after (the pass that made an entry). */
function passOf(item: Item): number {
  return item.kind === 'full' ? 0 : 1;
}

/** The words through which a name can meet another: its key, reversed, its first and last words, its family name. */
function tokensOf(key: string, surname: string | null): string[] {
  const tokens = [key];
  const words = key.split(' ');
  if (words.length === 2) tokens.push(`${words[1]} ${words[0]}`);
  if (words.length > 2) tokens.push(`${words[0]} ${words.at(-1)}`);
  if (surname !== null && surname !== key) tokens.push(surname);
  return tokens;
}

/** "Higuchi Ichiyo" for "Ichiyo Higuchi": a two-word name in the other order. */
function flipped(key: string): string {
  return key.split(' ').length === 2 ? key.split(' ').reverse().join(' ') : key;
}

/** The first place in a sorted list where `before(item)` no longer holds... the place where `compareTo(other) < 0` first. */
function upperBound<T>(list: T[], compareTo: (other: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareTo(list[middle]!) < 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * "Ingrid Solheim" and "Ingrid Marie Solheim" are one person when only one fuller name has
 * the shorter one's words, first and last alike ("Ola Berg" stays apart from both "Ola
 * K. Berg" and "Ola T. K. Berg"). Returns the entries left.
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
      target.items.push(...short.items);
      merged.add(short);
      byKey.set(short.key, target);
      bySurname.get(short.surname)?.delete(short);
    }
  }
  const kept = entries.filter((entry) => !merged.has(entry));
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

/**
 * A name the articles could write for a person: not a known place or organisation, and not
 * opening with a calendar, common or organisation word. The words after the first may be any
 * word ("Brede Or", "Vasilko I", "Sigrun Breivik Hill"): the text must write each capitalised.
 */
function isPossibleName(key: string): boolean {
  const [first, ...rest] = key.split(' ');
  if (lexicon.placesLarge.has(key) || lexicon.organisations.has(key)) return false;
  if (rest.length === 0 && lexicon.places.has(key)) return false;
  const word = first!;
  return !(lexicon.organisationWords.has(word) || lexicon.nonNames.has(word) || lexicon.stopWords.has(word) || lexicon.nationalities.has(word));
}

/**
 * Whether a word as written may stand in a name: each part of it capitalised or a particle
 * ("al-Nouri"), or the lower-case second part of a hyphenated given name ("Kwok-wai").
 */
function hyphenedName(word: string): boolean {
  const parts = word.split('-');
  const capital = (part: string) => /^‘?\p{Lu}/u.test(part);
  return parts.every((part, at) => capital(part) || lexicon.particles.has(part) || (at > 0 && capital(parts[at - 1]!)));
}

/** Whether the text before a word ends in a capitalised word of the same name ("State Law"), not a title or a sentence's end. */
function gluedBefore(before: string): boolean {
  const word = /(\p{Lu}[\p{L}'’-]*)([.!?:;,]?) $/u.exec(before);
  if (!word || word[2] !== '') return false;
  const lower = word[1]!.toLowerCase();
  return !lexicon.titles.has(lower) && !lexicon.honorifics.has(lower) && !lexicon.nationalities.has(lower) && !lexicon.givenNames.has(lower);
}

/** The query's words as the text may write them ("T. K. Lunde Berg", "Lunde Berg's"), captured. */
function namePattern(query: string): RegExp | null {
  const parts = query.split(/[\s.]+/).filter(Boolean).map((word) => word.replace(/['’‘]s$/u, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (parts.length === 0 || parts.length > 8) return null;
  // Between words a space or a hyphen; after an initial, a period alone will do ("T.K. Berg").
  // A word may stand in an editor's brackets or in quotes: "[Tom] Arnesen", 'Karin "Kari" Dahl'.
  return new RegExp(`(?<![\\p{L}\\p{N}])(${parts.join('(?:\\.[\\]"”’]?\\s*|\\.?[\\]"”’]?[\\s-]+)[\\["“‘]?')}\\.?)(?![\\p{L}\\p{N}])`, 'giu');
}

function stripTitles(key: string): string {
  const parts = key.split(' ');
  while (parts.length > 1 && (lexicon.titles.has(parts[0]!) || lexicon.honorifics.has(parts[0]!) || lexicon.nationalities.has(parts[0]!) || lexicon.roleModifiers.has(parts[0]!))) parts.shift();
  return parts.join(' ');
}

/** The people whose names are nearest to a misspelt key, at the smallest distance found. */
type Near = Array<[string, [Set<Entry>, number]]>;

/** Up to two edits, fewer in a short word ("Li" is not "Xi"). */
const fuzzyDistance = (word: string) => Math.min(2, Math.max(1, Math.floor(word.length / 2)));

/** The entries of the fewest edits, within `maxDistance`. */
function closest(near: Near, maxDistance: number): Set<Entry> {
  let best = Infinity;
  let found = new Set<Entry>();
  for (const [, [set, distance]] of near) {
    if (distance > maxDistance) continue;
    if (distance < best) {
      best = distance;
      found = new Set(set);
    } else if (distance === best) for (const entry of set) found.add(entry);
  }
  return found;
}

/** Names near the whole key (`near`) or near one of its words, fewest edits first. */
function suggestionsFor(names: SearchableMap<Set<Entry>>, key: string, near: Near): Entry[] {
  const scored = new Map<Entry, number>();
  const words = key.split(' ');
  const found = [near, ...(words.length > 1 ? words.map((word) => [...names.fuzzyGet(word, fuzzyDistance(word))]) : [])];
  for (const matches of found) {
    for (const [, [set, distance]] of matches) {
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

function profileOf(entry: Entry, byPassage: Map<string, Entry[]>, passageText: (id: string) => string, byCreation: (a: Entry, b: Entry) => number): PersonProfile {
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
  for (const id of seenPassages) {
    const here = byPassage.get(id);
    if (here === undefined) continue;
    // In the order the people were made, as one build over the corpus has them.
    for (const other of here.length > 1 ? [...here].sort(byCreation) : here) if (other !== entry) related.set(other, (related.get(other) ?? 0) + 1);
  }
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
