/**
 * The Slack adapter: a Bolt app that answers /ask, /who, /timeline and /brief privately with the
 * core's records rendered as Block Kit (Previous, More and Share in channel buttons), answers an
 * @mention in its thread and a direct message where it was sent, and publishes an App Home tab.
 * Editors add articles with /brief add <link> or by sharing a file with the bot (in a DM or
 * with an @mention), and remove them with /brief remove <id>.
 * HTTP (Events API endpoint /slack/events) or Socket Mode when an app-level token is set.
 */
import type http from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { BlockAction, Logger as BoltLogger, RespondFn, SlashCommand, types } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../config.js';
import { CommandLog, RateLimiter, slowDownMessage } from '../guard.js';
import type { Briefing } from '../../src/briefing.js';
import { COMMANDS, EDIT_COMMANDS, type EditCommandName } from '../../src/commands.js';
import { helpContent, isHelpRequest, startingPoints } from '../../src/help.js';
import type { EditAnswer } from '../../src/types.js';
import type { Ingest, Requester } from '../ingest/index.js';
import { ACTIONS, DIRECTORY_PAGE, decodeState, renderArticle, renderAsk, renderEdit, renderFailure, renderHelp, renderHome, renderMentions, renderTimeline, renderWho, unescapeSlackText } from './render.js';
import type { ButtonState, HelpStyle, SlackMessage, View } from './render.js';

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
  /** Adds and removes articles (/brief add, /brief remove, files shared with the bot); without it they answer that adding is not set up. */
  ingest?: Ingest;
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

/** An edit command and its text: "add <link>", "remove <id>". */
interface Edit {
  command: EditCommandName;
  text: string;
}

/** What a command, a mention or a direct message asks for: an answer, the help (with a note), or an edit. */
type Request = { state: ButtonState } | { help: true; notice?: string } | { edit: Edit };

