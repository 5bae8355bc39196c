import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './console/run-cli.js';
import { freePort, getJson } from './setup/local.js';
import { APP_ID, FakeDiscord } from './discord/fake-discord.js';

const TOKEN = 'entry.test.secret-token';

describe('npm start with Discord configured', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());

  it('answers through the adapter, reports health, and stops cleanly on SIGTERM', async () => {
    const healthPort = await freePort();
    const cwd = mkdtempSync(path.join(tmpdir(), 'briefbot-entry-'));
    const child = spawn(process.execPath, [BIN], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: TOKEN,
        DISCORD_APP_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        HEALTH_PORT: String(healthPort),
        BRIEFBOT_CACHE_DIR: path.join(cwd, 'cache'),
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await fake.whenIdentified();
    const id = fake.command('ask', [{ name: 'question', value: 'which Chinese parts were found in Russian weapons' }]);
    const responses = await fake.waitFor(id, (r) => r.some((x) => x.method === 'PATCH'));
    expect(JSON.stringify(responses.at(-1)!.body)).toMatch(/Chinese/);

    const health = await getJson(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health).toMatchObject({ status: 'ok', corpus: { articles: 5 }, adapters: { discord: 'connected' } });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"command":"ask"/);
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toMatch(/which Chinese parts/);
  });
});
