import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArticles, generatedArticles, castOf, writeCorpus } from '../../bench/generate.js';
import { cutPassages, loadCorpus, parseArticle } from '../../src/corpus/index.js';

// Reading the Brown corpus takes a few seconds the first time.
describe('generateArticles', { timeout: 60_000 }, () => {
  it('gives the same articles for the same seed, other articles for another', () => {
    const first = generateArticles({ articles: 5, seed: 42 });
    expect(generateArticles({ articles: 5, seed: 42 })).toEqual(first);
    expect(generateArticles({ articles: 5, seed: 43 }).map((a) => a.text)).not.toEqual(first.map((a) => a.text));
  });

  it('makes article i the same whatever the number asked for', () => {
    const few = generateArticles({ articles: 3, seed: 5 });
    expect(generateArticles({ articles: 10, seed: 5 }).slice(0, 3)).toEqual(few);
  });

  it('writes files that parse with front matter and cut into passages', () => {
    const files = generateArticles({ articles: 20, seed: 1 });
    expect(new Set(files.map((f) => f.file)).size).toBe(20);
    for (const { file, text } of files) {
      const { article, warnings } = parseArticle(file, new TextEncoder().encode(text));
      expect(warnings).toEqual([]);
      expect(article.title).toMatch(/^[A-Z“(]/);
      expect(article.source).not.toBeNull();
      expect(article.author).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(article.date! >= '2015-01-01' && article.date! <= '2025-12-31').toBe(true);
      expect(article.paragraphs.length).toBeGreaterThanOrEqual(8);
      expect(cutPassages(article).length).toBeGreaterThanOrEqual(article.paragraphs.length);
    }
  });

  it('has paragraphs of real prose, not repeated text', () => {
    const paragraphs = generatedArticles(30, 1).flatMap((article) => article.paragraphs.map((p) => p.text));
    expect(new Set(paragraphs).size).toBe(paragraphs.length);
    const vocabulary = new Set(paragraphs.join(' ').toLowerCase().match(/[a-z]+/g));
    expect(vocabulary.size).toBeGreaterThan(3000);
    for (const text of paragraphs) expect(text).toMatch(/[.!?]["”’)]?$/);
  });

  it('mentions people by full name with a role, and dates events', () => {
    const cast = castOf(1);
    const text = generatedArticles(20, 1)
      .flatMap((article) => article.paragraphs.map((p) => p.text))
      .join('\n');
    const named = cast.filter((person) => text.includes(`said ${person.name}, ${person.role}.`));
    expect(named.length).toBeGreaterThan(10);
    expect(text).toMatch(/\b(?:On|on) (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}\b/);
    expect(text).toMatch(/\bIn (?:January|February|March|April|May|June|July|August|September|October|November|December) 20(?:1\d|2[0-5]), /);
    expect(text).toMatch(/\bLast (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), /);
  });

  it('leaves the bundled corpus subjects out of names and places', () => {
    const names = castOf(1).flatMap((person) => [person.first, person.last, person.role]).join(' ');
    expect(names).not.toMatch(/\b(?:China|Chinese|Russia|Russian|Ukraine|Moscow|Beijing|Putin)\b/);
  });
});

describe('writeCorpus', { timeout: 60_000 }, () => {
  it('writes a folder the corpus loader reads', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-generate-'));
    try {
      writeCorpus(dir, { articles: 4, seed: 2 });
      expect(readdirSync(dir).sort()).toEqual(['gen-000001.txt', 'gen-000002.txt', 'gen-000003.txt', 'gen-000004.txt']);
      expect(readFileSync(path.join(dir, 'gen-000001.txt'), 'utf8')).toMatch(/^---\ntitle: ".+"\nsource: ".+"\ndate: "\d{4}-\d{2}-\d{2}"\nauthor: ".+"\n---\n/);
      const { articles, warnings } = await loadCorpus(dir);
      expect(warnings).toEqual([]);
      expect(articles.map((a) => a.articleId)).toEqual(['gen-000001', 'gen-000002', 'gen-000003', 'gen-000004']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
