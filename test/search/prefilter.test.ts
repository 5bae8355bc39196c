import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { castOf, generatedArticles } from '../../bench/generate.js';
import { makeQuestions } from '../../bench/questions.js';
import { cutPassages, loadCorpus } from '../../src/corpus/index.js';
import { answeringPassages, parseQuery, rank } from '../../src/search/ask.js';
import { PassageIndex } from '../../src/search/index.js';
import { runAll } from '../../src/slices.js';
import type { Passage } from '../../src/types.js';

const labelled = (JSON.parse(readFileSync(new URL('./questions.json', import.meta.url), 'utf8')) as { questions: Array<{ question: string }> }).questions.map(
  ({ question }) => question,
);

let index: PassageIndex;
let questions: string[];
beforeAll(async () => {
  index = new PassageIndex();
  const passages: Passage[] = [];
  for (const article of [...(await loadCorpus('corpus')).articles, ...generatedArticles(300, 5)]) {
    const own = cutPassages(article);
    index.add(article, own);
    passages.push(...own);
  }
  questions = [...labelled, ...makeQuestions(passages, castOf(5), 400, 5).ask];
});

describe('the candidate pre-filter of /ask', () => {
  it('scores the passages holding a required term exactly as a full search does', () => {
    let narrowed = 0;
    for (const question of questions) {
      const terms = [...new Set(parseQuery(index, question).concepts.filter((c) => c.known).flatMap((c) => c.terms))];
      if (terms.length < 2) continue;
      const rare = [...terms].sort((a, b) => index.frequency(a) - index.frequency(b)).slice(0, 1);
      const holdsRare = (match: { terms: object }) => rare.some((term) => Object.hasOwn(match.terms, term));
      const full = index.search(terms);
      const filtered = index.search(terms, rare);
      if (filtered.length < full.length) narrowed += 1;
      // It may keep more when narrowing is not worth a first pass, never fewer, never rescored.
      expect(filtered.filter(holdsRare), question).toEqual(full.filter(holdsRare));
      const byId = new Map(full.map((match) => [match.passage.id, match]));
      for (const match of filtered) expect(match, question).toEqual(byId.get(match.passage.id));
    }
    expect(narrowed).toBeGreaterThan(50);
  });

  it('leaves every ranking as it is without it', () => {
    let lookedUp = 0;
    for (const question of questions) {
      const query = parseQuery(index, question);
      const terms = [...new Set(query.concepts.filter((c) => c.known).flatMap((c) => c.terms))];
      // Scored by looking the candidates up (searchAmong) rather than by MiniSearch's walk of every posting.
      if (terms.length > 1 && index.search(terms, terms.slice(0, 1)).length < index.search(terms).length / terms.length) lookedUp += 1;
      // What closeness was read along the way is kept for re-scoring only: the hits are the same without it.
      const hits = (ranked: ReturnType<typeof rank>) => ranked.map(({ close, ...hit }) => hit);
      expect(hits(rank(index, query)), question).toEqual(hits(rank(index, query, { prefilter: false })));
    }
    expect(lookedUp).toBeGreaterThan(50);
  });

  it("ranks from a snapshot's packed index exactly as from the index it was made from", () => {
    const articles = [...index.citations.keys()].map((articleId) => ({ ...index.citation(articleId), file: `${articleId}.txt`, author: null, language: null, paragraphs: [], lines: [] }));
    const packed = runAll(index.save());
    const loaded = PassageIndex.restore(packed, articles, index.allPassages());
    for (const question of questions) expect(rank(loaded, parseQuery(loaded, question)), question).toEqual(rank(index, parseQuery(index, question)));
  });

  it('answers with the same passages when limited to a subset or left unordered', () => {
    // Every third article: a subset no term or score lines up with.
    const within = (id: string) => Number.parseInt(id.replace(/\D/g, '').slice(0, 6) || '0', 10) % 3 === 0;
    const held = new Set(index.allPassages().map((passage) => passage.id).filter(within));
    let limited = 0;
    for (const question of questions) {
      const query = parseQuery(index, question);
      const all = rank(index, query);
      const ids = (hits: ReturnType<typeof rank>) => hits.map((hit) => hit.match.passage.id).sort();
      expect(ids(rank(index, query, { ordered: false })), question).toEqual(ids(all));
      const subset = rank(index, query, { within, ordered: false });
      expect(ids(subset), question).toEqual(ids(all.filter((hit) => within(hit.match.passage.id))));
      // A set of passages, which may be scored one by one, ranks as the test that accepts them.
      expect(rank(index, query, { within: held }), question).toEqual(rank(index, query, { within }));
      if (subset.length < all.length) limited += 1;
    }
    expect(limited).toBeGreaterThan(50);
  });

  it('finds the passages whose paragraph answers a topic of one word, or of more, as the ranking does', () => {
    // Every other passage: some paragraphs are judged by parts that are not in the set.
    const held = new Set(index.allPassages().map((passage) => passage.id).filter((_, i) => i % 2 === 0));
    const among = index.passageSet(held);
    const ranked = (question: string) => {
      const paragraphs = new Set(rank(index, parseQuery(index, question), { prefilter: false, ordered: false }).map((hit) => index.paragraphOf(hit.match.passage.id)));
      return [...held].filter((id) => paragraphs.has(index.paragraphOf(id)));
    };
    // One word of each question too: most of those are answered off the postings, unscored.
    const topics = questions.flatMap((question) => [question, question.split(/\s+/).at(-1)!]);
    let oneWord = 0;
    let cut = 0;
    for (const topic of topics) {
      const found = answeringPassages(index, parseQuery(index, topic), among);
      const expected = ranked(topic);
      expect([...found].sort(), topic).toEqual(expected.sort());
      if (parseQuery(index, topic).concepts.length === 1 && found.length > 0) oneWord += 1;
      if (expected.some((id) => index.passages.get(id)!.part !== null)) cut += 1;
    }
    expect(oneWord).toBeGreaterThan(100);
    expect(cut).toBeGreaterThan(20);
  });
});
