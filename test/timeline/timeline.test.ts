import { describe, expect, it } from 'vitest';
import { createTimeline } from '../../src/timeline/index.js';
import { articleSource } from './fixtures.js';

const wire = articleSource('w1', '2023-04-19', [
  'The minister visited Russia from April 16 to 19.',
  'Putin met the minister in Moscow last Sunday.',
  'Since 2018, the minister has been sanctioned. He has served since March 2023.',
  'Officers will start courses in the fall.',
]);
const daily = articleSource('d1', '2023-04-24', ['Putin met the minister in Moscow on April 16.', 'Analysts on April 21 called the talks useful.'], 'Daily');
const summer = articleSource('s1', '2024-08-23', ['August saw forces cross the border on the 6th.', 'On the 20th, the committee met.'], 'Summer Post');

function timelineOf(...sources: ReturnType<typeof articleSource>[]) {
  const topics: Record<string, string[]> = { moscow: ['w1#p2', 'd1#p1'], border: ['s1#p1'] };
  const index = createTimeline({ matchTopic: (topic, within) => (topics[topic.toLowerCase()] ?? []).filter((id) => within.has(id)) });
  for (const source of sources) index.setArticle(source);
  return index;
}

describe('createTimeline', () => {
  it('gives the whole timeline in date order, days before months before years', () => {
    const dates = timelineOf(wire, daily, summer).timeline('', { limit: 25 }).events.map((e) => e.date);
    expect(dates).toEqual(['2018', '2023-03', '2023-04-16', '2023-04-16', '2023-04-21', '2023-09', '2024-08-06', '2024-08-20']);
  });

  it('folds the same event reported by two articles into one with both sources', () => {
    const events = timelineOf(wire, daily).timeline('2023-04-16').events;
    const meeting = events.find((e) => e.endDate === null)!;
    expect(meeting.sources.map((s) => s.articleId)).toEqual(['w1', 'd1']);
    expect(meeting).toMatchObject({ date: '2023-04-16', articleId: 'w1', articleDate: '2023-04-19', source: 'Test Wire', id: 'w1#p2' });
  });

  it('keeps two reports apart that share only a few words and the date', () => {
    const north = articleSource('n1', '2023-04-19', ['Exports of wheat rose last year.'], 'North Wire');
    const south = articleSource('n2', '2023-04-20', ['Exports of wheat rose last year in every province, as farmers sold more grain abroad.'], 'South Post');
    const events = timelineOf(north, south).timeline('2022').events;
    expect(events.map((e) => e.sources.map((s) => s.articleId))).toEqual([['n1'], ['n2']]);
  });

  it('keeps the event date and the publication date apart', () => {
    const event = timelineOf(daily).timeline('april 2023').events.find((e) => e.text.includes('Analysts'))!;
    expect(event).toMatchObject({ date: '2023-04-21', articleDate: '2023-04-24', dateEstimated: false });
  });

  it('marks approximate dates', () => {
    const fall = timelineOf(wire).timeline('september 2023').events[0]!;
    expect(fall).toMatchObject({ date: '2023-09', endDate: '2023-11', approximate: true });
  });

  it('answers a month name with that month of every year, year by year', () => {
    const later = articleSource('s2', '2025-08-30', ['On August 2, the talks resumed.']);
    const answer = timelineOf(summer, later).timeline('august');
    expect(answer.events.map((e) => e.date)).toEqual(['2024-08-06', '2024-08-20', '2025-08-02']);
    expect(answer.periods).toEqual([
      { period: 'Aug 2024', events: 2 },
      { period: 'Aug 2025', events: 1 },
    ]);
  });

  it('answers a year, an ISO range and a topic', () => {
    const index = timelineOf(wire, daily, summer);
    expect(index.timeline('2018').events.map((e) => e.date)).toEqual(['2018']);
    expect(index.timeline('2023-04-17..2023-04-30').events.map((e) => e.date)).toEqual(['2023-04-16', '2023-04-21']);
    expect(index.timeline('Moscow').events.map((e) => e.id)).toEqual(['w1#p2']);
    expect(index.timeline('august border').events.map((e) => e.date)).toEqual(['2024-08-06']);
    expect(index.timeline('april border').message).toBe('No events about "border" in April; they are dated Aug 2024 (1).');
  });

  it('says when a period has nothing and names the periods that do', () => {
    const answer = timelineOf(wire, summer).timeline('march 2022');
    expect(answer.events).toEqual([]);
    expect(answer.message).toContain('No events in Mar 2022');
    expect(answer.periods.map((p) => p.period)).toContain('Aug 2024');
  });

  it('pages with next', () => {
    const index = timelineOf(wire, daily, summer);
    const first = index.timeline('', { limit: 3 });
    expect(first.next).toBe(3);
    const last = index.timeline('', { limit: 3, offset: 6 });
    expect(last.events).toHaveLength(2);
    expect(last.next).toBeNull();
  });

  it('replaces and removes one article’s events', () => {
    const index = timelineOf(wire, summer);
    expect(index.timeline('august 2024').events).toHaveLength(2);
    expect(index.timeline('border').events.map((e) => e.date)).toEqual(['2024-08-06']);
    index.setArticle(articleSource('s1', '2024-08-23', ['On August 9, the front moved.']));
    expect(index.timeline('august 2024').events.map((e) => e.date)).toEqual(['2024-08-09']);
    expect(index.timeline('border').events.map((e) => e.date)).toEqual(['2024-08-09']);
    index.removeArticle('s1');
    expect(index.timeline('august 2024').events).toEqual([]);
    expect(index.timeline('border').events).toEqual([]);
  });

  describe('suggest', () => {
    it('offers months and years with their counts', () => {
      expect(timelineOf(summer).suggest('au')).toEqual([{ label: 'August 2024 — 2 events', value: 'august 2024', count: 2 }]);
    });

    it('offers years and months of 20xx for "20"', () => {
      const values = timelineOf(wire, summer).suggest('20').map((s) => s.value);
      expect(values).toEqual(['2024', 'august 2024', '2023', 'september 2023', 'april 2023', 'march 2023', '2018']);
    });

    it('offers at most the limit', () => {
      expect(timelineOf(wire, summer).suggest('', 2)).toHaveLength(2);
    });
  });
});
