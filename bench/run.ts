/**
 * `npm run bench`: build time, memory and answer latency of the briefing at 1,000, 10,000 and
 * 100,000 generated passages, beside a plain MiniSearch index over the same passages.
 *
 *   npm run bench                         the three default sizes, 1,000 questions a command
 *   npm run bench -- --passages 5000      other sizes (comma-separated)
 *   npm run bench -- --quick              a smoke run: 300 passages, 100 questions
 *   npm run bench -- --questions 2000 --seed 3
 *   npm run bench -- --max-seconds 120     stop each command's timing after 2 minutes
 *
 * Prints a table and writes the same figures as JSON to <cache>/bench/bench-<timestamp>.json
 * (cache: BRIEFBOT_CACHE_DIR, default .cache). Heap figures need global.gc, so the script
 * starts itself again under `node --expose-gc --import tsx` when gc is not exposed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { restoreBriefing, type BuiltBriefing } from '../src/briefing.js';
import { buildCorpus, saveBriefing } from '../src/cache.js';
import { openSnapshot, writeSnapshotInSlices } from '../src/snapshot.js';
import { cutPassages, parseArticle } from '../src/corpus/index.js';
import type { Article, Passage } from '../src/types.js';
import { castOf, generateArticle, releaseGeneratorMemory, type GeneratedFile } from './generate.js';
import { makeQuestions } from './questions.js';
import { describeMachine, loadAverage, percentile, printTable, round } from './report.js';

const CHILD_FLAG = 'BRIEFBOT_BENCH_CHILD';

interface Settings {
  sizes: number[];
  questions: number;
  seed: number;
  quick: boolean;
  /** Stops a command's timing after this many seconds (null: every question), for busy machines. */
  maxSeconds: number | null;
}

interface Latency {
  median: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  count: number;
  /** Calls that threw (after the first succeeded). */
  errors: number;
  note?: string;
}

/** A command that could not be measured, and why ("/who is not available yet"). */
interface Unavailable {
  unavailable: string;
}

interface BuildFigures {
  ms: number;
  /** Heap in use after the build, after a full collection; the corpus's articles included. */
  heapUsedMB: number;
  /** What the build added to the heap. */
  heapAddedMB: number;
  rssMB: number;
}

/** `startup`: a start from the snapshot in a fresh process (bench/startup.ts), as a bot starts. */
type SnapshotFigures =
  | { available: false; reason: string }
  | {
      available: true;
      bytes: number;
      saveMs: number;
      loadMs: number;
      heapAddedByLoadMB: number;
      /** The rewrite after live updates: in slices between questions, and the longest a question waited. */
      rewriteMs: number;
      rewriteStallMs: number;
      startup: StartupFigures;
    };

interface StartupFigures {
  loadMs: number;
  /** Reading and hashing every corpus file, measured beside the start (which reads only files whose stat changed). */
  hashMs: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
  rssMB: number;
}

/** One live update of each kind: how long until /ask, /who and /timeline answer from it, and the longest a question waited meanwhile. */
type UpdateFigures = Record<'added' | 'changed' | 'removed', { answerMs: number; stallMs: number }> | { unavailable: string };

interface Target {
  name: string;
  target: string;
  value: number | null;
  unit: string;
  met: boolean | null;
}

interface SizeRun {
  passages: number;
  articles: number;
  distinctWords: number;
  generateMs: number;
  parseMs: number;
  build: { briefbot: BuildFigures; miniSearch: BuildFigures };
  latency: Record<LatencyKey, Latency | Unavailable>;
  /** Share of /ask questions that got at least one passage. */
  answered: { briefbot: number; miniSearchDefault: number; miniSearchFuzzy: number };
  /** briefbot ÷ baseline: below 1 is faster. */
  ratios: { miniSearchDefault: Ratio | null; miniSearchFuzzy: Ratio | null };
  snapshot: SnapshotFigures;
  updates: UpdateFigures;
  targets: Target[];
  /** Load averages when the size finished. */
  loadAverage: number[];
}

type LatencyKey = 'ask' | 'who' | 'timeline' | 'suggestPeople' | 'suggestPeriods' | 'askMiniSearchDefault' | 'askMiniSearchFuzzy';
type Ratio = { median: number; p95: number; p99: number };

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
const QUICK_SIZES = [300];
const WARM_UP = 20;
const FUZZY_OPTIONS = { fuzzy: 0.2, prefix: true };

