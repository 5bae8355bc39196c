/**
 * createBriefing(): the one object the adapters talk to. It reads the corpus, builds the
 * passage index, the people and the timeline, and answers /ask, /who and /timeline with
 * plain records.
 */
import { openBriefing } from './cache.js';
import { cutPassages, type FileStamp } from './corpus/index.js';
import { createPeopleIndex, type ArticlePeople } from './people/index.js';
import { answeringPassages, parseQuery, rank, toHits } from './search/ask.js';
import { PassageIndex, toCitation, type PassageSet } from './search/index.js';
import { terms } from './search/terms.js';
import { runAll } from './slices.js';
import type { SnapshotContent } from './snapshot.js';
import { createTimeline, parseTimelineQuery, type ArticleEvents } from './timeline/index.js';
import { parseCommand } from './commands.js';
import { formatDate } from './format.js';
import type { Answer, Article, AskAnswer, Paragraph, Passage, CorpusInfo, ErrorAnswer, PageOptions, Suggestion, TimelineAnswer, WhoAnswer } from './types.js';

export interface BriefingOptions {
  /** The folder of articles. */
  corpusDir: string;
  /** Told of every file skipped or read only in part, and of a snapshot that was not usable. */
  onWarning?: (message: string) => void;
  /** Where the index snapshot is kept; without it the index is built on every start. */
  cacheDir?: string;
  /** Told how far a build has got (not called when a snapshot is loaded). */
  onProgress?: Progress;
  /**
   * The cache folder is used as it is and never written (a snapshot built ahead of time and
   * shipped to several hosts): a snapshot that does not match the corpus is warned of, and the
   * index is built in memory. A folder that cannot be written is taken as read-only too.
   */
  readOnlyCache?: boolean;
  /** A build's lock older than this without a sign of life is taken over by another process (ms). */
  staleLockMs?: number;
  /** The snapshot is rewritten this long after the last of a run of live updates (ms). */
  saveDelayMs?: number;
  /** Told when a snapshot rewritten after live updates is written, or why it was not. */
  onSaved?: (outcome: { ms: number } | { error: string }) => void;
}

/**
 * How far a build has got: articles read (parsed and cleaned), articles indexed, then the
 * two corpus-wide merges (people, events).
 */
export type Progress = (stage: 'reading' | 'indexing' | 'merging', done: number, total: number) => void;

/** How the index came to be: built now, or loaded from a snapshot written at `at`. */
export interface BuildInfo {
  fromSnapshot: boolean;
  at: string;
}

export interface Briefing {
  /** What was searched: the number of articles and their date span. */
  readonly corpus: CorpusInfo;
  readonly build: BuildInfo;
  ask(question: string, page?: PageOptions): AskAnswer;
  /** A person's profile; with no name, the people directory, paged by `page`. */
  who(name: string, page?: PageOptions): WhoAnswer;
  timeline(query: string, page?: PageOptions): TimelineAnswer;
  suggestPeople(prefix: string): Suggestion[];
  suggestPeriods(prefix: string): Suggestion[];
  /** Answers one command line ("/ask ...", "who ..."); bad input answers with an error record. */
  run(line: string, page?: PageOptions): Answer | ErrorAnswer;
  /** Every article as indexed: its metadata and paragraphs (not its lines). */
  articles(): Article[];
  /**
   * Adds or replaces an article (live updates). `read` is the file's stamp and hash as read,
   * which a snapshot rewritten later records so that the next start can trust it.
   */
  setArticle(article: Article, read?: { stamp: FileStamp; hash: string }): void;
  removeArticle(articleId: string): void;
}

export const DEFAULT_LIMIT = 3;
export const DEFAULT_TIMELINE_LIMIT = 10;
export const DEFAULT_DIRECTORY_LIMIT = 25;
const MAX_LIMIT = 25;
// The directory is a list of names, not of passages: a client may read it in long pages.
const MAX_DIRECTORY_LIMIT = 1000;

/**
 * Reads the corpus folder and builds everything the commands need; with a cache folder, loads
 * the snapshot there when it matches the corpus, or builds and writes it (src/cache.ts).
 * @example const briefing = await createBriefing({ corpusDir: 'corpus' });
 *          briefing.ask('what military aid has China given').hits[0].source
 */
export async function createBriefing(options: BriefingOptions): Promise<Briefing> {
  return openBriefing(options);
}

