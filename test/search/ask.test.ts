import { beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing, createBriefing, type Briefing } from '../../src/briefing.js';
import { parseArticle } from '../../src/corpus/index.js';

let bundled: Briefing;
beforeAll(async () => {
  bundled = await createBriefing({ corpusDir: 'corpus' });
});

function tiny(files: Record<string, string>): Briefing {
  return buildBriefing(Object.entries(files).map(([file, text]) => parseArticle(file, new TextEncoder().encode(text)).article));
}

describe('ask on the bundled corpus', () => {
  it('answers the design card question with aid passages, each with publisher and date', () => {
    const answer = bundled.ask('what military aid has China given');
    expect(answer.hits).toHaveLength(3);
    expect(answer.hits.map((hit) => hit.id)).toContain('001_89421f18bb1528f1#p3');
    expect(answer.hits.find((hit) => hit.id === '001_89421f18bb1528f1#p3')!.source).toBe('NBC News');
    for (const hit of answer.hits) {
      expect(hit.articleId).toBe(hit.id.split('#')[0]);
      expect(hit.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(hit.highlights.length).toBeGreaterThan(0);
    }
    expect(answer.corpus).toEqual({ articles: 5, from: '2021-12-16', to: '2024-08-23' });
    expect(answer.next).toBe(3);
  });

  it('marks highlights on the words that matched', () => {
    const hit = bundled.ask('Orlan drone').hits[0]!;
    const shown = hit.highlights.map(([start, end]) => hit.text.slice(start, end).toLowerCase());
    expect(shown).toEqual(expect.arrayContaining(['orlan', 'drone']));
  });

  it('flags an estimated publication date', () => {
    const hit = bundled.ask('Kursk').hits[0]!;
    expect(hit.dateEstimated).toBe(true);
  });

  it('answers nothing to questions the corpus cannot answer, and says what it covers', () => {
    for (const question of ['how do I bake a chocolate cake', 'bitcoin price today', 'who won the football match', 'qwxzpl vbnmrt']) {
      const answer = bundled.ask(question);
      expect(answer.hits, question).toEqual([]);
      expect(answer.message).toMatch(/Nothing in the 5 articles/);
    }
  });

  it('finds the text under the spelling a reader types', () => {
    expect(bundled.ask('Kyiv').hits[0]!.text).toMatch(/Kiev/);
    expect(bundled.ask('Torigian').hits[0]!.text).toMatch(/Torrigian/);
    expect(bundled.ask('Sputnik report').hits[0]!.text).toMatch(/Russian Satellite News Agency/);
  });

  it('corrects a typo in a long word', () => {
    expect(bundled.ask('militray cooperation').hits[0]!.matched).toContain('militray');
  });

  it('shows no passage twice: the answer pages do not overlap', () => {
    const first = bundled.ask('China Russia', { limit: 5 });
    const second = bundled.ask('China Russia', { limit: 5, offset: first.next! });
    const ids = [...first.hits, ...second.hits].map((hit) => hit.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('ask on tiny corpora', () => {
  it('folds the same paragraph carried by two articles into one hit', () => {
    const shared = 'The river port of Halden reopened on Monday after six months of dredging work.';
    const briefing = tiny({
      'a.txt': `---\nsource: One\ndate: 2024-01-02\n---\n${shared}\n\nAnother paragraph.\n`,
      'b.txt': `---\nsource: Two\ndate: 2024-01-03\n---\n${shared}\n\nSomething else.\n`,
    });
    const answer = briefing.ask('Halden port reopened');
    expect(answer.hits).toHaveLength(1);
    expect(answer.hits[0]!.alsoIn).toHaveLength(1);
  });

  it('answers a cooking question on a corpus about cooking', () => {
    const briefing = tiny({ 'a.txt': 'Bake the chocolate cake for forty minutes.\n\nLet the bread rise overnight.\n\nSalt the pasta water.\n' });
    expect(briefing.ask('how do I bake a chocolate cake').hits).toHaveLength(1);
  });

  it('says which word no article mentions when it answers the rest', () => {
    const briefing = tiny({ 'a.txt': 'The Halden port reopened.\n\nThe weather was cold.\n\nTrains ran late.\n' });
    const answer = briefing.ask('Halden port dredging');
    expect(answer.hits).toHaveLength(1);
    expect(answer.message).toMatch(/No article mentions "dredging"/);
  });
});

describe('ask with bad input', () => {
  it('explains an empty or stop-word-only question', () => {
    expect(bundled.ask('   ').message).toMatch(/Ask a question/);
    expect(bundled.ask('what is it').message).toMatch(/only common words/);
  });

  it('cuts a 10,000-character question and says so', () => {
    const answer = bundled.ask(`Kursk ${'region '.repeat(1700)}`);
    expect(answer.query.length).toBeLessThanOrEqual(500);
    expect(answer.message).toMatch(/Only the first/);
  });

  it('takes control characters and markup without failing', () => {
    const answer = bundled.ask('\u0000Kursk\u0007 <@everyone> **bold** (.*+?)');
    expect(answer.hits.length).toBeGreaterThan(0);
  });
});
