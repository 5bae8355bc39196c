/**
 * A live corpus for the adding tests: a folder with one article of its own, its briefing, the
 * corpus watcher that keeps the briefing in step, and an adder over it that fetches from the
 * local web (BRIEFBOT_ALLOW_PRIVATE_URLS=true, as the tests run on 127.0.0.1).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addressProblem, createIngest, prepareAddedFolder, type Ingest, type IngestOptions } from '../../adapters/ingest/index.js';
import { watchCorpus, type CorpusWatcher } from '../../adapters/watch.js';
import { createBriefing, type Briefing } from '../../src/briefing.js';

export const EDITOR = 'U0EDITOR1';
export const DISCORD_EDITOR = '300000000000000001';
export const DISCORD_EDITOR_ROLE = '300000000000000009';

export interface LiveCorpus {
  dir: string;
  cacheDir: string;
  briefing: Briefing;
  watcher: CorpusWatcher;
  ingest: Ingest;
  warnings: string[];
  close(): Promise<void>;
}

/** The article every test corpus starts with. */
export const OWN_ARTICLE = '---\ntitle: Salmon prices rise at the Lunde market\nsource: Coast Weekly\ndate: 2024-02-01\n---\nSalmon prices at the Lunde fish market rose by a fifth in January as the cold kept boats in port.\n';

export async function liveCorpus(options: Partial<IngestOptions> = {}): Promise<LiveCorpus> {
  const root = await mkdtemp(path.join(tmpdir(), 'briefbot-add-'));
  const dir = path.join(root, 'corpus');
  const cacheDir = path.join(root, 'cache');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'salmon.md'), OWN_ARTICLE);
  const warnings: string[] = [];
  const briefing = await createBriefing({ corpusDir: dir, cacheDir, onWarning: (w) => warnings.push(w) });
  await prepareAddedFolder(dir);
  const watcher = await watchCorpus(briefing, dir, { onWarning: (w) => warnings.push(w) });
  const ingest = createIngest({
    briefing,
    corpusDir: dir,
    editors: [EDITOR, DISCORD_EDITOR, DISCORD_EDITOR_ROLE],
    indexTimeoutMs: 15_000,
    watching: watcher.ready,
    ...options,
    policy: { allowPrivate: true, timeoutMs: 2_000, ...options.policy },
  });
  return { dir, cacheDir, briefing, watcher, ingest, warnings, close: () => watcher.close() };
}

/** Another adder over the same live corpus, with other fetch settings. */
export function otherIngest(live: LiveCorpus, policy: IngestOptions['policy']): Ingest {
  return createIngest({ briefing: live.briefing, corpusDir: live.dir, editors: [EDITOR, DISCORD_EDITOR, DISCORD_EDITOR_ROLE], indexTimeoutMs: 15_000, watching: live.watcher.ready, policy: { timeoutMs: 2_000, ...policy } });
}

/**
 * One adder for a chat adapter that the test points at one of several (the same corpus fetched
 * with and without the allow flag), as a bot restarted with other settings would be.
 */
export function switchable<K extends string>(ingests: Record<K, Ingest>, first: K): { ingest: Ingest; use(key: K): void } {
  let current = ingests[first];
  const ingest: Ingest = {
    get editors() {
      return current.editors;
    },
    mayEdit: (requester) => current.mayEdit(requester),
    addLink: (url, requester, options) => current.addLink(url, requester, options),
    addFile: (file, requester) => current.addFile(file, requester),
    remove: (id, requester) => current.remove(id, requester),
    describe: (id) => current.describe(id),
    suggestRemovable: (typed) => current.suggestRemovable(typed),
  };
  return { ingest, use: (key) => void (current = ingests[key]) };
}

/** Polls until the condition holds, for at most ten seconds. */
export async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the condition did not hold within ten seconds');
}

export type FetchMode = 'open' | 'guarded' | 'publicWeb';

/**
 * The chat adapters' adder in three settings: private addresses allowed (the tests' own web),
 * BRIEFBOT_ALLOW_PRIVATE_URLS unset (the local web is the bot's own network), and unset with the
 * local web standing in for the public web.
 */
export function fetchModes(live: LiveCorpus): ReturnType<typeof switchable<FetchMode>> {
  return switchable<FetchMode>(
    {
      open: live.ingest,
      guarded: otherIngest(live, { allowPrivate: false }),
      publicWeb: otherIngest(live, { allowPrivate: false, addressProblem: (a) => (a === '127.0.0.1' ? null : addressProblem(a)) }),
    },
    'open',
  );
}
