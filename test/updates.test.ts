import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBriefing, type Briefing } from '../src/briefing.js';
import type { Article } from '../src/types.js';

// Invented people whose names meet in every way the directory joins names: a shared family
// name, a middle name, a name written in both orders, a family name alone.
const PEOPLE = [
  ['Maren Vellacott', 'the harbour director'],
  ['Maren J. Vellacott', 'the harbour director'],
  ['Tobiah Vellacott', 'a ferry pilot'],
  ['Ilse Brannigan', 'the county treasurer'],
  ['Brannigan Ilse', 'a treasurer'],
  ['Corwin Aldous Pemberly', 'the tunnel engineer'],
  ['Corwin Pemberly', 'an engineer'],
  ['Anouk Ferreira-Lind', 'the school principal'],
] as const;
const SURNAMES = ['Vellacott', 'Brannigan', 'Pemberly', 'Ferreira-Lind', 'Quistgaard'];
const DATES = ['March 3, 2022', 'April 12, 2023', 'June 2023', '2021', 'March 3, 2022'];
const TOPICS = ['the ferry timetable', 'the tunnel budget', 'the school roof', 'the harbour dredging'];

interface Spec {
  file: string;
  date: string;
  person: number;
  surname: number;
  when: number;
  topic: number;
  seen: number;
}

/** An article of a few invented sentences, chosen by the spec's numbers. */
function articleOf(spec: Spec): Article {
  const [name, role] = PEOPLE[spec.person % PEOPLE.length]!;
  const surname = SURNAMES[spec.surname % SURNAMES.length]!;
  const topic = TOPICS[spec.topic % TOPICS.length]!;
  const paragraphs = [
    `${name}, ${role}, said on Tuesday that ${topic} would be reviewed.`,
    `On ${DATES[spec.when % DATES.length]}, the council approved ${topic}, ${surname} told reporters.`,
    `"We will keep the promise," said ${name}. Later ${SURNAMES[spec.seen % SURNAMES.length]} was seen near ${topic}.`,
  ];
  return {
    articleId: spec.file.replace(/\.txt$/, ''),
    file: spec.file,
    title: `Notes on ${topic}`,
    source: 'Test Wire',
    date: spec.date,
    dateEstimated: false,
    author: null,
    url: null,
    translatedFrom: null,
    language: 'en',
    paragraphs: paragraphs.map((text, index) => ({ number: index + 1, text, heading: null })),
    lines: paragraphs,
  };
}

const spec = fc.record({
  file: fc.constantFrom('a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt', 'g.txt'),
  date: fc.constantFrom('2022-03-04', '2023-04-13', '2023-07-01'),
  person: fc.nat(20),
  surname: fc.nat(20),
  when: fc.nat(20),
  topic: fc.nat(20),
  seen: fc.nat(20),
});
const change = fc.oneof(
  spec.map((s) => ({ kind: 'set' as const, spec: s })),
  fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g').map((id) => ({ kind: 'remove' as const, id })),
);

/**
 * Everything /who and /timeline answer about these people, dates and topics. (/ask is left
 * out: MiniSearch numbers an updated article's passages last, and passages that score the
 * same come in that order.)
 */
function answers(briefing: Briefing): unknown[] {
  const names = [...PEOPLE.map(([name]) => name), ...SURNAMES, 'Maren', 'Vellacot', 'Maren Velacott', 'Q'];
  return [
    ...names.map((name) => briefing.who(name)),
    briefing.who('', { limit: 100 }),
    ...['ma', 'vel', 'c', 'pem', ''].map((prefix) => briefing.suggestPeople(prefix)),
    ...['march 2022', '2023', 'june', '2021', '', 'ferry', 'march 2022 tunnel'].map((query) => briefing.timeline(query, { limit: 25 })),
    ...['', '20', 'march'].map((prefix) => briefing.suggestPeriods(prefix)),
    ...TOPICS.map((topic) => briefing.ask(topic).hits.length),
    briefing.corpus,
  ];
}

/** Lets the work a change leaves for between questions (profiles, the names map) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('live updates', () => {
  it('leave /who and /timeline answering as a fresh build of the same articles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 5 }), fc.array(change, { minLength: 1, maxLength: 8 }), async (initial, changes) => {
        const current = new Map<string, Article>();
        for (const s of initial) current.set(articleOf(s).articleId, articleOf(s));
        const live = buildBriefing([...current.values()]);
        for (const step of changes) {
          if (step.kind === 'set') {
            const article = articleOf(step.spec);
            live.setArticle(article);
            current.set(article.articleId, article);
          } else {
            live.removeArticle(step.id);
            current.delete(step.id);
          }
          // A question between changes: the merges take in each change on their own.
          live.who('Vellacott');
          live.timeline('2023');
        }
        await settle();
        // The fresh build reads the articles in another order than they came: corpus order decides.
        const fresh = buildBriefing([...current.values()].reverse());
        expect(answers(live)).toEqual(answers(fresh));
      }),
      { numRuns: 60 },
    );
  });
});
