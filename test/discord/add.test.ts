/**
 * Adding and removing articles through the real discord.js client logged in to the local
 * Discord stand-in: /brief add with a link from the local web or an attached file, Share,
 * /brief remove with its autocomplete, editors by user and by role, and every refusal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { HARBOUR, LocalWeb, newsPage, TUNNEL } from '../ingest/local-web.js';
import { DISCORD_EDITOR, DISCORD_EDITOR_ROLE, fetchModes, liveCorpus, type LiveCorpus } from '../ingest/setup.js';
import { APP_ID, FakeDiscord, USER_ID, type Captured } from './fake-discord.js';

const EPHEMERAL = 64;
const fake = new FakeDiscord();
let web: LocalWeb;
let live: LiveCorpus;
let adapter: DiscordAdapter;
let cacheDir: string;
let modes: ReturnType<typeof fetchModes>;

beforeAll(async () => {
  await fake.start();
  web = await new LocalWeb().start();
  live = await liveCorpus();
  modes = fetchModes(live);
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'briefbot-discord-add-'));
  adapter = await startDiscord({ briefing: live.briefing, config: { token: 'fake.bot.token', appId: APP_ID, guildId: null, apiUrl: fake.apiUrl }, logger: pino({ level: 'silent' }), cacheDir, rateLimitPerMinute: 1_000, ingest: modes.ingest });
});

afterAll(async () => {
  await adapter?.stop();
  await fake.close();
  await live?.close();
  await web?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

/** The deferral and the edit that answers a command; returns the edit's body. */
async function answerOf(id: string): Promise<any> {
  const responses = await fake.waitFor(id, (r) => r.some((x) => x.method === 'PATCH'), 20_000);
  const callback = responses.find((r) => r.path.endsWith('/callback'))!;
  expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
  const edit = responses.find((r: Captured) => r.method === 'PATCH')!;
  expect(edit.status).toBe(200);
  expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  return edit.body;
}

const add = (url: string, user = DISCORD_EDITOR) => answerOf(fake.subcommand('brief', 'add', [{ name: 'url', value: url }], user));
const buttons = (body: any): Array<{ label: string; custom_id: string }> => (body.components ?? []).flatMap((row: any) => row.components);

