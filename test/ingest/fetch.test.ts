import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressProblem, DEFAULT_POLICY, fetchSafely, Refusal, type FetchPolicy } from '../../adapters/ingest/index.js';
import { LocalWeb } from './local-web.js';

let web: LocalWeb;

beforeAll(async () => {
  web = await new LocalWeb().start();
});

afterAll(async () => {
  await web.close();
});

/** The local web counts as the public web; every other address is judged as in production. */
const asPublic = (address: string) => (address === '127.0.0.1' ? null : addressProblem(address));
/** Names the tests resolve without any DNS: a public-looking name on 127.0.0.1, an intranet name. */
const names: Record<string, string[]> = {
  'news.fjord.test': ['127.0.0.1'],
  'intranet.fjord.test': ['10.1.2.3'],
  'mixed.fjord.test': ['127.0.0.1', '192.168.0.7'],
};
const resolve: FetchPolicy['resolve'] = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`no such name ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const open: FetchPolicy = { ...DEFAULT_POLICY, allowPrivate: true, timeoutMs: 2_000 };
const guarded: FetchPolicy = { ...DEFAULT_POLICY, resolve, timeoutMs: 2_000 };
const publicWeb: FetchPolicy = { ...guarded, addressProblem: asPublic };

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  return error as Refusal;
}

describe('addressProblem', () => {
  it('names the kind of each address of the bot’s own network', () => {
    expect(addressProblem('127.0.0.1')).toBe('a loopback address');
    expect(addressProblem('::1')).toBe('a loopback address');
    expect(addressProblem('::ffff:127.0.0.1')).toBe('a loopback address');
    expect(addressProblem('10.0.0.8')).toBe('a private address');
    expect(addressProblem('172.20.1.1')).toBe('a private address');
    expect(addressProblem('192.168.1.20')).toBe('a private address');
    expect(addressProblem('fd12:3456::1')).toBe('a private address');
    expect(addressProblem('169.254.1.1')).toBe('a link-local address');
    expect(addressProblem('fe80::1')).toBe('a link-local address');
    expect(addressProblem('0.0.0.0')).toBe('an unspecified address');
    expect(addressProblem('100.64.3.3')).toBe('a carrier-grade NAT address');
    expect(addressProblem('224.0.0.1')).toBe('a multicast address');
  });

  it('refuses the cloud metadata services, the public-looking one too', () => {
    for (const address of ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16', '192.0.0.192']) {
      expect(addressProblem(address)).toBe('a cloud metadata address');
    }
  });

  it('lets public unicast addresses through', () => {
    for (const address of ['93.184.215.14', '151.101.1.140', '2a04:4e42::81', '8.8.8.8']) expect(addressProblem(address)).toBeNull();
  });
});

describe('fetchSafely', () => {
  it('fetches a page with its media type, charset and final address', async () => {
    const page = await fetchSafely({ url: web.url('/go/harbour'), kind: 'page' }, open);
    expect(page).toMatchObject({ url: web.url('/news/harbour'), status: 200, mediaType: 'text/html', charset: 'utf-8', notModified: false });
    expect(page.bytes.toString('utf8')).toContain('Harbour at Kvalvik reopens');
  });

  it('decompresses a gzip body', async () => {
    const page = await fetchSafely({ url: web.url('/gzip/harbour'), kind: 'page' }, open);
    expect(page.bytes.toString('utf8')).toContain('breakwater');
  });

  it('refuses a link that is not http or https, or has credentials in it', async () => {
    for (const url of ['ftp://example.org/a.txt', 'file:///etc/passwd', 'javascript:alert(1)', 'not a link', 'http://ana:secret@example.org/']) {
      expect((await refusal(fetchSafely({ url, kind: 'page' }, open))).reason).toBe('invalid');
    }
    expect((await refusal(fetchSafely({ url: web.url('/go/file'), kind: 'page' }, open))).message).toMatch(/redirects to a file: link/);
  });

  it('refuses a loopback address without the allow flag, before connecting', async () => {
    const before = web.seen.length;
    const refused = await refusal(fetchSafely({ url: web.url('/news/harbour'), kind: 'page' }, guarded));
    expect(refused.reason).toBe('private-address');
    expect(refused.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    for (const url of ['http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://169.254.169.254/latest/meta-data/']) {
      expect((await refusal(fetchSafely({ url, kind: 'page' }, guarded))).reason).toBe('private-address');
    }
    expect(web.seen.length).toBe(before);
  });

  it('refuses a name that resolves to a loopback or private address, checking every address', async () => {
    const localhost = await refusal(fetchSafely({ url: `http://localhost:${web.port}/news/harbour`, kind: 'page' }, DEFAULT_POLICY));
    expect(localhost.reason).toBe('private-address');
    expect(localhost.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    const named = await refusal(fetchSafely({ url: `http://news.fjord.test:${web.port}/news/harbour`, kind: 'page' }, guarded));
    expect(named.message).toMatch(/news\.fjord\.test resolves to 127\.0\.0\.1, a loopback address/);
    const mixed = await refusal(fetchSafely({ url: `http://mixed.fjord.test:${web.port}/news/harbour`, kind: 'page' }, publicWeb));
    expect(mixed.message).toMatch(/resolves to 192\.168\.0\.7, a private address/);
  });

  it('checks every redirect hop and refuses one into a private or metadata address', async () => {
    const metadata = await refusal(fetchSafely({ url: web.url('/go/metadata'), kind: 'page' }, publicWeb));
    expect(metadata.reason).toBe('private-address');
    expect(metadata.message).toMatch(/^The link redirects to an address briefbot does not fetch from: 169\.254\.169\.254 is a cloud metadata address/);
    expect((await refusal(fetchSafely({ url: web.url('/go/intranet'), kind: 'page' }, publicWeb))).message).toMatch(/10\.20\.30\.40 is a private address/);
    web.routes.set('/go/intranet-name', (_req, res) => res.writeHead(301, { location: 'http://intranet.fjord.test/wiki' }).end());
    expect((await refusal(fetchSafely({ url: web.url('/go/intranet-name'), kind: 'page' }, publicWeb))).message).toMatch(/intranet\.fjord\.test resolves to 10\.1\.2\.3/);
  });

  it('connects to the address it checked, resolving each name once', async () => {
    let lookups = 0;
    // A rebinding name: the first answer is the checked one, any later answer would be private.
    const rebinding: FetchPolicy = { ...publicWeb, resolve: async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }]) };
    const page = await fetchSafely({ url: `http://rebind.fjord.test:${web.port}/news/harbour`, kind: 'page' }, rebinding);
    expect(page.status).toBe(200);
    expect(lookups).toBe(1);
    expect(web.requestsTo('/news/harbour').at(-1)!.headers.host).toBe(`rebind.fjord.test:${web.port}`);
  });

  it('follows at most five redirects', async () => {
    expect((await fetchSafely({ url: web.url('/hop/5'), kind: 'page' }, open)).url).toBe(web.url('/news/harbour'));
    const refused = await refusal(fetchSafely({ url: web.url('/hop/6'), kind: 'page' }, open));
    expect(refused).toMatchObject({ reason: 'too-many-redirects', message: 'The link redirects more than 5 times.' });
  });

  it('gives up on a server that does not answer, or stops sending, at the deadline', async () => {
    const quick = { ...open, timeoutMs: 300 };
    expect(await refusal(fetchSafely({ url: web.url('/slow'), kind: 'page' }, quick))).toMatchObject({ reason: 'timeout', message: '127.0.0.1 did not answer within 0.3 s.' });
    expect((await refusal(fetchSafely({ url: web.url('/slow/body'), kind: 'page' }, quick))).reason).toBe('timeout');
    expect(DEFAULT_POLICY.timeoutMs).toBe(10_000);
  });

  it('refuses a page over 5 MB, declared or streamed', async () => {
    expect(await refusal(fetchSafely({ url: web.url('/big/declared'), kind: 'page' }, open))).toMatchObject({ reason: 'too-large', message: 'The page is larger than 5 MB.' });
    expect((await refusal(fetchSafely({ url: web.url('/big/streamed'), kind: 'page' }, open))).reason).toBe('too-large');
  });

  it('refuses what is not HTML or plain text, a missing page and a failing server', async () => {
    expect(await refusal(fetchSafely({ url: web.url('/image.png'), kind: 'page' }, open))).toMatchObject({ reason: 'not-article', message: `${web.url('/image.png')} is not a web page or plain text (it is image/png).` });
    expect(await refusal(fetchSafely({ url: web.url('/missing'), kind: 'page' }, open))).toMatchObject({ reason: 'not-found', message: `Nothing was found at ${web.url('/missing')} (404 Not Found).` });
    expect(await refusal(fetchSafely({ url: web.url('/down'), kind: 'page' }, open))).toMatchObject({ reason: 'http-error', message: '127.0.0.1 answered 503 Service Unavailable.' });
  });

  it('says a name that does not resolve or a closed port could not be reached', async () => {
    expect(await refusal(fetchSafely({ url: 'http://nowhere.fjord.test/', kind: 'page' }, { ...guarded, addressProblem: () => null }))).toMatchObject({ reason: 'unreachable', message: 'nowhere.fjord.test could not be found (no such name).' });
    const closed = new LocalWeb();
    await closed.start();
    const url = closed.url('/');
    await closed.close();
    expect(await refusal(fetchSafely({ url, kind: 'page' }, open))).toMatchObject({ reason: 'unreachable', message: '127.0.0.1 could not be reached (connection refused).' });
  });

  it('sends its headers to the first origin only', async () => {
    web.routes.set('/files/F1', (req, res) => {
      if (req.headers.authorization !== 'Bearer xoxb-test') return res.writeHead(403).end();
      res.writeHead(302, { location: `http://localhost:${web.port}/files/elsewhere` }).end();
    });
    web.page('/files/elsewhere', 'The ferry timetable.\n', 'text/plain');
    const file = await fetchSafely({ url: web.url('/files/F1'), kind: 'file', headers: { authorization: 'Bearer xoxb-test' } }, open);
    expect(file.bytes.toString()).toBe('The ferry timetable.\n');
    expect(web.requestsTo('/files/elsewhere').at(-1)!.headers.authorization).toBeUndefined();
  });
});
