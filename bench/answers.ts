/**
 * Every answer to a fixed set of questions, as JSON lines: the check that a change made for
 * speed changes no answer. Run it with the code before and after the change and compare the
 * two files (`cmp`); any line that differs is an answer that changed.
 *
 *   tsx bench/answers.ts [--generated 600] [--seed 1] > answers.jsonl
 *
 * The corpus is the bundled one with `--generated` generated articles mixed in; the questions
 * are the labelled /ask set, the bench's questions for every command, every person's name as
 * the directory lists it (and misspelt), and every month and year with events.
 */
import { readFileSync } from 'node:fs';
import { buildBriefing } from '../src/briefing.js';
import { loadCorpus } from '../src/corpus/index.js';
import { cutPassages } from '../src/corpus/index.js';
import { castOf, generatedArticles } from './generate.js';
import { makeQuestions } from './questions.js';

const argv = process.argv.slice(2);
const value = (name: string, fallback: number) => {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(argv[at + 1]);
};
const seed = value('seed', 1);
const { articles } = await loadCorpus(new URL('../corpus', import.meta.url).pathname);
const all = [...articles, ...generatedArticles(value('generated', 600), seed)];
const briefing = buildBriefing(all);
const labelled = (JSON.parse(readFileSync(new URL('../test/search/questions.json', import.meta.url), 'utf8')) as { questions: Array<{ question: string }> }).questions.map((q) => q.question);
const questions = makeQuestions(all.flatMap((article) => cutPassages(article)), castOf(seed), 400, seed);
const people = (briefing.who('', { limit: 1000 }).people ?? []).map((person) => person.name);
const misspelt = people.map((name) => name.replace(/[aeiou](?=[a-z]*$)/, 'y'));
const periods = briefing.suggestPeriods('').map((suggestion) => suggestion.value);
const print = (command: string, query: string, answer: unknown) => process.stdout.write(`${JSON.stringify({ command, query, answer })}\n`);
for (const question of [...labelled, ...questions.ask]) print('ask', question, briefing.ask(question));
for (const name of [...people, ...misspelt, ...questions.who, ...people.map((name) => name.split(' ').at(-1)!)]) print('who', name, briefing.who(name));
for (const query of [...questions.timeline, ...periods, ...periods.map((period) => `${period} said`)]) print('timeline', query, briefing.timeline(query));
for (const prefix of questions.peoplePrefixes) print('suggestPeople', prefix, briefing.suggestPeople(prefix));
for (const prefix of questions.periodPrefixes) print('suggestPeriods', prefix, briefing.suggestPeriods(prefix));
print('directory', '', briefing.who('', { limit: 1000 }));
