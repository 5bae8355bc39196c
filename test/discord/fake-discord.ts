/**
 * A local stand-in for Discord on 127.0.0.1: the REST API the bot calls (gateway discovery,
 * interaction callbacks, webhook edits and follow-ups, command registration) and a WebSocket
 * gateway on the same port (HELLO, heartbeat ACKs, READY, then the interactions a test
 * dispatches). It refuses what Discord refuses (a first callback later than 3 s, a second one,
 * messages over the limits) with Discord's error bodies, and keeps every request it received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
export const CHANNEL_ID = '100000000000000004';
export const USER_ID = '100000000000000005';
export const DM_CHANNEL_ID = '100000000000000006';

/** Where an interaction happens: a server's text channel, or a DM with the bot. */
export type Where = 'guild' | 'dm';

// Discord: "Interaction tokens are valid for 15 minutes ... you must send an initial response within 3 seconds"
const INITIAL_RESPONSE_MS = 3_000;

export interface Captured {
  method: string;
  /** Decoded path after /api/v10, without the query. */
  path: string;
  query: string;
  body: any;
  status: number;
  /** The interaction the request answered, for callbacks and webhooks. */
  interactionId: string | null;
  at: number;
}

interface Pending {
  id: string;
  token: string;
  dispatchedAt: number;
  acknowledged: boolean;
}

let nextSnowflake = 200000000000000000n;
const snowflake = () => String(nextSnowflake++);

