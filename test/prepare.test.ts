import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { castOf, generateArticles } from '../bench/generate.js';
import { buildBriefing, createBriefing } from '../src/briefing.js';
import { loadCorpus } from '../src/corpus/index.js';

describe('prepareCorpus', { timeout: 180_000 }, () => {
  it('builds in worker threads the briefing one thread builds, with the same warnings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-prepare-'));
    const files = generateArticles({ articles: 220, seed: 9 });
    for (const { file, text } of files) await writeFile(path.join(dir, file), text);
    // Files the corpus skips, each with its reason, among those the workers read.
    await writeFile(path.join(dir, 'copy.txt'), files[3]!.text);
    await writeFile(path.join(dir, 'empty.txt'), '');
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', files[7]!.file), 'Another text under a taken id.\n');

    const warnings: string[] = [];
    const threaded = await createBriefing({ corpusDir: dir, onWarning: (w) => warnings.push(w) });
    const loaded = await loadCorpus(dir);
    const single = buildBriefing(loaded.articles);
    expect(warnings).toEqual(loaded.warnings);
    expect(warnings).toHaveLength(3);

    const people = castOf(9).slice(0, 40).map((person) => person.name);
    for (const name of people) expect(threaded.who(name)).toEqual(single.who(name));
    expect(threaded.who('', { limit: 200 })).toEqual(single.who('', { limit: 200 }));
    for (const query of ['2016', 'march 2020', 'budget', 'said']) expect(threaded.timeline(query)).toEqual(single.timeline(query));
    for (const question of ['who said the budget would be cut', 'museum of art director', 'water authority review']) expect(threaded.ask(question)).toEqual(single.ask(question));
  });
});