/** The briefing a snapshot holds: its passage index loaded, its people and events merged. */
export function restoreBriefing(content: SnapshotContent, at: string): BuiltBriefing {
  const passages = new Map<string, Passage[]>(content.articles.map((article) => [article.articleId, []]));
  for (const passage of content.passages) passages.get(passage.articleId)?.push(passage);
  const people = new Map(content.people.map((found) => [found.articleId, found]));
  const events = new Map(content.events.map((found) => [found.articleId, found]));
  const prepared = content.articles.map((article): PreparedArticle => {
    const [found, dated] = [people.get(article.articleId), events.get(article.articleId)];
    if (!found || !dated) throw new Error(`the people or events of ${article.articleId} are missing`);
    return { article, passages: passages.get(article.articleId)!, people: found, events: dated };
  });
  const search = PassageIndex.restore(content.search, content.articles, content.passages);
  return assemble(prepared, { search, fromSnapshot: true, at });
}

export interface BuildOptions {
  onProgress?: Progress;
}

/** An article with what is made of it: its passages, and its people and events when they are extracted already. */
export interface PreparedArticle {
  article: Article;
  passages: Passage[];
  people?: ArticlePeople;
  events?: ArticleEvents;
}

/** A briefing with what a snapshot of it needs. */
export type BuiltBriefing = Briefing & {
  /** Everything a snapshot keeps, as the briefing holds it now. */
  snapshot(): SnapshotContent;
  /** The same in steps, for work in slices (src/slices.ts); valid only if nothing changes meanwhile. */
  snapshotSteps(): Generator<void, SnapshotContent>;
  /** The file an article was read from. */
  fileOf(articleId: string): string | undefined;
};

/** Builds a briefing over articles already read. */
export function buildBriefing(initial: Article[], options: BuildOptions = {}): BuiltBriefing {
  return assemble(initial.map((article) => ({ article, passages: cutPassages(article) })), { onProgress: options.onProgress });
}

/**
 * The briefing over prepared articles. With `search`, their passages are indexed already (a
 * snapshot's index, or one filled as the articles were prepared); people and events given with
 * an article are not extracted again.
 */
