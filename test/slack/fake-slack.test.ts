/** The Slack stand-in refuses what Slack refuses, so the adapter tests can trust its 200s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.js';

let slack: FakeSlack;

beforeAll(async () => {
  slack = await new FakeSlack().start();
});

afterAll(async () => {
  await slack?.close();
});

async function respond(id: string, body: unknown): Promise<{ status: number; error: unknown }> {
  const res = await fetch(slack.responseUrl(id), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, error: ((await res.json()) as { error?: string }).error };
}

const section = (length: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(length) } });

describe('fake Slack', () => {
  it('refuses blocks holding more than about 13,000 characters of text in all (msg_blocks_too_long)', async () => {
    expect(await respond('big', { blocks: Array.from({ length: 5 }, () => section(2900)) })).toEqual({ status: 400, error: 'msg_blocks_too_long' });
    expect(await respond('fits', { blocks: Array.from({ length: 4 }, () => section(2900)) })).toEqual({ status: 200, error: undefined });
  });

  it('refuses a section over 3000 characters, 51 blocks and repeated action ids in a block', async () => {
    expect((await respond('long', { blocks: [section(3001)] })).error).toBe('invalid_blocks');
    expect((await respond('many', { blocks: Array.from({ length: 51 }, () => section(1)) })).error).toBe('invalid_blocks');
    const button = { type: 'button', text: { type: 'plain_text', text: 'More' }, action_id: 'same', value: '1' };
    expect((await respond('twice', { blocks: [{ type: 'actions', elements: [button, button] }] })).error).toBe('invalid_blocks');
  });

  it('takes five posts to a response_url and refuses the sixth', async () => {
    for (let i = 0; i < 5; i++) expect((await respond('five', { text: 'ok' })).status).toBe(200);
    expect(await respond('five', { text: 'ok' })).toEqual({ status: 404, error: 'used_too_many_times' });
  });
});
