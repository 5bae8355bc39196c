/**
 * The real Bolt app in HTTP mode against the local Slack stand-in: signed slash commands, button
 * clicks and Events API deliveries in, Block Kit out at the response_url, through
 * chat.postMessage and through views.publish.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../adapters/slack/index.js';
import type { SlackHandle } from '../../adapters/slack/index.js';
import { shownLength } from '../../adapters/slack/render.js';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import type { WhoAnswer } from '../../src/types.js';
import { blocksOf, buttonsOf, expectWithinLimits, textsOf, type Block } from './blocks.js';
import { FakeSlack, actionBody, buttonClick, eventCallback, formBody, menuPick, postSigned, slashCommand, userMessage, type ClickPlace } from './fake-slack.js';

const SECRET = 'test-signing-secret';
let slack: FakeSlack;
let app: SlackHandle;
let endpoint: string;
/** Every log line the app writes, at the default level. */
const logLines: string[] = [];
/** Set to answer /who with a record made in the test (a directory, statements), as the core will. */
let whoHook: ((name: string, offset: number) => WhoAnswer) | null = null;

function withWhoHook(real: Briefing): Briefing {
  return {
    get corpus() {
      return real.corpus;
    },
    build: real.build,
    ask: (question, page) => real.ask(question, page),
    who: (name, page) => (whoHook ? whoHook(name, page?.offset ?? 0) : real.who(name, page)),
    timeline: (query, page) => real.timeline(query, page),
    suggestPeople: (prefix) => real.suggestPeople(prefix),
    suggestPeriods: (prefix) => real.suggestPeriods(prefix),
    run: (line, page) => real.run(line, page),
    setArticle: (article) => real.setArticle(article),
    removeArticle: (id) => real.removeArticle(id),
    articles: () => real.articles(),
  };
}

