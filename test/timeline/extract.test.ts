import { describe, expect, it } from 'vitest';
import { cutPassages, parseArticle } from '../../src/corpus/index.js';
import { toCitation } from '../../src/search/index.js';
import { extractEvents } from '../../src/timeline/index.js';
import { articleSource } from './fixtures.js';

describe('extractEvents', () => {
  const source = articleSource('t1', '2024-08-23', [
    'Recently, officials have been visiting. August saw a shift, with forces crossing the border on the 6th.',
    'Two weeks later on the 19th, the councillor met the minister.',
    'On the 20th, the committee met. The ministry reported on August 21st that forces must leave by October 1st.',
  ]);

  it('carries the month across paragraphs and gives each event its passage', () => {
    const events = extractEvents(source).events;
    expect(events.map((e) => [e.date, e.id])).toEqual([
      ['2024-08-06', 't1#p1'],
      ['2024-08-19', 't1#p2'],
      ['2024-08-20', 't1#p3'],
      ['2024-08-21', 't1#p3'],
      ['2024-10-01', 't1#p3'],
    ]);
  });

  it('keeps the sentence as the event text', () => {
    expect(extractEvents(source).events[1]?.text).toBe('Two weeks later on the 19th, the councillor met the minister.');
  });

  it('keeps a reported clause with the sentence that reports it', () => {
    const texts = extractEvents(source).events.slice(3).map((e) => e.text);
    expect(texts).toEqual(['The ministry reported on August 21st that forces must leave by October 1st.', 'The ministry reported on August 21st that forces must leave by October 1st.']);
  });

  it('leads a later clause with the sentence opening', () => {
    const events = extractEvents(articleSource('t2', '2024-08-23', ['Xi has met Putin twice – once on May 16th in Beijing and again on July 3rd in Astana.'])).events;
    expect(events.map((e) => e.text)).toEqual(['Xi has met Putin twice – once on May 16th in Beijing', 'Xi has met Putin twice – … and again on July 3rd in Astana.']);
  });

  it('returns plain data that survives JSON', () => {
    const extracted = extractEvents(source);
    expect(JSON.parse(JSON.stringify(extracted))).toEqual(extracted);
  });

  it('gives the same events on every run', () => {
    expect(extractEvents(source)).toEqual(extractEvents(source));
  });

  it('uses only absolute dates when the article has no date', () => {
    const events = extractEvents(articleSource('t3', null, ['Last week, in March 2023 and on Tuesday, the ministers met.', 'The ministers left yesterday for the coast.'])).events;
    expect(events.map((e) => e.date)).toEqual(['2023-03']);
  });

  it('joins a clause without a verb or a subject of its own with its sentence', () => {
    const sentence = 'The warden was hired in 1971, retired in 1990 and moved to the coast.';
    const events = extractEvents(articleSource('t5', '2023-04-19', [sentence])).events;
    expect(events.map((e) => [e.date, e.text])).toEqual([
      ['1971', sentence],
      ['1990', sentence],
    ]);
  });

  it('cuts a sentence where a clause with its own subject and verb starts', () => {
    const events = extractEvents(articleSource('t6', '2023-04-19', ['The ferry sank in 1952, and the new one was launched in 1955.'])).events;
    expect(events.map((e) => e.text)).toEqual(['The ferry sank in 1952', 'and the new one was launched in 1955.']);
  });

  it('dates "10 days ago" inside a sentence of an article read from its file', () => {
    const file = ['---', 'title: Harbour news', 'date: 2023-04-19', '---', '', 'The harbour master resigned 10 days ago, the council said.', '', '12 minutes ago'].join('\n');
    const { article } = parseArticle('h1.md', new TextEncoder().encode(file));
    const events = extractEvents({ article, citation: toCitation(article), passages: cutPassages(article) }).events;
    expect(events.map((e) => [e.date, e.text])).toEqual([['2023-04-09', 'The harbour master resigned 10 days ago, the council said.']]);
  });

  it('skips a line that is only a date', () => {
    expect(extractEvents(articleSource('t4', '2023-04-19', ['April 19, 2023'])).events).toEqual([]);
  });
});