describe('discord /brief add', () => {
  it('answers privately with the headline linked, the first passage, the citation, the passage count and Share', async () => {
    const body = await add(web.url('/news/harbour'));
    const id = live.briefing.articles().find((a) => a.title === HARBOUR.title)!.articleId;
    expect(body.content).toBe(`**Added to the corpus.** Added to the corpus as ${id} (3 passages): /ask answers from it now.`);
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds;
    expect(embed).toMatchObject({ title: HARBOUR.title, url: web.url('/news/harbour-reopens'), description: HARBOUR.paragraphs[0] });
    expect(embed.footer.text).toMatch(new RegExp(`^Fjord Courier · 18 Mar 2024 · ${id} · 3 passages · added by discord ${DISCORD_EDITOR} on `));
    expect(buttons(body).map((b) => b.label)).toEqual(['Share']);
    expect(live.briefing.ask('Kvalvik breakwater').hits[0]!.articleId).toBe(id);
  });

  it('shares the card in the channel, saying who shared it', async () => {
    const body = await add(web.url('/news/tunnel'));
    const share = buttons(body).find((b) => b.label === 'Share')!;
    const click = fake.click(share.custom_id, DISCORD_EDITOR);
    const responses = await fake.waitFor(click, (r) => r.some((x) => x.method === 'POST' && x.path.startsWith('/webhooks/')) && r.some((x) => x.method === 'PATCH'));
    const posted = responses.find((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'))!.body;
    expect(posted.content).toBe(`Shared by <@${DISCORD_EDITOR}>`);
    expect(posted.embeds[0]).toMatchObject({ title: TUNNEL.title, description: TUNNEL.paragraphs[0] });
    expect(posted.flags ?? 0).toBe(0);
    expect(responses.find((r) => r.method === 'PATCH')!.body.content).toBe('✓ Shared in the channel.');
  });

  it('names the article already there for the same page', async () => {
    const body = await add(web.url('/go/harbour'));
    expect(body.content).toMatch(/^\*\*Already in the corpus\.\*\* That page is already in the corpus, as harbour-at-kvalvik-reopens-after-the-winter-[0-9a-f]{8}: Fjord Courier · 18 Mar 2024 · Harbour at Kvalvik/);
    expect(body.embeds[0].title).toBe(HARBOUR.title);
  });

  it('lets a member with an editor role add, and tells others who can, as users and roles', async () => {
    fake.memberRoles = [DISCORD_EDITOR_ROLE];
    try {
      const byRole = await add(web.url('/notes/ferry.txt'), USER_ID);
      expect(byRole.content).toMatch(/^\*\*Added to the corpus\.\*\*/);
    } finally {
      fake.memberRoles = [];
    }
    const before = web.seen.length;
    const refused = await add(web.url('/news/other'), USER_ID);
    expect(refused.content).toBe(`**Not added.** Only editors can add articles. Ask one of them, or the bot's operator, who lists editors in BRIEFBOT\\_EDITORS.\nEditors here: <@${DISCORD_EDITOR}>, <@${DISCORD_EDITOR_ROLE}>`);
    expect(refused.embeds).toEqual([]);
    expect(buttons(refused)).toEqual([]);
    expect(web.seen.length).toBe(before);
  });

  it('answers each refusal in its own words', async () => {
    const refusals: Array<[string, RegExp]> = [
      ['not a link', /is not a web address/],
      [web.url('/missing'), /Nothing was found at .*\(404 Not Found\)\.$/],
      [web.url('/big/declared'), /The page is larger than 5 MB\.$/],
      [web.url('/image.png'), /is not a web page or plain text \(it is image\/png\)\.$/],
      [web.url('/slow/body'), /127\.0\.0\.1 did not answer within 2 s\.$/],
      [web.url('/hop/7'), /The link redirects more than 5 times\.$/],
    ];
    for (const [url, message] of refusals) {
      const body = await add(url);
      expect(body.content, url).toMatch(/^\*\*Not added\.\*\* /);
      expect(body.content, url).toMatch(message);
    }
  });

  it('refuses a private address, a name resolving to 127.0.0.1 and a redirect into a private address without the allow flag', async () => {
    try {
      modes.use('guarded');
      expect((await add(web.url('/news/harbour'))).content).toBe('**Not added.** 127.0.0.1 is a loopback address. briefbot fetches only from the public web.');
      expect((await add(`http://localhost:${web.port}/news/harbour`)).content).toMatch(/^\*\*Not added\.\*\* localhost resolves to .*, a loopback address\./);
      modes.use('publicWeb');
      expect((await add(web.url('/go/metadata'))).content).toMatch(/redirects to an address briefbot does not fetch from: 169\.254\.169\.254 is a cloud metadata address/);
    } finally {
      modes.use('open');
    }
  });

  it('keeps what a hostile page says from mentioning anyone or breaking the message', async () => {
    web.page('/news/discord-loud', newsPage({ title: '@everyone **Read** &lt;@&amp;123456789012&gt; [click](https://evil.example)', paragraphs: ['@here the Kvalvik ferry is ~~late~~ again &lt;@123456789012345&gt; ||spoiler|| `code`.', 'Passengers waited two hours at the quay.'] }));
    const body = await add(web.url('/news/discord-loud'));
    const text = JSON.stringify(body.embeds);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d+>/);
    expect(body.embeds[0].description).toBe('@\u200bhere the Kvalvik ferry is \\~\\~late\\~\\~ again <@\u200b123456789012345> \\|\\|spoiler\\|\\| \\`code\\`.');
    expect(body.embeds[0].title).toContain('\\[click\\](https://evil.example)');
  });
});

describe('discord /brief add with a file', () => {
  it('adds an attached file and refuses one of another type or too large', async () => {
    const page = newsPage({ title: 'Ice breaks up on the Isdal river early', paragraphs: ['The ice on the Isdal river broke up two weeks earlier than usual, the water authority said on Friday.', 'Farmers along the river were told to watch for flooding in the low fields.'] });
    web.page('/attachments/1/ice.html', page);
    const attachment = (id: string, filename: string, size: number, url: string) => ({ [id]: { id, filename, size, url, proxy_url: url, content_type: 'text/html' } });
    const ok = await answerOf(fake.subcommand('brief', 'add', [{ name: 'file', value: '900000000000000001', type: 11 }], DISCORD_EDITOR, attachment('900000000000000001', 'ice.html', page.length, web.url('/attachments/1/ice.html'))));
    expect(ok.content).toMatch(/^\*\*Added to the corpus\.\*\*/);
    expect(ok.embeds[0]).toMatchObject({ title: 'Ice breaks up on the Isdal river early' });
    expect(live.briefing.ask('Isdal river ice flooding').hits[0]!.title).toBe('Ice breaks up on the Isdal river early');

    const pdf = await answerOf(fake.subcommand('brief', 'add', [{ name: 'file', value: '900000000000000002', type: 11 }], DISCORD_EDITOR, attachment('900000000000000002', 'report.pdf', 1000, web.url('/x.pdf'))));
    expect(pdf.content).toBe('**Not added.** Only .html, .htm, .txt, .md files can be added; "report.pdf" is not one.');
    const big = await answerOf(fake.subcommand('brief', 'add', [{ name: 'file', value: '900000000000000003', type: 11 }], DISCORD_EDITOR, attachment('900000000000000003', 'big.html', 6 * 1024 * 1024, web.url('/big/declared'))));
    expect(big.content).toBe('**Not added.** The file is larger than 5 MB.');
  });
});

describe('discord /brief remove', () => {
  it('suggests the added articles, removes one, and keeps a hand-made one', async () => {
    const auto = fake.autocompleteSubcommand('brief', 'remove', 'article', 'isdal');
    const [callback] = await fake.waitFor(auto, (r) => r.length > 0);
    expect(callback!.body.type).toBe(8);
    const id = live.briefing.articles().find((a) => a.title === 'Ice breaks up on the Isdal river early')!.articleId;
    expect(callback!.body.data.choices).toEqual([{ name: `Ice breaks up on the Isdal river early (${id})`, value: id }]);

    const others = await answerOf(fake.subcommand('brief', 'remove', [{ name: 'article', value: id }], USER_ID));
    expect(others.content).toMatch(/^\*\*Not removed\.\*\* Only editors can remove articles\./);
    const removed = await answerOf(fake.subcommand('brief', 'remove', [{ name: 'article', value: id }], DISCORD_EDITOR));
    expect(removed.content).toMatch(new RegExp(`^\\*\\*Removed from the corpus\\.\\*\\* Removed ${id} from the corpus: `));
    expect(buttons(removed)).toEqual([]);
    expect(live.briefing.articles().some((a) => a.articleId === id)).toBe(false);

    const kept = await answerOf(fake.subcommand('brief', 'remove', [{ name: 'article', value: 'salmon' }], DISCORD_EDITOR));
    expect(kept.content).toMatch(/^\*\*Not removed\.\*\* salmon was not added from chat, the terminal or a feed, so it stays/);
  });
});