beforeAll(async () => {
  slack = await new FakeSlack().start();
  const briefing = withWhoHook(await createBriefing({ corpusDir: 'corpus' }));
  app = await startSlack({
    briefing,
    config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, port: 0, apiUrl: slack.apiUrl },
    logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    host: '127.0.0.1',
    retries: 0,
    // The suite sends many commands as one user; the limit has its own test below.
    rateLimitPerMinute: 10_000,
  });
  endpoint = `http://127.0.0.1:${(app.server!.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
});

/** Sends a signed slash command and returns its ack and the first answer at its response_url. */
async function command(name: string, text: string, extra: Record<string, string> = {}) {
  const { id, fields } = slashCommand(slack, name, text, extra);
  const ack = await postSigned(endpoint, formBody(fields), { secret: SECRET });
  const answer = await slack.responseAt(id);
  return { id, ack, answer, fields };
}

async function click(button: { action_id: string; value: string }, user = 'U0001', place: ClickPlace = {}) {
  const { id, payload } = buttonClick(slack, button, user, place);
  const ack = await postSigned(endpoint, actionBody(payload), { secret: SECRET });
  return { id, ack, payload };
}

/** Clicks and returns the first message posted to the click's response_url. */
async function clickAnswer(button: { action_id: string; value: string }, user = 'U0001', place: ClickPlace = {}) {
  const { id } = await click(button, user, place);
  return slack.responseAt(id);
}

/** Delivers an Events API event, signed, and waits for the bot's next chat.postMessage. */
async function deliver(event: Record<string, unknown>, options: { retryNum?: number } = {}) {
  const before = slack.callsTo('chat.postMessage').length;
  const res = await postSigned(endpoint, JSON.stringify(eventCallback(event)), { secret: SECRET, contentType: 'application/json', ...options });
  expect(res.status).toBe(200);
  await slack.until(() => slack.callsTo('chat.postMessage').length > before);
  return slack.callsTo('chat.postMessage').at(-1)!.params;
}

function find(message: Record<string, unknown>, label: string) {
  const found = buttonsOf(message).find((b) => b.text.text === label);
  expect(found, `a "${label}" button`).toBeDefined();
  return found!;
}

const sections = (message: Record<string, unknown>) => blocksOf(message).filter((b) => b.type === 'section').map((b) => b.text!.text);
const contexts = (message: Record<string, unknown>) => blocksOf(message).filter((b) => b.type === 'context').map((b) => b.elements!.map((e) => e.text as string).join(' '));

describe('slack /ask over HTTP', () => {
  it('acks at once and answers privately with bold matches, sources, the page and its total, and buttons', async () => {
    const { ack, answer } = await command('/ask', 'what military aid has China given');
    expect(ack).toEqual({ status: 200, text: '' });
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'what military aid has China given' } });
    const passages = sections(answer);
    expect(passages.length).toBeGreaterThan(0);
    for (const passage of passages) expect(passage).toMatch(/\*(military|aid|China|given)\*/i);
    expect(contexts(answer).some((c) => c.startsWith('NBC News · 22 Feb 2023 · '))).toBe(true);
    expect(contexts(answer).at(-1)).toMatch(/^Passages 1-3 of \d+ · Searched 5 articles, 16 Dec 2021 to 23 Aug 2024\.$/);
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['More', 'Share in channel']);
    expectWithinLimits(answer);

    const estimated = contexts((await command('/ask', 'Kursk region')).answer);
    expect(estimated.some((c) => /~\d+ \w+ \d{4} \(estimated\)/.test(c))).toBe(true);
  });

  it('cites neighbouring passages of one article once, after the last of them', async () => {
    const { answer } = await command('/ask', 'Kursk');
    const blocks = blocksOf(answer);
    const passages = blocks.flatMap((b, i) => (b.type === 'section' && b.text!.text.includes('*Kursk*') ? [i] : []));
    expect(passages.length).toBe(3);
    // Three passages of the same article, then its one citation.
    expect(blocks.slice(passages[0]!, passages[2]! + 2).map((b) => b.type)).toEqual(['section', 'section', 'section', 'context']);
    expect(contexts(answer).filter((c) => c.includes('translated from Chinese'))).toHaveLength(1);
  });

  it('gives notifications the gist: the first passage and its source', async () => {
    const { answer } = await command('/ask', 'Kursk');
    const text = answer.text as string;
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^\S.+ \(Unknown publisher · ~23 Aug 2024 \(estimated\) · translated from Chinese\)$/);
    expect(sections(answer)[0]!.replace(/\*/g, '')).toContain(text.split(' ').slice(0, 6).join(' '));
  });

  it('answers a question the corpus cannot in the card’s date format, with places to start', async () => {
    const { answer } = await command('/ask', 'how do I cook a risotto');
    expect(answer.response_type).toBe('ephemeral');
    const text = textsOf(answer, false).join('\n');
    expect(text).toContain('Nothing in the 5 articles (16 Dec 2021 to 23 Aug 2024)');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('"risotto"');
    const starts = buttonsOf(answer);
    expect(starts.map((b) => b.text.text)).toEqual(['Vladimir Putin', 'Xi Jinping', 'Li Shangfu', '2023 (13)', '2024 (11)']);
    const person = await clickAnswer(starts[0]!);
    expect(person.replace_original).toBe(true);
    expect(blocksOf(person)[0]).toMatchObject({ type: 'header', text: { text: 'Vladimir Putin' } });
    const period = await clickAnswer(starts[3]!);
    expect(blocksOf(period)[0]).toMatchObject({ type: 'header', text: { text: 'Timeline: 2023' } });
  });

  it('escapes markup and mention syntax typed in the question', async () => {
    const { answer } = await command('/ask', 'China <!channel> <@U0002> <#C0003|general> @here & <b>aid</b>');
    const header = blocksOf(answer)[0]!.text!.text;
    expect(header).toContain('&lt;!channel&gt;');
    expect(header).toContain('&lt;@U0002&gt;');
    expect(header).toContain('&amp;');
    expectWithinLimits(answer);
  });

  it('decodes the entities Slack puts in command text before searching', async () => {
    const { answer } = await command('/ask', 'China &amp; Russia &lt;aid&gt;');
    expect(blocksOf(answer)[0]!.text!.text).toBe('China &amp; Russia &lt;aid&gt;');
  });

  it('keeps a very long question within the header and button limits', async () => {
    const { answer } = await command('/ask', `China ${'military aid and sanctions. '.repeat(300)}`);
    expectWithinLimits(answer);
    expect(blocksOf(answer)[0]!.text!.text).toMatch(/…$/);
  });

  it.each([[''], ['help'], ['  HELP ']])('shows the help for /ask %j: what the corpus covers, the commands with examples, tips', async (text) => {
    const { answer } = await command('/ask', text);
    expect(answer.response_type).toBe('ephemeral');
    const all = textsOf(answer, false).join('\n');
    expect(all).toContain('5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(all).toContain('Most mentioned: Vladimir Putin, Xi Jinping, Li Shangfu.');
    expect(all).toContain('`/who Vladimir Putin`');
    expect(all).toContain('Full names work best');
    expect(all).toMatch(/`\/timeline \w{3} \d{4} Vladimir Putin`|\/timeline \w{3} \d{4} Vladimir Putin/);
    expect(sections(answer).join('\n')).not.toMatch(/\*help\*/i);
    expectWithinLimits(answer);
  });
});

describe('slack request verification', () => {
  it.each([
    ['unsigned', { secret: null }],
    ['signed with the wrong secret', { secret: 'not-the-secret' }],
    ['stale (signed 6 minutes ago)', { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 360 }],
  ] as const)('refuses a request that is %s with 401 and no answer', async (_label, options) => {
    const { id, fields } = slashCommand(slack, '/ask', 'what military aid has China given');
    const res = await postSigned(endpoint, formBody(fields), options);
    expect(res.status).toBe(401);
    expect(slack.responsesTo(id)).toEqual([]);
  });

  it('refuses a body changed after signing', async () => {
    const { id, fields } = slashCommand(slack, '/ask', 'China');
    const body = formBody(fields);
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = await import('./fake-slack.js').then((m) => m.sign(SECRET, timestamp, body));
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signed },
      body: body.replace('China', 'Russia'),
    });
    expect(res.status).toBe(401);
    expect(slack.responsesTo(id)).toEqual([]);
  });

  it('acks a redelivered command without answering it twice', async () => {
    const { id, fields } = await command('/ask', 'Kursk');
    const retry = await postSigned(endpoint, formBody(fields), { secret: SECRET, retryNum: 1 });
    expect(retry.status).toBe(200);
    // A later command answered means the redelivery has been handled.
    await command('/ask', 'Beijing');
    expect(slack.responsesTo(id)).toHaveLength(1);
  });

  it('refuses an unsigned event', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const res = await postSigned(endpoint, JSON.stringify(eventCallback(userMessage('app_mention', '<@UBOT0001> Kursk'))), { secret: null, contentType: 'application/json' });
    expect(res.status).toBe(401);
    await command('/ask', 'Beijing');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(before);
  });
});

describe('slack HTTP receiver', () => {
  it('serves GET /healthz with the corpus size', async () => {
    const res = await fetch(endpoint.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', corpus: { articles: 5 } });
  });

  it('logs one line per command, without the question or any secret', async () => {
    await command('/ask', 'Shoigu visited Pyongyang');
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'command', platform: 'slack', command: 'ask', user: 'U0001', results: expect.any(Number), latencyMs: expect.any(Number) }));
    const all = logLines.join('\n');
    for (const secret of ['Shoigu visited Pyongyang', 'what military aid', SECRET, 'xoxb-test']) expect(all).not.toContain(secret);
  });
});

describe('slack paging', () => {
  it('"More" replaces the message clicked on with the next page, "Previous" and "4-6 of N"', async () => {
    const first = await command('/ask', 'what military aid has China given');
    const next = await clickAnswer(find(first.answer, 'More'));
    expect(next.replace_original).toBe(true);
    expect(next.response_type).toBeUndefined();
    const total = /of (\d+)/.exec(contexts(first.answer).at(-1)!)![1];
    expect(contexts(next).at(-1)).toMatch(new RegExp(`^Passages 4-\\d+ of ${total} · `));
    for (const passage of sections(next)) expect(sections(first.answer)).not.toContain(passage);
    expect(buttonsOf(next).map((b) => b.text.text).slice(0, 1)).toEqual(['Previous']);
    expectWithinLimits(next);

    const back = await clickAnswer(find(next, 'Previous'));
    expect(back.replace_original).toBe(true);
    expect(sections(back)).toEqual(sections(first.answer));
    expect(contexts(back).at(-1)).toBe(contexts(first.answer).at(-1));
  });

  it('answers a double click once', async () => {
    const first = await command('/ask', 'Putin Xi');
    const more = find(first.answer, 'More');
    const { payload, id } = buttonClick(slack, more);
    const body = actionBody(payload);
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    await slack.responseAt(id);
    await command('/ask', 'Beijing');
    expect(slack.responsesTo(id)).toHaveLength(1);
  });

  it('refuses an unsigned click', async () => {
    const { payload, id } = buttonClick(slack, { action_id: 'briefbot_share', value: JSON.stringify({ c: 'ask', q: 'China', o: 0 }) });
    const res = await postSigned(endpoint, actionBody(payload), { secret: null });
    expect(res.status).toBe(401);
    expect(slack.responsesTo(id)).toEqual([]);
  });

  it('answers a button made by an older version with a short private note', async () => {
    const note = await clickAnswer({ action_id: 'briefbot_more', value: 'not json' });
    expect(note.response_type).toBe('ephemeral');
    expect(note.replace_original).toBe(false);
    expect(textsOf(note).join(' ')).toContain('ask again');
  });
});

describe('slack sharing', () => {
  it.each([
    ['a public channel', 'C0001'],
    ['a direct message', 'D0001'],
    ['a private channel', 'G0001'],
  ])('shares in %s through the response_url, attributed at the top, then deletes the private copy', async (_where, channel) => {
    const first = await command('/ask', 'what military aid has China given', { channel_id: channel });
    const posts = slack.callsTo('chat.postMessage').length;
    const { id } = await click(find(first.answer, 'Share in channel'), 'U0042', { channel });
    await slack.until(() => slack.responsesTo(id).length === 2);
    const [shared, removal] = slack.responsesTo(id) as [Record<string, unknown>, Record<string, unknown>];
    expect(shared.response_type).toBe('in_channel');
    expect(shared.replace_original).toBe(false);
    expect(blocksOf(shared)[0]).toMatchObject({ type: 'context', elements: [{ text: 'Shared by <@U0042>' }] });
    expect(buttonsOf(shared)).toEqual([]);
    expect(sections(shared)).toEqual(sections(first.answer));
    expectWithinLimits(shared, '<@U0042>');
    expect(removal).toEqual({ delete_original: true });
    // No Web API post: the bot need not be in the conversation, and needs no chat:write.public.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('shares once on a double click', async () => {
    const first = await command('/timeline', 'april 2023');
    const { payload, id } = buttonClick(slack, find(first.answer, 'Share in channel'));
    const body = actionBody(payload);
    await Promise.all([postSigned(endpoint, body, { secret: SECRET }), postSigned(endpoint, body, { secret: SECRET })]);
    await slack.until(() => slack.responsesTo(id).length >= 2);
    await command('/ask', 'Beijing');
    expect(slack.responsesTo(id).filter((r) => r.response_type === 'in_channel')).toHaveLength(1);
  });

  it('keeps the private copy and lets Share be pressed again when posting fails', async () => {
    const first = await command('/ask', 'Kursk');
    const share = find(first.answer, 'Share in channel');
    const { payload, id } = buttonClick(slack, share);
    slack.refuseNext.set(id, 'expired_url');
    await postSigned(endpoint, actionBody(payload), { secret: SECRET });
    // The failure note goes to the same URL, private.
    const note = await slack.responseAt(id);
    expect(note.response_type).toBe('ephemeral');
    expect(textsOf(note).join(' ')).toMatch(/^Sorry/);
    expect(slack.responsesTo(id).some((r) => r.delete_original)).toBe(false);
    await postSigned(endpoint, actionBody(payload), { secret: SECRET });
    await slack.until(() => slack.responsesTo(id).some((r) => r.response_type === 'in_channel'));
  });

  it('shares a /who profile without its buttons, named by who shared it', async () => {
    const first = await command('/who', 'Li Shangfu');
    const { id } = await click(find(first.answer, 'Share in channel'), 'U0042');
    const shared = await slack.responseAt(id);
    expect(blocksOf(shared)[1]).toMatchObject({ type: 'header', text: { text: 'Li Shangfu' } });
    expect(buttonsOf(shared)).toEqual([]);
  });
});

describe('slack /brief, /who and /timeline', () => {
  it('/brief help lists every command in both spellings', async () => {
    const { answer } = await command('/brief', 'help');
    const text = textsOf(answer).join('\n');
    for (const name of ['ask', 'who', 'timeline']) expect(text).toContain(`/${name} `);
    expect(text).toContain('/brief ask');
    expect(text).toContain('/brief help');
  });

  it('/brief ask answers like /ask', async () => {
    const { answer } = await command('/brief', 'ask what military aid has China given');
    const direct = await command('/ask', 'what military aid has China given');
    expect(blocksOf(answer)).toEqual(blocksOf(direct.answer));
  });

  it('/brief with an unknown word shows the help with a note', async () => {
    const { answer } = await command('/brief', 'weather <!here>');
    const text = textsOf(answer).join('\n');
    expect(text).toContain('is not a briefbot command');
    expect(text).toContain('/brief ask');
    expectWithinLimits(answer);
  });

  it('/who answers with a compact profile whose first screen fits a phone', async () => {
    const { answer, ack } = await command('/who', 'Xi Jinping');
    expect(ack.status).toBe(200);
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Xi Jinping' } });
    const beforeButtons = blocks.slice(0, blocks.findIndex((b) => b.type === 'actions'));
    expect(shownLength(beforeButtons as never)).toBeLessThanOrEqual(1200);
    const all = sections(answer).join('\n');
    // Each role once, its sources after it; the mentions as counts per article.
    expect(all.match(/• Chinese President — /g)).toHaveLength(1);
    expect(all).toMatch(/• Chinese President — _CNBC · 16 Dec 2021; NBC News · 22 Feb 2023/);
    expect(all).toMatch(/\*Mentions\* \(14\)/);
    expect(all).toMatch(/• CNBC · 16 Dec 2021 · .+ \(8 mentions\)/);
    expect(all).toContain('Often named with: Vladimir Putin');
    expect(all).toMatch(/Mentioned from 16 Dec 2021 to 23 Aug 2024/);
    // Nothing twice: no line of the profile repeats another.
    const lines = all.split('\n').filter((l) => l.length > 20);
    expect(new Set(lines).size).toBe(lines.length);
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['More mentions', 'Share in channel']);
    expect(answer.text).toBe('Xi Jinping: Chinese President (CNBC · 16 Dec 2021)');
    expectWithinLimits(answer);
  });

  it('/who puts a correction of the name first', async () => {
    const { answer } = await command('/who', 'Xi Jinpin');
    expect(blocksOf(answer)[1]).toMatchObject({ type: 'context', elements: [{ text: 'No one is named "Xi Jinpin"; showing Xi Jinping.' }] });
  });

  it('"More mentions" pages the mentions in place, one citation for each article’s run', async () => {
    const { answer } = await command('/who', 'Xi Jinping');
    const page = await clickAnswer(find(answer, 'More mentions'));
    expect(page.replace_original).toBe(true);
    expect(blocksOf(page)[0]).toMatchObject({ type: 'header', text: { text: 'Xi Jinping: mentions' } });
    expect(contexts(page).at(-1)).toMatch(/^Mentions 1-5 of 14 · /);
    expect(sections(page)).toHaveLength(5);
    expect(blocksOf(page).filter((b) => b.type === 'context').length).toBeLessThan(5);
    expect(buttonsOf(page).map((b) => b.text.text)).toEqual(['Back to profile', 'More', 'Share in channel']);
    const second = await clickAnswer(find(page, 'More'));
    expect(contexts(second).at(-1)).toMatch(/^Mentions 6-10 of 14 · /);
    for (const text of sections(second)) expect(sections(page)).not.toContain(text);
    const back = await clickAnswer(find(second, 'Previous'));
    expect(sections(back)).toEqual(sections(page));
    const profile = await clickAnswer(find(back, 'Back to profile'));
    expect(blocksOf(profile)).toEqual(blocksOf(answer));
  });

  it('/who with a shared name offers the people it may be, as buttons that answer in place', async () => {
    const { answer } = await command('/who', 'Wang');
    const picks = buttonsOf(answer).filter((b) => b.action_id.startsWith('briefbot_open'));
    expect(picks.map((b) => b.text.text)).toEqual(['Wang Yi', 'Wang Wenbin', 'Zheng Wang']);
    const person = await clickAnswer(picks[0]!);
    expect(person.replace_original).toBe(true);
    expect(blocksOf(person)[0]).toMatchObject({ type: 'header', text: { text: 'Wang Yi' } });
  });

  it('/who for someone the articles never mention says so, with the people mentioned most', async () => {
    const { answer } = await command('/who', 'Zorblax Quint');
    expect(answer.response_type).toBe('ephemeral');
    expect(textsOf(answer).join(' ')).toContain('Zorblax Quint');
    expect(buttonsOf(answer).length).toBeGreaterThan(0);
    expectWithinLimits(answer);
  });

  it('/who with no name shows the people directory, paged with More and Previous, and a menu of profiles', async () => {
    const everyone = Array.from({ length: 23 }, (_, i) => ({ name: `Person Number${i}`, mentions: 30 - i, role: i % 2 ? 'harbour master' : null }));
    whoHook = (name, offset) =>
      name === '' ? { command: 'who', query: '', person: null, candidates: [], suggestions: [], people: everyone.slice(offset, offset + 10), next: offset + 10 < everyone.length ? offset + 10 : null } : { command: 'who', query: name, person: null, candidates: [], suggestions: [], message: `asked ${name}` };
    try {
      const { answer } = await command('/who', '');
      expect(blocksOf(answer)[0]).toMatchObject({ type: 'header', text: { text: 'People in the articles' } });
      expect(sections(answer).join('\n')).toContain('• *Person Number1* — harbour master · 29 mentions');
      expect(contexts(answer).at(-1)).toMatch(/^People 1-10 · /);
      expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['More', 'Share in channel']);
      const page = await clickAnswer(find(answer, 'More'));
      expect(contexts(page).at(-1)).toMatch(/^People 11-20 · /);
      const last = await clickAnswer(find(page, 'More'));
      expect(contexts(last).at(-1)).toMatch(/^People 21-23 · /);
      expect(buttonsOf(last).map((b) => b.text.text)).toEqual(['Previous', 'Share in channel']);
      expect(sections(await clickAnswer(find(last, 'Previous')))).toEqual(sections(page));

      const menu = blocksOf(answer).find((b) => b.type === 'actions')!.elements!.find((e) => e.type === 'static_select') as unknown as { action_id: string; options: Array<{ text: { text: string }; value: string }> };
      expect(menu.options).toHaveLength(10);
      const { id, payload } = menuPick(slack, menu, menu.options[2]!);
      await postSigned(endpoint, actionBody(payload), { secret: SECRET });
      expect(textsOf(await slack.responseAt(id)).join(' ')).toContain('asked Person Number2');
    } finally {
      whoHook = null;
    }
  });

  it('/who shows reported statements labelled as such, without quotation marks', async () => {
    const citation = { articleId: 'x1', title: 'Harbour news', source: 'Quill Gazette', date: '2024-03-02', dateEstimated: false, url: 'https://news.example/harbour?id=1', translatedFrom: null };
    whoHook = (name) => ({
      command: 'who',
      query: name,
      person: {
        name: 'Ada Quill',
        aliases: ['Quill'],
        roles: [{ ...citation, role: 'harbour master' }],
        mentions: [{ ...citation, id: 'x1#p1', text: 'Ada Quill opened the harbour.' }],
        quotes: [{ ...citation, text: 'The tide waits for no one.' }],
        statements: [{ ...citation, text: 'Quill said the harbour would reopen in May.' }],
      },
      candidates: [],
      suggestions: [],
    });
    try {
      const { answer } = await command('/who', 'Ada Quill');
      const all = sections(answer).join('\n');
      expect(all).toContain('“The tide waits for no one.” — _<https://news.example/harbour?id=1|Quill Gazette> · 2 Mar 2024_');
      expect(all).toContain('*Statements* (reported, not their own words)\n• Quill said the harbour would reopen in May. — _');
      expect(all).not.toContain('“Quill said');
      expect(all).toContain('<https://news.example/harbour?id=1|Harbour news> (1 mention)');
    } finally {
      whoHook = null;
    }
  });

  it('/timeline answers privately with dated events in order, one citation for each article’s run', async () => {
    const { answer } = await command('/brief', 'timeline august');
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Timeline: august' } });
    const events = blocks.filter((b) => b.type === 'section' && /^\*[^*]+\* /.test(b.text!.text));
    expect(events.length).toBe(6);
    for (const event of events) expect(event.text!.text).toMatch(/^\*~?[\d -]*\w{3} 2024\*/);
    // All six come from one article: one citation after them.
    expect(contexts(answer).filter((c) => c.includes('Analysis: High-ranking Chinese officials'))).toHaveLength(1);
    expect(contexts(answer).at(-1)).toMatch(/^Events 1-6 of 6 · /);
    expect(answer.text).toMatch(/^6 Aug 2024: .+ \(Unknown publisher · ~23 Aug 2024 \(estimated\) · translated from Chinese\)$/);
    expectWithinLimits(answer);
  });

  it('/timeline pages with More in place, with Previous and the total', async () => {
    const { answer } = await command('/timeline', '');
    expect(contexts(answer).at(-1)).toMatch(/^Events 1-10 of (\d+) · /);
    const next = await clickAnswer(find(answer, 'More'));
    expect(next.replace_original).toBe(true);
    expect(contexts(next).at(-1)).toMatch(/^Events 11-20 of \d+ · /);
    const firstTexts = sections(answer);
    const nextEvents = sections(next).filter((t) => /^\*[^*]+\* /.test(t));
    expect(nextEvents.length).toBeGreaterThan(0);
    for (const event of nextEvents) expect(firstTexts).not.toContain(event);
    expect(sections(await clickAnswer(find(next, 'Previous')))).toEqual(firstTexts);
  });

  it('/timeline for an empty period offers the nearest periods first, then the largest', async () => {
    const { answer } = await command('/timeline', '1950');
    expect(answer.response_type).toBe('ephemeral');
    const periods = buttonsOf(answer).filter((b) => b.action_id.startsWith('briefbot_open'));
    expect(periods.map((b) => b.text.text)).toEqual(['1991 (1)', '2002 (1)', '2023 (13)', '2024 (11)', '2021 (8)']);
    const opened = await clickAnswer(periods[2]!);
    expect(contexts(opened).at(-1)).toMatch(/^Events 1-10 of 13 · /);
    expectWithinLimits(answer);
  });
});

describe('slack @mentions, direct messages and App Home', () => {
  it('answers an @mention in a channel in a thread under it, with paging but no Share', async () => {
    const mention = userMessage('app_mention', '<@UBOT0001> what military aid has China given');
    const post = await deliver(mention);
    expect(post.channel).toBe('C0001');
    expect(post.thread_ts).toBe(mention.ts);
    expect(blocksOf(post)[0]).toMatchObject({ type: 'header', text: { text: 'what military aid has China given' } });
    expect(buttonsOf(post).map((b) => b.text.text)).toEqual(['More']);
    expectWithinLimits(post);
    expect(slack.callsTo('chat.postMessage').at(-1)!.authorization).toBe('Bearer xoxb-test');
  });

  it('answers an @mention in a thread in that thread, reading the words after it as a command', async () => {
    const post = await deliver(userMessage('app_mention', '<@UBOT0001> who Li Shangfu', { thread_ts: '1700000000.000001' }));
    expect(post.thread_ts).toBe('1700000000.000001');
    expect(blocksOf(post)[0]).toMatchObject({ type: 'header', text: { text: 'Li Shangfu' } });
    expect(buttonsOf(post).map((b) => b.text.text)).toEqual(['More mentions']);
  });

  it('pages a thread answer in place for everyone, keeping it without Share', async () => {
    const post = await deliver(userMessage('app_mention', '<@UBOT0001> /timeline'));
    const next = await clickAnswer(find(post, 'More'), 'U0009', { ephemeral: false, messageTs: '1700000001.000100' });
    expect(next.replace_original).toBe(true);
    expect(contexts(next).at(-1)).toMatch(/^Events 11-20 of /);
    expect(buttonsOf(next).map((b) => b.text.text)).not.toContain('Share in channel');
  });

  it('answers a bare @mention or "help" with the help for messages', async () => {
    for (const text of ['<@UBOT0001>', '<@UBOT0001> help']) {
      const post = await deliver(userMessage('app_mention', text));
      const all = textsOf(post, false).join('\n');
      expect(all).toContain('5 articles, 16 Dec 2021 to 23 Aug 2024.');
      expect(all).toContain('`who Vladimir Putin`');
    }
  });

  it('answers a direct message where it was sent, as a question unless it names a command', async () => {
    const post = await deliver(userMessage('im', 'Kursk &amp; <https://e.test/x|the border>'));
    expect(post.channel).toBe('D0001');
    expect(post.thread_ts).toBeUndefined();
    expect(blocksOf(post)[0]).toMatchObject({ type: 'header', text: { text: 'Kursk &amp; the border' } });
    const timeline = await deliver(userMessage('im', 'timeline april 2023'));
    expect(blocksOf(timeline)[0]).toMatchObject({ type: 'header', text: { text: 'Timeline: april 2023' } });
  });

  it('ignores its own messages, edits, and a redelivered event', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const own = { ...userMessage('im', 'Kursk'), bot_id: 'BBOT0001', user: 'UBOT0001' };
    const edit = { ...userMessage('im', 'Kursk'), subtype: 'message_changed' };
    for (const event of [own, edit]) await postSigned(endpoint, JSON.stringify(eventCallback(event)), { secret: SECRET, contentType: 'application/json' });
    const original = userMessage('im', 'Beijing');
    await deliver(original);
    await postSigned(endpoint, JSON.stringify(eventCallback(original)), { secret: SECRET, contentType: 'application/json', retryNum: 1 });
    await deliver(userMessage('im', 'Moscow'));
    expect(slack.callsTo('chat.postMessage').length - before).toBe(2);
  });

  it('publishes the App Home: coverage and freshness, the commands with examples, where to ask, tips', async () => {
    const before = slack.callsTo('views.publish').length;
    const res = await postSigned(endpoint, JSON.stringify(eventCallback({ type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: '1700000000.1' })), { secret: SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    await slack.until(() => slack.callsTo('views.publish').length > before);
    const call = slack.callsTo('views.publish').at(-1)!;
    expect(call.params.user_id).toBe('U0001');
    const view = JSON.parse(call.params.view as string) as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    const all = textsOf({ blocks: view.blocks }).join('\n');
    expect(all).toContain('5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(all).toMatch(/Newest article 23 Aug 2024; index built \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC\./);
    expect(all).toContain('`/timeline &lt;period&gt;`');
    expect(all).toContain('Mention @briefbot in a channel or a thread');
    expect(all).toContain('Full names work best');
    expectWithinLimits({ blocks: view.blocks });
  });
});

describe('slack rate limit', () => {
  it('tells a user over the limit privately when to try again, and still serves others', async () => {
    const limited = await startSlack({
      briefing: await createBriefing({ corpusDir: 'corpus' }),
      config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, port: 0, apiUrl: slack.apiUrl },
      logger: pino({ level: 'silent' }),
      host: '127.0.0.1',
      retries: 0,
      rateLimitPerMinute: 1,
    });
    try {
      const url = `http://127.0.0.1:${(limited.server!.address() as AddressInfo).port}/slack/events`;
      const send = async (text: string, user: string) => {
        const { id, fields } = slashCommand(slack, '/ask', text, { user_id: user });
        expect((await postSigned(url, formBody(fields), { secret: SECRET })).status).toBe(200);
        return slack.responseAt(id);
      };
      expect(buttonsOf(await send('Kursk', 'U0100')).length).toBeGreaterThan(0);
      const refused = await send('Kursk', 'U0100');
      expect(refused.response_type).toBe('ephemeral');
      expect(textsOf(refused).join(' ')).toMatch(/^Slow down: .* Try again in \d+ s\./);
      expect(buttonsOf(await send('Kursk', 'U0101')).length).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});

