/**
 * A local stand-in for Slack on 127.0.0.1: the Web API (/api/<method>), response_url sinks
 * (/respond/<id>), shared files' private downloads (/files/<id>, bot token required) and a
 * Socket Mode WebSocket (/link/), capturing everything that arrives.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  authorization: string | undefined;
  params: Record<string, unknown>;
}

export interface Response {
  id: string;
  body: Record<string, unknown>;
}

type Waiter = { test: () => boolean; resolve: () => void };

/** A message posted to a response_url, and the status the stand-in answered it with. */
export type ResponseListener = (response: Response, status: number) => void;

// Slack: a response_url takes at most 5 messages.
const RESPONSE_URL_USES = 5;

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: Response[] = [];
  /** Errors to answer instead of ok, by Web API method (e.g. chat.postMessage: 'not_in_channel'). */
  readonly failures = new Map<string, string>();
  /** Response URLs (by id) whose next post is refused with this error, as a lapsed or broken URL is. */
  readonly refuseNext = new Map<string, string>();
  /** The ticket of every Socket Mode connection, in order: each apps.connections.open hands out a fresh one. */
  readonly connections: string[] = [];
  /** Files shared in the workspace, by id, served at fileUrl(id) to the bot token only. */
  readonly files = new Map<string, { body: string | Buffer; type: string }>();
  /** Every download of a shared file, with the Authorization header it came with. */
  readonly downloads: Array<{ id: string; authorization: string | undefined }> = [];
  /** The token file downloads must carry (the app's bot token). */
  botToken = 'xoxb-test';
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly wss = new WebSocketServer({ server: this.server, path: '/link/' });
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (message: Record<string, unknown>) => void>();
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<ResponseListener>();
  private port = 0;
  private tickets = 0;

  constructor() {
    this.wss.on('connection', (socket, request) => {
      this.connections.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('ticket') ?? '');
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        const id = message.envelope_id;
        if (typeof id === 'string') this.acks.get(id)?.(message);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A1' } }));
      this.notify();
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  fileUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/files/${id}`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  responsesTo(id: string): Array<Record<string, unknown>> {
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  /** Resolves once `test` holds (checked on every arrival); the test timeout bounds the wait. */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /**
   * Calls `listener` with every message posted to a response_url as it arrives, refused ones
   * included (status 400 or 404), so a load test can time and count answers without scanning.
   * Returns a function that removes the listener.
   */
  onResponse(listener: ResponseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first answer at a response_url. */
  async responseAt(id: string, index = 0): Promise<Record<string, unknown>> {
    await this.until(() => this.responsesTo(id).length > index);
    return this.responsesTo(id)[index]!;
  }

  /** Sends a Socket Mode envelope to every connected app and resolves with the app's ack. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const envelopeId = crypto.randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    for (const socket of this.sockets) socket.send(JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload }));
    return acked;
  }

  /** Drops every Socket Mode connection without a close frame, as a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      this.notify();
    };

    const file = /^\/files\/([^/]+)$/.exec(url.pathname);
    if (file && req.method === 'GET') {
      const id = decodeURIComponent(file[1]!);
      this.downloads.push({ id, authorization: req.headers.authorization });
      const found = this.files.get(id);
      // Slack answers a download without the bot token with its sign-in page.
      if (req.headers.authorization !== `Bearer ${this.botToken}`) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><head><title>Sign in</title></head><body><form><p>Sign in to your workspace</p></form></body></html>');
        return;
      }
      if (!found) return json(404, { ok: false, error: 'file_not_found' });
      res.writeHead(200, { 'content-type': found.type });
      res.end(found.body);
      return;
    }

    const respond = /^\/respond\/([^/]+)$/.exec(url.pathname);
    if (respond) {
      const id = decodeURIComponent(respond[1]!);
      const body = JSON.parse(raw) as Record<string, unknown>;
      const answer = (status: number, error?: string) => {
        for (const listener of this.listeners) listener({ id, body }, status);
        return json(status, error ? { ok: false, error } : { ok: true });
      };
      if (this.responsesTo(id).length >= RESPONSE_URL_USES) return answer(404, 'used_too_many_times');
      const refusal = this.refuseNext.get(id);
      if (refusal) {
        this.refuseNext.delete(id);
        return answer(404, refusal);
      }
      const problem = blocksProblem(body.blocks);
      if (problem) return answer(400, problem);
      this.responses.push({ id, body });
      return answer(200);
    }

    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!api) return json(404, { ok: false, error: 'unknown_url' });
    const method = api[1]!;
    const params = parseParams(raw, req.headers['content-type']);
    this.calls.push({ method, authorization: req.headers.authorization, params });
    const failure = this.failures.get(method);
    if (failure) return json(200, { ok: false, error: failure });
    switch (method) {
      case 'auth.test':
        return json(200, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'briefbot', team_id: 'T0001', user_id: 'UBOT0001', bot_id: 'BBOT0001' });
      case 'apps.connections.open':
        return json(200, { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=fake-${++this.tickets}` });
      case 'chat.postMessage': {
        const problem = blocksProblem(params.blocks);
        if (problem) return json(200, { ok: false, error: problem });
        return json(200, { ok: true, channel: params.channel, ts: `${Date.now() / 1000}`, message: { text: params.text, blocks: params.blocks } });
      }
      case 'views.publish': {
        const view = (typeof params.view === 'string' ? JSON.parse(params.view) : params.view) as { type?: string; blocks?: unknown } | undefined;
        const problem = view?.type !== 'home' ? 'invalid_arguments' : blocksProblem(view.blocks, HOME_BLOCKS);
        if (problem) return json(200, { ok: false, error: problem });
        return json(200, { ok: true, view: { id: 'V0001', ...view } });
      }
      default:
        return json(200, { ok: true });
    }
  }
}

