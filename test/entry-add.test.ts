/**
 * The running bot adds on its own: `npm start` (the real entry, in a process of its own) with a
 * feed and Discord configured polls the feed at start and adds its item, and /brief add through
 * the Discord stand-in adds a link, both answered from within seconds.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './console/run-cli.js';
import { freePort, getJson } from './setup/local.js';
import { APP_ID, FakeDiscord } from './discord/fake-discord.js';
import { HARBOUR, LocalWeb, newsPage } from './ingest/local-web.js';
import { OWN_ARTICLE } from './ingest/setup.js';

const EDITOR = '300000000000000042';

const health = (port: number) => getJson(`http://127.0.0.1:${port}/healthz`);

describe('npm start with a feed and Discord configured', () => {
  const fake = new FakeDiscord();
  let web: LocalWeb;
  beforeAll(async () => {
    await fake.start();
    web = await new LocalWeb().start();
    web.page('/stories/bridge', newsPage({ title: 'Footbridge over the Lunde river opens', paragraphs: ['A footbridge over the Lunde river opened on Saturday, linking the school to the new houses on the east bank.'] }));
    web.feed('/feeds/lunde.rss', 'application/rss+xml', () => `<?xml version="1.0"?><rss version="2.0"><channel><title>Lunde</title><item><title>Bridge</title><link>${web.url('/stories/bridge')}</link></item></channel></rss>`);
  });
  afterAll(async () => {
    await fake.close();
    await web.close();
  });

  it('adds the feed’s item without anyone asking, and a link an editor posts, then stops cleanly', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'briefbot-entry-add-'));
    const corpus = path.join(cwd, 'corpus');
    mkdirSync(corpus);
    writeFileSync(path.join(corpus, 'salmon.md'), OWN_ARTICLE);
    const healthPort = await freePort();
    const child = spawn(process.execPath, [BIN], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: 'entry.add.token',
        DISCORD_APP_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        HEALTH_PORT: String(healthPort),
        CORPUS_DIR: corpus,
        BRIEFBOT_CACHE_DIR: path.join(cwd, 'cache'),
        BRIEFBOT_EDITORS: EDITOR,
        BRIEFBOT_ALLOW_PRIVATE_URLS: 'true',
        FEEDS: web.url('/feeds/lunde.rss'),
        FEEDS_INTERVAL_MINUTES: '30',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await fake.whenIdentified();
      let report = await health(healthPort);
      for (let i = 0; i < 100 && report.corpus.articles < 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        report = await health(healthPort);
      }
      expect(report.corpus.articles).toBe(2);
      expect(report.feeds).toEqual([expect.objectContaining({ url: web.url('/feeds/lunde.rss'), lastResult: 'fetched', itemsAdded: 1, lastError: null })]);

      const id = fake.subcommand('brief', 'add', [{ name: 'url', value: web.url('/news/harbour') }], EDITOR);
      const responses = await fake.waitFor(id, (r) => r.some((x) => x.method === 'PATCH'), 20_000);
      const body = responses.find((r) => r.method === 'PATCH')!.body;
      expect(body.content).toMatch(/^\*\*Added to the corpus\.\*\* Added to the corpus as harbour-at-kvalvik/);
      expect(body.embeds[0].title).toBe(HARBOUR.title);

      const ask = fake.command('ask', [{ name: 'question', value: 'Lunde footbridge' }]);
      const answer = (await fake.waitFor(ask, (r) => r.some((x) => x.method === 'PATCH'))).find((r) => r.method === 'PATCH')!.body;
      expect(JSON.stringify(answer.embeds)).toMatch(/Footbridge over the Lunde river opens/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"msg":"polling feeds"/);
    expect(stderr).toMatch(/"msg":"feeds: added new items"/);
  });
});
