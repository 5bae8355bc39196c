import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A port free on 127.0.0.1 now, for a process the test starts. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The JSON a local server answers at `url`, asked again every 100 ms for 10 s while it starts. */
export async function getJson(url: string): Promise<any> {
  for (let i = 0; i < 100; i += 1) {
    try {
      return await (await fetch(url)).json();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer from ${url}`);
}
