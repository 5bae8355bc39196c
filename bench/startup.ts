/**
 * A bot's start from a snapshot, in a process of its own: `tsx bench/startup.ts <file> <key>`
 * reads the snapshot and restores the briefing as createBriefing does, then prints the time
 * it took and the heap it holds as one JSON line. Run by bench/run.ts under --expose-gc, so
 * that the figures are not those of a process that also holds the generated corpus.
 */
import { performance } from 'node:perf_hooks';
import { restoreBriefing } from '../src/briefing.js';
import { readSnapshot } from '../src/snapshot.js';

const [file, key] = process.argv.slice(2);
if (file === undefined || key === undefined) throw new Error('briefbot: usage: tsx bench/startup.ts <snapshot file> <key>');

const started = performance.now();
const briefing = await load(file, key);
const loadMs = performance.now() - started;
globalThis.gc?.();
const { heapUsed, rss } = process.memoryUsage();
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
console.log(JSON.stringify({ loadMs: Math.round(loadMs * 10) / 10, heapUsedMB: mb(heapUsed), rssMB: mb(rss), articles: briefing.corpus.articles }));

/** The snapshot read and restored in a function of its own, so that nothing but the briefing outlives it. */
async function load(file: string, key: string) {
  const snapshot = await readSnapshot(file, key);
  if (snapshot === null) throw new Error(`briefbot: ${file} does not hold a snapshot with the key ${key}`);
  return restoreBriefing(snapshot);
}
