/**
 * Adding articles from chat, the terminal and feeds: a link fetched safely, a shared file, or a
 * feed item, read as the corpus reads a page, saved as Markdown with front matter in the corpus
 * folder's `added/` folder, and answered once the live index (the corpus watcher) has read it.
 * The same canonical URL or the same text is never added twice. Only editors add or remove.
 */
import { mkdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Briefing } from '../../src/briefing.js';
import { cutPassages, wordShingles } from '../../src/corpus/index.js';
import { citationLine, plural } from '../../src/format.js';
import type { AddedArticle, Article, EditAnswer, RefusalReason, Suggestion } from '../../src/types.js';
import { articleIdFor, describeArticle, describeSaved, isSharedFile, provenanceOf, readShared, SHARED_EXTENSIONS, textKey, toMarkdown, urlKey, type Provenance } from './article.js';
import { DEFAULT_POLICY, fetchSafely, parseUrl, Refusal, type FetchPolicy } from './fetch.js';

export { DEFAULT_POLICY, fetchSafely, Refusal, type FetchPolicy, type Fetched, type ResolvedAddress } from './fetch.js';
export { addressProblem } from './address.js';
export { describeArticle, urlKey, textKey } from './article.js';
export { createFeedPoller, feedStatePath, type FeedLogger, type FeedPoller, type FeedState } from './feeds.js';

/** The folder of the corpus that added articles are saved in. */
export const ADDED_FOLDER = 'added';

/**
 * Makes the folder added articles go to. Call it before the corpus watcher starts: a folder
 * made just before its first file can hide that file from the watcher.
 */
export async function prepareAddedFolder(corpusDir: string): Promise<void> {
  await mkdir(path.join(corpusDir, ADDED_FOLDER), { recursive: true });
}

/** Who asks: what is recorded as `added_by`, and the ids checked against the editors. */
export interface Requester {
  /** "slack U0123", "discord 1234…", "terminal", "feed <url>". */
  label: string;
  /** The user's id and, in Discord, the ids of the user's roles. */
  ids: readonly string[];
  /** The terminal and feeds are editors without being listed. */
  trusted?: boolean;
}

/** A file shared in chat, downloaded from `url` (with `headers`, e.g. a bot token), or bytes at hand. */
export type SharedFile = { name: string; size: number | null; url: string; headers?: Record<string, string> } | { name: string; bytes: Uint8Array };

export interface IngestOptions {
  /** The live briefing: its articles for the duplicate check, its search to find near copies. */
  briefing: Pick<Briefing, 'articles' | 'ask'>;
  corpusDir: string;
  /** User and role ids that may add and remove (BRIEFBOT_EDITORS). */
  editors: readonly string[];
  /** The fetch limits; `allowPrivate` is BRIEFBOT_ALLOW_PRIVATE_URLS. */
  policy?: Partial<FetchPolicy>;
  /**
   * How long an answer waits for the live index to read the saved file; 0 when nothing watches
   * the folder (the CLI), so the answer says a running bot will read it.
   */
  indexTimeoutMs: number;
  /** Resolves once the live index watches the folder: a file written or removed before then would go unseen. */
  watching?: Promise<unknown>;
  now?: () => Date;
}

export interface Ingest {
  readonly editors: readonly string[];
  mayEdit(requester: Requester): boolean;
  /** Fetches a link and adds its article; `feedDate` dates an article whose page gives no date. */
  addLink(url: string, requester: Requester, options?: { feedDate?: string | null }): Promise<EditAnswer>;
  addFile(file: SharedFile, requester: Requester): Promise<EditAnswer>;
  /** Removes an article added this way (its file). */
  remove(articleId: string, requester: Requester): Promise<EditAnswer>;
  /** An article of the corpus as an add answer shows it (for Share), or null when it is gone. */
  describe(articleId: string): Promise<AddedArticle | null>;
  /** The added articles whose id or headline holds `typed`, for autocomplete. */
  suggestRemovable(typed: string): Suggestion[];
}

interface Pending {
  urls: string[];
  texts: string[];
  added: AddedArticle;
}

const POLL_MS = 100;
// Two texts sharing this share of their word trigrams are one story: a line or two more or less
// in a few hundred words keeps them above it, two reports of one event stay far below.
const NEAR_COPY = 0.85;
// Below this many trigrams (a few sentences) a near copy cannot be told from a common phrase.
const MIN_SHINGLES = 40;

/**
 * The adder over one corpus folder.
 * @example const ingest = createIngest({ briefing, corpusDir, editors: ['U0123'], indexTimeoutMs: 15_000 });
 *          await ingest.addLink('https://example.org/news/1', { label: 'slack U0123', ids: ['U0123'] });
 */
