/**
 * What a build does to each article on its own: read (repair, clean), cut into passages, and
 * extract its people and events. That work is pure, article by article, so a large corpus has
 * it done in worker threads on the other cores while this thread indexes what comes back.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PreparedArticle, Progress } from './briefing.js';
import { cutPassages, parseArticle, type CorpusFiles } from './corpus/index.js';
import { extractPeople } from './people/index.js';
import { toCitation } from './search/index.js';
import { extractEvents } from './timeline/index.js';

/** Below this many files, starting workers costs more than it saves. */
const WORKERS_FROM = 200;

/** One article file made ready for the index; throws, with the reason, for a file that is no readable article. */
export function prepareArticle(file: string, bytes: Uint8Array): { prepared: PreparedArticle; warnings: string[] } {
  const { article, warnings } = parseArticle(file, bytes);
  const passages = cutPassages(article);
  const source = { article, citation: toCitation(article), passages };
  const prepared = { article: { ...article, paragraphs: [], lines: [] }, passages, people: extractPeople(source), events: extractEvents(source) };
  return { prepared, warnings };
}

/**
 * Every readable article of the files read, prepared, in corpus order. A file that is not a
 * readable article, or that repeats another (same id, or the same bytes under another name),
 * is skipped with a warning, as parseCorpus does; no readable article at all is an error.
 */
export async function prepareCorpus(
  dir: string,
  read: CorpusFiles,
  options: { onProgress?: Progress; onArticle?: (prepared: PreparedArticle) => void } = {},
): Promise<{ prepared: PreparedArticle[]; warnings: string[] }> {
  const warnings = [...read.warnings];
  const byContent = new Map<string, string>();
  const tasks: Array<{ at: number; file: string; bytes: Buffer }> = [];
  const skipped = new Map<number, string>();
  read.files.forEach((entry, at) => {
    if ('error' in entry) return skipped.set(at, `briefbot: skipped ${entry.file}: ${entry.error}`);
    const copyOf = byContent.get(entry.hash);
    if (copyOf !== undefined) return skipped.set(at, `briefbot: skipped ${entry.file}: the same text as ${copyOf}`);
    if (entry.bytes === null) throw new Error(`briefbot: ${entry.file} was not read (readSkippedFiles reads it)`);
    byContent.set(entry.hash, entry.file);
    tasks.push({ at, file: entry.file, bytes: entry.bytes });
  });
  const prepared: PreparedArticle[] = [];
  const byId = new Map<string, string>();
  let at = 0;
  // Results come in corpus order: each is checked against the articles before it.
  const take = (task: { at: number; file: string }, result: Result) => {
    for (; at < task.at; at += 1) if (skipped.has(at)) warnings.push(skipped.get(at)!);
    at = task.at + 1;
    if ('error' in result) return warnings.push(`briefbot: skipped ${task.file}: ${result.error}`);
    const { article } = result.prepared;
    const earlier = byId.get(article.articleId);
    if (earlier !== undefined) return warnings.push(`briefbot: skipped ${task.file}: its id ${article.articleId} is taken by ${earlier}`);
    warnings.push(...result.warnings);
    byId.set(article.articleId, task.file);
    prepared.push(result.prepared);
    options.onArticle?.(result.prepared);
    options.onProgress?.('reading', prepared.length, tasks.length);
  };
  await runTasks(tasks, take);
  for (; at < read.files.length; at += 1) if (skipped.has(at)) warnings.push(skipped.get(at)!);
  if (prepared.length === 0) throw new Error(`briefbot: no readable article (.txt or .md) in corpus folder ${dir}`);
  return { prepared, warnings };
}

type Result = { prepared: PreparedArticle; warnings: string[] } | { error: string };

/** Prepares every task, handing each result to `take` in the tasks' order: in worker threads for many tasks, here for a few. */
async function runTasks<T extends { file: string; bytes: Buffer }>(tasks: T[], take: (task: T, result: Result) => void): Promise<void> {
  const threads = Math.min(availableParallelism(), 8);
  if (tasks.length < WORKERS_FROM || threads < 2) {
    for (const task of tasks) take(task, prepareHere(task));
    return;
  }
  const results: Array<Result | undefined> = new Array(tasks.length);
  let next = 0;
  let taken = 0;
  const workers = Array.from({ length: threads }, () => startWorker());
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let at = next++; at < tasks.length; at = next++) {
          results[at] = await worker.run(tasks[at]!);
          for (; taken < tasks.length && results[taken] !== undefined; taken += 1) {
            take(tasks[taken]!, results[taken]!);
            results[taken] = undefined;
          }
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

function prepareHere({ file, bytes }: { file: string; bytes: Buffer }): Result {
  try {
    return prepareArticle(file, bytes);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A worker thread that prepares one article at a time. */
function startWorker(): { run(task: { file: string; bytes: Buffer }): Promise<Result>; stop(): Promise<unknown> } {
  const script = new URL('./prepare-worker.ts', import.meta.url).href;
  // A thread does not take its parent's TypeScript loader (tsx) for modules: it registers one,
  // then loads the script.
  const worker = new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => (register(), import(${JSON.stringify(script)})));`, { eval: true });
  let pending: { resolve: (result: Result) => void; reject: (error: Error) => void } | null = null;
  worker.on('message', (result: Result) => {
    const waiting = pending;
    pending = null;
    waiting?.resolve(result);
  });
  worker.on('error', (error) => pending?.reject(error));
  return {
    run: (task) =>
      new Promise<Result>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(task);
      }),
    stop: () => worker.terminate(),
  };
}
