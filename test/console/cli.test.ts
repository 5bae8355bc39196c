import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const citationKeys = ['articleId', 'title', 'source', 'date', 'dateEstimated'];

describe('briefbot ask --json', () => {
  it('prints one JSON object in the ask contract', async () => {
    const run = await runCli(['ask', 'what military aid has China given', '--json']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ command: 'ask', query: 'what military aid has China given', next: 3 });
    expect(answer.corpus).toEqual({ articles: 5, from: '2021-12-16', to: '2024-08-23' });
    expect(answer.hits).toHaveLength(3);
    for (const hit of answer.hits) {
      expect(Object.keys(hit)).toEqual(expect.arrayContaining(['id', ...citationKeys, 'text', 'highlights', 'matched', 'score', 'alsoIn']));
      for (const [start, end] of hit.highlights) expect(hit.text.slice(start, end)).toMatch(/^[\p{L}\p{N}’']+$/u);
    }
    expect(answer.hits.map((hit: { text: string }) => hit.text).join(' ')).toMatch(/military aid/);
  });

  it('takes --limit and --offset', async () => {
    const run = await runCli(['ask', 'Li Shangfu', '--json', '--limit', '2', '--offset', '2']);
    const answer = JSON.parse(run.stdout);
    expect(answer.hits).toHaveLength(2);
    expect(answer.next).toBe(4);
  });

  it('answers an off-topic question with no passage and a message', async () => {
    const answer = JSON.parse((await runCli(['ask', 'best chocolate cake recipe', '--json'])).stdout);
    expect(answer.hits).toEqual([]);
    expect(answer.message).toMatch(/Nothing in the 5 articles/);
  });

  it('prints readable text with source and date without --json', async () => {
    const run = await runCli(['ask', 'Orlan drone']);
    expect(run.stdout).toMatch(/BBC News Chinese · 19 Apr 2023/);
    expect(run.stdout).toMatch(/Searched 5 articles, 16 Dec 2021 to 23 Aug 2024\./);
  });

  it('refuses an empty question with an error object and exit 1', async () => {
    const run = await runCli(['ask', '', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ command: 'ask', error: expect.stringMatching(/empty question/) });
  });
});

describe('briefbot who with no name', () => {
  it('prints the people directory as JSON, paged with --limit and --offset', async () => {
    const first = JSON.parse((await runCli(['who', '--json', '--limit', '2'])).stdout);
    expect(first).toMatchObject({ command: 'who', query: '', person: null, candidates: [], suggestions: [], next: 2 });
    expect(first.people).toHaveLength(2);
    for (const person of first.people) expect(Object.keys(person).sort()).toEqual(['mentions', 'name', 'role']);
    expect(first.people[0].mentions).toBeGreaterThanOrEqual(first.people[1].mentions);
    const second = JSON.parse((await runCli(['who', '--json', '--limit', '2', '--offset', '2'])).stdout);
    expect(second.people.map((person: { name: string }) => person.name)).not.toContain(first.people[0].name);
  });

  it('prints one person a line with mentions and role, and how to see more', async () => {
    const run = await runCli(['who', '--limit', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}Vladimir Putin — Russian President · \d+ mentions$/m);
    expect(run.stdout).toMatch(/More: add --offset 3/);
  });
});

describe('briefbot batch', () => {
  it('answers one JSON object a line, in order, and goes on after a bad line', async () => {
    const run = await runCli(['batch'], { input: '/ask Kursk\n/frobnicate x\n/ask\n\nask Orlan drone\n' });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ command: 'ask', query: 'Kursk' });
    expect(lines[1]).toEqual({ command: 'frobnicate', error: expect.stringMatching(/unknown command/) });
    expect(lines[2]).toEqual({ command: 'ask', error: expect.stringMatching(/empty question/) });
    expect(lines[3].hits[0].text).toMatch(/Orlan/);
  });
});

describe('briefbot with stdin from a pipe', () => {
  it('answers each command line in text and exits at the end of input', async () => {
    const run = await runCli([], { input: '/ask Kursk\n/help\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Kursk/);
    expect(run.stdout).toMatch(/\/timeline <period>/);
  });

  it('parts one answer from the next with a blank line', async () => {
    const run = await runCli([], { input: '/ask Kursk\n/who Li Shangfu\n' });
    expect(run.stdout).toMatch(/Searched 5 articles[^\n]*\n\nLi Shangfu\n/);
  });
});

describe('briefbot console help', () => {
  it('answers "/ask" alone and "/ask help" with the help for the corpus, not with passages', async () => {
    const run = await runCli([], { input: '/ask help\n/ask\n' });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^briefbot covers 5 articles, 16 Dec 2021 to 23 Aug 2024\./gm)).toHaveLength(2);
    expect(run.stdout).toContain('/who Vladimir Putin');
    expect(run.stdout).toContain('Full names work best');
  });
});

describe('configuration and corpus errors', () => {
  it('names the missing key when a platform is half configured', async () => {
    const run = await runCli([], { env: { SLACK_BOT_TOKEN: 'xoxb-secret-value' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SLACK_SIGNING_SECRET is missing/);
    expect(run.stderr).not.toMatch(/secret-value/);
  });

  it('names a malformed value without echoing it', async () => {
    const run = await runCli([], { env: { DISCORD_TOKEN: 'tok', DISCORD_APP_ID: 'not-a-number-secret' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DISCORD_APP_ID is malformed/);
    expect(run.stderr).not.toMatch(/not-a-number-secret/);
  });

  it('names a corpus folder that does not exist', async () => {
    const run = await runCli(['ask', 'Kursk', '--corpus', '/nonexistent/articles']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/corpus folder not found: \/nonexistent\/articles/);
  });

  it('explains an unknown command line', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"/);
    expect(run.stderr).toMatch(/Usage:/);
  });
});
