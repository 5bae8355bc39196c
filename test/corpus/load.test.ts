import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';

async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-corpus-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe('loadCorpus', () => {
  it('reads the bundled corpus with its metadata and no warning', async () => {
    const { articles, warnings } = await loadCorpus('corpus');
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.source)).toEqual([null, 'NBC News', 'Warsaw Institute', 'BBC News Chinese', 'CNBC']);
    expect(articles.every((a) => a.date !== null)).toBe(true);
  });

  it('keeps no copy of the files it read', async () => {
    // gray-matter caches every text it parses unless given options: a running bot would hold
    // each version of every article it ever read.
    await loadCorpus('corpus');
    expect(Object.keys((matter as unknown as { cache: object }).cache)).toEqual([]);
  });

  it('shows no debris and no broken characters in any bundled paragraph', async () => {
    const { articles } = await loadCorpus('corpus');
    const text = articles.flatMap((a) => a.paragraphs.map((p) => p.text)).join('\n');
    expect(text).not.toMatch(/x[ce][0-9a-f]x[89ab][0-9a-f]/i);
    expect(text).not.toMatch(/\ufffd|Advertis|Please enter|Support Us|Listen to this|shared this story|minutes ago|image caption|TAGS:|Related posts|Key Points|Most Popular/i);
  });

  it('skips unreadable files with a warning naming each, and serves the rest', async () => {
    const dir = await folder({
      'good.txt': 'The harbour reopened.',
      'empty.txt': '',
      'binary.txt': Uint8Array.from([1, 0, 2, 3]),
      'latin1.txt': Uint8Array.from([0x63, 0x61, 0x66, 0xe9]),
      'notes.csv': 'a,b',
    });
    await symlink('/etc/hostname', path.join(dir, 'outside.txt'));
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.articleId)).toEqual(['good']);
    expect(warnings.join('\n')).toMatch(/empty\.txt: the file is empty/);
    expect(warnings.join('\n')).toMatch(/binary\.txt: a binary file/);
    expect(warnings.join('\n')).toMatch(/latin1\.txt: not valid UTF-8/);
    expect(warnings.join('\n')).toMatch(/outside\.txt: a link that points outside/);
  });

  it('serves an article saved twice once, naming the copy and the file it repeats', async () => {
    const text = '---\nsource: Nord Post\n---\nThe harbour reopened on Monday.';
    const dir = await folder({ 'harbour.txt': text, 'later/harbour (1).txt': text, 'later/harbour.txt': 'Another harbour story entirely.' });
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.file)).toEqual(['harbour.txt']);
    expect(warnings).toEqual([
      'briefbot: skipped later/harbour (1).txt: the same text as harbour.txt',
      'briefbot: skipped later/harbour.txt: its id harbour is taken by harbour.txt',
    ]);
  });

  it('names the path of a missing or empty corpus folder', async () => {
    await expect(loadCorpus('/nonexistent/briefbot')).rejects.toThrow(/not found: \/nonexistent\/briefbot/);
    const dir = await folder({});
    await expect(loadCorpus(dir)).rejects.toThrow(/no readable article/);
  });
});
