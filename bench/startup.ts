/**
 * A bot's start from a snapshot, in a process of its own: `tsx bench/startup.ts <corpus> <cache>`
 * opens the briefing as the bot does (the corpus files listed and checked against the
 * snapshot, the snapshot read and restored), then prints the time it took and the heap it
 * holds as one JSON line. Run by bench/run.ts under --expose-gc, so that the figures are not
 * those of a process that also holds the generated corpus.
 */
import { performance } from 'node:perf_hooks';
import { createBriefing } from '../src/briefing.js';
import { readCorpusFiles } from '../src/corpus/index.js';

const [corpusDir, cacheDir] = process.argv.slice(2);
if (corpusDir === undefined || cacheDir === undefined) throw new Error('briefbot: usage: tsx bench/startup.ts <corpus folder> <cache folder>');

let started = performance.now();
const briefing = await createBriefing({ corpusDir, cacheDir, readOnlyCache: true, onWarning: (message) => console.error(message) });
const loadMs = performance.now() - started;
if (!briefing.build.fromSnapshot) throw new Error(`briefbot: ${cacheDir} holds no snapshot of ${corpusDir}`);
globalThis.gc?.();
const { heapUsed, rss, arrayBuffers } = process.memoryUsage();
// Beside it: what reading and hashing every corpus file costs (the check above reads only files whose stat changed).
started = performance.now();
await readCorpusFiles(corpusDir);
const hashMs = performance.now() - started;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ms = (n: number) => Math.round(n * 10) / 10;
console.log(JSON.stringify({ loadMs: ms(loadMs), hashMs: ms(hashMs), heapUsedMB: mb(heapUsed), arrayBuffersMB: mb(arrayBuffers), rssMB: mb(rss), articles: briefing.corpus.articles }));
