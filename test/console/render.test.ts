/** Terminal rendering of hand-made records: links, each article cited once, profiles, escapes. */
import { describe, expect, it } from 'vitest';
import { renderAnswer, renderHelp } from '../../adapters/console/render.js';
import type { AskAnswer, AskHit, Citation, TimelineEvent, WhoAnswer } from '../../src/types.js';

const corpus = { articles: 2, from: '2024-03-02', to: '2024-03-09' };
const gazette: Citation = { articleId: 'q1', title: 'Harbour reopens', source: 'Quill Gazette', date: '2024-03-02', dateEstimated: false, url: 'https://news.example/harbour', translatedFrom: 'zh' };
const times: Citation = { articleId: 'q2', title: 'Tides', source: 'Tern Times', date: '2024-03-09', dateEstimated: false, url: null, translatedFrom: null };

function hit(text: string, citation: Citation, n: number): AskHit {
  return { ...citation, id: `${citation.articleId}#p${n}`, text, highlights: [[0, 4]], matched: [], score: 1, alsoIn: [] };
}

const ask: AskAnswer = { command: 'ask', query: 'harbour', hits: [hit('Harbour first.', gazette, 1), hit('Harbour second.', gazette, 2), hit('Tide rose.', times, 1)], corpus, next: 3, total: 5 };

describe('console renderAnswer', () => {
  it('cites neighbouring passages of one article once, with the page and its total', () => {
    const out = renderAnswer(ask, { color: false });
    expect(out.match(/— Quill Gazette · 2 Mar 2024 · Harbour reopens · translated from Chinese/g)).toHaveLength(1);
    expect(out.match(/— Tern Times · 9 Mar 2024 · Tides/g)).toHaveLength(1);
    expect(out.indexOf('2. Harbour second.')).toBeLessThan(out.indexOf('— Quill Gazette'));
    expect(out).toContain('Passages 1-3 of 5');
  });

  it('links the headline with OSC 8 only where the terminal supports it', () => {
    expect(renderAnswer(ask, { color: false, links: true })).toContain('\u001b]8;;https://news.example/harbour\u001b\\Harbour reopens\u001b]8;;\u001b\\');
    expect(renderAnswer(ask, { color: false, links: false })).not.toContain('\u001b]8;;');
    // No address, no link.
    expect(renderAnswer(ask, { color: false, links: true })).not.toMatch(/\u001b\]8;;[^\u001b]*\u001b\\Tides/);
  });

  it('keeps an article’s escape sequences from reaching the terminal', () => {
    const out = renderAnswer({ ...ask, hits: [hit('Harbour \u001b]8;;https://evil.example\u001b\\ closed\u001b[2J.', { ...gazette, title: 'A\u001b[31mB' }, 1)] }, { color: false, links: false });
    expect(out).not.toMatch(/\u001b/);
  });

  it('shows each role once with its sources, quotes, labelled statements and mentions per article, the correction first', () => {
    const who: WhoAnswer = {
      command: 'who',
      query: 'ada quil',
      person: {
        name: 'Ada Quill',
        aliases: ['Quill'],
        roles: [{ ...gazette, role: 'harbour master' }, { ...times, role: 'Harbour Master' }],
        mentions: [{ ...gazette, id: 'q1#p1', text: 'x' }, { ...gazette, id: 'q1#p2', text: 'y' }, { ...times, id: 'q2#p1', text: 'z' }],
        quotes: [{ ...gazette, text: 'The tide waits.' }],
        statements: [{ ...times, text: 'Quill said the harbour would reopen.' }],
      },
      candidates: [],
      suggestions: [],
      message: 'No one is named "Ada Quil"; showing Ada Quill.',
    };
    const out = renderAnswer(who, { color: false });
    expect(out.split('\n')[0]).toBe('No one is named "Ada Quil"; showing Ada Quill.');
    expect(out).toContain('Roles:\n  harbour master\n    Quill Gazette · 2 Mar 2024 · translated from Chinese; Tern Times · 9 Mar 2024');
    expect(out).toContain('Quotes:\n  “The tide waits.”');
    expect(out).toContain('Statements (reported, not their own words):\n  Quill said the harbour would reopen.');
    expect(out).toContain('Quill Gazette · 2 Mar 2024 · Harbour reopens · translated from Chinese (2 mentions)');
  });

  it('cites a run of one article’s events once', () => {
    const event = (date: string, text: string): TimelineEvent => ({ ...gazette, id: `q1#${date}`, date, endDate: null, approximate: false, text, articleDate: gazette.date, sources: [gazette] });
    const out = renderAnswer({ command: 'timeline', query: 'march 2024', events: [event('2024-03-01', 'Closed.'), event('2024-03-02', 'Opened.')], periods: [], next: null, total: 2 }, { color: false });
    expect(out.match(/— Quill Gazette/g)).toHaveLength(1);
    expect(out).toContain('Events 1-2 of 2');
  });
});

describe('console renderHelp', () => {
  it('adds what the corpus covers, examples and tips to the commands', () => {
    const out = renderHelp({ coverage: '2 articles, 2 Mar 2024 to 9 Mar 2024.', freshness: 'Newest article 9 Mar 2024.', people: [], periods: [], commands: [{ name: 'who', usage: '/who <name>', description: 'Who', example: '/who Ada Quill' }], tips: ['Full names work best.'] });
    expect(out.split('\n')[0]).toBe('briefbot covers 2 articles, 2 Mar 2024 to 9 Mar 2024. Newest article 9 Mar 2024.');
    expect(out).toContain('Try:\n  /who Ada Quill');
    expect(out).toContain('Tips:\n  Full names work best.');
    expect(out).toContain('/timeline <period>');
  });
});
