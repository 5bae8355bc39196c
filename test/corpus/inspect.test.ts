import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBriefing } from '../../src/briefing.js';
import { inspectArticle, inspectFile, parseArticle } from '../../src/corpus/index.js';
import { snapshotPath } from '../../src/snapshot.js';
import { runCli } from '../console/run-cli.js';

// A scraped article written for these tests: front matter, a menu, a date line, the article
// with a pull quote, a box of ads and a comment section.
const SCRAPE = [
  '---',
  'title: "Harbour reopens after winter"',
  'url: https://post.example/harbour',
  'translated_from: "no"',
  '---',
  'Home',
  '',
  'News',
  '',
  'Sport',
  '',
  'Weather',
  '',
  'Harbour reopens after winter',
  '',
  'Date: 11 March 2024',
  '',
  'The harbour of Nordby reopened on Monday after a winter of repairs that closed it to every ship for four months.',
  '',
  'Advertisement',
  '',
  'Engineers rebuilt the north wall, which storms had cracked in two places, and dredged the channel to its old depth.',
  '',
  'What comes next',
  '',
  'The first ferry of the season left for the islands at seven in the morning with forty passengers on board.',
  '',
  'Engineers rebuilt the north wall, which storms had cracked in two places.',
  '',
  '3 Comments',
  '',
  'Ana',
  '',
  'Finally! I have waited all winter to take the boat to see my sister on the island again.',
].join('\n');

const bytes = (text: string) => new TextEncoder().encode(text);

describe('inspectArticle', () => {
  const report = inspectArticle('harbour.txt', bytes(SCRAPE));

  it('gives each piece of metadata with where it came from', () => {
    expect(report.metadata).toEqual({
      title: { value: 'Harbour reopens after winter', from: 'front matter title' },
      source: { value: null, from: null },
      date: { value: '2024-03-11', from: 'the text: a date line (16)' },
      author: { value: null, from: null },
      url: { value: 'https://post.example/harbour', from: 'front matter url' },
      language: { value: null, from: null },
      translatedFrom: { value: 'no', from: 'front matter translated_from' },
    });
  });

  it('lists the passages with their ids and the headings kept as context', () => {
    expect(report.passages.map((p) => p.id)).toEqual(['harbour#p1', 'harbour#p2', 'harbour#p3']);
    expect(report.passages[2]).toMatchObject({ heading: 'What comes next', text: expect.stringMatching(/^The first ferry/) });
    expect(report.headings).toEqual(['What comes next']);
  });

  it('lists every line dropped, at its line in the file, with the reason', () => {
    const reasons = Object.fromEntries(report.dropped.map((line) => [line.text, `${line.at}: ${line.reason}`]));
    expect(reasons).toMatchObject({
      Home: '6: before the article (menus, page header)',
      'Harbour reopens after winter': '14: a copy of the title',
      'Date: 11 March 2024': '16: a date line, read as the date',
      Advertisement: '20: debris pattern /^advertis(e)?ments?$/',
      'Engineers rebuilt the north wall, which storms had cracked in two places.': '28: a repeat of paragraph 2',
      '3 Comments': '30: the comments, from "3 Comments" on',
      Ana: '32: the comments, from "3 Comments" on',
    });
  });

  it('throws, with the reason, for a file that is not a readable article', async () => {
    expect(() => inspectArticle('empty.txt', bytes(''))).toThrow(/empty/);
    await expect(inspectFile('/nonexistent/briefbot.txt')).rejects.toThrow(/ENOENT/);
    await expect(inspectFile('notes.pdf')).rejects.toThrow(/not an article file/);
  });
});

describe('what a built briefing keeps', () => {
  it('holds no metadata sources or dropped lines in its articles or its snapshot', async () => {
    const { article } = parseArticle('harbour.txt', bytes(SCRAPE));
    expect(Object.keys(article).sort()).toEqual(['articleId', 'author', 'date', 'dateEstimated', 'file', 'language', 'lines', 'paragraphs', 'source', 'title', 'translatedFrom', 'url']);
    const corpusDir = await mkdtemp(path.join(tmpdir(), 'briefbot-inspect-corpus-'));
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'briefbot-inspect-cache-'));
    await writeFile(path.join(corpusDir, 'harbour.txt'), SCRAPE);
    await createBriefing({ corpusDir, cacheDir });
    const snapshot = await readFile(snapshotPath(cacheDir, corpusDir), 'utf8');
    expect(snapshot).not.toMatch(/"dropped"|"found"|front matter title|before the article/);
    expect(snapshot).not.toMatch(/Finally! I have waited/);
  });
});

describe('briefbot inspect', () => {
  async function files(): Promise<{ scrape: string; page: string }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-inspect-cli-'));
    const scrape = path.join(dir, 'harbour.txt');
    const page = path.join(dir, 'ferry.html');
    await writeFile(scrape, SCRAPE);
    await writeFile(page, `<html lang="en"><head><meta property="og:site_name" content="Nordby Post"></head><body><article><p>The first ferry of the season left for the islands at seven in the morning with forty passengers on board.</p></article></body></html>`);
    return { scrape, page };
  }

  it('prints the report of one file as JSON', async () => {
    const { scrape } = await files();
    const run = await runCli(['inspect', scrape, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ articleId: 'harbour', file: 'harbour.txt' });
    expect(report.passages[0]).toEqual({ id: 'harbour#p1', text: expect.stringMatching(/^The harbour of Nordby/), heading: null });
    expect(report.dropped[0]).toEqual({ at: 6, text: 'Home', reason: 'before the article (menus, page header)' });
  });

  it('prints one JSON object a line for several files, and an error record for a bad one', async () => {
    const { scrape, page } = await files();
    const run = await runCli(['inspect', scrape, page, '/nonexistent/gone.txt', '--json']);
    expect(run.code).toBe(1);
    const records = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => record.articleId ?? record.error.slice(0, 6))).toEqual(['harbour', 'ferry', 'ENOENT']);
    expect(records[1].metadata.source).toEqual({ value: 'Nordby Post', from: 'the page: og:site_name' });
  });

  it('prints a readable report without --json', async () => {
    const { scrape } = await files();
    const run = await runCli(['inspect', scrape]);
    expect(run.stdout).toMatch(/date: +2024-03-11 {2}from the text: a date line \(16\)/);
    expect(run.stdout).toMatch(/harbour#p3 {2}under "What comes next"/);
    expect(run.stdout).toMatch(/20: debris pattern \/\^advertis\(e\)\?ments\?\$\/: Advertisement/);
  });

  it('asks for a file when none is named', async () => {
    const run = await runCli(['inspect']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/name one or more article files/);
  });
});
