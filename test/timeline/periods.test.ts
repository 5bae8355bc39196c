import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDay, lastDay, weekdayOf } from '../../src/timeline/calendar.js';
import { monthSpan, weekendOf, yearOfDay, yearOfMonth, yearOfPeriod } from '../../src/timeline/periods.js';

const reference = fc
  .record({ year: fc.integer({ min: 1900, max: 2090 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => isoDay(year, month, day));
const period = fc.integer({ min: 1, max: 12 }).chain((first) => fc.tuple(fc.constant(first), fc.integer({ min: first, max: first + 5 })));

describe('yearOfPeriod', () => {
  it('places "in August" of a March article in the year before, and "will … in August" in the same year', () => {
    expect(yearOfPeriod('2013-03-22', 8, 8, 'past')).toBe(2012);
    expect(yearOfPeriod('2013-03-22', 8, 8, 'future')).toBe(2013);
  });

  it('places winter, which runs into the next year, around the turn of the year', () => {
    expect(yearOfPeriod('2013-01-15', 12, 14, 'this')).toBe(2012);
    expect(yearOfPeriod('2013-06-15', 12, 14, 'last')).toBe(2012);
    expect(yearOfPeriod('2013-06-15', 12, 14, 'next')).toBe(2013);
  });

  it('gives a past period that has begun by the article and a future one not over before it', () => {
    fc.assert(
      fc.property(reference, period, (ref, [first, last]) => {
        const past = monthSpan(yearOfPeriod(ref, first, last, 'past'), first, last);
        const future = monthSpan(yearOfPeriod(ref, first, last, 'future'), first, last);
        const month = ref.slice(0, 7);
        return past.date <= month && future.endDate >= month && yearOfPeriod(ref, first, last, 'past') >= yearOfPeriod(ref, first, last, 'last');
      }),
    );
  });
});

describe('yearOfDay', () => {
  it('gives the latest such day on or before the article, or the earliest on or after it', () => {
    fc.assert(
      fc.property(reference, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (ref, month, day) => {
        const before = isoDay(yearOfDay(ref, month, day, 'past'), month, day);
        const after = isoDay(yearOfDay(ref, month, day, 'future'), month, day);
        return before <= ref && after >= ref && addDays(before, 366) > ref && addDays(after, -366) < ref;
      }),
    );
  });
});

describe('yearOfDay and yearOfMonth, nearest', () => {
  it('takes the nearer of the dates before and after publication', () => {
    expect(yearOfDay('1989-11-02', 11, 15, 'nearest')).toBe(1989);
    expect(yearOfDay('1989-11-02', 10, 20, 'nearest')).toBe(1989);
    expect(yearOfDay('1989-11-02', 1, 15, 'nearest')).toBe(1990);
    expect(yearOfMonth('1989-11-02', 3, 'nearest')).toBe(1990);
    expect(yearOfMonth('1989-11-02', 9, 'nearest')).toBe(1989);
  });
});

describe('weekendOf', () => {
  it('gives a Saturday and the Sunday after it', () => {
    fc.assert(
      fc.property(reference, fc.constantFrom('past', 'future', 'last', 'next', 'this' as const), (ref, placement) => {
        const { date, endDate } = weekendOf(ref, placement);
        return weekdayOf(date) === 6 && endDate === addDays(date, 1) && lastDay(endDate) === endDate;
      }),
    );
  });

  it('takes the latest weekend begun for the past and the next one not over for the future', () => {
    expect(weekendOf('1998-02-06', 'past')).toEqual({ date: '1998-01-31', endDate: '1998-02-01' });
    expect(weekendOf('1998-02-06', 'future')).toEqual({ date: '1998-02-07', endDate: '1998-02-08' });
    expect(weekendOf('1998-02-08', 'past')).toEqual({ date: '1998-02-07', endDate: '1998-02-08' });
  });
});