export class FakeDiscord {
  readonly requests: Captured[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  private gateway = new WebSocketServer({ server: this.server });
  private sockets = new Set<WebSocket>();
  private interactions = new Map<string, Pending>();
  private byToken = new Map<string, Pending>();
  private sequence = 0;
  private identified: Array<() => void> = [];
  private listeners = new Set<(request: Captured) => void>();
  port = 0;
  /** The roles of the member who sends the next interactions in the server (ids). */
  memberRoles: string[] = [];

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.gateway.on('connection', (socket) => this.connect(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Drops every gateway connection, as a network failure would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Resolves once a client has identified on the gateway (READY sent). */
  whenIdentified(): Promise<void> {
    return new Promise((resolve) => this.identified.push(resolve));
  }

  /** Sends a slash command (in the server's channel, or in a DM with the bot); returns the interaction id. */
  command(name: string, options: Array<{ name: string; value: string }> = [], user = USER_ID, where: Where = 'guild'): string {
    return this.dispatch(2, { id: snowflake(), name, type: 1, options: options.map((o) => ({ ...o, type: 3 })) }, user, {}, where);
  }

  /**
   * Sends a subcommand of a command (`/brief add url: file:`), its options typed (3 string,
   * 11 attachment), with the attachments it names in `resolved`, as Discord does.
   */
  subcommand(name: string, sub: string, options: Array<{ name: string; value: string; type?: number }>, user = USER_ID, attachments: Record<string, object> = {}, where: Where = 'guild'): string {
    const data = { id: snowflake(), name, type: 1, options: [{ type: 1, name: sub, options: options.map((o) => ({ type: 3, ...o })) }], ...(Object.keys(attachments).length > 0 ? { resolved: { attachments } } : {}) };
    return this.dispatch(2, data, user, {}, where);
  }

  /** Sends an autocomplete request for the focused option of a subcommand. */
  autocompleteSubcommand(name: string, sub: string, option: string, value: string, user = USER_ID): string {
    return this.dispatch(4, { id: snowflake(), name, type: 1, options: [{ type: 1, name: sub, options: [{ name: option, value, type: 3, focused: true }] }] }, user);
  }

  /** Sends an autocomplete request for the focused option. */
  autocomplete(name: string, option: string, value: string, user = USER_ID): string {
    return this.dispatch(4, { id: snowflake(), name, type: 1, options: [{ name: option, value, type: 3, focused: true }] }, user);
  }

  /**
   * Clicks a button with this custom_id on an ephemeral message the bot sent; the same
   * `messageId` twice is a double click on one message.
   */
  click(customId: string, user = USER_ID, messageId = snowflake(), where: Where = 'guild'): string {
    const message = botMessage({ id: messageId, flags: 64 });
    return this.dispatch(3, { custom_id: customId, component_type: 2 }, user, { message }, where);
  }

  /** Picks `values` in a string select menu with this custom_id on an ephemeral message the bot sent. */
  select(customId: string, values: string[], user = USER_ID): string {
    const message = botMessage({ flags: 64 });
    return this.dispatch(3, { custom_id: customId, component_type: 3, values }, user, { message });
  }

  /**
   * Calls `listener` with every request as it is answered (accepted or refused), so a load test
   * can time and count responses without polling. Returns a function that removes the listener.
   */
  onRequest(listener: (request: Captured) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The requests that answered one interaction (callback, edits, follow-ups), in order. */
  responses(interactionId: string): Captured[] {
    return this.requests.filter((r) => r.interactionId === interactionId);
  }

  /** Waits until the interaction has received `count` accepted or refused responses. */
  async waitFor(interactionId: string, predicate: (responses: Captured[]) => boolean, timeoutMs = 10_000): Promise<Captured[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const responses = this.responses(interactionId);
      if (predicate(responses)) return responses;
      if (Date.now() > until) throw new Error(`fake-discord: interaction ${interactionId} got ${JSON.stringify(responses.map((r) => [r.method, r.path, r.status]))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private dispatch(type: number, data: object, user: string, extra: object = {}, where: Where = 'guild'): string {
    const id = snowflake();
    const token = `token-${id}`;
    const pending = { id, token, dispatchedAt: Date.now(), acknowledged: false };
    this.interactions.set(id, pending);
    this.byToken.set(token, pending);
    const userObject = { id: user, username: `user${user.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
    // In a DM with the bot there is no server: the user comes alone, the channel is of type 1 (context 1).
    const place =
      where === 'guild'
        ? { guild_id: GUILD_ID, channel_id: CHANNEL_ID, channel: { id: CHANNEL_ID, type: 0 }, member: { user: userObject, roles: [...this.memberRoles], joined_at: '2024-01-01T00:00:00.000Z', permissions: '0', deaf: false, mute: false, flags: 0 }, guild_locale: 'en-US', context: 0 }
        : { channel_id: DM_CHANNEL_ID, channel: { id: DM_CHANNEL_ID, type: 1 }, user: userObject, context: 1 };
    this.send({
      op: 0,
      t: 'INTERACTION_CREATE',
      s: ++this.sequence,
      d: {
        id,
        application_id: APP_ID,
        type,
        token,
        version: 1,
        ...place,
        app_permissions: '0',
        locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: {},
        data,
        ...extra,
      },
    });
    return id;
  }

  private send(payload: object): void {
    for (const socket of this.sockets) socket.send(JSON.stringify(payload));
  }

  private connect(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (message.op === 1) socket.send(JSON.stringify({ op: 11 }));
      // RESUME: this stand-in keeps no sessions, so it says "invalid session, identify again".
      if (message.op === 6) socket.send(JSON.stringify({ op: 9, d: false }));
      if (message.op === 2) {
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.sequence,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'briefbot', discriminator: '0', bot: true, avatar: null, global_name: null },
              guilds: [],
              session_id: 'fake-session',
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        for (const resolve of this.identified.splice(0)) resolve();
      }
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const captured: Captured = {
      method: req.method ?? 'GET',
      path,
      query: url.search,
      body: text === '' ? null : parseBody(text, req.headers['content-type']),
      status: 200,
      interactionId: null,
      at: Date.now(),
    };
    const reply = (status: number, body: unknown) => {
      captured.status = status;
      this.requests.push(captured);
      for (const listener of this.listeners) listener(captured);
      if (status === 204) return void res.writeHead(204).end();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    if (captured.method === 'GET' && path === '/gateway/bot') {
      return reply(200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }

    let match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (match && captured.method === 'PUT') {
      const body = captured.body as Array<Record<string, unknown>>;
      return reply(200, body.map((command) => ({ ...command, id: snowflake(), application_id: match![1], guild_id: match![2], version: snowflake() })));
    }

    match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (match && captured.method === 'POST') {
      const pending = this.interactions.get(match[1]!);
      captured.interactionId = match[1]!;
      if (!pending || pending.token !== match[2]) return reply(404, discordError(10062, 'Unknown interaction'));
      if (Date.now() - pending.dispatchedAt > INITIAL_RESPONSE_MS) return reply(404, discordError(10062, 'Unknown interaction'));
      if (pending.acknowledged) return reply(400, discordError(40060, 'Interaction has already been acknowledged.'));
      const refusal = checkCallback(captured.body);
      if (refusal) return reply(400, refusal);
      pending.acknowledged = true;
      return reply(204, null);
    }

    match = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/(@original|\d+))?$/.exec(path);
    if (match && (captured.method === 'PATCH' || captured.method === 'POST')) {
      const pending = this.byToken.get(match[2]!);
      captured.interactionId = pending?.id ?? null;
      if (!pending || !pending.acknowledged) return reply(404, discordError(10015, 'Unknown Webhook'));
      const refusal = checkMessage(captured.body);
      if (refusal) return reply(400, refusal);
      const body = captured.body as Record<string, unknown>;
      return reply(200, { ...botMessage({ content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], flags: body.flags ?? 0 }), webhook_id: APP_ID });
    }

    return reply(404, discordError(0, `404: Not Found (${captured.method} ${path})`));
  }
}

/** A message the bot sent, as Discord returns it; `fields` are what the message holds. */
function botMessage(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: fields.id ?? snowflake(),
    type: 20,
    channel_id: CHANNEL_ID,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: 0,
    author: { id: BOT_ID, username: 'briefbot', discriminator: '0', bot: true, avatar: null, global_name: null },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    application_id: APP_ID,
    ...fields,
  };
}

function parseBody(text: string, type: string | undefined): unknown {
  if (type?.startsWith('application/json')) return JSON.parse(text);
  return text;
}

function discordError(code: number, message: string, field?: string, detail?: string): object {
  return { code, message, ...(field ? { errors: { [field]: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: detail ?? message }] } } } : {}) };
}

function checkCallback(body: any): object | null {
  if (!body || typeof body.type !== 'number') return discordError(50035, 'Invalid Form Body', 'type', 'missing callback type');
  if (body.type === 8) {
    const choices = body.data?.choices ?? [];
    if (choices.length > 25) return discordError(50035, 'Invalid Form Body', 'data.choices', 'Must be 25 or fewer in length.');
    for (const choice of choices) {
      if (String(choice.name).length > 100 || String(choice.value).length > 100 || String(choice.name).length < 1) {
        return discordError(50035, 'Invalid Form Body', 'data.choices.name', 'Must be between 1 and 100 in length.');
      }
    }
    return null;
  }
  return body.data ? checkMessage(body.data) : null;
}

/** Discord's message limits: content, embeds and their parts, components. */
export function checkMessage(body: any): object | null {
  const invalid = (field: string, detail: string) => discordError(50035, 'Invalid Form Body', field, detail);
  if (typeof body?.content === 'string' && body.content.length > 2000) return invalid('content', 'Must be 2000 or fewer in length.');
  const embeds: any[] = body?.embeds ?? [];
  if (embeds.length > 10) return invalid('embeds', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const embed of embeds) {
    const parts: Array<[string, unknown, number]> = [
      ['title', embed.title, 256],
      ['description', embed.description, 4096],
      ['footer.text', embed.footer?.text, 2048],
      ['author.name', embed.author?.name, 256],
    ];
    for (const field of embed.fields ?? []) parts.push(['fields.name', field.name, 256], ['fields.value', field.value, 1024]);
    if ((embed.fields ?? []).length > 25) return invalid('embeds.fields', 'Must be 25 or fewer in length.');
    for (const [name, value, max] of parts) {
      if (value === undefined) continue;
      const length = String(value).length;
      if (length > max) return invalid(`embeds.${name}`, `Must be ${max} or fewer in length.`);
      if (length === 0 && name !== 'footer.text') return invalid(`embeds.${name}`, 'This field is required');
      total += length;
    }
  }
  if (total > 6000) return invalid('embeds', 'Embed size exceeds maximum size of 6000');
  const rows: any[] = body?.components ?? [];
  if (rows.length > 5) return invalid('components', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const row of rows) {
    if ((row.components ?? []).length > 5) return invalid('components', 'Must be 5 or fewer in length.');
    for (const component of row.components ?? []) {
      if (component.custom_id !== undefined && (String(component.custom_id).length > 100 || String(component.custom_id).length < 1)) {
        return invalid('components.custom_id', 'Must be between 1 and 100 in length.');
      }
      if (ids.has(component.custom_id)) return invalid('components.custom_id', 'Component custom id cannot be duplicated');
      ids.add(component.custom_id);
      if (component.type === 2 && (String(component.label ?? '').length > 80 || String(component.label ?? '').length < 1)) return invalid('components.label', 'Must be between 1 and 80 in length.');
      if (component.type === 3) {
        // A select menu fills its row alone.
        if (row.components.length > 1) return invalid('components', 'A select menu must be alone in its row.');
        const options: any[] = component.options ?? [];
        if (options.length < 1 || options.length > 25) return invalid('components.options', 'Must be between 1 and 25 in length.');
        if (String(component.placeholder ?? '').length > 150) return invalid('components.placeholder', 'Must be 150 or fewer in length.');
        const values = new Set<string>();
        for (const option of options) {
          if (String(option.label).length < 1 || String(option.label).length > 100 || String(option.value).length < 1 || String(option.value).length > 100) return invalid('components.options', 'Must be between 1 and 100 in length.');
          if (option.description !== undefined && String(option.description).length > 100) return invalid('components.options.description', 'Must be 100 or fewer in length.');
          if (values.has(option.value)) return invalid('components.options.value', 'Option values must be unique.');
          values.add(option.value);
        }
      }
    }
  }
  return null;
}
