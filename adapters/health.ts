/**
 * GET /healthz: the corpus size, the index's age and each adapter's connection state, as JSON.
 */
import http from 'node:http';

export type HealthReport = () => Record<string, unknown>;

/** Answers a health request; other paths are the caller's. */
export function healthHandler(report: HealthReport): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', ...report() }));
  };
}

/** Serves /healthz on its own port; resolves with the listening server. */
export async function startHealthServer(port: number, report: HealthReport, host?: string): Promise<http.Server> {
  const handle = healthHandler(report);
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return handle(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
