/**
 * `briefbot add`, `briefbot remove` and `briefbot feeds` as a user runs them (the real entry, in
 * a process of its own), against the local web on 127.0.0.1.
 */
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARBOUR, LocalWeb, newsPage } from '../ingest/local-web.js';
import { OWN_ARTICLE } from '../ingest/setup.js';
import { runCli } from './run-cli.js';

let web: LocalWeb;
let corpus: string;
let env: Record<string, string>;

beforeAll(async () => {
  web = await new LocalWeb().start();
  const root = await mkdtemp(path.join(tmpdir(), 'briefbot-cli-add-'));
  corpus = path.join(root, 'corpus');
  await mkdir(corpus);
  await writeFile(path.join(corpus, 'salmon.md'), OWN_ARTICLE);
  env = { BRIEFBOT_CACHE_DIR: path.join(root, 'cache'), BRIEFBOT_ALLOW_PRIVATE_URLS: 'true' };
  web.page('/stories/one', newsPage({ title: 'Gravel road to Nesset paved at last', paragraphs: ['The gravel road to Nesset was paved this week, forty years after the village first asked for it.', 'The county paid for the work from its road budget.'] }));
  web.feed('/feeds/one.rss', 'application/rss+xml', () => `<?xml version="1.0"?><rss version="2.0"><channel><title>One</title><item><title>Nesset</title><link>${web.url('/stories/one')}</link><pubDate>Mon, 25 Mar 2024 06:00:00 GMT</pubDate></item></channel></rss>`);
});

afterAll(async () => {
  await web?.close();
});

const cli = (args: string[], extra: Record<string, string> = {}) => runCli([...args, '--corpus', corpus], { env: { ...env, ...extra } });

