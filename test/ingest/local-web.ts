/**
 * A small web on 127.0.0.1 for the adding tests: news pages, plain text, redirects (one into a
 * cloud metadata address), a slow page, an oversize page, an image, a missing page, a failing
 * server, and an RSS and an Atom feed that honour ETag and Last-Modified. Every request is kept.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

/** A news page of a few paragraphs, as a site would serve it. */
export function newsPage(options: { title: string; paragraphs: string[]; site?: string; date?: string | null; author?: string; canonical?: string; lang?: string }): string {
  const meta = [
    `<meta property="og:site_name" content="${options.site ?? 'Fjord Courier'}">`,
    options.date === null ? '' : `<meta property="article:published_time" content="${options.date ?? '2024-03-18T08:00:00Z'}">`,
    `<meta name="author" content="${options.author ?? 'Maren Solberg'}">`,
    options.canonical ? `<link rel="canonical" href="${options.canonical}">` : '',
  ].join('\n');
  const body = options.paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>${options.title} | ${options.site ?? 'Fjord Courier'}</title>${meta}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>${options.title}</h1>${body}</article>
<footer>© Fjord Courier. All rights reserved.</footer></body></html>`;
}

export const HARBOUR = {
  title: 'Harbour at Kvalvik reopens after the winter storm',
  paragraphs: [
    'The harbour at Kvalvik reopened on Monday after three weeks of repairs to the breakwater that the February storm had torn open.',
    'Harbour master Ingrid Hovland said the first fishing boats had already landed their catch and the ferry to Lunde would run on its summer timetable from April.',
    'The repairs cost 14 million kroner, most of it paid by the county, and the contractor expects to finish the last stretch of the quay by the end of the month.',
  ],
};

export const TUNNEL = {
  title: 'Vestby tunnel plan wins council backing',
  paragraphs: [
    'The council of Vestby voted on Thursday to build a road tunnel under the ridge that separates the town from the coast road.',
    'Council leader Petter Aasen said the tunnel would cut the drive to the hospital at Nordvik by twenty minutes and take lorries out of the town centre.',
    'Work on the four-kilometre tunnel is due to start next spring, once the state road agency has approved the final drawings.',
  ],
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export class LocalWeb {
  readonly seen: Seen[] = [];
  readonly routes = new Map<string, Handler>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly held = new Set<http.ServerResponse>();
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.standardRoutes();
    return this;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  /** Serves `body` at `pathname` with this content type (and any other headers). */
  page(pathname: string, body: string | Buffer, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
    this.routes.set(pathname, (_req, res) => {
      res.writeHead(200, { 'content-type': type, ...headers });
      res.end(body);
    });
  }

  /**
   * A feed whose items can change: answers 304 to a matching If-None-Match or an
   * If-Modified-Since not older than its last change.
   */
  feed(pathname: string, type: string, render: () => string): { touch(): void } {
    let version = 1;
    let changed = new Date('2024-03-18T09:00:00Z');
    this.routes.set(pathname, (req, res) => {
      const etag = `"v${version}"`;
      const since = req.headers['if-modified-since'];
      const fresh = req.headers['if-none-match'] === etag || (req.headers['if-none-match'] === undefined && since !== undefined && Date.parse(since) >= changed.getTime());
      if (fresh) {
        res.writeHead(304, { etag, 'last-modified': changed.toUTCString() });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': type, etag, 'last-modified': changed.toUTCString() });
      res.end(render());
    });
    return {
      touch: () => {
        version += 1;
        changed = new Date(changed.getTime() + 60_000);
      },
    };
  }

  requestsTo(pathname: string): Seen[] {
    return this.seen.filter((s) => s.path === pathname);
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private standardRoutes(): void {
    this.page('/news/harbour', newsPage({ ...HARBOUR, canonical: '/news/harbour-reopens' }));
    this.page('/news/tunnel', newsPage({ ...TUNNEL, date: null }));
    this.page('/notes/ferry.txt', 'Ferry to Lunde runs again\n\nThe ferry to Lunde ran again on Tuesday after the new engine passed its sea trials off Kvalvik.\n\nThe crossing takes forty minutes and the first departure leaves at six.\n', 'text/plain; charset=utf-8');
    this.page('/gzip/harbour', zlib.gzipSync(newsPage(HARBOUR)), 'text/html; charset=utf-8', { 'content-encoding': 'gzip' });
    this.page('/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'image/png');
    this.page('/menu', '<!doctype html><html><head><title>Sections</title></head><body><nav><a href="/a">World</a><a href="/b">Sport</a></nav></body></html>');
    // Over 5 MB: declared, and streamed without a length.
    const big = `<!doctype html><html><body><article>${'<p>The quay was long. </p>'.repeat(260_000)}</article></body></html>`;
    this.page('/big/declared', big);
    this.routes.set('/big/streamed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = '<p>The quay was long. </p>'.repeat(4_000);
      let sent = 0;
      const push = () => {
        while (sent < 70 && res.write(chunk)) sent += 1;
        if (sent >= 70) res.end();
        else res.once('drain', push);
      };
      push();
    });
    // A server that never answers: the fetch's deadline must end it.
    this.routes.set('/slow', (_req, res) => {
      this.held.add(res);
    });
    // Headers at once, then the body never finishes.
    this.routes.set('/slow/body', (_req, res) => {
      this.held.add(res);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><body><article><p>The ferry');
    });
    this.routes.set('/missing', (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    });
    this.routes.set('/down', (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>Maintenance</h1>');
    });
    this.redirect('/go/harbour', '/news/harbour');
    for (let n = 1; n <= 7; n += 1) this.redirect(`/hop/${n}`, n === 1 ? '/news/harbour' : `/hop/${n - 1}`);
    this.redirect('/go/metadata', 'http://169.254.169.254/latest/meta-data/');
    this.redirect('/go/intranet', 'http://10.20.30.40/wiki/');
    this.redirect('/go/file', 'file:///etc/passwd');
  }

  private redirect(from: string, to: string): void {
    this.routes.set(from, (_req, res) => {
      res.writeHead(302, { location: to });
      res.end();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const entry: Seen = { path: pathname, headers: req.headers, status: 0 };
    this.seen.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const handler = this.routes.get(pathname);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not here');
  }
}