/** WebClient sends forms with `blocks` as a JSON string; Bolt's respond sends JSON. */
function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments']) {
    if (typeof params[key] === 'string') params[key] = JSON.parse(params[key] as string);
  }
  return params;
}

const MESSAGE_BLOCKS = 50;
const HOME_BLOCKS = 100;
// Slack refuses blocks holding about 13,000 characters of text in all, whatever each block's own
// limit (undocumented; measured at 13,000-13,300 in bolt-js issue 2509).
const TOTAL_TEXT = 13_000;

/**
 * Slack's checks that matter here: the number of blocks, each block's text limits, unique
 * action ids in a block, button and option limits, and the total text of the blocks.
 */
function blocksProblem(blocks: unknown, maxBlocks = MESSAGE_BLOCKS): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > maxBlocks) return 'invalid_blocks';
  let total = 0;
  const count = (text: unknown, max: number) => {
    const length = typeof text === 'string' ? text.length : 0;
    total += length;
    return length > max;
  };
  for (const block of blocks as Array<Record<string, any>>) {
    if (block.type === 'section' && count(block.text?.text, 3000)) return 'invalid_blocks';
    if (block.type === 'header' && count(block.text?.text, 150)) return 'invalid_blocks';
    if (block.type === 'context') {
      if ((block.elements ?? []).length > 10) return 'invalid_blocks';
      for (const element of block.elements ?? []) if (count(element.text, 3000)) return 'invalid_blocks';
    }
    if (block.type === 'actions') {
      const ids = (block.elements ?? []).map((e: Record<string, unknown>) => e.action_id);
      if (ids.length > 25 || new Set(ids).size !== ids.length) return 'invalid_blocks';
      for (const element of block.elements ?? []) {
        if (element.type === 'button' && (count(element.text?.text, 75) || String(element.value ?? '').length > 2000)) return 'invalid_blocks';
        if (element.type === 'static_select') {
          if (count(element.placeholder?.text, 150) || (element.options ?? []).length > 100) return 'invalid_blocks';
          for (const option of element.options ?? []) if (count(option.text?.text, 75) || String(option.value ?? '').length > 150) return 'invalid_blocks';
        }
      }
    }
  }
  return total > TOTAL_TEXT ? 'msg_blocks_too_long' : null;
}

