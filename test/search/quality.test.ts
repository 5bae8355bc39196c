import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedArticles } from '../../bench/generate.js';
import { buildBriefing, type Briefing } from '../../src/briefing.js';
import { loadCorpus } from '../../src/corpus/index.js';

interface Labelled {
  question: string;
  answers: string[];
}

const { questions } = JSON.parse(readFileSync(new URL('./questions.json', import.meta.url), 'utf8')) as { questions: Labelled[] };
const BUNDLED_PREFIXES = ['000_', '001_', '002_', '003_', '004_'];

interface Scores {
  top1: number;
  top3: number;
  offTopicSilent: number;
  misses: string[];
}

/**
 * Scores the labelled questions: top-1 and top-3 hit rates over the answerable ones, and the
 * share of unanswerable ones that get no bundled passage (in a mixed corpus an unrelated
 * article may rightly answer them).
 */
function score(briefing: Briefing): Scores {
  const answerable = questions.filter((q) => q.answers.length > 0);
  const offTopic = questions.filter((q) => q.answers.length === 0);
  const misses: string[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const { question, answers } of answerable) {
    const ids = briefing.ask(question, { limit: 3 }).hits.map((hit) => hit.id);
    if (answers.includes(ids[0]!)) top1 += 1;
    if (ids.some((id) => answers.includes(id))) top3 += 1;
    else misses.push(`${question} -> ${ids.join(', ') || 'nothing'}`);
  }
  let silent = 0;
  for (const { question } of offTopic) {
    const ids = briefing.ask(question, { limit: 3 }).hits.map((hit) => hit.id);
    if (!ids.some((id) => BUNDLED_PREFIXES.some((prefix) => id.startsWith(prefix)))) silent += 1;
    else misses.push(`${question} (cannot be answered) -> ${ids.join(', ')}`);
  }
  return { top1: top1 / answerable.length, top3: top3 / answerable.length, offTopicSilent: silent / offTopic.length, misses };
}

function report(name: string, scores: Scores): void {
  console.log(`${name}: top-1 ${scores.top1.toFixed(2)}, top-3 ${scores.top3.toFixed(2)}, unanswerable left unanswered ${scores.offTopicSilent.toFixed(2)}`);
  for (const miss of scores.misses) console.log(`  miss: ${miss}`);
}

describe('ranking quality on the labelled questions', () => {
  let bundled: Awaited<ReturnType<typeof loadCorpus>>['articles'];
  beforeAll(async () => {
    bundled = (await loadCorpus('corpus')).articles;
  });

  it('holds at least 30 questions, 5 of them unanswerable', () => {
    expect(questions.length).toBeGreaterThanOrEqual(30);
    expect(questions.filter((q) => q.answers.length === 0).length).toBeGreaterThanOrEqual(5);
  });

  it('ranks an answer in the top 3 for 90% of questions on the bundled corpus', () => {
    const scores = score(buildBriefing(bundled));
    report('bundled corpus', scores);
    expect(scores.top3).toBeGreaterThanOrEqual(0.9);
    expect(scores.offTopicSilent).toBe(1);
  });

  it('keeps that score with 400 unrelated articles mixed in', () => {
    const scores = score(buildBriefing([...bundled, ...generatedArticles(400, 11)]));
    report('bundled + 400 generated articles', scores);
    expect(scores.top3).toBeGreaterThanOrEqual(0.9);
    expect(scores.offTopicSilent).toBe(1);
  });
});
