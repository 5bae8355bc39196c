/**
 * The corpus torture folder: the bundled articles among files that are not articles, or not
 * this corpus's. Each bad file is skipped (or read in part) with a warning naming it and the
 * reason; the good articles are served as if the bad ones were not there.
 */
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import { isArticleFile } from '../../src/corpus/index.js';
import { runCli } from '../console/run-cli.js';

/** Each bad file, by its path in the folder, and a word of the reason its warning gives. */
const BAD: Record<string, RegExp> = {
  'invalid-utf8.txt': /not valid UTF-8/,
  'binary.txt': /binary/,
  'huge.txt': /larger than 5 MB/,
  'empty.txt': /empty/,
  'bad-front-matter.md': /front matter ignored/,
  'duplicates/001_89421f18bb1528f1.txt': /its id 001_89421f18bb1528f1 is taken by 001_89421f18bb1528f1\.txt/,
  'copy-of-003.txt': /the same text as 003_309af3e99c88b27b\.txt/,
  'outside-link.txt': /a link that points outside the corpus folder/,
  'outside-folder': /a link that points outside the corpus folder/,
  'dangling-link.txt': /a link whose target is missing/,
  'big-link.txt': /larger than 5 MB/,
};

let dir: string;
let outside: string;
let good: string[];
let briefing: Briefing;
const warnings: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'briefbot-torture-'));
  outside = await mkdtemp(path.join(tmpdir(), 'briefbot-outside-'));
  await cp('corpus', dir, { recursive: true });
  good = (await readdir(dir)).filter(isArticleFile);

  await writeFile(path.join(dir, 'invalid-utf8.txt'), Buffer.concat([Buffer.from('The harbour reopened '), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(' on Monday.\n')]));
  await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  // Real bytes, not a sparse file: the loader must refuse it by its size, before reading it.
  await writeFile(path.join(dir, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 'The Gigafiller report went on and on. '));
  await writeFile(path.join(dir, 'empty.txt'), '');
  await writeFile(path.join(dir, 'bad-front-matter.md'), '---\ntitle: [an unclosed list\ndate: 2023-04-19\n---\nThe Vardenholm ferry resumed its crossings after the strike ended.\n');
  await mkdir(path.join(dir, 'duplicates'));
  await writeFile(path.join(dir, 'duplicates', '001_89421f18bb1528f1.txt'), 'The Quillmarsh dam was finished a year late.\n');
  await copyFile(path.join(dir, '003_309af3e99c88b27b.txt'), path.join(dir, 'copy-of-003.txt'));

  await writeFile(path.join(outside, 'secret.txt'), 'The Quokkaleak memo names every informant.\n');
  await mkdir(path.join(outside, 'folder'));
  await writeFile(path.join(outside, 'folder', 'leak.txt'), 'The Zebrawhisper plan was signed in secret.\n');
  await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'outside-link.txt'));
  await symlink(path.join(outside, 'folder'), path.join(dir, 'outside-folder'));
  await symlink(path.join(outside, 'gone.txt'), path.join(dir, 'dangling-link.txt'));
  // A link inside the folder is held to the size of what it points to, not its own.
  await writeFile(path.join(dir, 'dump.dat'), Buffer.alloc(6 * 1024 * 1024, 'The Brontide dump. '));
  await symlink(path.join(dir, 'dump.dat'), path.join(dir, 'big-link.txt'));

  briefing = await createBriefing({ corpusDir: dir, onWarning: (message) => warnings.push(message) });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** The file a warning is about: `briefbot: skipped <file>: ...` or `briefbot: <file>: ...`. */
function subjectOf(warning: string): string {
  return /^briefbot: (?:skipped )?(.+?): /.exec(warning)?.[1] ?? warning;
}

describe('corpus torture folder', () => {
  it('names each bad file once, with its reason, and no good file', () => {
    expect(warnings.map(subjectOf).sort()).toEqual(Object.keys(BAD).sort());
    for (const [file, reason] of Object.entries(BAD)) {
      expect(warnings.find((warning) => subjectOf(warning) === file)).toMatch(reason);
    }
    for (const file of good) expect(warnings.map(subjectOf)).not.toContain(file);
  });

  it('serves the good articles and the one whose front matter is unreadable', () => {
    expect(briefing.corpus.articles).toBe(good.length + 1);
    expect(briefing.corpus).toMatchObject({ from: '2021-12-16', to: '2024-08-23' });
    const answer = briefing.ask('what military aid has China given');
    expect(answer.hits.length).toBeGreaterThan(0);
    expect(answer.hits.every((hit) => good.includes(`${hit.articleId}.txt`))).toBe(true);
    expect(briefing.ask('Vardenholm ferry').hits.map((hit) => hit.articleId)).toEqual(['bad-front-matter']);
  });

  it('keeps the first of two files with one id, or with the same bytes, and serves nothing of the second', () => {
    expect(briefing.ask('Quillmarsh dam').hits).toEqual([]);
    const mentions = briefing.who('Li Shangfu').person!.mentions;
    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.map((mention) => mention.articleId)).not.toContain('copy-of-003');
    expect(briefing.ask('Li Shangfu Moscow').hits.flatMap((hit) => [hit.articleId, ...hit.alsoIn.map((c) => c.articleId)])).not.toContain('copy-of-003');
  });

  it('follows no link out of the folder, to a file or to a folder', () => {
    expect(briefing.ask('Quokkaleak memo').hits).toEqual([]);
    expect(briefing.ask('Zebrawhisper plan').hits).toEqual([]);
    expect(briefing.ask('Gigafiller report').hits).toEqual([]);
    expect(briefing.ask('Brontide dump').hits).toEqual([]);
  });

  it('prints the same warnings on stderr from the command line, and answers', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'briefbot-torture-cache-'));
    try {
      const run = await runCli(['ask', 'what military aid has China given', '--json', '--corpus', dir], { env: { BRIEFBOT_CACHE_DIR: cacheDir } });
      expect(run.code).toBe(0);
      for (const file of Object.keys(BAD)) expect(run.stderr).toContain(`${file}:`);
      expect((JSON.parse(run.stdout) as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

});