describe('slack error boundary', () => {
  it('answers a failing command with a short private note and keeps serving', async () => {
    const briefing = await createBriefing({ corpusDir: 'corpus' });
    const failing = {
      ...briefing,
      who: () => {
        throw new Error('briefbot: /who is not available yet');
      },
      timeline: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x') at /srv/secret/path.ts");
      },
    };
    const app2 = await startSlack({
      briefing: failing,
      config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, port: 0, apiUrl: slack.apiUrl },
      logger: pino({ level: 'silent' }),
      host: '127.0.0.1',
      retries: 0,
    });
    try {
      const url = `http://127.0.0.1:${(app2.server!.address() as AddressInfo).port}/slack/events`;
      const send = async (name: string, text: string) => {
        const { id, fields } = slashCommand(slack, name, text);
        expect((await postSigned(url, formBody(fields), { secret: SECRET })).status).toBe(200);
        return slack.responseAt(id);
      };
      const who = await send('/who', 'Li Shangfu');
      expect(who.response_type).toBe('ephemeral');
      expect(textsOf(who).join(' ')).toContain('Sorry: /who is not available yet.');
      const timeline = await send('/timeline', 'august');
      const note = textsOf(timeline).join(' ');
      expect(note).toContain('Sorry, /timeline failed on our side.');
      expect(note).not.toContain('/srv/secret');
      expect(buttonsOf(await send('/ask', 'Kursk')).length).toBeGreaterThan(0);
    } finally {
      await app2.stop();
    }
  });
});
