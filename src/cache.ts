/**
 * The index in the cache folder. A start loads the snapshot there when it matches the corpus;
 * otherwise one process builds it, holding a lock in the cache folder, while any other started
 * at the same time waits and then loads what it wrote. A read-only cache folder is used as it
 * is and never written. After live updates the snapshot is rewritten in the background, so a
 * restart loads instead of building.
 */
import { access, constants, mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import lockfile from 'proper-lockfile';
import { assemble, restoreBriefing, type Briefing, type BriefingOptions, type BuiltBriefing } from './briefing.js';
import { readCorpusFiles, readSkippedFiles, type CorpusFiles, type FileStamp } from './corpus/index.js';
import { prepareCorpus } from './prepare.js';
import { PassageIndex } from './search/index.js';
import { codeFingerprint, lockPath, openSnapshot, snapshotPath, writeSnapshotInSlices, writeSnapshot, type SnapshotFile, type SnapshotHeader } from './snapshot.js';

const defaults = { staleLockMs: 30_000, saveDelayMs: 10_000 };
// A waiting process looks at the lock this often.
const WAIT_POLL_MS = 250;
// However often updates come, the snapshot is rewritten at least this many save delays after the first.
const MAX_SAVE_DELAYS = 6;

/** Opens the briefing of a corpus folder, through the cache folder when there is one. */
export async function openBriefing(options: BriefingOptions): Promise<Briefing> {
  const warn = (message: string) => options.onWarning?.(message);
  if (options.cacheDir === undefined) return (await buildFrom(options, await readCorpusFiles(options.corpusDir))).briefing;
  const { cacheDir, corpusDir } = options;
  const file = snapshotPath(cacheDir, corpusDir);
  const code = await codeFingerprint();
  const readOnly = options.readOnlyCache === true || !(await writable(cacheDir));
  const stale = Math.max(5_000, options.staleLockMs ?? defaults.staleLockMs);
  const lock = { lockfilePath: lockPath(cacheDir, corpusDir), realpath: false, stale };
  let waited = false;
  for (;;) {
    const found = await load(file, code, corpusDir, warn);
    if ('briefing' in found) return readOnly ? found.briefing : saving(found.briefing, found.files, { ...options, file, code });
    if (readOnly) {
      warn(`briefbot: the index snapshot ${file} in the read-only cache folder does not match the corpus (${found.reason ?? 'there is none'}); the index is built in memory and not saved`);
      return (await buildFrom(options, found.read)).briefing;
    }
    const release = await lockfile.lock(corpusDir, { ...lock, onCompromised: (error) => warn(`briefbot: the lock on ${file} was lost: ${error.message}`) }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOCKED') return null;
      throw new Error(`briefbot: cannot lock the cache folder ${cacheDir}: ${error.message}`);
    });
    if (release === null) {
      if (!waited) warn(`briefbot: another process is building the index snapshot ${file}; waiting for it`);
      waited = true;
      while (await lockfile.check(corpusDir, lock).catch(() => false)) await sleep(WAIT_POLL_MS);
      continue;
    }
    try {
      // Another process may have written it between the look above and the lock.
      const again = waited ? await load(file, code, corpusDir, warn) : found;
      if ('briefing' in again) return saving(again.briefing, again.files, { ...options, file, code });
      const built = await buildFrom(options, again.read);
      await writeSnapshot(file, headerOf(code, built.briefing, built.warnings, built.files), built.briefing.snapshot()).catch((error: Error) =>
        warn(`briefbot: could not write the index snapshot ${file}: ${error.message}`),
      );
      return saving(built.briefing, built.files, { ...options, file, code, warnings: built.warnings });
    } finally {
      await release().catch(() => undefined);
    }
  }
}

type Found = { briefing: BuiltBriefing; files: SnapshotFile[] } | { read: CorpusFiles; reason: string | null };

/**
 * The snapshot's briefing when the snapshot holds this code's index of exactly these files.
 * Files whose stamp is the one the snapshot recorded are not read again (their hash is known).
 */
async function load(file: string, code: string, corpusDir: string, warn: (message: string) => void): Promise<Found> {
  const snapshot = await openSnapshot(file).catch((error: Error) => (warn(error.message), null));
  const usable = snapshot !== null && snapshot.header.code === code;
  const known = new Map<string, { stamp: FileStamp; hash: string }>();
  if (usable) for (const entry of snapshot.header.files) if ('hash' in entry && entry.stamp) known.set(entry.file, { stamp: entry.stamp, hash: entry.hash });
  const read = await readCorpusFiles(corpusDir, known);
  if (snapshot === null) return { read, reason: null };
  if (!usable) return { read, reason: 'it was made by other code or data' };
  const changed = changedFiles(read, snapshot.header.files);
  if (changed > 0) return { read, reason: `${changed} file${changed === 1 ? '' : 's'} changed` };
  try {
    const briefing = restoreBriefing(snapshot.content(), snapshot.header.createdAt);
    snapshot.header.warnings.forEach(warn);
    return { briefing, files: filesOf(read) };
  } catch (error) {
    warn(`briefbot: index snapshot ${file} is unusable (${(error as Error).message}); rebuilding it`);
    return { read, reason: (error as Error).message };
  }
}

