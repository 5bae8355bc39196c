/**
 * The stand-in refuses what Discord refuses: the adapter tests rely on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.js';

const fake = new FakeDiscord();

beforeAll(() => fake.start());
afterAll(() => fake.close());

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe('fake discord', () => {
  it('refuses a callback for an interaction it never dispatched, as Discord does (10062)', async () => {
    const response = await post('/interactions/1/token-1/callback', { type: 5, data: { flags: 64 } });
    expect(response).toEqual({ status: 404, body: { code: 10062, message: 'Unknown interaction' } });
  });

  it('refuses a message over 2000 characters with Discord’s error body (50035)', async () => {
    const id = fake.command('ask', [{ name: 'question', value: 'x' }]);
    const response = await post(`/interactions/${id}/token-${id}/callback`, { type: 4, data: { content: 'x'.repeat(2001) } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 50035, errors: { content: { _errors: [{ message: 'Must be 2000 or fewer in length.' }] } } });
  });

  it('refuses a second initial response (40060) and accepts the edit that follows the first', async () => {
    const id = fake.command('ask', [{ name: 'question', value: 'x' }]);
    expect((await post(`/interactions/${id}/token-${id}/callback`, { type: 5 })).status).toBe(204);
    expect((await post(`/interactions/${id}/token-${id}/callback`, { type: 5 })).body.code).toBe(40060);
    const edit = await fetch(`${fake.apiUrl}/v10/webhooks/1/token-${id}/messages/%40original`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"content":"ok"}' });
    expect(edit.status).toBe(200);
    expect(fake.responses(id).at(-1)!.path).toBe(`/webhooks/1/token-${id}/messages/@original`);
  });
});
