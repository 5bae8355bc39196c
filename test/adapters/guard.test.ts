import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandLog, RateLimiter } from '../../adapters/guard.js';

function capture(level: string): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
  return { logger: pino({ level }, stream), lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('RateLimiter', () => {
  it('lets a user send the limit, then says when to try again', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('u1').ok)).toEqual([true, true, true]);
    expect(limiter.take('u1')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('u2').ok).toBe(true);
    now = 20_000;
    expect(limiter.take('u1').ok).toBe(true);
  });
});

describe('CommandLog', () => {
  it('logs one line per command without the message text at info level', async () => {
    const { logger, lines } = capture('info');
    const log = new CommandLog(logger);
    await log.run({ platform: 'slack', command: 'ask', user: 'U1', query: 'secret question' }, async () => [1, 2], (r) => r.length);
    expect(lines()).toEqual([expect.objectContaining({ platform: 'slack', command: 'ask', user: 'U1', results: 2, latencyMs: expect.any(Number) })]);
    expect(JSON.stringify(lines())).not.toMatch(/secret question/);
  });

  it('logs the message text at debug level, and errors', async () => {
    const { logger, lines } = capture('debug');
    const log = new CommandLog(logger);
    await expect(log.run({ platform: 'discord', command: 'who', user: 'U2', query: 'Ann Lee' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(lines()[0]).toMatchObject({ query: 'Ann Lee', error: 'boom' });
  });

  it('waits for commands in flight to end', async () => {
    const log = new CommandLog(pino({ level: 'silent' }));
    let done = false;
    void log.run({ platform: 'p', command: 'ask', user: 'u', query: '' }, () => new Promise((resolve) => setTimeout(() => resolve((done = true)), 50)));
    expect(log.pending).toBe(1);
    await log.drain(5_000);
    expect(done).toBe(true);
  });
});