/** --max-seconds, read once by main(). */
let budget: number | null = null;

async function main(): Promise<void> {
  const settings = parseArgs(process.argv.slice(2));
  budget = settings.maxSeconds;
  const machine = describeMachine();
  const startedAt = new Date();
  console.log(`briefbot bench, ${startedAt.toISOString()}`);
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB memory, Node ${machine.node}, ${machine.platform}`);
  console.log(`load average at start: ${machine.loadAverage.join(', ')} (above ${machine.cpus}, other processes share the cpus and inflate every time)`);
  console.log(`heap figures: ${machine.gc ? 'after global.gc() (node --expose-gc)' : 'without gc (not exposed): rough'}`);
  console.log(`questions: ${settings.questions} a command (warm-up ${WARM_UP} not counted), seed ${settings.seed}${settings.maxSeconds === null ? "" : `; each command timed for at most ${settings.maxSeconds} s`}`);
  console.log('targets (issue 17) are set for ~100,000 passages; ratios are briefbot ÷ baseline (below 1: briefbot is faster)');

  const runs: SizeRun[] = [];
  for (const size of settings.sizes) {
    const run = await benchSize(size, settings);
    runs.push(run);
    printRun(run);
  }
  printSummary(runs);

  const dir = path.join(process.env.BRIEFBOT_CACHE_DIR ?? '.cache', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, settings, runs }, null, 2)}\n`);
  console.log(`\nfigures written to ${file}`);
}

async function benchSize(size: number, settings: Settings): Promise<SizeRun> {
  process.stdout.write(`\n${fmtInt(size)} passages: generating...`);
  const corpus = generatePassages(size, settings.seed);
  const cast = castOf(settings.seed);
  const questions = makeQuestions(corpus.passages, cast, settings.questions, settings.seed);
  releaseGeneratorMemory();
  collect();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-bench-'));
  const corpusDir = path.join(dir, 'corpus');
  mkdirSync(corpusDir);
  for (const { file, text } of corpus.files) writeFileSync(path.join(corpusDir, file), text);
  process.stdout.write(' building...');
  let briefing: BuiltBriefing | null = null;
  // From the files, as a start without a snapshot builds: worker threads read, cut and extract.
  const ours = await measureBuild(async () => {
    briefing = await buildCorpus(corpusDir);
  });
  process.stdout.write(' asking...');
  const b = briefing as unknown as BuiltBriefing;
  const latency = {} as SizeRun['latency'];
  let askHits = 0;
  latency.ask = time(questions.ask, (q) => b.ask(q), (answer) => {
    if (answer.hits.length > 0) askHits += 1;
  });
  latency.who = time(questions.who, (q) => b.who(q));
  latency.timeline = time(questions.timeline, (q) => b.timeline(q));
  latency.suggestPeople = time(questions.peoplePrefixes, (q) => b.suggestPeople(q));
  latency.suggestPeriods = time(questions.periodPrefixes, (q) => b.suggestPeriods(q));
  process.stdout.write(' snapshot...');
  const snapshot = await measureSnapshot(b, corpusDir, path.join(dir, 'cache'));
  process.stdout.write(' updates...');
  const updates = await measureUpdates(b, corpus.articles[Math.floor(corpus.articles.length / 2)]!);
  briefing = null;
  collect();

  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(' baseline...');
  let plain: MiniSearch | null = null;
  const baseline = await measureBuild(async () => {
    plain = new MiniSearch({ fields: ['text'] });
    plain.addAll(corpus.passages.map(({ id, text }) => ({ id, text })));
  });
  const m = plain as unknown as MiniSearch;
  let defaultHits = 0;
  let fuzzyHits = 0;
  latency.askMiniSearchDefault = time(questions.ask, (q) => m.search(q), (results) => {
    if (results.length > 0) defaultHits += 1;
  });
  latency.askMiniSearchFuzzy = time(questions.ask, (q) => m.search(q, FUZZY_OPTIONS), (results) => {
    if (results.length > 0) fuzzyHits += 1;
  });
  const distinctWords = m.termCount;
  plain = null;
  collect();
  process.stdout.write(' done\n');

  const asked = questions.ask.length;
  const run: SizeRun = {
    passages: corpus.passages.length,
    articles: corpus.articles.length,
    distinctWords,
    generateMs: round(corpus.generateMs),
    parseMs: round(corpus.parseMs),
    build: { briefbot: ours, miniSearch: baseline },
    latency,
    answered: { briefbot: share(askHits, asked), miniSearchDefault: share(defaultHits, asked), miniSearchFuzzy: share(fuzzyHits, asked) },
    ratios: { miniSearchDefault: ratio(latency.ask, latency.askMiniSearchDefault), miniSearchFuzzy: ratio(latency.ask, latency.askMiniSearchFuzzy) },
    snapshot,
    updates,
    targets: [],
    loadAverage: loadAverage(),
  };
  run.targets = checkTargets(run);
  return run;
}