export function assemble(initial: PreparedArticle[], options: { search?: PassageIndex; fromSnapshot?: boolean; at?: string; onProgress?: Progress }): BuiltBriefing {
  const restored = options.fromSnapshot === true;
  const indexed = options.search !== undefined;
  const search = options.search ?? new PassageIndex();
  const build: BuildInfo = { fromSnapshot: restored, at: options.at ?? new Date().toISOString() };
  const articles = new Map<string, Article>();
  // Articles with their paragraphs again, made from the passages when asked for (adding from chat).
  const withParagraphs = new Map<string, Article>();
  const people = createPeopleIndex(
    (id) => search.passages.get(id)?.text ?? '',
    (name) => {
      // The passages that write a name hold each of its words as typed: a word no article has,
      // or one only a typo correction finds, names no one, and the search is not run.
      if (terms(name).some((term) => search.frequency(term) === 0)) return [];
      const query = parseQuery(search, name);
      if (query.concepts.some((concept) => !concept.known || concept.corrected)) return [];
      return rank(search, query, { ordered: false }).map((hit) => hit.match.passage.id);
    },
  );
  const timeline = createTimeline({ matchTopic: (topic, within) => matchTopic(topic, within) });
  let corpus = describe([]);

  // The timeline asks about one set of event passages until it is built again.
  const eventSets = new WeakMap<ReadonlySet<string>, PassageSet>();
  function matchTopic(topic: string, within: ReadonlySet<string>): string[] {
    let among = eventSets.get(within);
    if (among === undefined) {
      among = search.passageSet(within);
      eventSets.set(within, among);
    }
    return answeringPassages(search, parseQuery(search, topic), among);
  }

  function setArticle(article: Article): void {
    if (articles.has(article.articleId)) removeArticle(article.articleId);
    const passages = cutPassages(article);
    const source = { article, citation: toCitation(article), passages };
    articles.set(article.articleId, withoutText(article));
    withParagraphs.delete(article.articleId);
    search.add(article, passages);
    people.setArticle(source);
    timeline.setArticle(source);
    corpus = describe([...articles.values()]);
  }

  function removeArticle(articleId: string): void {
    if (!articles.delete(articleId)) return;
    withParagraphs.delete(articleId);
    search.remove(articleId);
    people.removeArticle(articleId);
    timeline.removeArticle(articleId);
    corpus = describe([...articles.values()]);
  }

  function listArticles(): Article[] {
    return [...articles.values()].map((article) => {
      let whole = withParagraphs.get(article.articleId);
      if (!whole) {
        whole = { ...article, paragraphs: paragraphsOf(search.passagesOf(article.articleId)) };
        withParagraphs.set(article.articleId, whole);
      }
      return whole;
    });
  }

  function* snapshotSteps(): Generator<void, SnapshotContent> {
    const content = { articles: [...articles.values()], passages: search.allPassages(), people: people.extracted(), events: timeline.extracted() };
    return { ...content, search: yield* search.save() };
  }

  function ask(question: string, page: PageOptions = {}): AskAnswer {
    const { limit, offset } = pageOf(page);
    const query = parseQuery(search, question);
    const answer: AskAnswer = { command: 'ask', query: query.text, hits: [], corpus, next: null };
    if (query.concepts.length === 0) {
      answer.message = query.text === '' ? 'Ask a question, e.g. /ask what military aid has China given.' : `"${query.text}" has only common words; ask about a person, place, event or topic.`;
      return answer;
    }
    const ranked = rank(search, query);
    const { hits, more } = toHits(search, ranked, offset + limit);
    answer.hits = hits.slice(offset);
    answer.next = more ? offset + limit : null;
    // Folding every near-duplicate to count exactly would cost more than the page itself: past
    // the page, the passages are counted as ranked.
    answer.total = more ? ranked.length : hits.length;
    const unknown = query.concepts.filter((concept) => !concept.known).flatMap((concept) => concept.words);
    if (answer.hits.length === 0) answer.message = nothingFound(query.text, unknown, corpus, offset > 0);
    else if (unknown.length > 0) answer.message = `No article mentions ${quoteList(unknown)}; these passages match the rest of the question.`;
    if (query.notice) answer.message = [query.notice, answer.message].filter(Boolean).join(' ');
    return answer;
  }

  function who(name: string, page: PageOptions = {}): WhoAnswer {
    const query = name.replace(/\s+/g, ' ').trim().slice(0, 200);
    if (query === '') {
      const { limit, offset } = pageOf({ limit: page.limit ?? DEFAULT_DIRECTORY_LIMIT, offset: page.offset }, MAX_DIRECTORY_LIMIT);
      const listed = people.list(offset, limit);
      const answer: WhoAnswer = { command: 'who', query, person: null, people: listed.people, candidates: [], suggestions: [], next: listed.next };
      if (listed.people.length === 0) answer.message = offset > 0 ? 'No more people.' : 'The articles name no one yet.';
      return answer;
    }
    return { command: 'who', query, ...people.who(query) };
  }

  function timelineOf(query: string, page: PageOptions = {}): TimelineAnswer {
    const text = query.replace(/\s+/g, ' ').trim().slice(0, 200);
    const { limit, offset } = pageOf({ limit: page.limit ?? DEFAULT_TIMELINE_LIMIT, offset: page.offset });
    const result = timeline.timeline(text, { limit, offset });
    if (result.events.length > 0) {
      // With events to show, `periods` breaks down every event of the query, each in one period.
      return { command: 'timeline', query: text, ...result, total: result.periods.reduce((sum, p) => sum + p.events, 0) };
    }
    const periods = offset === 0 ? suggestedPeriods(result.periods, text) : result.periods;
    return { command: 'timeline', query: text, ...result, periods, total: offset === 0 ? 0 : null };
  }

  function run(line: string, page?: PageOptions): Answer | ErrorAnswer {
    let parsed;
    try {
      parsed = parseCommand(line);
    } catch (error) {
      return { command: line.trim().split(/\s+/)[0]?.replace(/^\//, '').slice(0, 40) ?? '', error: (error as Error).message };
    }
    try {
      switch (parsed.command) {
        case 'ask':
          if (parsed.query === '') return { command: 'ask', error: 'empty question: write it after /ask' };
          return ask(parsed.query, page);
        case 'who':
          return who(parsed.query, page);
        case 'timeline':
          return timelineOf(parsed.query, page);
        case 'help':
          return { command: 'help', error: 'help is shown by each adapter' };
      }
    } catch (error) {
      return { command: parsed.command, error: (error as Error).message.replace(/^briefbot: /, '') };
    }
  }

  // A plain loop, not a callback: a closure here would keep the snapshot's parsed form alive
  // for as long as the briefing (every closure of this function shares one context).
  for (let done = 0; done < initial.length; done += 1) {
    const prepared = initial[done]!;
    const source = { article: prepared.article, citation: toCitation(prepared.article), passages: prepared.passages };
    const id = source.article.articleId;
    articles.set(id, withoutText(source.article));
    if (!indexed) search.add(source.article, source.passages);
    people.setArticle(source, prepared.people);
    timeline.setArticle(source, prepared.events);
    options.onProgress?.('indexing', done + 1, initial.length);
  }
  options.onProgress?.('merging', 0, 2);
  // A start from a snapshot answers sooner: the large profiles are made between the first questions.
  people.prepare(restored ? 'soon' : 'now');
  options.onProgress?.('merging', 1, 2);
  timeline.prepare();
  options.onProgress?.('merging', 2, 2);
  corpus = describe([...articles.values()]);
  return {
    get corpus() {
      return corpus;
    },
    build,
    snapshot: () => runAll(snapshotSteps()),
    snapshotSteps,
    fileOf: (articleId) => articles.get(articleId)?.file,
    ask,
    who,
    timeline: timelineOf,
    suggestPeople: (prefix) => people.suggest(prefix.slice(0, 100), 25),
    suggestPeriods: (prefix) => timeline.suggest(prefix.slice(0, 100), 25),
    run,
    articles: listArticles,
    setArticle,
    removeArticle,
  };
}

/** The paragraphs that passages were cut from: the parts of a cut paragraph joined again. */
function paragraphsOf(passages: Passage[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const passage of passages) {
    const last = paragraphs.at(-1);
    if (last && last.number === passage.paragraph) last.text += ` ${passage.text}`;
    else paragraphs.push({ number: passage.paragraph, text: passage.text, heading: passage.heading });
  }
  return paragraphs;
}

/**
 * An article's paragraphs and lines feed its passages and the extraction of its people and
 * events; once those are made (and saved in the snapshot) the briefing keeps the rest.
 */
function withoutText(article: Article): Article {
  return { ...article, paragraphs: [], lines: [] };
}

function pageOf(page: PageOptions, maxLimit = MAX_LIMIT): Required<PageOptions> {
  const limit = Math.min(maxLimit, Math.max(1, Math.floor(page.limit ?? DEFAULT_LIMIT)));
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  return { limit, offset };
}

function describe(articles: Article[]): CorpusInfo {
  const dates = articles.flatMap((article) => (article.date ? [article.date] : [])).sort();
  return { articles: articles.length, from: dates[0] ?? null, to: dates.at(-1) ?? null };
}

function nothingFound(query: string, unknownWords: string[], corpus: CorpusInfo, pastEnd: boolean): string {
  if (pastEnd) return `No more passages answer "${query}".`;
  const span = corpus.from && corpus.to ? ` (${formatDate(corpus.from)} to ${formatDate(corpus.to)})` : '';
  const missing = unknownWords.length > 0 ? ` No article mentions ${quoteList(unknownWords)}.` : '';
  return `Nothing in the ${corpus.articles} articles${span} answers "${query}".${missing} Try the names, places and events they cover, or /timeline to browse them by date.`;
}

// An empty period suggests this many of the nearest periods, then the largest.
const NEAREST_PERIODS = 2;

/**
 * The periods to suggest for a query without events: the nearest to the period asked for
 * first, then the rest by their number of events, largest first.
 */
function suggestedPeriods(periods: TimelineAnswer['periods'], query: string): TimelineAnswer['periods'] {
  const asked = anchorOf(query);
  const byEvents = (a: (typeof periods)[number], b: (typeof periods)[number]) => b.events - a.events;
  if (asked === null) return [...periods].sort(byEvents);
  // The labels are the timeline's own ("Aug 2024", "2021"), so its parser reads them back.
  const distance = new Map(periods.map((p) => [p, Math.abs((anchorOf(p.period) ?? asked) - asked)]));
  const nearest = [...periods].sort((a, b) => distance.get(a)! - distance.get(b)! || byEvents(a, b)).slice(0, NEAREST_PERIODS);
  return [...nearest, ...periods.filter((p) => !nearest.includes(p)).sort(byEvents)];
}

/** The month a query's period starts in, counted from year 0; null when it names no dated period. */
function anchorOf(query: string): number | null {
  const period = parseTimelineQuery(query).period;
  if (period?.kind !== 'range') return null;
  const [year, month] = period.from.split('-').map(Number);
  return year! * 12 + (month ?? 1) - 1;
}

function quoteList(words: string[]): string {
  return words.map((word) => `"${word}"`).join(', ');
}