describe('briefbot add', () => {
  it('fetches a link, saves it in the corpus and prints its citation, first passage and passage count', async () => {
    const run = await cli(['add', web.url('/news/harbour')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Saved as added\/harbour-at-kvalvik-reopens-after-the-winter-[0-9a-f]{8}\.md in the corpus folder \(3 passages\)\. A running bot answers from it within seconds; one started later reads it at start\.$/);
    expect(lines.slice(2, 4)).toEqual([`  Fjord Courier · 18 Mar 2024 · ${HARBOUR.title}`, `  ${HARBOUR.paragraphs[0]}`]);
    expect(lines[4]).toMatch(/^ {2}harbour-at-kvalvik-reopens-after-the-winter-[0-9a-f]{8} · 3 passages · added\/.*\.md · added by terminal on /);
    expect(await readdir(path.join(corpus, 'added'))).toHaveLength(1);
  });

  it('prints the answer as JSON, and names the article already there for the same page', async () => {
    const run = await cli(['add', web.url('/go/harbour'), '--json']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(Object.keys(answer)).toEqual(['command', 'query', 'status', 'reason', 'article', 'indexed', 'editors', 'message']);
    expect(answer).toMatchObject({ command: 'add', status: 'duplicate', reason: null, article: { title: HARBOUR.title, passages: 3, addedBy: 'terminal' } });
    expect(Object.keys(answer.article)).toEqual(expect.arrayContaining(['articleId', 'title', 'source', 'date', 'dateEstimated', 'url', 'translatedFrom', 'file', 'author', 'passages', 'firstPassage', 'addedBy', 'addedAt']));
  });

  it('is answered from after a restart', async () => {
    const run = await cli(['ask', 'Kvalvik breakwater repairs', '--json']);
    expect(JSON.parse(run.stdout).hits[0]).toMatchObject({ title: HARBOUR.title, source: 'Fjord Courier' });
  });

  it('adds a saved file given by its path', async () => {
    const file = path.join(path.dirname(corpus), 'quay.md');
    await writeFile(file, '---\ntitle: New quay cranes for Kvalvik\ndate: 2024-03-28\n---\nTwo new cranes arrived at the Kvalvik quay by barge on Thursday morning.\n');
    const run = await cli(['add', file, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'added', query: 'quay.md', article: { title: 'New quay cranes for Kvalvik', date: '2024-03-28' } });
  });

  it('refuses the local web without the allow flag, and says why for each refusal, with exit 1', async () => {
    const guarded = await cli(['add', web.url('/news/harbour')], { BRIEFBOT_ALLOW_PRIVATE_URLS: '' });
    expect(guarded.code).toBe(1);
    expect(guarded.stdout.trim()).toBe('127.0.0.1 is a loopback address. briefbot fetches only from the public web.');
    const localhost = await cli(['add', `http://localhost:${web.port}/news/tunnel`, '--json'], { BRIEFBOT_ALLOW_PRIVATE_URLS: 'false' });
    expect(JSON.parse(localhost.stdout)).toMatchObject({ status: 'refused', reason: 'private-address', message: expect.stringMatching(/^localhost resolves to .*, a loopback address\./) });
    const image = await cli(['add', web.url('/image.png')]);
    expect(image.code).toBe(1);
    expect(image.stdout).toMatch(/is not a web page or plain text \(it is image\/png\)\./);
  });
});

describe('briefbot remove', () => {
  it('removes an added article and keeps one put in the folder by hand', async () => {
    const added = JSON.parse((await cli(['add', web.url('/news/tunnel'), '--json'])).stdout);
    const removed = await cli(['remove', added.article.articleId]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(new RegExp(`^Removed ${added.article.articleId} from the corpus: Fjord Courier · date unknown · Vestby tunnel plan wins council backing\\.`));
    const kept = await cli(['remove', 'salmon']);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(/^salmon was not added from chat, the terminal or a feed, so it stays/);
  });
});

describe('briefbot feeds', () => {
  it('polls every feed once, adds what is new and prints each feed’s state', async () => {
    const feeds = `${web.url('/feeds/one.rss')}, ${web.url('/feeds/gone.rss')}`;
    const first = await cli(['feeds'], { FEEDS: feeds });
    expect(first.code).toBe(1);
    const [one, gone] = first.stdout.trim().split('\n\n');
    expect(one!.split('\n')).toEqual([
      web.url('/feeds/one.rss'),
      expect.stringMatching(/^ {2}last fetch: {3}\d+ \w+ \d{4}, \d\d:\d\d UTC: 1 new item added \(1 item in the feed\)$/),
      '  added in all: 1 item',
      '  last error:   none',
      expect.stringMatching(/^ {2}next poll: {4}\d+ \w+ \d{4}, \d\d:\d\d UTC$/),
    ]);
    expect(gone).toMatch(/last fetch: .*: failed\n {2}added in all: 0 items\n {2}last error: {3}Nothing was found at .*gone\.rss \(404 Not Found\)\./);
    expect(first.stderr).toMatch(/feeds: the feed failed; trying again later: .*gone\.rss/);

    const second = JSON.parse((await cli(['feeds', '--json'], { FEEDS: web.url('/feeds/one.rss') })).stdout);
    expect(second).toEqual([expect.objectContaining({ url: web.url('/feeds/one.rss'), lastResult: 'not-modified', lastAdded: 0, itemsAdded: 1, lastError: null })]);
    expect(second[0]).not.toHaveProperty('seen');
    const ask = JSON.parse((await cli(['ask', 'Nesset gravel road', '--json'])).stdout);
    expect(ask.hits[0]).toMatchObject({ title: 'Gravel road to Nesset paved at last' });
  });

  it('says how to set FEEDS when there are none', async () => {
    const run = await cli(['feeds']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^briefbot: no feeds to poll: set FEEDS/);
  });
});

describe('the console', () => {
  it('adds with /add and removes with /remove, answering once the bot answers from the article', async () => {
    web.page('/stories/console', newsPage({ title: 'Ferry pier at Nesset gets a new roof', paragraphs: ['The ferry pier at Nesset got a new roof this week, after the old one blew off in the January gale.'] }));
    const run = await runCli(['--corpus', corpus], { env, input: `/add ${web.url('/stories/console')}\n/ask Nesset pier roof\n/help\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Added to the corpus as ferry-pier-at-nesset-gets-a-new-roof-[0-9a-f]{8} \(1 passage\): \/ask answers from it now\.\n/);
    expect(run.stdout).toMatch(/1\. The ferry pier at Nesset got a new roof this week/);
    expect(run.stdout).toMatch(/ {2}\/add <url\|file>: Add an article from a link or a file \(editors only\)/);
    const id = /as (ferry-pier-at-nesset-gets-a-new-roof-[0-9a-f]{8})/.exec(run.stdout)![1]!;
    const removed = await runCli(['--corpus', corpus], { env, input: `/remove ${id}\n` });
    expect(removed.stdout).toMatch(new RegExp(`^Removed ${id} from the corpus: `));
  });
});
