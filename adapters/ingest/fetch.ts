/**
 * Fetching a page, a file or a feed from the web, safely: http and https only, a deadline, a
 * size limit, a bounded number of redirects, and never an address of the bot's own network.
 * Each host name is resolved first, every address it resolves to is checked, and the connection
 * goes to the checked address (the socket's lookup is pinned to it), so no second DNS answer
 * can point the request elsewhere. Every redirect hop is checked the same way.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import type { RefusalReason } from '../../src/types.js';
import { addressProblem } from './address.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetchPolicy {
  /** Lifts the address check: for tests and intranets (BRIEFBOT_ALLOW_PRIVATE_URLS=true). */
  allowPrivate: boolean;
  /** For the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Every address of a host name (the system resolver by default). */
  resolve: (host: string) => Promise<ResolvedAddress[]>;
  /** Why an address must not be fetched from, or null when it may be (addressProblem by default). */
  addressProblem: (address: string) => string | null;
}

export const DEFAULT_POLICY: FetchPolicy = {
  allowPrivate: false,
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })),
  addressProblem,
};

/** What is fetched decides which media types are taken: a page (HTML or plain text), a feed, or a shared file (any text). */
export type FetchKind = 'page' | 'feed' | 'file';

export interface FetchRequest {
  url: string;
  kind: FetchKind;
  /** Sent to the first URL's origin only, never after a redirect elsewhere (a bot token). */
  headers?: Record<string, string>;
  /** A feed's validators from its last fetch: a 304 answer comes back as `notModified`. */
  etag?: string | null;
  lastModified?: string | null;
}

export interface Fetched {
  /** Where the body came from, after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  /** "text/html", without parameters; null when the server sent none. */
  mediaType: string | null;
  /** The charset the Content-Type names, if any. */
  charset: string | null;
  bytes: Buffer;
  etag: string | null;
  lastModified: string | null;
}

/** A fetch the bot will not make or could not finish, with what to tell the user. */
export class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const FEED_TYPES = /^(application|text)\/([\w.+-]*\+)?(xml|rss|atom|json|rdf)$|^text\/(plain|html)$/;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'briefbot/0.1 (article reader)';

/**
 * Fetches one URL within the policy. Throws a Refusal, with a message for the user, for a link
 * that is not http or https, an address of the bot's own network (on any hop), a page that is
 * missing, too large, not HTML or text, too slow, or redirected too often.
 * @example const page = await fetchSafely({ url: 'https://example.org/news/1', kind: 'page' });
 */
export async function fetchSafely(request: FetchRequest, policy: FetchPolicy = DEFAULT_POLICY): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  const first = parseUrl(request.url);
  try {
    let url = first;
    for (let hop = 0; ; hop += 1) {
      const address = await checkedAddress(url, policy, controller.signal, hop > 0);
      const headers: Record<string, string> = {
        'user-agent': USER_AGENT,
        accept: request.kind === 'feed' ? 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5' : 'text/html, application/xhtml+xml, text/plain;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
        ...(url.origin === first.origin ? request.headers : {}),
      };
      if (request.etag) headers['if-none-match'] = request.etag;
      if (request.lastModified) headers['if-modified-since'] = request.lastModified;
      const response = await send(url, address, headers, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.resume();
        if (hop >= policy.maxRedirects) throw new Refusal('too-many-redirects', `The link redirects more than ${policy.maxRedirects} times.`);
        url = redirectTarget(url, location);
        continue;
      }
      const etag = header(response, 'etag');
      const lastModified = header(response, 'last-modified');
      const found = { url: url.href, status, etag, lastModified };
      if (status === 304) {
        response.resume();
        return { ...found, notModified: true, mediaType: null, charset: null, bytes: Buffer.alloc(0) };
      }
      if (status === 404 || status === 410) {
        response.resume();
        throw new Refusal('not-found', `Nothing was found at ${shown(url)} (${status} ${http.STATUS_CODES[status] ?? ''}).`.replace(' )', ')'));
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new Refusal('http-error', `${url.hostname} answered ${status} ${http.STATUS_CODES[status] ?? ''}`.trim() + '.');
      }
      const { mediaType, charset } = contentType(header(response, 'content-type'));
      if (!acceptable(request.kind, mediaType)) {
        response.resume();
        throw new Refusal('not-article', request.kind === 'feed' ? `${shown(url)} is not a news feed (it is ${mediaType}).` : `${shown(url)} is not a web page or plain text (it is ${mediaType}).`);
      }
      const declared = Number(header(response, 'content-length') ?? NaN);
      if (declared > policy.maxBytes) {
        response.destroy();
        throw tooLarge(policy);
      }
      const bytes = await readBody(response, policy);
      return { ...found, notModified: false, mediaType, charset, bytes };
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    if (controller.signal.aborted) throw new Refusal('timeout', `${first.hostname} did not answer within ${seconds(policy.timeoutMs)}.`);
    throw new Refusal('unreachable', `${first.hostname} could not be reached (${networkReason(error)}).`);
  } finally {
    clearTimeout(timer);
  }
}