export function createIngest(options: IngestOptions): Ingest {
  const { briefing } = options;
  const policy: FetchPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const now = options.now ?? (() => new Date());
  const editors = [...new Set(options.editors)];
  // Saved but not yet read by the index: a second add of the same page must see them.
  const pending = new Map<string, Pending>();
  let chain: Promise<unknown> = Promise.resolve();
  const locked = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => {});
    return run;
  };
  const root = realpath(options.corpusDir).catch(() => {
    throw new Error(`briefbot: corpus folder not found: ${options.corpusDir}`);
  });

  const mayEdit = (requester: Requester) => requester.trusted === true || requester.ids.some((id) => editors.includes(id));

  function refused(command: EditAnswer['command'], query: string, reason: RefusalReason, message: string): EditAnswer {
    return { command, query, status: 'refused', reason, article: null, indexed: false, editors: reason === 'not-editor' ? editors : [], message };
  }

  function notEditor(command: EditAnswer['command'], query: string): EditAnswer {
    const what = command === 'add' ? 'add articles' : 'remove articles';
    const message = editors.length > 0 ? `Only editors can ${what}. Ask one of them, or the bot's operator, who lists editors in BRIEFBOT_EDITORS.` : `No one can ${what} from chat yet: the bot's operator lists the editors' user or role ids in BRIEFBOT_EDITORS.`;
    return refused(command, query, 'not-editor', message);
  }

  /** The article of the corpus (or just saved) with this URL key or text, if any. */
  function duplicateOf(urls: string[], texts: string[]): { article: AddedArticle | Article; by: 'url' | 'text' } | null {
    const articles = briefing.articles();
    const indexed = new Set(articles.map((a) => a.articleId));
    for (const id of pending.keys()) if (indexed.has(id)) pending.delete(id);
    for (const entry of pending.values()) {
      if (entry.urls.some((u) => urls.includes(u))) return { article: entry.added, by: 'url' };
      if (entry.texts.some((t) => texts.includes(t))) return { article: entry.added, by: 'text' };
    }
    if (urls.length > 0) {
      const byUrl = articles.find((a) => urls.includes(urlKey(a.url) ?? ''));
      if (byUrl) return { article: byUrl, by: 'url' };
    }
    if (texts.length > 0) {
      const byText = articles.find((a) => texts.includes(keyOf(a)));
      if (byText) return { article: byText, by: 'text' };
    }
    return null;
  }

  /**
   * An article of the corpus with nearly the same text (the same story with a line more or
   * less, another page's furniture): found by searching for its first passages, then judged by
   * the word trigrams the two share.
   */
  function nearCopyOf(read: Article): Article | null {
    const shingles = wordShingles(read.paragraphs.map((p) => p.text).join('\n'));
    if (shingles.size < MIN_SHINGLES) return null;
    const candidates = new Set<string>();
    for (const passage of cutPassages(read).slice(0, 2)) {
      for (const hit of briefing.ask(passage.text.slice(0, 300)).hits) {
        candidates.add(hit.articleId);
        for (const also of hit.alsoIn) candidates.add(also.articleId);
      }
    }
    const articles = briefing.articles().filter((a) => candidates.has(a.articleId));
    return articles.find((a) => jaccard(shingles, wordShingles(a.paragraphs.map((p) => p.text).join('\n'))) >= NEAR_COPY) ?? null;
  }

  async function duplicateAnswer(query: string, found: { article: AddedArticle | Article; by: 'url' | 'text' }): Promise<EditAnswer> {
    const article = 'passages' in found.article ? found.article : ((await describe(found.article.articleId)) ?? describeArticle(found.article, { addedBy: null, addedAt: null }));
    const what = found.by === 'url' ? 'That page' : 'The same text';
    return { command: 'add', query, status: 'duplicate', reason: null, article, indexed: true, editors: [], message: `${what} is already in the corpus, as ${article.articleId}: ${citationLine(article)}. It was not added again.` };
  }

  /** Saves the article read from a page or a file, unless the corpus has it; waits for the index. */
  async function save(query: string, read: Article, provenance: Provenance, urls: string[]): Promise<EditAnswer> {
    await options.watching;
    const outcome = await locked(async () => {
      const corpus = await root;
      const keys = [...new Set([urlKey(read.url), ...urls].filter((u): u is string => u !== null))];
      const folder = path.join(corpus, ADDED_FOLDER);
      const taken = new Set(briefing.articles().map((a) => a.articleId));
      const base = articleIdFor(read.title, keys[0] ?? keyOf(read), provenance.fetchedFrom ? new URL(provenance.fetchedFrom).hostname : path.parse(read.file).name);
      let id = base;
      for (let n = 2; taken.has(id) || pending.has(id) || (await exists(path.join(folder, `${id}.md`))); n += 1) id = `${base}-${n}`;
      const file = path.join(ADDED_FOLDER, `${id}.md`);
      const bytes = Buffer.from(toMarkdown(read, provenance), 'utf8');
      let saved;
      try {
        saved = describeSaved(file, bytes, provenance);
      } catch (error) {
        throw new Refusal('not-article', `No article text is left once the page is cleaned (${(error as Error).message}).`);
      }
      // The text as read now and as the index will read the saved file: an article added
      // before was indexed from its saved file.
      const texts = [keyOf(read), keyOf(saved.article)];
      const near = () => {
        const copy = nearCopyOf(saved.article);
        return copy ? { article: copy, by: 'text' as const } : null;
      };
      const duplicate = duplicateOf(keys, texts) ?? near();
      if (duplicate) return { duplicate };
      await mkdir(folder, { recursive: true });
      // Written beside its place under a dot name (which the watcher ignores), then renamed: the
      // index never reads half a file.
      const temp = path.join(folder, `.${id}.md.${process.pid}.tmp`);
      await writeFile(temp, bytes);
      await rename(temp, path.join(corpus, file));
      pending.set(id, { urls: [...new Set([...keys, urlKey(saved.article.url)].filter((u): u is string => u !== null))], texts, added: saved.added });
      return { saved: saved.added };
    });
    if ('duplicate' in outcome) return duplicateAnswer(query, outcome.duplicate!);
    const added = outcome.saved;
    const indexed = options.indexTimeoutMs > 0 && (await until(() => briefing.articles().some((a) => a.articleId === added.articleId), options.indexTimeoutMs));
    const passages = plural(added.passages, 'passage');
    const message = indexed
      ? `Added to the corpus as ${added.articleId} (${passages}): /ask answers from it now.`
      : options.indexTimeoutMs > 0
        ? `Saved as ${added.file} (${passages}); the answers include it as soon as the index has read the file.`
        : `Saved as ${added.file} in the corpus folder (${passages}). A running bot answers from it within seconds; one started later reads it at start.`;
    return { command: 'add', query, status: 'added', reason: null, article: added, indexed, editors: [], message };
  }

  /** Runs an add, turning a refusal into its answer. */
  async function attempt(query: string, work: () => Promise<EditAnswer>): Promise<EditAnswer> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Refusal) return refused('add', query, error.reason, error.message);
      throw error;
    }
  }

  async function addLink(link: string, requester: Requester, linkOptions: { feedDate?: string | null } = {}): Promise<EditAnswer> {
    const query = link.trim();
    if (!mayEdit(requester)) return notEditor('add', query);
    if (query === '') return refused('add', query, 'invalid', 'Give the link of the article to add (https://…), or send its file.');
    return attempt(query, async () => {
      const url = parseUrl(query);
      const asked = urlKey(url.href);
      const known = duplicateOf(asked ? [asked] : [], []);
      if (known) return duplicateAnswer(query, known);
      const fetched = await fetchSafely({ url: url.href, kind: 'page' }, policy);
      const html = fetched.mediaType !== 'text/plain' && (fetched.mediaType !== null || looksLikeHtml(fetched.bytes));
      const read = readPage(html ? 'page.html' : 'page.txt', fetched.bytes, { baseUrl: fetched.url, charset: fetched.charset });
      const provenance = { addedBy: requester.label, addedAt: now().toISOString(), fetchedFrom: fetched.url, fallbackDate: isoDay(linkOptions.feedDate) };
      return save(query, read, provenance, [asked, urlKey(fetched.url)].filter((u): u is string => u !== null));
    });
  }

  async function addFile(file: SharedFile, requester: Requester): Promise<EditAnswer> {
    const query = file.name;
    if (!mayEdit(requester)) return notEditor('add', query);
    return attempt(query, async () => {
      if (!isSharedFile(file.name)) throw new Refusal('not-article', `Only ${SHARED_EXTENSIONS.join(', ')} files can be added; "${file.name.slice(0, 80)}" is not one.`);
      let bytes: Uint8Array;
      if ('bytes' in file) {
        if (file.bytes.length > policy.maxBytes) throw new Refusal('too-large', `The file is larger than ${policy.maxBytes / 1024 / 1024} MB.`);
        bytes = file.bytes;
      } else {
        if (file.size !== null && file.size > policy.maxBytes) throw new Refusal('too-large', `The file is larger than ${policy.maxBytes / 1024 / 1024} MB.`);
        bytes = (await fetchSafely({ url: file.url, kind: 'file', headers: file.headers }, policy)).bytes;
      }
      const read = readPage(`shared${path.extname(file.name).toLowerCase()}`, bytes, {});
      const provenance = { addedBy: requester.label, addedAt: now().toISOString(), fetchedFrom: null, fallbackDate: null };
      return save(query, { ...read, file: file.name }, provenance, []);
    });
  }

  async function remove(articleId: string, requester: Requester): Promise<EditAnswer> {
    const query = articleId.trim().replace(/^[`'"]+|[`'"]+$/g, '');
    if (!mayEdit(requester)) return notEditor('remove', query);
    const article = briefing.articles().find((a) => a.articleId === query) ?? briefing.articles().find((a) => a.articleId.toLowerCase() === query.toLowerCase());
    if (!article) {
      return refused('remove', query, 'unknown-article', query === '' ? 'Name the article to remove by its id, e.g. /brief remove harbour-reopens-3f9a1c2b (the id each added article is shown with).' : `No article has the id "${query.slice(0, 80)}". Each added article is shown with its id; /ask shows the ids of the passages it finds (before the #).`);
    }
    const corpus = await root;
    const full = path.join(corpus, article.file);
    const text = full.startsWith(corpus + path.sep) ? await readFile(full, 'utf8').catch(() => null) : null;
    const provenance = text === null ? null : provenanceOf(text);
    if (provenance?.addedBy == null) {
      return refused('remove', query, 'not-removable', `${article.articleId} was not added from chat, the terminal or a feed, so it stays: remove its file (${article.file}) from the corpus folder on the server.`);
    }
    const described = describeArticle(article, provenance);
    await options.watching;
    await unlink(full);
    pending.delete(article.articleId);
    const indexed = options.indexTimeoutMs > 0 && (await until(() => !briefing.articles().some((a) => a.articleId === article.articleId), options.indexTimeoutMs));
    const message = indexed || options.indexTimeoutMs === 0 ? `Removed ${article.articleId} from the corpus: ${citationLine(described)}.` : `Removed the file of ${article.articleId}; the answers leave it out as soon as the index has noticed.`;
    return { command: 'remove', query, status: 'removed', reason: null, article: described, indexed, editors: [], message };
  }

  async function describe(articleId: string): Promise<AddedArticle | null> {
    const article = briefing.articles().find((a) => a.articleId === articleId);
    if (!article) return pending.get(articleId)?.added ?? null;
    const corpus = await root;
    const text = await readFile(path.join(corpus, article.file), 'utf8').catch(() => '');
    return describeArticle(article, provenanceOf(text));
  }

  function suggestRemovable(typed: string): Suggestion[] {
    const needle = typed.trim().toLowerCase();
    return briefing
      .articles()
      .filter((a) => a.file.startsWith(ADDED_FOLDER + path.sep) || a.file.startsWith(`${ADDED_FOLDER}/`))
      .filter((a) => a.articleId.toLowerCase().includes(needle) || (a.title ?? '').toLowerCase().includes(needle))
      .slice(0, 25)
      .map((a) => ({ label: a.title ? `${a.title} (${a.articleId})` : a.articleId, value: a.articleId, count: 1 }));
  }

  return { editors, mayEdit, addLink, addFile, remove, describe, suggestRemovable };
}

/** The page's article, or a Refusal saying why it holds none. */
function readPage(name: string, bytes: Uint8Array, options: { baseUrl?: string | null; charset?: string | null }): Article {
  try {
    return readShared(name, bytes, options);
  } catch (error) {
    const reason = (error as Error).message;
    throw new Refusal('not-article', /page|article/.test(reason) ? `${capitalised(reason)}.` : `That is not an article: ${reason}.`);
  }
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

/** Without a Content-Type, markup at the start is a web page. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<!--|<meta|<title)/i.test(Buffer.from(bytes.subarray(0, 512)).toString('latin1'));
}

const keys = new WeakMap<Article, string>();

/** An article's text key, kept for as long as the briefing holds that article. */
function keyOf(article: Article): string {
  let key = keys.get(article);
  if (key === undefined) {
    key = textKey(article);
    keys.set(article, key);
  }
  return key;
}

function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Polls `test` until it holds (true) or `timeoutMs` passes (false). */
async function until(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (test()) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