/** Slack's v0 signature over `v0:<timestamp>:<body>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  secret?: string | null;
  timestamp?: number;
  retryNum?: number;
  contentType?: string;
}

/** Posts an exact form string to the app, signed like Slack (or not, with secret null). */
export async function postSigned(url: string, body: string, options: PostOptions = {}): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp) };
  if (options.secret !== null) headers['x-slack-signature'] = sign(options.secret ?? '', timestamp, body);
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

let counter = 0;

/** A slash-command payload as Slack sends it, its response_url pointing at the stand-in. */
export function slashCommand(slack: FakeSlack, command: string, text: string, extra: Record<string, string> = {}): { id: string; fields: Record<string, string> } {
  const id = `r${++counter}`;
  const fields = {
    token: 'verification-token',
    team_id: 'T0001',
    team_domain: 'fake',
    channel_id: 'C0001',
    channel_name: 'general',
    user_id: 'U0001',
    user_name: 'ana',
    command,
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(id),
    trigger_id: `trigger.${id}`,
    ...extra,
  };
  return { id, fields };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Where a click happens: the conversation, whether the message is private (ephemeral), and which message. */
export interface ClickPlace {
  channel?: string;
  ephemeral?: boolean;
  messageTs?: string;
}

/** A block_actions payload for a button click, as Slack posts it (form field `payload`). */
export function buttonClick(slack: FakeSlack, button: { action_id: string; value: string; block_id?: string; text?: { text: string } }, user = 'U0001', place: ClickPlace = {}): { id: string; payload: Record<string, unknown> } {
  const action = { type: 'button', action_id: button.action_id, block_id: button.block_id ?? 'b1', text: { type: 'plain_text', text: button.text?.text ?? '' }, value: button.value, action_ts: `${Date.now() / 1000}` };
  return blockActions(slack, action, user, place);
}

/** A block_actions payload for an option picked in a static select menu. */
export function menuPick(slack: FakeSlack, menu: { action_id: string; block_id?: string }, option: { text: { text: string }; value: string }, user = 'U0001', place: ClickPlace = {}): { id: string; payload: Record<string, unknown> } {
  const action = { type: 'static_select', action_id: menu.action_id, block_id: menu.block_id ?? 'b1', selected_option: option, action_ts: `${Date.now() / 1000}` };
  return blockActions(slack, action, user, place);
}

function blockActions(slack: FakeSlack, action: Record<string, unknown>, user: string, place: ClickPlace): { id: string; payload: Record<string, unknown> } {
  const id = `a${++counter}`;
  const channel = place.channel ?? 'C0001';
  // Each click is on a message of its own unless told; a double click repeats the same payload.
  const messageTs = place.messageTs ?? `${1_700_000_000 + counter}.000100`;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'ana', name: 'ana', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: place.ephemeral ?? true },
    trigger_id: `trigger.${id}`,
    team: { id: 'T0001', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'general' },
    state: { values: {} },
    response_url: slack.responseUrl(id),
    actions: [action],
  };
  return { id, payload };
}

let events = 0;

/** An Events API delivery (`event_callback`) of `event`, as Slack posts it to the app (JSON). */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  return { token: 'verification-token', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback', event_id: `Ev${++events}`, event_time: Math.floor(Date.now() / 1000), event };
}

/** A user's message, as an app_mention in a channel (optionally in a thread) or a message in a DM. */
export function userMessage(kind: 'app_mention' | 'im', text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = `${1_700_000_000 + ++events}.000200`;
  const base = { user: 'U0001', text, ts, event_ts: ts, team: 'T0001' };
  return kind === 'app_mention' ? { type: 'app_mention', channel: 'C0001', ...base, ...extra } : { type: 'message', channel: 'D0001', channel_type: 'im', ...base, ...extra };
}

export function actionBody(payload: Record<string, unknown>): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
