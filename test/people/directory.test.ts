import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/briefing.js';
import type { Article } from '../../src/types.js';

function article(id: string, paragraphs: string[]): Article {
  return {
    articleId: id,
    file: `${id}.txt`,
    title: `Report ${id}`,
    source: 'Test Wire',
    date: '2024-03-0' + id.slice(-1),
    dateEstimated: false,
    author: null,
    url: null,
    translatedFrom: null,
    language: 'en',
    paragraphs: paragraphs.map((text, index) => ({ number: index + 1, text, heading: null })),
    lines: paragraphs,
  };
}

const briefing = buildBriefing([
  article('d1', [
    'Harbour Minister Tilda Varga said on Monday that the port would reopen.',
    'Varga said the cranes had been repaired. Captain Osric Kettleby agreed.',
    'Tilda Varga also said the tugs were ready.',
  ]),
  article('d2', ['Customs officer Benedek Stroud checked the first ship. Varga watched from the quay.']),
]);

describe('Briefing.who with no name', () => {
  it('lists the people by mentions, each with their main role', () => {
    const answer = briefing.who('');
    expect(answer).toMatchObject({ command: 'who', query: '', person: null, candidates: [], suggestions: [], next: null });
    expect(answer.people?.[0]).toEqual({ name: 'Tilda Varga', mentions: 4, role: 'Harbour Minister' });
    expect(answer.people?.map((person) => person.name)).toEqual(expect.arrayContaining(['Osric Kettleby', 'Benedek Stroud']));
    const mentions = answer.people!.map((person) => person.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });

  it('pages the list with limit and offset, next pointing at the following page', () => {
    const all = briefing.who('').people!;
    const first = briefing.who('', { limit: 2 });
    expect(first.people).toEqual(all.slice(0, 2));
    expect(first.next).toBe(2);
    const rest = briefing.who('', { limit: 2, offset: 2 });
    expect(rest.people).toEqual(all.slice(2, 4));
    expect(rest.next).toBe(all.length > 4 ? 4 : null);
    const past = briefing.who('', { offset: 50 });
    expect(past.people).toEqual([]);
    expect(past.next).toBeNull();
    expect(past.message).toMatch(/No more people/);
  });

  it('answers /who with no name through run, with the page given', () => {
    const answer = briefing.run('/who', { limit: 1 });
    expect(answer).toMatchObject({ command: 'who', query: '', people: [{ name: 'Tilda Varga' }], next: 1 });
  });
});
