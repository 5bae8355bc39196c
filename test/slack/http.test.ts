/**
 * The real Bolt app in HTTP mode against the local Slack stand-in: signed slash commands and
 * button clicks in, Block Kit out at the response_url and through chat.postMessage.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../adapters/slack/index.js';
import type { SlackHandle } from '../../adapters/slack/index.js';
import { createBriefing } from '../../src/briefing.js';
import { blocksOf, buttonsOf, expectWithinLimits, textsOf } from './blocks.js';
import { FakeSlack, actionBody, buttonClick, formBody, postSigned, slashCommand } from './fake-slack.js';

const SECRET = 'test-signing-secret';
let slack: FakeSlack;
let app: SlackHandle;
let endpoint: string;
/** Every log line the app writes, at the default level. */
const logLines: string[] = [];

beforeAll(async () => {
  slack = await new FakeSlack().start();
  const briefing = await createBriefing({ corpusDir: 'corpus' });
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
async function command(name: string, text: string) {
  const { id, fields } = slashCommand(slack, name, text);
  const ack = await postSigned(endpoint, formBody(fields), { secret: SECRET });
  const answer = await slack.responseAt(id);
  return { id, ack, answer, fields };
}

async function click(button: { action_id: string; value: string }, user = 'U0001') {
  const { id, payload } = buttonClick(slack, button, user);
  const ack = await postSigned(endpoint, actionBody(payload), { secret: SECRET });
  return { id, ack, payload };
}

describe('slack /ask over HTTP', () => {
  it('acks at once and answers privately with bold matches, source, date and buttons', async () => {
    const { ack, answer } = await command('/ask', 'what military aid has China given');
    expect(ack).toEqual({ status: 200, text: '' });
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'what military aid has China given' } });
    const passages = blocks.filter((b) => b.type === 'section');
    expect(passages.length).toBeGreaterThan(0);
    for (const passage of passages) expect(passage.text!.text).toMatch(/\*(military|aid|China|given)\*/i);
    const citations = blocks.filter((b) => b.type === 'context').map((b) => (b.elements![0]!.text as string));
    expect(citations.some((c) => c.startsWith('NBC News · 22 Feb 2023 · '))).toBe(true);
    expect(citations.at(-1)).toMatch(/^Searched 5 articles, 16 Dec 2021 to 23 Aug 2024\.$/);
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['More', 'Share in channel']);
    expectWithinLimits(answer);

    const estimated = blocksOf((await command('/ask', 'Kursk region')).answer).filter((b) => b.type === 'context').map((b) => b.elements![0]!.text as string);
    expect(estimated.some((c) => /~\d+ \w+ \d{4} \(estimated\)/.test(c))).toBe(true);
  });

  it('answers a question the corpus cannot with what was searched and what to try', async () => {
    const { answer } = await command('/ask', 'how do I cook a risotto');
    expect(answer.response_type).toBe('ephemeral');
    const text = textsOf(answer).join('\n');
    expect(text).toContain('Nothing in the 5 articles');
    expect(text).toContain('"risotto"');
    expect(text).toContain('/timeline');
    expect(buttonsOf(answer)).toEqual([]);
  });

  it('escapes markup and mention syntax typed in the question', async () => {
    const { answer } = await command('/ask', 'China <!channel> <@U0002> <#C0003|general> @here & <b>aid</b>');
    const texts = textsOf(answer);
    const header = texts.find((t) => t.startsWith('China'))!;
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
});

describe('slack HTTP receiver', () => {
  it('serves GET /healthz with the corpus size', async () => {
    const res = await fetch(endpoint.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', corpus: { articles: 5 } });
  });

  it('answers an empty /ask with how to ask', async () => {
    const { answer } = await command('/ask', '');
    expect(textsOf(answer).join(' ')).toContain('Ask a question, e.g. /ask what military aid has China given.');
  });

  it('logs one line per command, without the question or any secret', async () => {
    await command('/ask', 'Shoigu visited Pyongyang');
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'command', platform: 'slack', command: 'ask', user: 'U0001', results: expect.any(Number), latencyMs: expect.any(Number) }));
    const all = logLines.join('\n');
    for (const secret of ['Shoigu visited Pyongyang', 'what military aid', SECRET, 'xoxb-test']) expect(all).not.toContain(secret);
  });
});

