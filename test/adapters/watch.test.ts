import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchCorpus, type CorpusWatcher } from '../../adapters/watch.js';
import { createBriefing } from '../../src/briefing.js';

let watcher: CorpusWatcher | null = null;
afterEach(async () => {
  await watcher?.close();
  watcher = null;
});

/** Polls until the condition holds, for at most ten seconds. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(condition()).toBe(true);
}

/** A corpus folder of one article, its briefing, and a watcher that is ready. */
async function watchedFolder() {
  const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-watch-'));
  await writeFile(path.join(dir, 'first.txt'), 'The harbour of Lysekil reopened after the storm.\n');
  const briefing = await createBriefing({ corpusDir: dir });
  const warnings: string[] = [];
  watcher = await watchCorpus(briefing, dir, { onWarning: (message) => warnings.push(message) });
  await watcher.ready;
  return { dir, briefing, warnings };
}

describe('watchCorpus', () => {
  it('answers from an article dropped into the folder, and forgets a removed one', async () => {
    const { dir, briefing, warnings } = await watchedFolder();
    expect(briefing.ask('Tromsø ferry strike').hits).toEqual([]);

    await writeFile(path.join(dir, 'second.txt'), '---\nsource: Nord Post\ndate: 2024-05-01\n---\nThe Tromsø ferry strike ended on Tuesday.\n');
    await eventually(() => briefing.ask('Tromsø ferry strike').hits.length === 1);
    expect(briefing.ask('Tromsø ferry strike').hits[0]!.source).toBe('Nord Post');
    expect(briefing.corpus.articles).toBe(2);

    await rm(path.join(dir, 'second.txt'));
    await eventually(() => briefing.corpus.articles === 1);
    expect(briefing.ask('Tromsø ferry strike').hits).toEqual([]);
  });

  it('skips an invalid file with a warning until it is valid', async () => {
    const { dir, briefing, warnings } = await watchedFolder();

    await writeFile(path.join(dir, 'broken.txt'), Uint8Array.from([0x41, 0xc3, 0x28]));
    await eventually(() => warnings.some((w) => w.includes('broken.txt')));
    expect(briefing.corpus.articles).toBe(1);

    await writeFile(path.join(dir, 'broken.txt'), 'The Narvik tunnel opened.\n');
    await eventually(() => briefing.ask('Narvik tunnel').hits.length === 1);
  });
});
