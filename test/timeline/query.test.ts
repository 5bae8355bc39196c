import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimelineQuery } from '../../src/timeline/index.js';

describe('parseTimelineQuery', () => {
  it('reads a month name alone as that month in every year', () => {
    expect(parseTimelineQuery('august')).toEqual({ period: { kind: 'month', month: 8, label: 'August' }, topic: '' });
    expect(parseTimelineQuery('Aug').period).toMatchObject({ kind: 'month', month: 8 });
  });

  it('reads a month and year', () => {
    expect(parseTimelineQuery('april 2023').period).toEqual({ kind: 'range', from: '2023-04', to: '2023-04', precision: 'month', label: 'Apr 2023' });
  });

  it('reads a year', () => {
    expect(parseTimelineQuery('2021').period).toMatchObject({ from: '2021', to: '2021', precision: 'year' });
  });

  it('reads an ISO date and an ISO range', () => {
    expect(parseTimelineQuery('2023-04-16').period).toMatchObject({ from: '2023-04-16', to: '2023-04-16', precision: 'day' });
    expect(parseTimelineQuery('2023-04-01..2023-04-30').period).toMatchObject({ from: '2023-04-01', to: '2023-04-30', precision: 'day' });
  });

  it('separates a period from a topic', () => {
    expect(parseTimelineQuery('august Kursk')).toMatchObject({ period: { kind: 'month', month: 8 }, topic: 'Kursk' });
    expect(parseTimelineQuery('Li Shangfu')).toEqual({ period: null, topic: 'Li Shangfu' });
  });

  it('flags a date that does not exist', () => {
    expect(parseTimelineQuery('2023-02-30').invalid).toBe('2023-02-30');
  });

  it('never throws and keeps the topic inside the query', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (query) => {
        const parsed = parseTimelineQuery(query);
        expect(query.replace(/\s+/g, ' ')).toContain(parsed.topic.split(' ')[0] ?? '');
      }),
    );
  });
});
