import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateArticles } from '../bench/generate.js';
import { createBriefing } from '../src/briefing.js';
import { readArticle } from '../src/corpus/index.js';
import { lockPath, snapshotPath } from '../src/snapshot.js';

const run = promisify(execFile);
const ENTRY = path.resolve('index.ts');

/** A corpus folder of generated articles (enough that a build takes seconds) and an empty cache folder. */
async function folders(articles: number) {
  const root = await mkdtemp(path.join(tmpdir(), 'briefbot-cache-'));
  const [corpusDir, cacheDir] = [path.join(root, 'corpus'), path.join(root, 'cache')];
  await mkdir(corpusDir);
  for (const { file, text } of generateArticles({ articles, seed: 5 })) await writeFile(path.join(corpusDir, file), text);
  return { corpusDir, cacheDir };
}

/** `briefbot <args>` in a process of its own, on these folders. */
function briefbot(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', ENTRY, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, timeout: 170_000 });
}

describe('the cache folder', { timeout: 180_000 }, () => {
  it('lets one of two processes started together build the index, and the other wait and load it', async () => {
    const { corpusDir, cacheDir } = await folders(400);
    const env = { BRIEFBOT_CACHE_DIR: cacheDir };
    const first = briefbot(['index', '--corpus', corpusDir], env);
    // The second starts once the first holds the lock, so that it finds the build under way.
    const lock = lockPath(cacheDir, corpusDir);
    for (let i = 0; i < 600 && !(await stat(lock).then(() => true, () => false)); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const second = briefbot(['index', '--corpus', corpusDir], env);
    const [a, b] = await Promise.all([first, second]);
    expect(a.stdout).toMatch(/^Built the index snapshot /);
    expect(b.stderr).toMatch(/another process is building the index snapshot .+; waiting for it/);
    expect(b.stdout).toMatch(/is up to date; loaded in/);
    expect(await readdir(cacheDir)).toEqual([path.basename(snapshotPath(cacheDir, corpusDir))]);

    // Both then answer from the one snapshot, alike.
    const question = ['--json', 'ask', 'who said the budget would be cut', '--corpus', corpusDir];
    const [c, d] = await Promise.all([briefbot(question, env), briefbot(question, env)]);
    expect(JSON.parse(c.stdout)).toEqual(JSON.parse(d.stdout));
  });

  it('takes over a lock left by a process that died', async () => {
    const { corpusDir, cacheDir } = await folders(3);
    const lock = lockPath(cacheDir, corpusDir);
    await mkdir(lock, { recursive: true });
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lock, minuteAgo, minuteAgo);
    const briefing = await createBriefing({ corpusDir, cacheDir, staleLockMs: 10_000 });
    expect(briefing.build.fromSnapshot).toBe(false);
    expect(await readdir(cacheDir)).toEqual([path.basename(snapshotPath(cacheDir, corpusDir))]);
  });

  it('uses a read-only cache folder as it is, and warns when it does not match the corpus', async () => {
    const { corpusDir, cacheDir } = await folders(3);
    await createBriefing({ corpusDir, cacheDir });
    const snapshot = snapshotPath(cacheDir, corpusDir);
    const written = (await stat(snapshot)).mtimeMs;

    const warnings: string[] = [];
    const loaded = await createBriefing({ corpusDir, cacheDir, readOnlyCache: true, onWarning: (w) => warnings.push(w) });
    expect(loaded.build.fromSnapshot).toBe(true);
    expect(warnings).toEqual([]);

    await writeFile(path.join(corpusDir, 'late.txt'), 'The Quillmouth lighthouse reopened after the storm.\n');
    const rebuilt = await createBriefing({ corpusDir, cacheDir, readOnlyCache: true, onWarning: (w) => warnings.push(w) });
    expect(rebuilt.build.fromSnapshot).toBe(false);
    expect(rebuilt.ask('Quillmouth lighthouse').hits).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/read-only cache folder does not match the corpus \(1 file changed\); the index is built in memory and not saved/);
    // Live updates are answered and never saved there either.
    await writeFile(path.join(corpusDir, 'later.txt'), 'The Quillmouth ferry ran again.\n');
    const read = await readArticle(corpusDir, 'later.txt');
    rebuilt.setArticle(read.article, { stamp: read.stamp, hash: read.hash });
    expect(rebuilt.ask('Quillmouth ferry').hits).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await readdir(cacheDir)).toEqual([path.basename(snapshot)]);
    expect((await stat(snapshot)).mtimeMs).toBe(written);
  });

  it('rewrites the snapshot after live updates, so that the next start loads them', async () => {
    const { corpusDir, cacheDir } = await folders(3);
    const saved: Array<{ ms: number } | { error: string }> = [];
    const briefing = await createBriefing({ corpusDir, cacheDir, saveDelayMs: 50, onSaved: (outcome) => saved.push(outcome) });
    const file = path.join(corpusDir, 'late.txt');
    await writeFile(file, 'The Quillmouth lighthouse reopened after the storm.\n');
    const read = await readArticle(corpusDir, 'late.txt');
    briefing.setArticle(read.article, { stamp: read.stamp, hash: read.hash });
    for (let i = 0; i < 200 && saved.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(saved).toEqual([{ ms: expect.any(Number) }]);
    const next = await createBriefing({ corpusDir, cacheDir });
    expect(next.build.fromSnapshot).toBe(true);
    expect(next.ask('Quillmouth lighthouse').hits).toHaveLength(1);
  });
});