/** An http or https URL, or a Refusal saying what is wrong with it. */
export function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Refusal('invalid', `"${text.trim().slice(0, 100)}" is not a web address: give a link that starts with https:// or http://.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refusal('invalid', `Only http and https links can be added, not ${url.protocol.slice(0, 20)} links.`);
  if (url.username !== '' || url.password !== '') throw new Refusal('invalid', 'A link with a user name or password in it is not fetched.');
  url.hash = '';
  return url;
}

/** The address to connect to: the host's first address, once every one it resolves to is checked. */
async function checkedAddress(url: URL, policy: FetchPolicy, signal: AbortSignal, redirected: boolean): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = /^[\d.]+$|:/.test(host) ? { address: host, family: host.includes(':') ? 6 : 4 } as ResolvedAddress : null;
  let addresses: ResolvedAddress[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = await abortable(policy.resolve(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new Refusal('unreachable', `${host} could not be found (${networkReason(error)}).`);
    }
  }
  if (addresses.length === 0) throw new Refusal('unreachable', `${host} could not be found (no address).`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const problem = policy.addressProblem(address);
      if (problem === null) continue;
      const where = literal ? `${host} is ${problem}` : `${host} resolves to ${address}, ${problem}`;
      throw new Refusal('private-address', `${redirected ? 'The link redirects to an address briefbot does not fetch from: ' : ''}${where}. briefbot fetches only from the public web.`);
    }
  }
  return addresses[0]!;
}

/** One GET to the checked address; the socket's DNS lookup answers with that address only. */
function send(url: URL, address: ResolvedAddress, headers: Record<string, string>, signal: AbortSignal): Promise<http.IncomingMessage> {
  const pinned: LookupFunction = (_host, options, callback) => {
    // Node asks for every address when it may try several families (autoSelectFamily).
    if ((options as { all?: boolean }).all) (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'GET', headers, signal, agent: false, lookup: pinned }, resolve);
    request.on('error', reject);
    request.end();
  });
}

/** The body, decompressed, refused once it passes the size limit (compressed or not). */
async function readBody(response: http.IncomingMessage, policy: FetchPolicy): Promise<Buffer> {
  const encoding = (header(response, 'content-encoding') ?? 'identity').toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
  const stream: NodeJS.ReadableStream = decoder ? response.pipe(decoder) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > policy.maxBytes) throw tooLarge(policy);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
    decoder?.destroy();
  }
  return Buffer.concat(chunks);
}

function tooLarge(policy: FetchPolicy): Refusal {
  return new Refusal('too-large', `The page is larger than ${policy.maxBytes / 1024 / 1024} MB.`);
}

function acceptable(kind: FetchKind, mediaType: string | null): boolean {
  // Without a Content-Type the bytes decide (the reader refuses what is not text).
  if (mediaType === null || kind === 'file') return true;
  return kind === 'feed' ? FEED_TYPES.test(mediaType) : PAGE_TYPES.has(mediaType);
}

function contentType(value: string | null): { mediaType: string | null; charset: string | null } {
  if (!value) return { mediaType: null, charset: null };
  const [type = '', ...params] = value.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([\w.:-]+)"?\s*$/i.exec(p)?.[1]).find(Boolean) ?? null;
  return { mediaType: type.trim().toLowerCase() || null, charset: charset?.toLowerCase() ?? null };
}

function redirectTarget(from: URL, location: string): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new Refusal('invalid', `The link redirects to something that is not a web address.`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Refusal('invalid', `The link redirects to a ${target.protocol.slice(0, 20)} link; only http and https are fetched.`);
  target.hash = '';
  return target;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function header(response: http.IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function shown(url: URL): string {
  return url.href.length > 120 ? `${url.href.slice(0, 119)}…` : url.href;
}

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such name';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (typeof code === 'string') return code;
  return (error as Error).message?.slice(0, 100) || 'network error';
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