describe('slack buttons', () => {
  it('"More" answers the next passages privately', async () => {
    const first = await command('/ask', 'what military aid has China given');
    const more = buttonsOf(first.answer).find((b) => b.action_id === 'briefbot_more')!;
    const { id, ack } = await click(more);
    expect(ack.status).toBe(200);
    const next = await slack.responseAt(id);
    expect(next.response_type).toBe('ephemeral');
    const firstPassages = blocksOf(first.answer).filter((b) => b.type === 'section').map((b) => b.text!.text);
    const nextPassages = blocksOf(next).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(nextPassages.length).toBeGreaterThan(0);
    for (const passage of nextPassages) expect(firstPassages).not.toContain(passage);
    expectWithinLimits(next);
  });

  it('"Share in channel" posts the answer publicly, shared by the asker, without buttons', async () => {
    const first = await command('/ask', 'what military aid has China given');
    const share = buttonsOf(first.answer).find((b) => b.action_id === 'briefbot_share')!;
    const before = slack.callsTo('chat.postMessage').length;
    await click(share, 'U0042');
    await slack.until(() => slack.callsTo('chat.postMessage').length > before);
    const post = slack.callsTo('chat.postMessage').at(-1)!;
    expect(post.authorization).toBe('Bearer xoxb-test');
    expect(post.params.channel).toBe('C0001');
    const texts = textsOf(post.params);
    expect(texts).toContain('shared by <@U0042>');
    expect(buttonsOf(post.params)).toEqual([]);
    const privatePassages = blocksOf(first.answer).filter((b) => b.type === 'section').map((b) => b.text!.text);
    const publicPassages = (post.params.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(publicPassages).toEqual(privatePassages);
    expectWithinLimits(post.params, '<@U0042>');
  });

  it('answers a double click once', async () => {
    const first = await command('/ask', 'Putin Xi');
    const more = buttonsOf(first.answer).find((b) => b.action_id === 'briefbot_more')!;
    const { payload, id } = buttonClick(slack, more);
    const body = actionBody(payload);
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    expect((await postSigned(endpoint, body, { secret: SECRET })).status).toBe(200);
    await slack.responseAt(id);
    await command('/ask', 'Beijing');
    expect(slack.responsesTo(id)).toHaveLength(1);
  });

  it('says privately when the bot cannot post in the channel', async () => {
    const first = await command('/ask', 'what military aid has China given');
    const share = buttonsOf(first.answer).find((b) => b.action_id === 'briefbot_share')!;
    slack.failures.set('chat.postMessage', 'not_in_channel');
    try {
      const { id } = await click(share);
      const note = await slack.responseAt(id);
      expect(note.response_type).toBe('ephemeral');
      expect(textsOf(note).join(' ')).toContain('invite me');
    } finally {
      slack.failures.delete('chat.postMessage');
    }
  });

  it('refuses an unsigned click', async () => {
    const { payload, id } = buttonClick(slack, { action_id: 'briefbot_share', value: JSON.stringify({ c: 'ask', q: 'China', o: 0 }) });
    const res = await postSigned(endpoint, actionBody(payload), { secret: null });
    expect(res.status).toBe(401);
    expect(slack.responsesTo(id)).toEqual([]);
  });

  it('answers a button made by an older version with a short private note', async () => {
    const { id } = await click({ action_id: 'briefbot_more', value: 'not json' });
    const note = await slack.responseAt(id);
    expect(note.response_type).toBe('ephemeral');
    expect(textsOf(note).join(' ')).toContain('ask again');
  });
});

describe('slack /brief, /who and /timeline', () => {
  it('/brief help lists every command in both spellings', async () => {
    const { answer } = await command('/brief', 'help');
    const text = textsOf(answer).join('\n');
    for (const name of ['ask', 'who', 'timeline']) {
      expect(text).toContain(`/${name} `);
      expect(text).toContain(`/brief ${name}`);
    }
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

  it('/who answers privately with the person: name, sections with sources, a Share button', async () => {
    const { answer, ack } = await command('/who', 'Li Shangfu');
    expect(ack.status).toBe(200);
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Li Shangfu' } });
    const lists = blocks.filter((b) => b.type === 'section' && /^\*(Roles|Quotes|Where they appear)\*/.test(b.text!.text));
    expect(lists.length).toBeGreaterThan(0);
    // Every listed item names its source and date.
    for (const list of lists) for (const line of list.text!.text.split('\n').filter((l) => l.startsWith('• '))) expect(line).toMatch(/ — _.+ · (~?\d{1,2} \w{3} \d{4}|date unknown)/);
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['Share in channel']);
    expectWithinLimits(answer);
  });

  it('/who with a shared name offers the people it may be, as buttons that answer', async () => {
    const { answer } = await command('/who', 'Li');
    const picks = buttonsOf(answer).filter((b) => b.action_id === 'briefbot_open');
    expect(picks.length).toBeGreaterThan(1);
    const { id } = await click(picks[0]!);
    const person = await slack.responseAt(id);
    expect(blocksOf(person)[0]).toMatchObject({ type: 'header', text: { text: picks[0]!.text.text } });
  });

  it('/who for someone the articles never mention says so privately', async () => {
    const { answer } = await command('/who', 'Zorblax Quint');
    expect(answer.response_type).toBe('ephemeral');
    expect(textsOf(answer).join(' ')).toContain('Zorblax Quint');
    expectWithinLimits(answer);
  });

  it('/timeline answers privately with dated events in order, each with its source', async () => {
    const { answer } = await command('/brief', 'timeline april 2023');
    expect(answer.response_type).toBe('ephemeral');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Timeline: april 2023' } });
    const events = blocks.flatMap((b, i) => (b.type === 'section' && /^\*[^*]+\* /.test(b.text!.text) ? [i] : []));
    expect(events.length).toBeGreaterThan(0);
    for (const i of events) {
      expect(blocks[i]!.text!.text).toMatch(/^\*~?[\d -]*\w{3} 2023\*/);
      expect(blocks[i + 1]!.type).toBe('context');
    }
    expectWithinLimits(answer);
  });

  it('/timeline pages with More', async () => {
    const { answer } = await command('/timeline', '');
    const more = buttonsOf(answer).find((b) => b.action_id === 'briefbot_more');
    expect(more).toBeDefined();
    const { id } = await click(more!);
    const next = await slack.responseAt(id);
    const firstTexts = blocksOf(answer).filter((b) => b.type === 'section').map((b) => b.text!.text);
    const nextEvents = blocksOf(next).filter((b) => b.type === 'section' && /^\*[^*]+\* /.test(b.text!.text)).map((b) => b.text!.text);
    expect(nextEvents.length).toBeGreaterThan(0);
    for (const event of nextEvents) expect(firstTexts).not.toContain(event);
  });

  it('/timeline for an empty period offers the periods that have events', async () => {
    const { answer } = await command('/timeline', 'march 1990');
    expect(answer.response_type).toBe('ephemeral');
    const periods = buttonsOf(answer).filter((b) => b.action_id === 'briefbot_open');
    expect(periods.length).toBeGreaterThan(0);
    expectWithinLimits(answer);
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
