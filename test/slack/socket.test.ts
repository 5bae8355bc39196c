/**
 * The real Bolt app in Socket Mode: it opens a connection through the local Web API's
 * apps.connections.open, receives envelopes over the local WebSocket and answers.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../adapters/slack/index.js';
import type { SlackHandle } from '../../adapters/slack/index.js';
import { createBriefing } from '../../src/briefing.js';
import { blocksOf, buttonsOf, expectWithinLimits } from './blocks.js';
import { FakeSlack, buttonClick, slashCommand, userMessage } from './fake-slack.js';

let slack: FakeSlack;
let app: SlackHandle | undefined;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  const briefing = await createBriefing({ corpusDir: 'corpus' });
  app = await startSlack({
    briefing,
    // Socket Mode needs no signing secret: nothing comes in over HTTP.
    config: { botToken: 'xoxb-test', signingSecret: null, appToken: 'xapp-test', port: 0, apiUrl: slack.apiUrl },
    logger: pino({ level: 'silent' }),
    retries: 0,
  });
  await slack.until(() => slack.socketCount > 0);
});

afterAll(async () => {
  // The app closes its socket first, so the server sees a clean goodbye.
  await app?.stop();
  await slack?.close();
});

describe('slack in Socket Mode', () => {
  it('connects with the app-level token and serves no HTTP', () => {
    expect(app!.server).toBeNull();
    const open = slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.authorization).toBe('Bearer xapp-test');
  });

  it('acks a slash-command envelope and answers privately at the response_url', async () => {
    const { id, fields } = slashCommand(slack, '/ask', 'what military aid has China given');
    const ack = await slack.sendEnvelope('slash_commands', fields);
    expect(ack.envelope_id).toEqual(expect.any(String));
    const answer = await slack.responseAt(id);
    expect(answer.response_type).toBe('ephemeral');
    expect(blocksOf(answer)[0]).toMatchObject({ type: 'header', text: { text: 'what military aid has China given' } });
    expect(blocksOf(answer).some((b) => b.type === 'section' && /\*[^*]+\*/.test(b.text!.text))).toBe(true);
    expectWithinLimits(answer);
  });

  it('shares an answer through the response_url, then deletes the private copy', async () => {
    const { id, fields } = slashCommand(slack, '/brief', 'ask Kursk');
    await slack.sendEnvelope('slash_commands', fields);
    const share = buttonsOf(await slack.responseAt(id)).find((b) => b.action_id === 'briefbot_share')!;
    const click = buttonClick(slack, share, 'U0007');
    await slack.sendEnvelope('interactive', click.payload);
    await slack.until(() => slack.responsesTo(click.id).length === 2);
    const [shared, removal] = slack.responsesTo(click.id);
    expect(shared!.response_type).toBe('in_channel');
    expectWithinLimits(shared!, '<@U0007>');
    expect(removal).toEqual({ delete_original: true });
  });

  it('says when adding articles is not set up on the bot', async () => {
    const { id, fields } = slashCommand(slack, '/brief', 'add https://news.example/harbour');
    const ack = await slack.sendEnvelope('slash_commands', fields);
    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(blocksOf(await slack.responseAt(id)).map((b) => b.text?.text)).toEqual(['Sorry: adding articles is not set up on this bot.']);
  });

  it('answers an @mention delivered as an events_api envelope, in its thread', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const mention = userMessage('app_mention', '<@UBOT0001> timeline april 2023');
    await slack.sendEnvelope('events_api', { type: 'event_callback', team_id: 'T0001', api_app_id: 'A0001', event_id: 'EvSocket1', event_time: 1, event: mention });
    await slack.until(() => slack.callsTo('chat.postMessage').length > before);
    const post = slack.callsTo('chat.postMessage').at(-1)!;
    expect(post.authorization).toBe('Bearer xoxb-test');
    expect(post.params.thread_ts).toBe(mention.ts);
    expect(blocksOf(post.params)[0]).toMatchObject({ type: 'header', text: { text: 'Timeline: april 2023' } });
  });

  it('reconnects with a fresh socket URL after the connection drops, and answers over it', async () => {
    const opened = slack.callsTo('apps.connections.open').length;
    const connected = slack.connections.length;
    slack.dropConnections();
    // Socket Mode waits its client ping timeout (5 s) before it reconnects.
    const reconnected = slack.until(() => slack.connections.length > connected && slack.socketCount > 0);
    await Promise.race([reconnected, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    expect(slack.connections.length, 'a new Socket Mode connection').toBeGreaterThan(connected);
    expect(slack.callsTo('apps.connections.open').length).toBeGreaterThan(opened);
    expect(slack.connections.at(-1)).not.toBe(slack.connections[connected - 1]);

    const { id, fields } = slashCommand(slack, '/ask', 'what military aid has China given');
    await slack.sendEnvelope('slash_commands', fields);
    const answer = await slack.responseAt(id);
    expect(blocksOf(answer)[0]).toMatchObject({ type: 'header', text: { text: 'what military aid has China given' } });
    expectWithinLimits(answer);
  });
});
