/** The plain-text pieces every adapter shows alike: citations, link targets, runs, page labels. */
import { describe, expect, it } from 'vitest';
import { citationLine, linkTarget, mentionsByArticle, pageLabel, publisherOf, rolesWithSources, runsBySource, sayings, translationNote, withRest } from '../src/format.js';
import type { Citation } from '../src/types.js';

const base: Citation = { articleId: 'a', title: 'Harbour reopens', source: 'Quill Gazette', date: '2024-03-02', dateEstimated: false, url: null, translatedFrom: null };

describe('citationLine', () => {
  it('says the article was translated, naming the language of a code', () => {
    expect(citationLine({ ...base, translatedFrom: 'zh' })).toBe('Quill Gazette · 2 Mar 2024 · Harbour reopens · translated from Chinese');
    expect(translationNote({ ...base, translatedFrom: 'pt-BR' })).toBe('translated from Brazilian Portuguese');
    expect(translationNote({ ...base, translatedFrom: 'Old Norse' })).toBe('translated from Old Norse');
    expect(translationNote(base)).toBeNull();
  });

  it('falls back to the address’s domain for an unknown publisher', () => {
    expect(publisherOf({ ...base, source: null, url: 'https://www.quill.example/a/1' })).toBe('quill.example');
    expect(publisherOf({ ...base, source: null, url: 'ftp://quill.example/a' })).toBe('Unknown publisher');
    expect(publisherOf({ ...base, source: null })).toBe('Unknown publisher');
  });
});

describe('linkTarget', () => {
  it('keeps http(s) addresses, markup characters percent-encoded', () => {
    expect(linkTarget('https://e.example/a (b)|<c>*_~`@d')).toBe('https://e.example/a%20%28b%29%7C%3Cc%3E%2A%5F%7E%60%40d');
  });

  it('refuses other schemes, credentials and what is not an address', () => {
    for (const url of ['javascript:alert(1)', 'mailto:a@b.example', 'https://user:pw@e.example/', 'e.example/a', '', null, `https://e.example/${'x'.repeat(1000)}`]) expect(linkTarget(url)).toBeNull();
  });
});

describe('runs and groups', () => {
  it('puts neighbours with one source in one run, and not distant ones', () => {
    expect(runsBySource(['a', 'a', 'b', 'a'], (x) => x)).toEqual([['a', 'a'], ['b'], ['a']]);
  });

  it('lists each role once, whatever its case, with the articles that give it', () => {
    const roles = rolesWithSources([
      { ...base, role: 'harbour master' },
      { ...base, articleId: 'b', role: 'Harbour  Master' },
      { ...base, role: 'harbour master' },
      { ...base, role: 'pilot' },
    ]);
    expect(roles.map((r) => [r.role, r.sources.map((s) => s.articleId)])).toEqual([
      ['harbour master', ['a', 'b']],
      ['pilot', ['a']],
    ]);
  });

  it('counts mentions per article in the order of first mention', () => {
    const m = (articleId: string) => ({ ...base, articleId, id: articleId, text: '' });
    expect(mentionsByArticle([m('b'), m('a'), m('b')]).map((x) => [x.citation.articleId, x.count])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('labels a page with its range and total', () => {
    expect(pageLabel('Passages', 3, 3, 9)).toBe('Passages 4-6 of 9');
    expect(pageLabel('Events', 0, 1, undefined)).toBe('Events 1');
  });
});

describe('sayings', () => {
  const said = (text: string) => ({ ...base, text });
  it('shows each text once, and no statement that is also a quote', () => {
    const shown = sayings(
      { quotes: [said('We will build the bridge.'), said('we will  build the bridge.'), said('Never again.')], statements: [said('Never again.'), said('She said the bridge would open in May.')] },
      { quotes: 3, statements: 3 },
    );
    expect(shown.quotes.map((q) => q.text)).toEqual(['We will build the bridge.', 'Never again.']);
    expect(shown.statements.map((s) => s.text)).toEqual(['She said the bridge would open in May.']);
  });

  it('keeps to the limits it is given', () => {
    const shown = sayings({ quotes: [said('One.'), said('Two.')], statements: [said('Three.'), said('Four.')] }, { quotes: 1, statements: 1 });
    expect([...shown.quotes, ...shown.statements].map((q) => q.text)).toEqual(['One.', 'Three.']);
  });
});

describe('withRest', () => {
  it('adds how many were left out, and nothing when none were', () => {
    expect(withRest(['a', 'b'], 3)).toEqual(['a', 'b', '+3']);
    expect(withRest(['a'], 0)).toEqual(['a']);
  });
});
