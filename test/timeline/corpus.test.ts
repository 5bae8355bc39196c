import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Briefing, createBriefing } from '../../src/briefing.js';

let briefing: Briefing;
beforeAll(async () => {
  briefing = await createBriefing({ corpusDir: 'corpus' });
});

function isSorted(dates: string[]): boolean {
  const key = (date: string) => (date.length === 4 ? `${date}-99-99` : date.length === 7 ? `${date}-99` : date);
  return dates.every((date, i) => i === 0 || key(dates[i - 1]!) <= key(date));
}

describe('timeline on the bundled corpus', () => {
  it('lays out August 2024: the Kursk crossing on the 6th, then the meetings of the 19th, 20th and 22nd', () => {
    const events = briefing.timeline('august', { limit: 25 }).events;
    const crossing = events.findIndex((e) => e.date === '2024-08-06' && /Kursk/.test(e.text));
    const meetings = ['2024-08-19', '2024-08-20', '2024-08-22'].map((day) => events.findIndex((e) => e.date === day && /\bmet\b|co-chaired/.test(e.text)));
    expect(crossing).toBeGreaterThanOrEqual(0);
    expect(meetings.every((index) => index > crossing)).toBe(true);
    expect([...meetings].sort((a, b) => a - b)).toEqual(meetings);
    expect(events.every((e) => e.date.startsWith('2024-08') && e.sources.length > 0)).toBe(true);
  });

  it('has Putin meeting Li Shangfu on Sunday the 16th and Shoigu on Tuesday the 18th of April 2023', () => {
    const events = briefing.timeline('april 2023', { limit: 25 }).events;
    const putin = events.find((e) => e.date === '2023-04-16' && /Putin/.test(e.text) && /Li Shangfu/.test(e.text));
    const shoigu = events.find((e) => e.date === '2023-04-18' && /Shoigu/.test(e.text));
    expect(putin).toBeDefined();
    expect(shoigu).toBeDefined();
    expect(events.indexOf(putin!)).toBeLessThan(events.indexOf(shoigu!));
  });

  it('gives the events of 2021 in order', () => {
    const events = briefing.timeline('2021', { limit: 25 }).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.date.startsWith('2021'))).toBe(true);
    expect(isSorted(events.map((e) => e.date))).toBe(true);
  });

  it('gives the events about Li Shangfu in order', () => {
    const events = briefing.timeline('Li Shangfu', { limit: 25 }).events;
    expect(events.length).toBeGreaterThan(2);
    expect(isSorted(events.map((e) => e.date))).toBe(true);
    expect(events.some((e) => e.date === '2023-04-18')).toBe(true);
  });

  it("finds a topic's events in a period as the period's share of the topic's events", () => {
    const all = (query: string) => briefing.timeline(query, { limit: 1000 }).events.map((e) => `${e.date} ${e.text}`);
    let shared = 0;
    for (const topic of ['Kursk', 'Putin', 'military', 'Li Shangfu', 'talks']) {
      const ofTopic = new Set(all(topic));
      for (const period of ['august', '2023', 'april 2023', '2024-08-01..2024-08-31']) {
        const expected = all(period).filter((event) => ofTopic.has(event));
        expect(all(`${period} ${topic}`), `${period} ${topic}`).toEqual(expected);
        shared += expected.length;
      }
    }
    expect(shared).toBeGreaterThan(10);
  });

  it("counts an event told in any part of a long paragraph that answers the topic", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-topic-'));
    const filler = 'The harbour board read out the figures for each of the quays, one after another, to a quiet room. '.repeat(6);
    const text = `The ferry company Marlowe Lines opened its winter timetable to complaints from the islands. ${filler}The board then met again on 14 March 2023 and agreed to keep the late sailing.`;
    await writeFile(path.join(dir, 'ferry.md'), `---\ntitle: Winter sailings\nsource: Island Herald\ndate: 2023-03-20\n---\n\n${text}\n`);
    const local = await createBriefing({ corpusDir: dir });
    const events = local.timeline('Marlowe').events;
    expect(events.map((e) => e.date)).toEqual(['2023-03-14']);
    expect(events[0]!.text).not.toMatch(/Marlowe/);
    expect(local.timeline('march 2023 Marlowe').events).toEqual(events);
  });

  it('marks approximate dates', () => {
    const events = briefing.timeline('', { limit: 25 }).events;
    expect(events.some((e) => e.approximate)).toBe(true);
    expect(events.filter((e) => /last week|this week|a year ago/i.test(e.text)).every((e) => e.approximate)).toBe(true);
  });

  it('names the months that have events when a month has none', () => {
    const answer = briefing.timeline('june 2022');
    expect(answer.events).toEqual([]);
    expect(answer.message).toMatch(/No events in Jun 2022/);
    expect(answer.periods).toContainEqual({ period: 'Aug 2024', events: expect.any(Number) });
  });

  it('suggests August 2024 with its count for "au"', () => {
    const [august] = briefing.suggestPeriods('au');
    const count = briefing.timeline('august 2024', { limit: 25 }).events.length;
    expect(august).toEqual({ label: `August 2024 — ${count} events`, value: 'august 2024', count });
  });

  it('answers the /timeline command with the JSON contract', () => {
    const answer = briefing.run('/timeline august');
    expect(answer).toMatchObject({ command: 'timeline', query: 'august' });
  });
});
