/**
 * Where /ask spends its time: the bench's questions run through the stages of the core's
 * /ask one by one (parse and typo correction; the candidate pre-filter, MiniSearch query and
 * coverage ranking with proximity; hits with near-duplicate folding), over the bench's
 * generated passages, beside one unfiltered MiniSearch OR query for comparison.
 *
 *   tsx bench/stages.ts [--passages 100000] [--questions 1000] [--seed 1]
 */
import { performance } from 'node:perf_hooks';
import { cutPassages, parseArticle } from '../src/corpus/index.js';
import { parseQuery, rank, toHits } from '../src/search/ask.js';
import { PassageIndex } from '../src/search/index.js';
import type { Passage } from '../src/types.js';
import { castOf, generateArticle } from './generate.js';
import { makeQuestions } from './questions.js';
import { percentile } from './report.js';

const argv = process.argv.slice(2);
const value = (name: string, fallback: number) => {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(argv[at + 1]);
};
const size = value('passages', 100_000);
const count = value('questions', 1000);
const seed = value('seed', 1);

const index = new PassageIndex();
const passages: Passage[] = [];
let started = performance.now();
for (let i = 0; passages.length < size; i += 1) {
  const { file, text } = generateArticle(i, seed);
  const { article } = parseArticle(file, Buffer.from(text));
  const own = cutPassages(article);
  index.add(article, own);
  passages.push(...own);
}
console.log(`${passages.length} passages generated and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const questions = makeQuestions(passages, castOf(seed), count, seed).ask;

const stages = { parse: [] as number[], search: [] as number[], rank: [] as number[], hits: [] as number[], total: [] as number[] };
const matched: number[] = [];
for (const question of questions) {
  started = performance.now();
  const query = parseQuery(index, question);
  const parsed = performance.now();
  const terms = [...new Set(query.concepts.filter((c) => c.known).flatMap((c) => c.terms))];
  // For comparison, not part of /ask: one MiniSearch OR query over every word, no pre-filter.
  const matches = index.search(terms);
  const searched = performance.now();
  const ranked = query.concepts.length > 0 ? rank(index, query) : [];
  const rankedAt = performance.now();
  toHits(index, ranked, 3);
  const done = performance.now();
  stages.parse.push(parsed - started);
  stages.search.push(searched - parsed);
  stages.rank.push(rankedAt - searched);
  stages.hits.push(done - rankedAt);
  stages.total.push(parsed - started + (rankedAt - searched) + (done - rankedAt));
  matched.push(matches.length);
}

const at = (times: number[], q: number) => percentile([...times].sort((a, b) => a - b), q);
const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
console.log(`${'stage'.padEnd(28)}${'median'.padStart(10)}${'p95'.padStart(10)}${'p99'.padStart(10)}${'mean'.padStart(10)}`);
const names: Record<keyof typeof stages, string> = {
  parse: 'parse + typo correction',
  search: '(full OR query, no filter)',
  rank: 'pre-filter, search, rank',
  hits: 'hits + duplicate folding',
  total: 'whole /ask',
};
for (const [stage, times] of Object.entries(stages) as Array<[keyof typeof stages, number[]]>) {
  console.log(`${names[stage].padEnd(28)}${ms(at(times, 0.5))}${ms(at(times, 0.95))}${ms(at(times, 0.99))}${ms(times.reduce((s, t) => s + t, 0) / times.length)}`);
}
const slowest = stages.total.map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t).slice(0, 5);
console.log(`passages matched by the OR query: median ${at(matched, 0.5)}, p99 ${at(matched, 0.99)} of ${passages.length}`);
console.log('slowest questions:');
for (const { t, i } of slowest) console.log(`  ${t.toFixed(1)} ms  ${matched[i]} matches  "${questions[i]}"`);
