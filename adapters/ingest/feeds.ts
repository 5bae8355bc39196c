/**
 * News feeds (RSS, Atom, RDF, JSON Feed): polled every interval, each new item's link added as
 * a link from chat is (`added_by: feed <url>`), its feed date used when the page has none.
 * ETag and Last-Modified are sent back, so an unchanged feed costs a 304; a failing feed waits
 * twice as long after each failure (up to a day) and is logged; one feed's failure never stops
 * the others. What each feed has done is kept in a small JSON file beside the index snapshots.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeed } from 'feedsmith';
import { DEFAULT_POLICY, fetchSafely, Refusal, type FetchPolicy } from './fetch.js';
import type { Ingest } from './index.js';

/** What a feed has done, as `briefbot feeds` prints it. */
export interface FeedState {
  url: string;
  /** When it was last fetched (ISO), and how that went. */
  lastFetchAt: string | null;
  lastResult: 'fetched' | 'not-modified' | 'failed' | null;
  /** Items the feed listed at its last fetch, items added then, and items added in all. */
  itemsInFeed: number;
  lastAdded: number;
  itemsAdded: number;
  /** The last failure of the feed or of one of its items; null once a fetch went through cleanly. */
  lastError: string | null;
  /** Failures in a row: each doubles the wait before the next try. */
  failures: number;
  /** When it is polled next (ISO), null before the first poll. */
  nextAt: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Keys (guid, id or link) of the items already handled. */
  seen: string[];
}

export interface FeedLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface FeedOptions {
  feeds: readonly string[];
  ingest: Pick<Ingest, 'addLink'>;
  /** The JSON file the feeds' states are kept in (feedStatePath). */
  stateFile: string;
  intervalMs: number;
  policy?: Partial<FetchPolicy>;
  logger?: FeedLogger;
  now?: () => Date;
}

export interface FeedPoller {
  /** Polls every feed once now, whatever its wait, and returns every feed's state. */
  pollAll(): Promise<FeedState[]>;
  /** Polls each feed when it is due, from now on, until stop(). */
  start(): void;
  stop(): Promise<void>;
  states(): FeedState[];
}

const MAX_BACKOFF_MS = 24 * 60 * 60_000;
const MAX_SEEN = 2_000;
// Refusals worth trying again: the page may answer next time.
const TRANSIENT = new Set(['timeout', 'unreachable', 'http-error']);

/** Where the feeds' states for a corpus folder are kept: one file per corpus, as for snapshots. */
export function feedStatePath(cacheDir: string, corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `feeds-${key}.json`);
}

/**
 * The feed poller over a list of feed URLs.
 * @example const feeds = createFeedPoller({ feeds, ingest, stateFile, intervalMs: 30 * 60_000, logger });
 *          feeds.start(); // ...; await feeds.stop();
 */
