/**
 * The Discord adapter end to end: the real discord.js client logged in to the local stand-in,
 * slash commands, autocomplete and button clicks dispatched over its gateway, and the payloads
 * that reach its REST API asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord, type DiscordAdapter } from '../../adapters/discord/index.js';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import type { TimelineAnswer, WhoAnswer } from '../../src/types.js';
import { APP_ID, FakeDiscord, USER_ID, checkMessage, type Captured } from './fake-discord.js';

const EPHEMERAL = 64;

/** The bundled corpus, with hooks a test can set: a delay, or its own /who and /timeline. */
interface Hooks {
  delayMs: number;
  who: ((name: string, offset?: number) => WhoAnswer) | null;
  timeline: ((query: string, offset: number) => TimelineAnswer) | null;
  failAsk: boolean;
}

function wrap(real: Briefing, hooks: Hooks): Briefing {
  return {
    get corpus() {
      return real.corpus;
    },
    build: real.build,
    ask(question, page) {
      if (hooks.failAsk) throw new Error('index exploded');
      // The core answers synchronously: a slow one blocks, which is what the defer must survive.
      const until = Date.now() + hooks.delayMs;
      while (Date.now() < until);
      return real.ask(question, page);
    },
    who: (name, page) => (hooks.who ? hooks.who(name, page?.offset) : real.who(name, page)),
    timeline: (query, page) => (hooks.timeline ? hooks.timeline(query, page?.offset ?? 0) : real.timeline(query, page)),
    suggestPeople: (prefix) => real.suggestPeople(prefix),
    suggestPeriods: (prefix) => real.suggestPeriods(prefix),
    run: (line, page) => real.run(line, page),
    setArticle: (article) => real.setArticle(article),
    removeArticle: (id) => real.removeArticle(id),
    articles: () => real.articles(),
  };
}

const fake = new FakeDiscord();
const hooks: Hooks = { delayMs: 0, who: null, timeline: null, failAsk: false };
const logs: Array<Record<string, unknown>> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
let briefing: Briefing;
let cacheDir: string;
let adapter: DiscordAdapter;

const config = () => ({ token: 'fake.bot.token', appId: APP_ID, guildId: null, apiUrl: fake.apiUrl });

beforeAll(async () => {
  await fake.start();
  cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'briefbot-discord-')), 'cache');
  briefing = wrap(await createBriefing({ corpusDir: 'corpus' }), hooks);
  adapter = await startDiscord({ briefing, config: config(), logger, cacheDir, rateLimitPerMinute: 1_000 });
});

afterAll(async () => {
  await adapter?.stop();
  await fake.close();
  if (cacheDir) await rm(path.dirname(cacheDir), { recursive: true, force: true });
});

/** Waits for the deferral and the edit that answers a command; returns the edit's body. */
async function answerOf(id: string): Promise<{ callback: Captured; edit: Captured }> {
  const responses = await fake.waitFor(id, (r) => r.some((x) => x.method === 'PATCH'));
  const callback = responses.find((r) => r.path.endsWith('/callback'))!;
  const edit = responses.find((r) => r.method === 'PATCH')!;
  expect(callback.status).toBe(204);
  expect(edit.status).toBe(200);
  return { callback, edit };
}

function buttons(body: any): Array<{ label: string; custom_id: string; type: number }> {
  return (body.components ?? []).flatMap((row: any) => row.components);
}

function mentionFree(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/@(everyone|here)/i);
  expect(text).not.toMatch(/<@[!&]?\d+>|<#\d+>/);
}

