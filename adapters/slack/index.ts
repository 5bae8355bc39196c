/**
 * The Slack adapter: a Bolt app that answers /ask, /who, /timeline and /brief with the core's
 * records rendered as Block Kit, privately first, with "More" and "Share in channel" buttons.
 * HTTP (Events API endpoint /slack/events) or Socket Mode when an app-level token is set.
 */
import type http from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { BlockAction, ButtonAction, Logger as BoltLogger, RespondFn, SlashCommand } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../config.js';
import { CommandLog, RateLimiter, resultCount, slowDownMessage } from '../guard.js';
import type { Briefing } from '../../src/briefing.js';
import { COMMANDS } from '../../src/commands.js';
import type { Answer } from '../../src/types.js';
import { ACTIONS, decodeState, renderAsk, renderFailure, renderHelp, renderTimeline, renderWho, unescapeSlackText } from './render.js';
import type { ButtonState, SlackMessage, View } from './render.js';

export interface SlackOptions {
  briefing: Briefing;
  config: SlackConfig;
  logger: Logger;
  /** The interface the HTTP receiver binds to (all by default; tests use 127.0.0.1). */
  host?: string;
  /** Commands (and button presses) one user may send a minute; default 20. */
  rateLimitPerMinute?: number;
  /** What GET /healthz on the HTTP port reports (the entry's health record); the corpus size by default. */
  health?: () => Record<string, unknown>;
  /** Web API retries (the client's default retries for about 30 minutes; tests pass 0). */
  retries?: number;
}

export interface SlackHandle {
  /** Stops taking requests, closes the HTTP server or the socket, and waits for answers in flight. */
  stop(): Promise<void>;
  /** The HTTP server in HTTP mode; null in Socket Mode. */
  server: http.Server | null;
}

/** The commands registered as their own slash commands; /brief carries them all. */
const SLASH = COMMANDS.filter((c) => c.name !== 'help').map((c) => c.name);
type Slash = (typeof SLASH)[number];
/** How long a request or click is remembered, so a redelivery or double click is answered once. */
const SEEN_TTL_MS = 10 * 60_000;
const SEEN_MAX = 10_000;

/**
 * Starts the Slack app.
 * @example const slack = await startSlack({ briefing, config: config.slack, logger });
 *          process.on('SIGTERM', () => slack.stop());
 */