export function createFeedPoller(options: FeedOptions): FeedPoller {
  const policy: FetchPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? { info: () => {}, warn: () => {} };
  const states = new Map<string, FeedState>(options.feeds.map((url) => [url, emptyState(url)]));
  let loaded: Promise<void> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const load = () =>
    (loaded ??= readFile(options.stateFile, 'utf8').then(
      (text) => {
        const saved = JSON.parse(text) as Record<string, Partial<FeedState>>;
        for (const [url, state] of states) states.set(url, { ...state, ...saved[url], url, seen: Array.isArray(saved[url]?.seen) ? saved[url]!.seen! : [] });
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') log.warn({ file: options.stateFile, err: error.message }, 'feeds: could not read the feed states; starting afresh');
      },
    ));

  const save = () => {
    const text = JSON.stringify(Object.fromEntries(states), null, 1);
    writing = writing
      .then(async () => {
        await mkdir(path.dirname(options.stateFile), { recursive: true });
        const temp = `${options.stateFile}.${process.pid}.tmp`;
        await writeFile(temp, text, 'utf8');
        await rename(temp, options.stateFile);
      })
      .catch((error: Error) => log.warn({ file: options.stateFile, err: error.message }, 'feeds: could not save the feed states'));
    return writing;
  };

  async function poll(url: string): Promise<void> {
    const state = states.get(url)!;
    const at = now();
    state.lastFetchAt = at.toISOString();
    try {
      const fetched = await fetchSafely({ url, kind: 'feed', etag: state.etag, lastModified: state.lastModified }, policy);
      if (fetched.notModified) {
        Object.assign(state, { lastResult: 'not-modified', lastAdded: 0, lastError: null, failures: 0 });
      } else {
        const items = readItems(fetched.bytes, fetched.charset, fetched.url);
        const outcome = await addNew(url, state, items);
        // An item that could not be fetched is tried again: the next poll must not get a 304.
        const retry = outcome.retry > 0;
        Object.assign(state, {
          lastResult: 'fetched',
          itemsInFeed: items.length,
          lastAdded: outcome.added,
          itemsAdded: state.itemsAdded + outcome.added,
          lastError: outcome.error,
          failures: 0,
          etag: retry ? null : fetched.etag,
          lastModified: retry ? null : fetched.lastModified,
        });
        if (outcome.added > 0) log.info({ feed: url, added: outcome.added }, 'feeds: added new items');
      }
      state.nextAt = new Date(dueAt(state)).toISOString();
    } catch (error) {
      const message = error instanceof Refusal || error instanceof FeedError ? error.message : `briefbot: ${(error as Error).message}`;
      state.failures += 1;
      Object.assign(state, { lastResult: 'failed', lastAdded: 0, lastError: message });
      state.nextAt = new Date(dueAt(state)).toISOString();
      log.warn({ feed: url, failures: state.failures, nextAt: state.nextAt, err: message }, 'feeds: the feed failed; trying again later');
    }
    await save();
  }

  /** Adds the items not seen before, oldest first; says how many were added and how many to retry. */
  async function addNew(feed: string, state: FeedState, items: FeedItem[]): Promise<{ added: number; retry: number; error: string | null }> {
    const seen = new Set(state.seen);
    let added = 0;
    let retry = 0;
    let error: string | null = null;
    for (const item of [...items].reverse()) {
      if (stopped) {
        retry += 1;
        continue;
      }
      if (seen.has(item.key)) continue;
      const answer = await options.ingest.addLink(item.link, { label: `feed ${feed}`, ids: [], trusted: true }, { feedDate: item.date });
      if (answer.status === 'added') added += 1;
      if (answer.status === 'refused') {
        error = `${item.link}: ${answer.message}`;
        log.warn({ feed, item: item.link, reason: answer.reason, err: answer.message }, 'feeds: an item was not added');
        if (TRANSIENT.has(answer.reason ?? '')) {
          retry += 1;
          continue;
        }
      }
      seen.add(item.key);
    }
    // The items the feed still lists, then the most recent of the rest.
    const listed = new Set(items.map((item) => item.key));
    state.seen = [...[...seen].filter((key) => listed.has(key)), ...[...seen].filter((key) => !listed.has(key))].slice(0, MAX_SEEN);
    return { added, retry, error };
  }

  /**
   * When a feed is due: an interval after its last fetch, twice that after a failure, four
   * times after two, up to a day. Worked out from the interval of this run, so a changed
   * FEEDS_INTERVAL_MINUTES counts at once.
   */
  function dueAt(state: FeedState): number {
    if (state.lastFetchAt === null) return 0;
    const wait = Math.min(options.intervalMs * 2 ** state.failures, Math.max(options.intervalMs, MAX_BACKOFF_MS));
    return Date.parse(state.lastFetchAt) + wait;
  }

  async function pollDue(): Promise<void> {
    await load();
    const time = now().getTime();
    for (const [url, state] of states) {
      if (stopped) return;
      if (dueAt(state) <= time) await poll(url);
    }
  }

  function schedule(): void {
    if (stopped) return;
    const next = Math.min(...[...states.values()].map((s) => dueAt(s) - now().getTime()));
    // At least a second apart, and never longer than an interval, so a changed clock heals.
    const delay = Math.min(Math.max(next, Math.min(1_000, options.intervalMs)), options.intervalMs);
    timer = setTimeout(() => {
      running = pollDue()
        .catch((error: Error) => log.warn({ err: error.message }, 'feeds: polling failed'))
        .finally(schedule);
    }, delay);
    timer.unref();
  }

  return {
    async pollAll() {
      await load();
      for (const url of states.keys()) await poll(url);
      return [...states.values()];
    },
    start() {
      if (states.size === 0) return;
      stopped = false;
      running = load().then(() => {
        // The first poll comes at once for a feed never polled or overdue.
        schedule();
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await writing;
    },
    states: () => [...states.values()],
  };
}

function emptyState(url: string): FeedState {
  return { url, lastFetchAt: null, lastResult: null, itemsInFeed: 0, lastAdded: 0, itemsAdded: 0, lastError: null, failures: 0, nextAt: null, etag: null, lastModified: null, seen: [] };
}

class FeedError extends Error {}

interface FeedItem {
  key: string;
  link: string;
  date: string | null;
}

/** The items of an RSS, Atom, RDF or JSON feed: each one's key, absolute link and date. */
function readItems(bytes: Buffer, charset: string | null, base: string): FeedItem[] {
  const text = decodeFeed(bytes, charset);
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (error) {
    throw new FeedError(`${base} is not an RSS, Atom or JSON feed (${(error as Error).message.toLowerCase()}).`);
  }
  const items: FeedItem[] = [];
  const push = (link: unknown, id: unknown, date: unknown) => {
    const href = absolute(typeof link === 'string' ? link : null, base);
    if (href === null) return;
    items.push({ key: typeof id === 'string' && id.trim() !== '' ? id.trim() : href, link: href, date: typeof date === 'string' ? date : null });
  };
  switch (parsed.format) {
    case 'rss':
      for (const item of parsed.feed.items ?? []) push(item.link ?? (item.guid?.isPermaLink !== false ? item.guid?.value : undefined), item.guid?.value, item.pubDate ?? item.dc?.dates?.[0]);
      break;
    case 'atom':
      for (const entry of parsed.feed.entries ?? []) {
        const links = entry.links ?? [];
        const link = links.find((l) => l.rel === 'alternate') ?? links.find((l) => l.rel === undefined);
        push(link?.href, entry.id, entry.published ?? entry.updated);
      }
      break;
    case 'rdf':
      for (const item of parsed.feed.items ?? []) push(item.link, item.rdf?.about, item.dc?.dates?.[0]);
      break;
    case 'json':
      for (const item of parsed.feed.items ?? []) push(item.url ?? item.external_url, item.id, item.date_published ?? item.date_modified);
      break;
  }
  return items;
}

/** A feed's text: the charset the server named, else the XML declaration's, else UTF-8. */
function decodeFeed(bytes: Buffer, charset: string | null): string {
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  for (const label of [charset, declared, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: try the next.
    }
  }
  return bytes.toString('utf8');
}

function absolute(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