describe('discord adapter', () => {
  it('answers /ask privately with embeds, bold matches, publisher and date, and buttons', async () => {
    const id = fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }]);
    const { callback, edit } = await answerOf(id);
    expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const body = edit.body;
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.embeds.length).toBeGreaterThan(0);
    expect(body.embeds.length).toBeLessThanOrEqual(3);
    for (const embed of body.embeds) {
      expect(embed.title.length).toBeGreaterThan(0);
      expect(embed.footer.text).toMatch(/^.+ · (~?\d{1,2} \w{3} \d{4}( \(estimated\))?|date unknown)/);
    }
    expect(body.embeds.some((e: any) => /\*\*[^*]+\*\*/.test(e.description))).toBe(true);
    expect(body.embeds.map((e: any) => e.footer.text).join()).toMatch(/NBC News · 22 Feb 2023/);
    expect(body.content).toMatch(/^Passages 1-3 of \d+ for “what military aid has China given”\. Searched 5 articles/);
    expect(checkMessage(body)).toBeNull();
    const labels = buttons(body).map((b) => b.label);
    expect(labels).toEqual(['More', 'Share']);
    for (const button of buttons(body)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('shows the next page on More, in place', async () => {
    const first = await answerOf(fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }]));
    const more = buttons(first.edit.body).find((b) => b.label === 'More')!;
    const id = fake.click(more.custom_id);
    const { callback, edit } = await answerOf(id);
    expect(callback.body).toMatchObject({ type: 6 });
    expect(edit.path).toMatch(/\/messages\/@original$/);
    expect(edit.body.content).toMatch(/^Passages 4-\d+ of \d+ for/);
    const titles = (page: any) => page.embeds.map((e: any) => `${e.title}|${e.description}`);
    expect(titles(edit.body)).not.toEqual(titles(first.edit.body));
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(buttons(edit.body).map((b) => b.label)).toEqual(['Previous', 'More', 'Share']);
    const back = await answerOf(fake.click(buttons(edit.body).find((b) => b.label === 'Previous')!.custom_id));
    expect(titles(back.edit.body)).toEqual(titles(first.edit.body));
  });

  it.each(['guild', 'dm'] as const)('posts the answer on Share (%s), saying who shared it, and marks the private copy shared without buttons', async (where) => {
    const first = await answerOf(fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }], USER_ID, where));
    const share = buttons(first.edit.body).find((b) => b.label === 'Share')!;
    const id = fake.click(share.custom_id, USER_ID, undefined, where);
    const responses = await fake.waitFor(id, (r) => r.some((x) => x.method === 'PATCH'));
    expect(responses[0]!.body).toMatchObject({ type: 6 });
    const post = responses.find((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'))!;
    expect(post.status).toBe(200);
    expect((post.body.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(post.body.content).toMatch(new RegExp(`^Shared by <@${USER_ID}>\nPassages 1-3`));
    expect(post.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(post.body.embeds).toEqual(first.edit.body.embeds);
    expect(post.body.components).toEqual([]);
    const copy = responses.find((r) => r.method === 'PATCH')!;
    expect(copy.path).toMatch(/\/messages\/@original$/);
    expect(copy.body.content).toMatch(/^✓ Shared in the channel\./);
    expect(copy.body.components).toEqual([]);
  });

  it('shares once on a double click', async () => {
    const first = await answerOf(fake.command('ask', [{ name: 'question', value: 'Kursk' }]));
    const share = buttons(first.edit.body).find((b) => b.label === 'Share')!;
    const message = '300000000000000001';
    const clicks = [fake.click(share.custom_id, USER_ID, message), fake.click(share.custom_id, USER_ID, message)];
    await fake.waitFor(clicks[0]!, (r) => r.some((x) => x.method === 'PATCH'));
    await fake.waitFor(clicks[1]!, (r) => r.some((x) => x.path.endsWith('/callback')));
    // A later answer means the second click has been handled.
    await answerOf(fake.command('ask', [{ name: 'question', value: 'Beijing' }]));
    const posts = clicks.flatMap((id) => fake.responses(id)).filter((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(posts).toHaveLength(1);
  });

  it('answers a question the corpus cannot with the helpful no-match message', async () => {
    const { edit } = await answerOf(fake.command('ask', [{ name: 'question', value: 'how do I bake sourdough bread' }]));
    expect(edit.body.embeds).toHaveLength(1);
    expect(edit.body.embeds[0].description).toMatch(/Nothing in the 5 articles/);
    expect(edit.body.embeds[0].description).toMatch(/sourdough/);
    expect(edit.body.embeds[0].footer.text).toMatch(/^Searched 5 articles/);
    expect(edit.body.embeds[0].description).toContain('(16 Dec 2021 to 23 Aug 2024)');
    // Places to start: the people mentioned most, the busiest periods, each opening in place.
    const starts = buttons(edit.body);
    expect(starts.map((b) => b.label)).toEqual(['Vladimir Putin', 'Xi Jinping', 'Li Shangfu', '2023 (13)', '2024 (11)']);
    const opened = await answerOf(fake.click(starts[0]!.custom_id));
    expect(opened.edit.body.embeds[0].title).toBe('Vladimir Putin');
  });

  it('mentions no one whatever the query says', async () => {
    const query = '@everyone @here <@123> <@!123> <@&456> <#789> what military aid has China given';
    const { edit } = await answerOf(fake.command('ask', [{ name: 'question', value: query }]));
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    mentionFree({ content: edit.body.content, embeds: edit.body.embeds });
    // The query is shown back (in the no-match message), defused.
    expect(JSON.stringify(edit.body.embeds)).toMatch(/@\\u200beveryone|@\u200beveryone/);
  });

  it('keeps a long query under a short key so its buttons work after a restart', async () => {
    const query = 'what military aid has China given to Russia, and has China given military aid to Russia since the war, military aid';
    const first = await answerOf(fake.command('ask', [{ name: 'question', value: query }]));
    const share = buttons(first.edit.body).find((b) => b.label === 'Share')!;
    expect(share.custom_id.length).toBeLessThanOrEqual(100);
    expect(share.custom_id).not.toContain('since the war');

    await adapter.stop();
    adapter = await startDiscord({ briefing, config: config(), logger, cacheDir, rateLimitPerMinute: 1_000 });
    const responses = await fake.waitFor(fake.click(share.custom_id), (r) => r.some((x) => x.path.startsWith('/webhooks/')));
    const post = responses.find((r) => r.path.startsWith('/webhooks/'))!;
    expect(post.body.embeds).toEqual(first.edit.body.embeds);
  });

  it('defers a slow answer in time and edits it in later', async () => {
    hooks.delayMs = 1_500;
    try {
      const { callback, edit } = await answerOf(fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }]));
      expect(callback.body.type).toBe(5);
      expect(edit.body.embeds.length).toBeGreaterThan(0);
    } finally {
      hooks.delayMs = 0;
    }
  });

  it.each([
    ['/help', 'help', []],
    ['/ask help', 'ask', [{ name: 'question', value: 'help' }]],
  ] as const)('answers %s at once, privately, with the corpus, the commands and tips', async (_label, name, options) => {
    const id = fake.command(name, [...options]);
    const [callback] = await fake.waitFor(id, (r) => r.length > 0);
    expect(callback!.status).toBe(204);
    expect(callback!.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    const fields = callback!.body.data.embeds[0].fields;
    expect(fields[0].value).toContain('5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(fields[1].value).toMatch(/`\/who <name>`.*e\.g\. `\/who Vladimir Putin`/);
    expect(fields[3].value).toContain('Full names work best');
    expect(checkMessage(callback!.body.data)).toBeNull();
  });

  it('answers autocomplete with at most 25 choices of at most 100 characters', async () => {
    for (const [command, option] of [['who', 'name'], ['timeline', 'period']] as const) {
      const id = fake.autocomplete(command, option, '');
      const [callback] = await fake.waitFor(id, (r) => r.length > 0);
      expect(callback!.status).toBe(204);
      expect(callback!.body.type).toBe(8);
      const choices = callback!.body.data.choices as Array<{ name: string; value: string }>;
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('answers /who and /timeline from the core privately, as an answer or a short notice', async () => {
    for (const [command, option, value] of [['who', 'name', 'Li Shangfu'], ['timeline', 'period', 'august']] as const) {
      const { callback, edit } = await answerOf(fake.command(command, [{ name: option, value }]));
      expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
      expect(edit.body.embeds.length + (edit.body.content ? 1 : 0)).toBeGreaterThan(0);
      expect(checkMessage(edit.body)).toBeNull();
      expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it('renders a /who profile and shares it', async () => {
    hooks.who = (name) => ({
      command: 'who',
      query: name,
      person: {
        name: 'Li Shangfu',
        aliases: ['Li'],
        roles: [{ role: 'defence minister', articleId: '003', title: null, source: 'BBC News Chinese', date: '2023-04-19', dateEstimated: false, url: null, translatedFrom: null }],
        mentions: [{ id: '003#p2', text: 'Li Shangfu met...', articleId: '003', title: 'Visit', source: 'BBC News Chinese', date: '2023-04-19', dateEstimated: false, url: null, translatedFrom: null }],
        quotes: [{ text: 'We are *partners* @everyone', articleId: '003', title: null, source: 'BBC News Chinese', date: '2023-04-19', dateEstimated: false, url: null, translatedFrom: null }],
      },
      candidates: [],
      suggestions: [],
    });
    try {
      const { edit } = await answerOf(fake.command('who', [{ name: 'name', value: 'li shangfu' }]));
      const embed = edit.body.embeds[0];
      expect(embed.title).toBe('Li Shangfu');
      expect(embed.fields.map((f: any) => f.name)).toEqual(['Roles', 'Quotes', 'Mentions (1)']);
      expect(embed.fields[0].value).toMatch(/defence minister — BBC News Chinese · 19 Apr 2023/);
      expect(embed.fields[1].value).toMatch(/\\\*partners\\\*/);
      mentionFree(edit.body.embeds);
      const share = buttons(edit.body).find((b) => b.label === 'Share')!;
      const responses = await fake.waitFor(fake.click(share.custom_id), (r) => r.some((x) => x.path.startsWith('/webhooks/')));
      expect(responses.find((r) => r.path.startsWith('/webhooks/'))!.body.embeds[0].title).toBe('Li Shangfu');
    } finally {
      hooks.who = null;
    }
  });

  it('renders /timeline events in order, dated at their precision, with More', async () => {
    const event = (n: number) => ({
      id: `002#p${n}`,
      date: `2024-08-${String(n).padStart(2, '0')}`,
      endDate: null,
      approximate: false,
      text: `Event number ${n} happened.`,
      articleId: '002',
      title: 'Kursk',
      source: 'NBC News',
      dateEstimated: false,
      url: null,
      translatedFrom: null,
      articleDate: '2024-08-23',
      sources: [],
    });
    hooks.timeline = (query, offset) => ({
      command: 'timeline',
      query,
      events: Array.from({ length: offset === 0 ? 10 : 2 }, (_, i) => event(offset + i + 1)),
      periods: [{ period: 'August 2024', events: 12 }],
      next: offset === 0 ? 10 : null,
    });
    try {
      const { edit } = await answerOf(fake.command('timeline', [{ name: 'period', value: 'august 2024' }]));
      const fields = edit.body.embeds[0].fields;
      expect(fields.map((f: any) => f.name).slice(0, 3)).toEqual(['1 Aug 2024', '2 Aug 2024', '3 Aug 2024']);
      // Ten events of one article: its citation once, under the last.
      expect(fields[0].value).toBe('Event number 1 happened.');
      expect(fields[9].value).toMatch(/Event number 10 happened\.\n— NBC News · 23 Aug 2024 · Kursk/);
      const more = buttons(edit.body).find((b) => b.label === 'More')!;
      const next = await answerOf(fake.click(more.custom_id));
      expect(next.edit.body.embeds[0].fields.map((f: any) => f.name)).toEqual(['11 Aug 2024', '12 Aug 2024']);
      expect(buttons(next.edit.body).map((b) => b.label)).toEqual(['Previous', 'Share']);
    } finally {
      hooks.timeline = null;
    }
  });

  it('offers the people a shared name may mean as buttons that open the profile in place', async () => {
    const { edit } = await answerOf(fake.command('who', [{ name: 'name', value: 'Wang' }]));
    const picks = buttons(edit.body);
    expect(picks.map((b) => b.label)).toEqual(['Wang Yi', 'Wang Wenbin', 'Zheng Wang']);
    const opened = await answerOf(fake.click(picks[1]!.custom_id));
    expect(opened.edit.path).toMatch(/\/messages\/@original$/);
    expect(opened.edit.body.embeds[0].title).toBe('Wang Wenbin');
  });

  it('puts the correction of a misspelt name first, and pages the mentions with More mentions', async () => {
    const { edit } = await answerOf(fake.command('who', [{ name: 'name', value: 'Xi Jinpin' }]));
    const embed = edit.body.embeds[0];
    expect(embed.description.split('\n')[0]).toBe('*No one is named "Xi Jinpin"; showing Xi Jinping.*');
    expect(embed.fields.map((f: any) => f.name)).toEqual(expect.arrayContaining(['Roles', 'Mentions (14)']));
    expect(embed.fields.find((f: any) => f.name === 'Roles').value.match(/^• Chinese President — /gm)).toHaveLength(1);
    const page = await answerOf(fake.click(buttons(edit.body).find((b) => b.label === 'More mentions')!.custom_id));
    expect(page.edit.body.embeds[0].title).toBe('Xi Jinping: mentions');
    expect(page.edit.body.embeds[0].footer.text).toMatch(/^Mentions 1-5 of 14 · /);
    expect(buttons(page.edit.body).map((b) => b.label)).toEqual(['Back to profile', 'More', 'Share']);
  });

  it('offers the nearest periods, then the largest, for an empty /timeline, as buttons', async () => {
    const { edit } = await answerOf(fake.command('timeline', [{ name: 'period', value: '1950' }]));
    const periods = buttons(edit.body);
    expect(periods.map((b) => b.label)).toEqual(['1991 (1)', '2002 (1)', '2023 (13)', '2024 (11)', '2021 (8)']);
    const opened = await answerOf(fake.click(periods[2]!.custom_id));
    expect(opened.edit.body.embeds[0].title).toBe('Timeline: 2023');
    expect(opened.edit.body.embeds[0].footer.text).toMatch(/^Events 1-10 of 13 · /);
  });

  it('shows the people directory for /who with no name, paged, and opens the profile picked in its menu', async () => {
    const everyone = Array.from({ length: 14 }, (_, i) => ({ name: `Person Number${i}`, mentions: 30 - i, role: null }));
    hooks.who = (name, offset = 0) =>
      name === '' ? { command: 'who', query: '', person: null, candidates: [], suggestions: [], people: everyone.slice(offset, offset + 10), next: offset + 10 < everyone.length ? offset + 10 : null } : { command: 'who', query: name, person: null, candidates: [], suggestions: [], message: `asked for ${name}` };
    try {
      const { edit } = await answerOf(fake.command('who'));
      expect(edit.body.embeds[0].title).toBe('People in the articles');
      expect(edit.body.embeds[0].footer.text).toMatch(/^People 1-10 · /);
      expect(buttons(edit.body).map((b) => b.label)).toEqual(['More', 'Share', undefined]);
      const next = await answerOf(fake.click(buttons(edit.body)[0]!.custom_id));
      expect(next.edit.body.embeds[0].footer.text).toMatch(/^People 11-14 · /);
      const menu = edit.body.components[1].components[0];
      expect(menu.options).toHaveLength(10);
      const picked = await answerOf(fake.select(menu.custom_id, ['Person Number3']));
      expect(picked.edit.body.embeds[0].description).toContain('asked for Person Number3');
    } finally {
      hooks.who = null;
    }
  });

  it('answers a failure with a short private message, logs it, and keeps running', async () => {
    hooks.failAsk = true;
    try {
      const { edit } = await answerOf(fake.command('ask', [{ name: 'question', value: 'anything' }]));
      expect(edit.body.content).toMatch(/^Sorry, something went wrong/);
      expect(edit.body.embeds).toEqual([]);
      expect(JSON.stringify(edit.body)).not.toMatch(/exploded/);
      expect(logs.some((l) => l.msg === 'discord: command failed' && JSON.stringify(l).includes('index exploded'))).toBe(true);
    } finally {
      hooks.failAsk = false;
    }
    const { edit } = await answerOf(fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }]));
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('logs one line per command without the question at the default level', () => {
    const handled = logs.filter((l) => l.msg === 'command');
    expect(handled.length).toBeGreaterThan(5);
    expect(handled[0]).toMatchObject({ platform: 'discord', command: 'ask', latencyMs: expect.any(Number), results: expect.any(Number) });
    expect(handled.some((l) => typeof l.error === 'string')).toBe(true);
    expect(JSON.stringify(logs)).not.toMatch(/sourdough|fake\.bot\.token|token-\d+/);
  });

  it('reconnects after the gateway connection drops and answers again', async () => {
    const identified = fake.whenIdentified();
    fake.dropConnections();
    await identified;
    const { edit } = await answerOf(fake.command('ask', [{ name: 'question', value: 'what military aid has China given' }]));
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('tells a user over the rate limit to slow down, privately', async () => {
    await adapter.stop();
    adapter = await startDiscord({ briefing, config: config(), logger, cacheDir, rateLimitPerMinute: 2 });
    const user = '100000000000000099';
    for (let i = 0; i < 2; i++) await answerOf(fake.command('ask', [{ name: 'question', value: 'china' }], user));
    const id = fake.command('ask', [{ name: 'question', value: 'china' }], user);
    const [callback] = await fake.waitFor(id, (r) => r.length > 0);
    expect(callback!.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(callback!.body.data.content).toMatch(/^Slow down: .* Try again in \d+ s\./);
    // Others are not slowed down.
    const other = await answerOf(fake.command('ask', [{ name: 'question', value: 'china' }]));
    expect(other.edit.body.embeds.length).toBeGreaterThan(0);
  });
});
