import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildBriefing, createBriefing, restoreBriefing } from '../../src/briefing.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { openSnapshot, snapshotPath, writeSnapshot, writeSnapshotInSlices } from '../../src/snapshot.js';
import { generatedArticles } from '../../bench/generate.js';

async function setup() {
  const corpusDir = await mkdtemp(path.join(tmpdir(), 'briefbot-snap-corpus-'));
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'briefbot-snap-cache-'));
  await writeFile(
    path.join(corpusDir, 'a.txt'),
    '---\nsource: Nord Post\ndate: 2024-05-01\n---\nThe Tromsø ferry strike ended on Tuesday, union leader Kari Nordmann said.\n',
  );
  return { corpusDir, cacheDir };
}

describe('the index snapshot', () => {
  it('is written on the first start and loaded on the next, with the same answers', async () => {
    const { corpusDir, cacheDir } = await setup();
    const first = await createBriefing({ corpusDir, cacheDir });
    expect(first.build.fromSnapshot).toBe(false);
    const second = await createBriefing({ corpusDir, cacheDir });
    expect(second.build.fromSnapshot).toBe(true);
    expect(second.ask('ferry strike')).toEqual(first.ask('ferry strike'));
    expect(second.who('Nordmann')).toEqual(first.who('Nordmann'));
    expect(second.timeline('april 2024')).toEqual(first.timeline('april 2024'));
    expect(second.timeline('april 2024').events).toHaveLength(1);
    expect(await readdir(cacheDir)).toEqual([path.basename(snapshotPath(cacheDir, corpusDir))]);
  });

  it('gives the articles with their paragraphs after a start from it, a long one whole again', async () => {
    const { corpusDir, cacheDir } = await setup();
    const long = Array.from({ length: 12 }, (_, n) => `The ferry to Tromsø number ${n + 1} left the quay on time in the morning with its full load.`).join(' ');
    await writeFile(path.join(corpusDir, 'b.txt'), `---\nsource: Nord Post\ndate: 2024-05-02\n---\n${long}\n\nThe union thanked the crews.\n`);
    const built = await createBriefing({ corpusDir, cacheDir });
    const loaded = await createBriefing({ corpusDir, cacheDir });
    expect(loaded.build.fromSnapshot).toBe(true);
    const paragraphs = (briefing: typeof built) => briefing.articles().map((article) => article.paragraphs.map((p) => p.text));
    expect(paragraphs(loaded)).toEqual(paragraphs(built));
    expect(paragraphs(loaded)[1]).toEqual([long, 'The union thanked the crews.']);
  });

  it("holds each article's people and events, which a start loads rather than extracts again", async () => {
    const { corpusDir, cacheDir } = await setup();
    await createBriefing({ corpusDir, cacheDir });
    const file = snapshotPath(cacheDir, corpusDir);
    const opened = (await openSnapshot(file))!;
    const content = opened.content();
    expect(content.people[0]!.people[0]!.name).toBe('Kari Nordmann');
    expect(content.events[0]!.events[0]!.date).toBe('2024-04-30');
    // A role only the snapshot knows shows that /who answered from it.
    content.people[0]!.people[0]!.roles = ['harbour master'];
    await writeSnapshot(file, opened.header, content);
    const loaded = await createBriefing({ corpusDir, cacheDir });
    expect(loaded.build.fromSnapshot).toBe(true);
    expect(loaded.who('Kari Nordmann').person?.roles.map((found) => found.role)).toEqual(['harbour master']);
  });

  it('is rebuilt when the corpus changes', async () => {
    const { corpusDir, cacheDir } = await setup();
    await createBriefing({ corpusDir, cacheDir });
    await writeFile(path.join(corpusDir, 'b.txt'), 'The Narvik tunnel opened.\n');
    const briefing = await createBriefing({ corpusDir, cacheDir });
    expect(briefing.build.fromSnapshot).toBe(false);
    expect(briefing.ask('Narvik tunnel').hits).toHaveLength(1);
  });

  it('is rebuilt with a warning when corrupt or truncated, never trusted', async () => {
    const { corpusDir, cacheDir } = await setup();
    await createBriefing({ corpusDir, cacheDir });
    const file = snapshotPath(cacheDir, corpusDir);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length / 2));
    const warnings: string[] = [];
    const briefing = await createBriefing({ corpusDir, cacheDir, onWarning: (w) => warnings.push(w) });
    expect(briefing.build.fromSnapshot).toBe(false);
    expect(warnings.join('\n')).toMatch(/corrupt or truncated; rebuilding/);
    expect(briefing.ask('ferry strike').hits).toHaveLength(1);
    expect((await createBriefing({ corpusDir, cacheDir })).build.fromSnapshot).toBe(true);
  });

  it('lets go of the saved form once it is loaded', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { articles } = await loadCorpus('corpus');
    const built = buildBriefing(articles);
    const { corpusDir, cacheDir } = await setup();
    const file = snapshotPath(cacheDir, corpusDir);
    await writeSnapshot(file, { code: '', createdAt: 'then', warnings: [], files: [] }, built.snapshot());
    const content = (await openSnapshot(file))!.content();
    const savedTerms = new WeakRef(content.search.packed.terms);
    const loaded = restoreBriefing(content, 'then');
    // @ts-expect-error: dropped so that only the briefing can hold it
    content.search = null;
    // A WeakRef holds its target until the current task ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(savedTerms.deref()).toBeUndefined();
    expect(loaded.ask('military aid').hits.length).toBeGreaterThan(0);
  });

  it('reads back, written in slices, lists long enough to be written in several steps', async () => {
    const built = buildBriefing(generatedArticles(240, 3));
    const content = built.snapshot();
    expect(Math.min(content.articles.length, content.people.length, content.events.length, content.search.packed.ids.length, content.search.vocabulary.length)).toBeGreaterThan(200);
    const { corpusDir, cacheDir } = await setup();
    const file = snapshotPath(cacheDir, corpusDir);
    const header = { code: '', createdAt: 'then', warnings: [], files: [] };
    await writeSnapshot(file, header, content);
    await writeSnapshotInSlices(`${file}.sliced`, header, built, () => false);
    expect(await readFile(`${file}.sliced`)).toEqual(await readFile(file));
    const loaded = restoreBriefing((await openSnapshot(`${file}.sliced`))!.content(), 'then');
    for (const question of ['harbour', 'the committee', 'what did the senator say']) expect(loaded.ask(question), question).toEqual(built.ask(question));
    const person = content.people.flatMap((article) => article.people)[0]!.name;
    expect(loaded.who(person)).toEqual(built.who(person));
    expect(loaded.timeline('', { limit: 1000 })).toEqual(built.timeline('', { limit: 1000 }));
  });
});