export async function startSlack(options: SlackOptions): Promise<SlackHandle> {
  const { briefing, config, host } = options;
  const logger = options.logger.child({ platform: 'slack' });
  const boltLogger = toBoltLogger(logger);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: withSlash(config.apiUrl) } : {}),
    ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
  };
  const socketMode = config.appToken !== null;
  const app = socketMode
    ? new App({ token: config.botToken, appToken: config.appToken!, socketMode: true, clientOptions, logger: boltLogger })
    : new App({
        token: config.botToken,
        clientOptions,
        logger: boltLogger,
        receiver: new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: '/slack/events',
          logger: boltLogger,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ status: 'ok', ...(options.health?.() ?? { corpus: briefing.corpus, adapters: { slack: 'listening' } }) }));
              },
            },
          ],
        }),
      });

  const seen = createSeen(SEEN_TTL_MS, SEEN_MAX);
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 20);
  const commandLog = new CommandLog(options.logger);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  /**
   * The adapter's one boundary: every answer goes through here, is logged once, and ends as a
   * private note when it fails. A user over the rate limit is told when to try again.
   */
  function serve(label: string, user: string, query: string, respond: RespondFn, work: () => Promise<number>): Promise<void> {
    const task = (async () => {
      const verdict = limiter.take(user);
      if (!verdict.ok) {
        logger.info({ command: label, user }, 'rate limited');
        await respond({ response_type: 'ephemeral', replace_original: false, ...renderFailure(slowDownMessage(verdict.retryAfterSeconds)) });
        return;
      }
      try {
        await commandLog.run({ platform: 'slack', command: label, user, query }, work, (results) => results);
      } catch (error) {
        logger.error({ command: label, err: error }, 'command failed');
        await respond({ response_type: 'ephemeral', replace_original: false, ...renderFailure(failureText(label, error)) });
      }
    })().catch((err: unknown) => logger.error({ command: label, err }, 'could not answer the user'));
    inFlight.add(task);
    return task.finally(() => inFlight.delete(task));
  }

  async function answerPrivately(respond: RespondFn, state: ButtonState): Promise<number> {
    const { answer, message } = answerFor(briefing, state, { kind: 'private' });
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return resultCount(answer) ?? 0;
  }

  async function onCommand(command: SlashCommand, respond: RespondFn, retryNum: number | undefined): Promise<void> {
    // Slack redelivers when it thinks an ack was lost; the first delivery is being answered.
    if (retryNum !== undefined || (command.trigger_id && !seen.add(`command:${command.trigger_id}`))) {
      logger.info({ command: command.command, retryNum }, 'redelivered command ignored');
      return;
    }
    if (stopping) {
      await respond({ response_type: 'ephemeral', ...renderFailure('briefbot is restarting: please ask again in a moment.') }).catch(() => {});
      return;
    }
    const text = unescapeSlackText(command.text ?? '').trim();
    const name = command.command.replace(/^\//, '').toLowerCase();
    logger.debug({ command: name, text }, 'command received');
    let state: ButtonState | null;
    if (name === 'brief') {
      const [word = '', ...rest] = text.split(/\s+/);
      const sub = word.toLowerCase().replace(/^\//, '');
      if (isSlash(sub)) state = { command: sub, query: rest.join(' '), offset: 0 };
      else {
        const notice = word === '' || sub === 'help' ? undefined : `"${word.slice(0, 40)}" is not a briefbot command.`;
        await serve('help', command.user_id, text, respond, async () => {
          await respond({ response_type: 'ephemeral', ...renderHelp(notice) });
          return 0;
        });
        return;
      }
    } else state = isSlash(name) ? { command: name, query: text, offset: 0 } : null;
    if (state === null) return;
    const current = state;
    await serve(current.command, command.user_id, current.query, respond, () => answerPrivately(respond, current));
  }

  async function onButton(body: BlockAction, action: ButtonAction, respond: RespondFn, retryNum: number | undefined, share: (message: SlackMessage, channel: string) => Promise<void>): Promise<void> {
    if (stopping || retryNum !== undefined) return;
    // Slack: a double click sends the same action twice; the second gets its ack and nothing more.
    const key = `action:${body.user.id}:${body.container?.message_ts ?? ''}:${action.block_id}:${action.action_id}:${action.value ?? ''}`;
    if (!seen.add(key)) {
      logger.info({ action: action.action_id }, 'repeated click ignored');
      return;
    }
    const state = decodeState(action.value);
    if (state === null) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderFailure('This button is out of date: ask again.') }).catch((err: unknown) =>
        logger.error({ action: action.action_id, err }, 'could not answer the user'),
      );
      return;
    }
    if (action.action_id !== ACTIONS.share) {
      await serve(state.command, body.user.id, state.query, respond, () => answerPrivately(respond, state));
      return;
    }
    await serve(`share ${state.command}`, body.user.id, state.query, respond, async () => {
      const channel = body.channel?.id;
      if (!channel) throw new Error('briefbot: there is no channel to share this in');
      const { answer, message } = answerFor(briefing, state, { kind: 'shared', userId: body.user.id });
      try {
        await share(message, channel);
      } catch (error) {
        // Lets the user press Share again once the bot is invited.
        seen.delete(key);
        throw shareError(error);
      }
      return resultCount(answer) ?? 0;
    });
  }

  for (const name of [...SLASH, 'brief']) {
    app.command(`/${name}`, async ({ ack, command, respond, context }) => {
      // Slack: acknowledge within 3 s, so before any work.
      await ack();
      await onCommand(command, respond, context.retryNum);
    });
  }

  app.action<BlockAction>({ type: 'block_actions', action_id: /^briefbot_/ }, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    if (action.type !== 'button') return;
    await onButton(body, action, respond, context.retryNum, async (message, channel) => {
      await client.chat.postMessage({ channel, ...message, unfurl_links: false, unfurl_media: false });
    });
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in the Slack app');
  });

  const server = socketMode ? null : ((await app.start(host ? { port: config.port, host } : config.port)) as http.Server);
  if (socketMode) await app.start();
  logger.info(socketMode ? { mode: 'socket' } : { mode: 'http', port: addressPort(server) }, 'Slack app started');

  return {
    server,
    async stop() {
      stopping = true;
      await app.stop();
      await Promise.allSettled([...inFlight]);
      logger.info('Slack app stopped');
    },
  };
}

function answerFor(briefing: Briefing, state: ButtonState, view: View): { answer: Answer; message: SlackMessage } {
  const options = { offset: state.offset, view, corpus: briefing.corpus };
  switch (state.command) {
    case 'ask': {
      const answer = briefing.ask(state.query, { offset: state.offset });
      return { answer, message: renderAsk(answer, options) };
    }
    case 'who': {
      const answer = briefing.who(state.query);
      return { answer, message: renderWho(answer, options) };
    }
    case 'timeline': {
      const answer = briefing.timeline(state.query, { offset: state.offset });
      return { answer, message: renderTimeline(answer, options) };
    }
  }
}

function isSlash(name: string): name is Slash {
  return (SLASH as readonly string[]).includes(name);
}

/** The core's own messages ("briefbot: ...") are meant for people; anything else stays in the log. */
function failureText(label: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('briefbot: ')) return `Sorry: ${message.slice('briefbot: '.length)}.`;
  return `Sorry, /${label} failed on our side. It has been logged; please try again later.`;
}

function shareError(error: unknown): Error {
  const code = (error as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') return new Error('briefbot: I cannot post in this channel; invite me (/invite @briefbot) and press Share again');
  return error instanceof Error ? error : new Error(String(error));
}

/** A set whose entries expire, bounded in size: enough to spot a redelivery or a double click. */
function createSeen(ttlMs: number, max: number) {
  const entries = new Map<string, number>();
  return {
    /** False when the key was seen within the TTL. */
    add(key: string): boolean {
      const now = Date.now();
      for (const [old, at] of entries) {
        if (now - at < ttlMs && entries.size < max) break;
        entries.delete(old);
      }
      if (entries.has(key)) return false;
      entries.set(key, now);
      return true;
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/** Bolt's logger interface over pino, so Bolt's own lines land in the same structured log. */
function toBoltLogger(logger: Logger): BoltLogger {
  const bolt = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : safeJson(part))).join(' ');
  return {
    debug: (...parts) => bolt.debug(line(parts)),
    info: (...parts) => bolt.info(line(parts)),
    warn: (...parts) => bolt.warn(line(parts)),
    error: (...parts) => bolt.error(line(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function addressPort(server: http.Server | null): number | null {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : null;
}