/** A file shared with the bot, as a Slack event lists it. */
interface SlackFile {
  name?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

// Slack lets a message carry ten files: the first five are added, each answered on its own.
const MAX_FILES = 5;

/** A message to the bot in a conversation: an @mention in a channel or thread, or a direct message. */
interface Conversation {
  channel: string;
  user: string;
  text: string;
  ts: string;
  /** Where the answer goes: the thread of the mention, or the DM (its thread when it has one). */
  threadTs: string | undefined;
  /** The thread the message was written in, if any (a thread it would start does not count). */
  thread: string | undefined;
  /** A direct message (answered where everyone in it sees), or a mention in a channel. */
  direct: boolean;
  files: SlackFile[];
}

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
  if (!socketMode && !config.signingSecret) throw new Error('briefbot: Slack over HTTP needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  const app = socketMode
    ? new App({ token: config.botToken, appToken: config.appToken!, socketMode: true, clientOptions, logger: boltLogger })
    : new App({
        token: config.botToken,
        clientOptions,
        logger: boltLogger,
        receiver: new HTTPReceiver({
          signingSecret: config.signingSecret!,
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
   * short note (`fail`) when it fails. A user over the rate limit is told when to try again.
   */
  function serve(label: string, user: string, query: string, fail: (message: SlackMessage) => Promise<unknown>, work: () => Promise<number>): Promise<void> {
    const task = (async () => {
      const verdict = limiter.take(user);
      if (!verdict.ok) {
        logger.info({ command: label, user }, 'rate limited');
        await fail(renderFailure(slowDownMessage(verdict.retryAfterSeconds)));
        return;
      }
      try {
        await commandLog.run({ platform: 'slack', command: label, user, query }, work, (results) => results);
      } catch (error) {
        logger.error({ command: label, err: error }, 'command failed');
        await fail(renderFailure(failureText(label, error)));
      }
    })().catch((err: unknown) => logger.error({ command: label, err }, 'could not answer the user'));
    inFlight.add(task);
    return task.finally(() => inFlight.delete(task));
  }

  const privately = (respond: RespondFn) => (message: SlackMessage) => respond({ response_type: 'ephemeral', replace_original: false, ...message });

  function answerHelp(fail: (message: SlackMessage) => Promise<unknown>, user: string, request: { notice?: string }, style: HelpStyle, send: (message: SlackMessage) => Promise<unknown>): Promise<void> {
    return serve('help', user, '', fail, async () => {
      await send(renderHelp(helpContent(briefing), request.notice, style));
      return 0;
    });
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
    const request = name === 'brief' ? readBrief(text) : isSlash(name) ? readCommand(name, text) : null;
    if (request === null) return;
    const send = privately(respond);
    if ('help' in request) return answerHelp(send, command.user_id, request, 'slash', send);
    if ('edit' in request) return answerEdit(command.user_id, request.edit.command, request.edit.text, send, { kind: 'private' }, () => edit(request.edit, command.user_id));
    const { state } = request;
    await serve(state.command, command.user_id, state.query, send, async () => {
      const { message, results } = await answerFor(briefing, state, { kind: 'private' });
      await send(message);
      return results;
    });
  }

  const requester = (user: string): Requester => ({ label: `slack ${user}`, ids: [user] });

  function edit(request: Edit, user: string): Promise<EditAnswer> {
    const ingest = adder();
    return request.command === 'add' ? ingest.addLink(linkIn(request.text), requester(user)) : ingest.remove(request.text, requester(user));
  }

  function adder(): Ingest {
    if (!options.ingest) throw new Error('briefbot: adding articles is not set up on this bot');
    return options.ingest;
  }

  /** An add or remove, answered with its card; a refusal counts no result in the log. */
  function answerEdit(user: string, label: string, query: string, send: (message: SlackMessage) => Promise<unknown>, view: View, work: () => Promise<EditAnswer>): Promise<void> {
    return serve(label, user, query, send, async () => {
      const answer = await work();
      await send(renderEdit(answer, { view }));
      return answer.status === 'refused' ? 0 : 1;
    });
  }

  async function onAction(body: BlockAction, respond: RespondFn, retryNum: number | undefined): Promise<void> {
    const action = body.actions[0];
    if (stopping || retryNum !== undefined || !action) return;
    const value = action.type === 'button' ? action.value : action.type === 'static_select' ? action.selected_option?.value : undefined;
    // Slack: a double click sends the same action twice; the second gets its ack and nothing more.
    const key = `action:${body.user.id}:${body.container?.message_ts ?? ''}:${action.block_id}:${action.action_id}:${value ?? ''}`;
    if (!seen.add(key)) {
      logger.info({ action: action.action_id }, 'repeated click ignored');
      return;
    }
    const note = (message: SlackMessage) => respond({ response_type: 'ephemeral', replace_original: false, ...message });
    const state = decodeState(value);
    if (state === null) {
      await note(renderFailure('This button is out of date: ask again.')).catch((err: unknown) => logger.error({ action: action.action_id, err }, 'could not answer the user'));
      return;
    }
    if (action.action_id === ACTIONS.share) {
      await serve(`share ${state.command}`, body.user.id, state.query, note, async () => {
        const { message, results } = await answerFor(briefing, state, { kind: 'shared', userId: body.user.id });
        try {
          // Through the response_url: it posts where the command was run (a DM or a private
          // channel too) without the bot being a member, then the private copy goes.
          await respond({ response_type: 'in_channel', replace_original: false, ...message });
        } catch (error) {
          // Lets the user press Share again.
          seen.delete(key);
          throw error;
        }
        await respond({ delete_original: true }).catch((err: unknown) => logger.warn({ err }, 'could not delete the private copy of a shared answer'));
        return results;
      });
      return;
    }
    // Paging and opening replace the message clicked on, private or not.
    const view: View = body.container?.is_ephemeral === false ? { kind: 'public' } : { kind: 'private' };
    await serve(state.command, body.user.id, state.query, note, async () => {
      const { message, results } = await answerFor(briefing, state, view);
      await respond({ replace_original: true, ...message });
      return results;
    });
  }

  /** An @mention or a direct message: the text read as a command (or a question), answered in place. */
  async function onConversation(message: Conversation, client: App['client'], retryNum: number | undefined, botUserId: string | undefined): Promise<void> {
    if (stopping || retryNum !== undefined || !seen.add(`message:${message.channel}:${message.ts}`)) return;
    const thread = message.threadTs ? { thread_ts: message.threadTs } : {};
    const send = (reply: SlackMessage) => postIn(message.channel, client)({ ...reply, ...thread });
    // An edit's answer is for the editor: private in a channel, where it can be shared. Slack
    // shows an ephemeral message in a thread only when the thread exists already.
    const inThread = message.thread ? { thread_ts: message.thread } : {};
    const privately = message.direct ? send : (reply: SlackMessage) => client.chat.postEphemeral({ channel: message.channel, user: message.user, ...reply, ...inThread });
    const editView: View = message.direct ? { kind: 'public' } : { kind: 'private' };
    if (message.files.length > 0) {
      const files = message.files.slice(0, MAX_FILES);
      await Promise.all(
        files.map((file) => {
          const name = file.name ?? 'file';
          const url = file.url_private_download ?? file.url_private;
          return answerEdit(message.user, 'add', name, privately, editView, async () => {
            if (!url) throw new Error('briefbot: Slack gave no link to the contents of that file, so it cannot be read');
            return adder().addFile({ name, size: file.size ?? null, url, headers: { authorization: `Bearer ${config.botToken}` } }, requester(message.user));
          });
        }),
      );
      return;
    }
    const request = readMessage(message.text, botUserId);
    if ('help' in request) return answerHelp(send, message.user, request, 'message', send);
    if ('edit' in request) return answerEdit(message.user, request.edit.command, request.edit.text, privately, editView, () => edit(request.edit, message.user));
    const { state } = request;
    await serve(state.command, message.user, state.query, send, async () => {
      const { message: reply, results } = await answerFor(briefing, state, { kind: 'public' });
      await send(reply);
      return results;
    });
  }

  async function answerFor(current: Briefing, state: ButtonState, view: View): Promise<{ message: SlackMessage; results: number }> {
    const options = { offset: state.offset, view, corpus: current.corpus, explore: startingPoints(current) };
    switch (state.command) {
      case 'ask': {
        const answer = current.ask(state.query, { offset: state.offset });
        return { message: renderAsk(answer, options), results: answer.hits.length };
      }
      case 'who': {
        const answer = current.who(state.query);
        return { message: renderWho(answer, options), results: answer.person ? 1 : 0 };
      }
      case 'mentions': {
        const answer = current.who(state.query);
        return { message: renderMentions(answer, options), results: answer.person ? 1 : 0 };
      }
      case 'people': {
        const answer = current.who('', { offset: state.offset, limit: DIRECTORY_PAGE });
        return { message: renderWho(answer, options), results: answer.people?.length ?? 0 };
      }
      case 'timeline': {
        const answer = current.timeline(state.query, { offset: state.offset });
        return { message: renderTimeline(answer, options), results: answer.events.length };
      }
      case 'article': {
        const article = await adder().describe(state.query);
        return article ? { message: renderArticle(article, { view }), results: 1 } : { message: renderFailure('That article is no longer in the corpus.'), results: 0 };
      }
    }
  }

  for (const name of [...SLASH, 'brief']) {
    app.command(`/${name}`, async ({ ack, command, respond, context }) => {
      // Slack: acknowledge within 3 s, so before any work. Fetching a link takes longer: say so.
      const fetching = name === 'brief' && /^\s*add\s+\S/i.test(command.text ?? '') && options.ingest?.mayEdit(requester(command.user_id)) === true;
      await (fetching ? ack({ response_type: 'ephemeral', text: 'Reading the link…' }) : ack());
      await onCommand(command, respond, context.retryNum);
    });
  }

  app.action<BlockAction>({ type: 'block_actions', action_id: /^briefbot_/ }, async ({ ack, body, respond, context }) => {
    await ack();
    await onAction(body, respond, context.retryNum);
  });

  function postIn(channel: string, client: App['client']) {
    return async (reply: SlackMessage & { thread_ts?: string }) => {
      await client.chat.postMessage({ channel, ...reply, unfurl_links: false, unfurl_media: false });
    };
  }

  app.event('app_mention', async ({ event, client, context }) => {
    const mention = event as types.AppMentionEvent;
    if (!mention.user || mention.bot_id) return;
    const conversation = { channel: mention.channel, user: mention.user, text: mention.text, ts: mention.ts, threadTs: mention.thread_ts ?? mention.ts, thread: mention.thread_ts, direct: false, files: filesOf(mention) };
    await onConversation(conversation, client, context.retryNum, context.botUserId);
  });

  app.event('message', async ({ event, client, context }) => {
    // Only what a person writes to the bot directly (a file they share included): no edits, joins or other bots.
    const message = event as types.GenericMessageEvent | types.FileShareMessageEvent;
    if (message.channel_type !== 'im' || (message.subtype !== undefined && message.subtype !== 'file_share') || (message as { bot_id?: string }).bot_id || !message.user) return;
    const conversation = { channel: message.channel, user: message.user, text: message.text ?? '', ts: message.ts, threadTs: message.thread_ts, thread: message.thread_ts, direct: true, files: filesOf(message) };
    await onConversation(conversation, client, context.retryNum, context.botUserId);
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: renderHome(helpContent(briefing)) });
    } catch (err) {
      logger.error({ err }, 'could not publish the App Home');
    }
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

/** A slash command's text: "/ask" alone or with "help" is the help. */
function readCommand(name: Slash, text: string): Request {
  if (name === 'ask' && isHelpRequest(text)) return { help: true };
  if (name === 'who' && text === '') return { state: { command: 'people', query: '', offset: 0 } };
  return { state: { command: name, query: text, offset: 0 } };
}

/** "/brief ask ...", "/brief add <link>": the first word names the command; anything else shows the help. */
function readBrief(text: string): Request {
  const [word = '', ...rest] = text.split(/\s+/);
  const sub = word.toLowerCase().replace(/^\//, '');
  if (isSlash(sub)) return readCommand(sub, rest.join(' ').trim());
  if (isEdit(sub)) return { edit: { command: sub, text: rest.join(' ').trim() } };
  return { help: true, ...(word === '' || sub === 'help' ? {} : { notice: `"${word.slice(0, 40)}" is not a briefbot command.` }) };
}

/**
 * The words of a mention or a direct message: the bot's own mention left out, Slack's markup read
 * back to text (other mentions dropped, links and channels as their text), then a command word
 * ("who ...", "/timeline ...", "help") or else a question for /ask.
 */
export function readMessage(text: string, botUserId: string | undefined): Request {
  const words = text
    .replace(/<([@!#])([^<>|]*)(?:\|([^<>]*))?>/g, (_all, kind: string, id: string, label: string | undefined) => (kind === '#' && label ? `#${label}` : kind === '@' && id === botUserId ? ' ' : ''))
    .replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_all, url: string, label: string | undefined) => label ?? url);
  const plain = unescapeSlackText(words).replace(/\s+/g, ' ').trim();
  const [word = '', ...rest] = plain.split(' ');
  const name = word.toLowerCase().replace(/^\//, '');
  if (plain === '' || name === 'help') return { help: true };
  if (isSlash(name)) return readCommand(name, rest.join(' '));
  // The link as Slack marked it up, not its label ("<https://…|example.org/…>").
  if (isEdit(name) && rest.length > 0) return { edit: { command: name, text: name === 'add' ? (markedLink(text) ?? rest.join(' ')) : rest.join(' ') } };
  return readCommand('ask', plain);
}

function isSlash(name: string): name is Slash {
  return (SLASH as readonly string[]).includes(name);
}

function isEdit(name: string): name is EditCommandName {
  return EDIT_COMMANDS.some((c) => c.name === name);
}

/** The link in a command's text: Slack writes a pasted link as <url> or <url|label>. */
export function linkIn(text: string): string {
  return markedLink(text) ?? text.trim().split(/\s+/)[0] ?? '';
}

function markedLink(text: string): string | null {
  return /<(https?:\/\/[^<>|\s]+)(?:\|[^<>]*)?>/i.exec(text)?.[1]?.replace(/&amp;/g, '&') ?? null;
}

/** The files of a message or a mention, when it carries any. */
function filesOf(event: object): SlackFile[] {
  const files = (event as { files?: unknown }).files;
  return Array.isArray(files) ? files.filter((f): f is SlackFile => typeof f === 'object' && f !== null) : [];
}

/** The core's own messages ("briefbot: ...") are meant for people; anything else stays in the log. */
function failureText(label: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('briefbot: ')) return `Sorry: ${message.slice('briefbot: '.length)}.`;
  return `Sorry, /${label.replace(/^share /, '')} failed on our side. It has been logged; please try again later.`;
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