/** How many files were added, removed or changed since the snapshot was written. */
function changedFiles(read: CorpusFiles, saved: SnapshotFile[]): number {
  const before = new Map(saved.map((entry) => [entry.file, 'hash' in entry ? entry.hash : `unreadable: ${entry.error}`]));
  let changed = 0;
  for (const entry of read.files) {
    const now = 'hash' in entry ? entry.hash : `unreadable: ${entry.error}`;
    if (before.get(entry.file) !== now) changed += 1;
    before.delete(entry.file);
  }
  return changed + before.size;
}

function filesOf(read: CorpusFiles): SnapshotFile[] {
  return read.files.map((entry) => ('hash' in entry ? { file: entry.file, stamp: entry.stamp, hash: entry.hash } : { file: entry.file, stamp: entry.stamp, error: entry.error }));
}

/**
 * Builds the briefing of the files read: each article prepared (in worker threads for a large
 * corpus) and its passages indexed here as it comes back, then the corpus-wide merges.
 */
async function buildFrom(options: BriefingOptions, read: CorpusFiles): Promise<{ briefing: BuiltBriefing; warnings: string[]; files: SnapshotFile[] }> {
  const all = await readSkippedFiles(options.corpusDir, read);
  const search = new PassageIndex();
  const { prepared, warnings } = await prepareCorpus(options.corpusDir, all, {
    onProgress: options.onProgress,
    onArticle: ({ article, passages }) => search.add(article, passages),
  });
  warnings.forEach((message) => options.onWarning?.(message));
  return { briefing: assemble(prepared, { search, onProgress: options.onProgress }), warnings, files: filesOf(all) };
}

/** Builds the briefing of a corpus folder as a start without a snapshot does (worker threads for a large one), writing nothing. */
export async function buildCorpus(corpusDir: string, options: Omit<BriefingOptions, 'corpusDir' | 'cacheDir'> = {}): Promise<BuiltBriefing> {
  return (await buildFrom({ ...options, corpusDir }, await readCorpusFiles(corpusDir))).briefing;
}

/**
 * Writes the snapshot of a briefing built elsewhere (the bench builds from articles in memory)
 * for the corpus folder its articles were read from, as a start would write it.
 */
export async function saveBriefing(cacheDir: string, corpusDir: string, briefing: BuiltBriefing): Promise<string> {
  const file = snapshotPath(cacheDir, corpusDir);
  const read = await readCorpusFiles(corpusDir);
  await writeSnapshot(file, headerOf(await codeFingerprint(), briefing, [], filesOf(read)), briefing.snapshot());
  return file;
}

function headerOf(code: string, briefing: Briefing, warnings: string[], files: SnapshotFile[]): Omit<SnapshotHeader, 'format'> {
  return { code, createdAt: briefing.build.at, warnings, files };
}

interface SavingOptions extends BriefingOptions {
  file: string;
  code: string;
  warnings?: string[];
}

/**
 * The briefing, rewriting its snapshot in the background after live updates: once no update
 * has come for `saveDelayMs`, or after a few such delays however often they come. The rewrite
 * works in slices between questions; an update during it starts the wait again.
 */
function saving(briefing: BuiltBriefing, initialFiles: SnapshotFile[], options: SavingOptions): Briefing {
  const files = new Map(initialFiles.map((entry) => [entry.file, entry]));
  const fileOf = (articleId: string) => briefing.fileOf(articleId);
  const delay = options.saveDelayMs ?? defaults.saveDelayMs;
  let warnings = options.warnings ?? [];
  let changes = 0;
  let timer: NodeJS.Timeout | null = null;
  let firstPending: number | null = null;
  let writing = false;

  const schedule = () => {
    changes += 1;
    firstPending ??= performance.now();
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(delay, firstPending + delay * MAX_SAVE_DELAYS - performance.now()));
    timer = setTimeout(() => void save(), wait);
    timer.unref();
  };

  async function save(): Promise<void> {
    timer = null;
    if (writing) return schedule();
    writing = true;
    const generation = changes;
    const started = performance.now();
    try {
      const header = { code: options.code, createdAt: new Date().toISOString(), warnings, files: [...files.values()] };
      const written = await writeSnapshotInSlices(options.file, header, briefing, () => changes !== generation);
      if (written) {
        firstPending = null;
        options.onSaved?.({ ms: performance.now() - started });
      }
    } catch (error) {
      options.onWarning?.(`briefbot: could not rewrite the index snapshot ${options.file}: ${(error as Error).message}`);
      options.onSaved?.({ error: (error as Error).message });
    } finally {
      writing = false;
    }
  }

  return {
    get corpus() {
      return briefing.corpus;
    },
    get build() {
      return briefing.build;
    },
    ask: briefing.ask,
    who: briefing.who,
    timeline: briefing.timeline,
    suggestPeople: briefing.suggestPeople,
    suggestPeriods: briefing.suggestPeriods,
    run: briefing.run,
    articles: briefing.articles,
    setArticle(article, read) {
      const before = fileOf(article.articleId);
      if (before !== undefined && before !== article.file) files.delete(before);
      briefing.setArticle(article);
      // Without its stamp the file is hashed again at the next start.
      files.set(article.file, read ? { file: article.file, stamp: read.stamp, hash: read.hash } : { file: article.file, hash: '' });
      warnings = warnings.filter((warning) => !warning.includes(` ${article.file}:`));
      schedule();
    },
    removeArticle(articleId) {
      const file = fileOf(articleId);
      if (file !== undefined) files.delete(file);
      briefing.removeArticle(articleId);
      schedule();
    },
  };
}

/** Whether the process may write in the cache folder (made when missing). */
async function writable(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
