import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedPoller, feedStatePath, type FeedLogger } from '../../adapters/ingest/index.js';
import { LocalWeb, newsPage } from './local-web.js';
import { eventually, liveCorpus, type LiveCorpus } from './setup.js';

let web: LocalWeb;
let live: LiveCorpus;
const warnings: Array<Record<string, unknown>> = [];
const logger: FeedLogger = { info: () => {}, warn: (fields, message) => void warnings.push({ ...fields, message }) };

/** Town news, one story a place, each with words of its own. */
const PLACES = ['Brekka', 'Dalsnes', 'Eidvik', 'Fossheim', 'Granli', 'Holmen', 'Isfjord', 'Jarnes'];
function story(place: string, date: string | null = '2024-03-20T06:00:00Z') {
  return newsPage({
    title: `New school opens in ${place} after two years of building`,
    paragraphs: [`The new school in ${place} opened its doors on Monday to two hundred pupils from the valley.`, `Teachers in ${place} said the pupils had waited two years for the building, which replaces three village schools.`],
    date,
  });
}

const rssItems: string[] = ['Brekka', 'Dalsnes'];
const atomEntries: string[] = ['Eidvik', 'Fossheim'];
let rss: { touch(): void };
let atom: { touch(): void };

function rssFeed(): string {
  const items = rssItems
    .map((place) => `<item><title>School in ${place}</title><link>/stories/${place.toLowerCase()}</link><guid isPermaLink="false">story-${place}</guid><pubDate>Wed, 20 Mar 2024 06:00:00 GMT</pubDate></item>`)
    .reverse()
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Valley News</title><link>${web.url('/')}</link><description>Schools</description>${items}</channel></rss>`;
}

function atomFeed(): string {
  const entries = atomEntries
    .map((place) => `<entry><title>School in ${place}</title><id>tag:valley,2024:${place}</id><link rel="replies" href="/comments/${place}"/><link rel="alternate" href="${web.url(`/stories/${place.toLowerCase()}`)}"/><published>2024-03-21T06:00:00Z</published><updated>2024-03-22T06:00:00Z</updated></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Atom</title><id>tag:valley,2024:feed</id><updated>2024-03-22T06:00:00Z</updated>${entries}</feed>`;
}

beforeAll(async () => {
  web = await new LocalWeb().start();
  live = await liveCorpus();
  for (const place of PLACES) web.page(`/stories/${place.toLowerCase()}`, story(place, place === 'Fossheim' ? null : undefined));
  rss = web.feed('/feeds/valley.rss', 'application/rss+xml; charset=utf-8', rssFeed);
  atom = web.feed('/feeds/valley.atom', 'application/atom+xml', atomFeed);
  web.page('/feeds/not-a-feed', '<!doctype html><html><body><p>Hello</p></body></html>');
});

afterAll(async () => {
  await live?.close();
  await web?.close();
});

const titles = () => live.briefing.articles().map((a) => a.title);

describe('feeds', () => {
  const feeds = () => [web.url('/feeds/valley.rss'), web.url('/feeds/missing.rss'), web.url('/feeds/valley.atom'), web.url('/feeds/not-a-feed')];
  const poller = (intervalMs = 60_000) => createFeedPoller({ feeds: feeds(), ingest: live.ingest, stateFile: feedStatePath(live.cacheDir, live.dir), intervalMs, policy: { allowPrivate: true, timeoutMs: 2_000 }, logger });

  it('adds every item of an RSS and an Atom feed, and a failing feed stops neither', async () => {
    const states = await poller().pollAll();
    const [valley, missing, valleyAtom, notFeed] = states;
    expect(valley).toMatchObject({ lastResult: 'fetched', itemsInFeed: 2, lastAdded: 2, itemsAdded: 2, failures: 0, lastError: null, etag: '"v1"' });
    expect(valleyAtom).toMatchObject({ lastResult: 'fetched', itemsInFeed: 2, lastAdded: 2, itemsAdded: 2 });
    expect(missing).toMatchObject({ lastResult: 'failed', failures: 1, lastError: `Nothing was found at ${web.url('/feeds/missing.rss')} (404 Not Found).` });
    expect(notFeed).toMatchObject({ lastResult: 'failed', failures: 1 });
    expect(notFeed!.lastError).toMatch(/is not an RSS, Atom or JSON feed/);
    for (const place of ['Brekka', 'Dalsnes', 'Eidvik', 'Fossheim']) expect(titles()).toContain(`New school opens in ${place} after two years of building`);
    expect(warnings.filter((w) => w.feed === web.url('/feeds/missing.rss')).map((w) => w.message)).toEqual(['feeds: the feed failed; trying again later']);
    // Atom: the alternate link, not the replies; an undated page takes the entry's date.
    expect(web.requestsTo('/comments/Fossheim')).toEqual([]);
    const fossheim = live.briefing.articles().find((a) => a.title?.includes('Fossheim'))!;
    expect(fossheim.date).toBe('2024-03-21');
    const saved = await readFile(path.join(live.dir, fossheim.file), 'utf8');
    expect(saved).toContain(`added_by: 'feed ${web.url('/feeds/valley.atom')}'`);
  });

  it('sends the validators back and adds nothing from an unchanged feed', async () => {
    const before = web.seen.length;
    const [valley, , valleyAtom] = await poller().pollAll();
    expect(valley).toMatchObject({ lastResult: 'not-modified', lastAdded: 0, itemsAdded: 2 });
    expect(valleyAtom).toMatchObject({ lastResult: 'not-modified' });
    const requests = web.seen.slice(before);
    expect(requests.find((r) => r.path === '/feeds/valley.rss')!.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': expect.any(String) });
    expect(requests.filter((r) => r.path.startsWith('/stories/'))).toEqual([]);
  });

  it('waits twice as long after each failure', async () => {
    const states = await poller().pollAll();
    const missing = states[1]!;
    expect(missing.failures).toBe(3);
    expect(Date.parse(missing.nextAt!) - Date.parse(missing.lastFetchAt!)).toBe(60_000 * 2 ** 3);
    expect(states[0]!.failures).toBe(0);
  });

  it('adds only the new item of a changed feed', async () => {
    rssItems.push('Granli');
    rss.touch();
    const before = web.seen.length;
    const [valley] = await poller().pollAll();
    expect(valley).toMatchObject({ lastResult: 'fetched', itemsInFeed: 3, lastAdded: 1, itemsAdded: 3 });
    expect(web.seen.slice(before).filter((r) => r.path.startsWith('/stories/')).map((r) => r.path)).toEqual(['/stories/granli']);
  });

  it('tries an item whose page failed again at the next poll', async () => {
    web.routes.set('/stories/holmen', (_req, res) => res.writeHead(503).end());
    rssItems.push('Holmen');
    rss.touch();
    const [first] = await poller().pollAll();
    expect(first).toMatchObject({ lastAdded: 0, etag: null });
    expect(first!.lastError).toMatch(/stories\/holmen: 127\.0\.0\.1 answered 503/);
    web.page('/stories/holmen', story('Holmen'));
    const [second] = await poller().pollAll();
    expect(second).toMatchObject({ lastResult: 'fetched', lastAdded: 1, lastError: null });
    expect(titles()).toContain('New school opens in Holmen after two years of building');
  });

  it('polls on its own: a new item appears without anyone asking', async () => {
    const running = poller(300);
    running.start();
    try {
      atomEntries.push('Isfjord');
      atom.touch();
      await eventually(() => titles().includes('New school opens in Isfjord after two years of building'));
      expect(live.briefing.ask('Isfjord school pupils').hits[0]!.title).toBe('New school opens in Isfjord after two years of building');
    } finally {
      await running.stop();
    }
  });

  it('keeps each feed’s state in a file, for the next start and for briefbot feeds', async () => {
    const file = JSON.parse(await readFile(feedStatePath(live.cacheDir, live.dir), 'utf8'));
    expect(file[web.url('/feeds/valley.rss')]).toMatchObject({ itemsAdded: 4, seen: expect.arrayContaining(['story-Brekka', 'story-Holmen']) });
    expect(file[web.url('/feeds/valley.atom')].seen).toContain('tag:valley,2024:Isfjord');
  });
});