/** Generated articles, parsed, until they hold at least `size` passages (article i is the same at every size). */
function generatePassages(size: number, seed: number): { articles: Article[]; passages: Passage[]; files: GeneratedFile[]; generateMs: number; parseMs: number } {
  const articles: Article[] = [];
  const files: GeneratedFile[] = [];
  const passages: Passage[] = [];
  let generateMs = 0;
  let parseMs = 0;
  for (let index = 0; passages.length < size; index += 1) {
    let started = performance.now();
    const { file, text } = generateArticle(index, seed);
    files.push({ file, text });
    generateMs += performance.now() - started;
    started = performance.now();
    const { article } = parseArticle(file, Buffer.from(text));
    passages.push(...cutPassages(article));
    parseMs += performance.now() - started;
    articles.push(article);
  }
  return { articles, passages, files, generateMs, parseMs };
}

async function measureBuild(build: () => Promise<void>): Promise<BuildFigures> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  await build();
  const ms = performance.now() - started;
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  return { ms: round(ms), heapUsedMB: mb(heapUsed), heapAddedMB: mb(heapUsed - before), rssMB: mb(rss) };
}

/**
 * Times one call per question; a command that throws on its first call is reported
 * unavailable. `observe` sees each timed answer, outside the timing.
 */
function time<T>(questions: string[], call: (question: string) => T, observe?: (answer: T) => void): Latency | Unavailable {
  const deadline = budget === null ? Infinity : performance.now() + budget * 1000;
  try {
    call(questions[0] ?? '');
  } catch (error) {
    return { unavailable: (error as Error).message.replace(/^briefbot: /, '') };
  }
  let errors = 0;
  for (const question of questions.slice(0, WARM_UP)) {
    try {
      call(question);
    } catch {
      // Counted in the timed run below.
    }
  }
  const times: number[] = [];
  let empty = 0;
  for (const question of questions) {
    const started = performance.now();
    if (started > deadline) break;
    let answer: T;
    try {
      answer = call(question);
    } catch {
      errors += 1;
      times.push(performance.now() - started);
      continue;
    }
    times.push(performance.now() - started);
    observe?.(answer);
    if (Array.isArray(answer) && answer.length === 0) empty += 1;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(percentile(times, q), 3);
  const figures: Latency = { median: at(0.5), p95: at(0.95), p99: at(0.99), mean: round(times.reduce((s, t) => s + t, 0) / times.length, 3), max: at(1), count: times.length, errors };
  // An autocomplete that never suggests anything is a stub, not a fast one.
  if (empty === times.length) figures.note = 'no suggestion for any prefix';
  if (times.length < questions.length) figures.note = `stopped after ${budget} s: ${times.length} of ${questions.length} questions`;
  return figures;
}

// ── Snapshot, start-up and live updates ────────────────────────────────────────────────────

/**
 * The snapshot written for a corpus folder holding the generated files, loaded back in this
 * process, rewritten in slices as after live updates, and started from in a fresh process.
 */
async function measureSnapshot(briefing: BuiltBriefing, corpusDir: string, cacheDir: string): Promise<SnapshotFigures> {
  try {
    let started = performance.now();
    const file = await saveBriefing(cacheDir, corpusDir, briefing);
    const saveMs = performance.now() - started;
    collect();
    const before = process.memoryUsage().heapUsed;
    started = performance.now();
    const opened = await openSnapshot(file);
    if (opened === null) return { available: false, reason: 'snapshot: written but not read back' };
    let loaded: BuiltBriefing | null = restoreBriefing(opened.content(), opened.header.createdAt);
    const loadMs = performance.now() - started;
    collect();
    const heapAddedByLoadMB = mb(process.memoryUsage().heapUsed - before);
    loaded = null;
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    started = performance.now();
    await writeSnapshotInSlices(`${file}.rewrite`, opened.header, briefing, () => false);
    const rewriteMs = performance.now() - started;
    stalls.disable();
    const startup = startFrom(corpusDir, cacheDir);
    return { available: true, bytes: statSync(file).size, saveMs: round(saveMs), loadMs: round(loadMs), heapAddedByLoadMB, rewriteMs: round(rewriteMs), rewriteStallMs: round(stalls.max / 1e6), startup };
  } catch (error) {
    return { available: false, reason: `snapshot: ${(error as Error).message}` };
  }
}

/** A start from the snapshot in a process of its own: its time and the heap the bot then holds. */
function startFrom(corpusDir: string, cacheDir: string): StartupFigures {
  const script = fileURLToPath(new URL('./startup.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', import.meta.resolve('tsx'), script, corpusDir, cacheDir], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the start from the snapshot failed: ${child.stderr.trim().split('\n').at(-1) ?? child.status}`);
  const { loadMs, hashMs, heapUsedMB, arrayBuffersMB, rssMB } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as StartupFigures;
  return { loadMs, hashMs, heapUsedMB, arrayBuffersMB, rssMB };
}

// Words and a name that no generated article has, so that each answer shows whether the update is in.
const UPDATE_TEXT = [
  'Teodora Vashkevich, the harbour master of Quillmouth, said the lighthouse inquiry would report soon.',
  'On March 3, 2031, the Quillmouth lighthouse inquiry opened its first hearing.',
];

/**
 * An article added, then changed, then removed, in the bench's briefing: the time until /ask,
 * /who and /timeline all answer from the change, and the longest any one call (or slice of
 * background work) kept the event loop, that is a question, waiting.
 */
async function measureUpdates(briefing: BuiltBriefing, model: Article): Promise<UpdateFigures> {
  const article = (extra: string): Article => ({
    ...model,
    articleId: 'bench-update',
    file: 'bench-update.txt',
    paragraphs: [...UPDATE_TEXT, extra].map((text, index) => ({ number: index + 1, text, heading: null })),
    lines: [...UPDATE_TEXT, extra],
  });
  const visible = () => ({
    ask: briefing.ask('Quillmouth lighthouse inquiry').hits.some((hit) => hit.articleId === 'bench-update'),
    who: briefing.who('Teodora Vashkevich').person?.mentions.some((mention) => mention.articleId === 'bench-update') ?? false,
    timeline: briefing.timeline('march 2031').events.some((event) => event.articleId === 'bench-update'),
    changed: briefing.ask('Quillmouth ferry timetable').hits.some((hit) => hit.articleId === 'bench-update'),
  });
  const once = async (change: () => void, done: (seen: ReturnType<typeof visible>) => boolean) => {
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    let longest = 0;
    const step = <T>(call: () => T): T => {
      const started = performance.now();
      const value = call();
      longest = Math.max(longest, performance.now() - started);
      return value;
    };
    const started = performance.now();
    step(change);
    while (!done(step(visible))) {
      if (performance.now() - started > 10_000) throw new Error('a live update was not answered within 10 s');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const answerMs = performance.now() - started;
    // Background work the change set off (if any) must not keep questions waiting either.
    await new Promise((resolve) => setTimeout(resolve, 300));
    stalls.disable();
    return { answerMs: round(answerMs), stallMs: round(Math.max(longest, stalls.max / 1e6)) };
  };
  try {
    const added = await once(() => briefing.setArticle(article('The ferry timetable was unchanged.')), (seen) => seen.ask && seen.who && seen.timeline);
    const changed = await once(() => briefing.setArticle(article('The Quillmouth ferry timetable changed for the winter.')), (seen) => seen.changed);
    const removed = await once(() => briefing.removeArticle('bench-update'), (seen) => !seen.ask && !seen.who && !seen.timeline);
    return { added, changed, removed };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}
// ── end of snapshot ──────────────────────────────────────────────────────────────────────

function checkTargets(run: SizeRun): Target[] {
  const targets: Target[] = [];
  const latencyTarget = (name: string, key: LatencyKey, stat: 'median' | 'p99', limit: number) => {
    const figures = run.latency[key];
    // A stub that answers nothing meets no target.
    const value = 'unavailable' in figures || figures.note === 'no suggestion for any prefix' ? null : figures[stat];
    targets.push({ name: `${name} ${stat}`, target: `≤ ${limit} ms`, value, unit: 'ms', met: value === null ? null : value <= limit });
  };
  latencyTarget('/ask', 'ask', 'median', 5);
  latencyTarget('/ask', 'ask', 'p99', 30);
  latencyTarget('/who', 'who', 'p99', 3);
  latencyTarget('/timeline', 'timeline', 'p99', 5);
  latencyTarget('people autocomplete', 'suggestPeople', 'p99', 3);
  latencyTarget('period autocomplete', 'suggestPeriods', 'p99', 3);
  targets.push({ name: 'build', target: '≤ 40 s', value: run.build.briefbot.ms / 1000, unit: 's', met: run.build.briefbot.ms <= 40_000 });
  const heap = run.snapshot.available ? run.snapshot.startup.heapUsedMB : null;
  targets.push({ name: 'heap after start-up', target: '≤ 500 MB', value: heap, unit: 'MB', met: heap === null ? null : heap <= 500 });
  const load = run.snapshot.available ? run.snapshot.startup.loadMs / 1000 : null;
  targets.push({ name: 'start from snapshot', target: '≤ 1.5 s', value: load, unit: 's', met: load === null ? null : load <= 1.5 });
  const updates = 'unavailable' in run.updates ? null : Object.values(run.updates);
  const answer = updates && Math.max(...updates.map((u) => u.answerMs));
  const stall = updates && Math.max(...updates.map((u) => u.stallMs), run.snapshot.available ? run.snapshot.rewriteStallMs : 0);
  targets.push({ name: 'live update answered', target: '≤ 1000 ms', value: answer, unit: 'ms', met: answer === null ? null : answer <= 1000 });
  targets.push({ name: 'longest question wait (updates, rewrite)', target: '≤ 100 ms', value: stall, unit: 'ms', met: stall === null ? null : stall <= 100 });
  return targets;
}

function printRun(run: SizeRun): void {
  console.log(`\n== ${fmtInt(run.passages)} passages: ${fmtInt(run.articles)} articles, ${fmtInt(run.distinctWords)} distinct words; generated in ${fmtMs(run.generateMs)}, parsed in ${fmtMs(run.parseMs)} ==`);
  console.log(`load average after this size: ${run.loadAverage.join(', ')}`);
  printTable(
    ['build', 'time', 'heap used', 'heap added', 'rss'],
    [
      ['briefbot from the files (worker threads read, cut, extract)', run.build.briefbot],
      ['MiniSearch, default options', run.build.miniSearch],
    ].map(([name, figures]) => {
      const f = figures as BuildFigures;
      return [name as string, fmtMs(f.ms), `${f.heapUsedMB} MB`, `${f.heapAddedMB} MB`, `${f.rssMB} MB`];
    }),
  );
  console.log('');
  const rows: string[][] = [];
  const row = (name: string, key: LatencyKey, ratios?: SizeRun['ratios']) => {
    const figures = run.latency[key];
    if ('unavailable' in figures) {
      rows.push([name, 'n/a', '', '', '', '', figures.unavailable]);
      return;
    }
    const vs = (r: Ratio | null | undefined) => (r ? `${fmtRatio(r.median)} / ${fmtRatio(r.p99)}` : '');
    const errors = [figures.errors > 0 ? `${figures.errors} errors` : '', figures.note ?? ''].filter(Boolean).join('; ');
    rows.push([name, fmtMs(figures.median), fmtMs(figures.p95), fmtMs(figures.p99), vs(ratios?.miniSearchDefault), vs(ratios?.miniSearchFuzzy), errors]);
  };
  row('/ask briefbot', 'ask', run.ratios);
  row('/ask MiniSearch default', 'askMiniSearchDefault');
  row('/ask MiniSearch fuzzy 0.2 + prefix', 'askMiniSearchFuzzy');
  row('/who', 'who');
  row('/timeline', 'timeline');
  row('people autocomplete', 'suggestPeople');
  row('period autocomplete', 'suggestPeriods');
  printTable(['latency', 'median', 'p95', 'p99', 'vs default (median/p99)', 'vs fuzzy (median/p99)', 'note'], rows);
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  console.log(
    `questions answered (at least one passage): briefbot ${pct(run.answered.briefbot)}, MiniSearch default ${pct(run.answered.miniSearchDefault)}, fuzzy ${pct(run.answered.miniSearchFuzzy)}`,
  );
  console.log(
    run.snapshot.available
      ? `snapshot: ${(run.snapshot.bytes / 1024 / 1024).toFixed(1)} MB, saved in ${fmtMs(run.snapshot.saveMs)} (corpus files hashed included), loaded in ${fmtMs(run.snapshot.loadMs)} in this process (heap added ${run.snapshot.heapAddedByLoadMB} MB); ` +
        `rewritten in slices in ${fmtMs(run.snapshot.rewriteMs)}, longest question wait ${fmtMs(run.snapshot.rewriteStallMs)}; ` +
        `a start from it in a fresh process: ${fmtMs(run.snapshot.startup.loadMs)}, heap ${run.snapshot.startup.heapUsedMB} MB, array buffers ${run.snapshot.startup.arrayBuffersMB} MB, RSS ${run.snapshot.startup.rssMB} MB (corpus files listed and checked by their stat, snapshot read, index restored, people and events merged); reading and hashing every corpus file, beside it: ${fmtMs(run.snapshot.startup.hashMs)}`
      : run.snapshot.reason,
  );
  if ('unavailable' in run.updates) console.log(`live updates: ${run.updates.unavailable}`);
  else {
    const row = (kind: string, u: { answerMs: number; stallMs: number }) => `${kind} answered in ${fmtMs(u.answerMs)} (longest question wait ${fmtMs(u.stallMs)})`;
    console.log(`live updates (in the core; the watcher first waits ~0.3 s for a file to settle): ${row('added', run.updates.added)}, ${row('changed', run.updates.changed)}, ${row('removed', run.updates.removed)}`);
  }
  console.log('');
  printTable(
    ['target', 'limit', 'value', 'status'],
    run.targets.map((t) => [t.name, t.target, fmtTarget(t), t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED']),
  );
}

function printSummary(runs: SizeRun[]): void {
  const largest = runs.at(-1);
  if (largest === undefined) return;
  const missed = largest.targets.filter((t) => t.met === false).map((t) => `${t.name} (${fmtTarget(t)}, limit ${t.target})`);
  const unmeasured = largest.targets.filter((t) => t.met === null).map((t) => t.name);
  console.log(`\nat ${fmtInt(largest.passages)} passages: ${missed.length === 0 ? 'every measured target met' : `missed: ${missed.join('; ')}`}${unmeasured.length > 0 ? `; not measured: ${unmeasured.join(', ')}` : ''}`);
}

function ratio(ours: Latency | Unavailable, base: Latency | Unavailable): Ratio | null {
  if ('unavailable' in ours || 'unavailable' in base) return null;
  const divide = (a: number, b: number) => round(a / Math.max(b, 0.001), 2);
  return { median: divide(ours.median, base.median), p95: divide(ours.p95, base.p95), p99: divide(ours.p99, base.p99) };
}

function parseArgs(argv: string[]): Settings {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  const quick = argv.includes('--quick');
  const sizes = value('passages')?.split(',').map((n) => Number(n.replace(/_/g, ''))) ?? (quick ? QUICK_SIZES : DEFAULT_SIZES);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`briefbot: --passages takes whole numbers, e.g. 1000,10000: ${value('passages')}`);
  const questions = Number(value('questions') ?? (quick ? 100 : 1000));
  if (!Number.isInteger(questions) || questions < 1) throw new Error(`briefbot: --questions takes a whole number: ${value('questions')}`);
  const maxSeconds = value('max-seconds') === undefined ? null : Number(value('max-seconds'));
  if (maxSeconds !== null && !(maxSeconds > 0)) throw new Error(`briefbot: --max-seconds takes a positive number: ${value('max-seconds')}`);
  return { sizes, questions, seed: Number(value('seed') ?? 1), quick, maxSeconds };
}

function collect(): void {
  globalThis.gc?.();
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const share = (part: number, whole: number) => (whole === 0 ? 0 : round(part / whole, 3));
const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
const fmtTarget = (t: Target) => (t.value === null ? 'n/a' : t.unit === 'ms' ? fmtMs(t.value) : `${round(t.value, 2)} ${t.unit}`);
const fmtRatio = (r: number) => `${r.toFixed(2)}×`;

// Heap figures mean something only after a full collection: start again with gc exposed.
if (typeof globalThis.gc !== 'function' && process.env[CHILD_FLAG] !== '1') {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', import.meta.resolve('tsx'), self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [CHILD_FLAG]: '1' },
  });
  process.exitCode = child.status ?? 1;
} else {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
