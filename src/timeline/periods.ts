/**
 * Which occurrence of a recurring period a text means when it names no year: the March, the
 * third quarter, the summer, the weekend. News narrates the past, so by default it is the latest
 * one that has begun by the article's date; a clause that looks ahead takes the earliest one not
 * yet over; "last" and "next" step past the current one.
 */
import { addDays, isoMonth, partsOf, weekStart, weekdayOf } from './calendar.js';

/** How a period without a year is placed against the publication date. */
export type Placement = 'past' | 'future' | 'last' | 'next' | 'this';

/**
 * The year of a period that runs from month `first` to month `last` of a year (`last` may pass
 * 12 for a period that runs into the next year: winter is 12..14).
 * @example yearOfPeriod('2013-03-22', 8, 8, 'past') // 2012 ("in August")
 */
export function yearOfPeriod(reference: string, first: number, last: number, placement: Placement): number {
  const { year, month } = partsOf(reference);
  const now = year * 12 + month;
  const startOf = (y: number) => y * 12 + first;
  const endOf = (y: number) => y * 12 + last;
  let y = year;
  switch (placement) {
    case 'this':
      return last > 12 && month <= last - 12 ? year - 1 : year;
    case 'past':
      y = year + 1;
      while (startOf(y) > now) y -= 1;
      return y;
    case 'future':
      y = year - 1;
      while (endOf(y) < now) y += 1;
      return y;
    case 'last':
      while (endOf(y) >= now) y -= 1;
      return y;
    case 'next':
      while (startOf(y) <= now) y += 1;
      return y;
  }
}

/** How a date without a year leans: before publication, after it, or whichever is nearer ("the deadline is Nov. 15"). */
export type Lean = 'past' | 'future' | 'nearest';

/** The year of a day given without one ("Feb. 28"): the latest on or before publication, the earliest on or after it, or the nearer. */
export function yearOfDay(reference: string, month: number, day: number, lean: Lean): number {
  const { year, month: refMonth, day: refDay } = partsOf(reference);
  const key = month * 100 + day;
  const now = refMonth * 100 + refDay;
  const before = key <= now ? year : year - 1;
  const after = key >= now ? year : year + 1;
  if (lean === 'past') return before;
  if (lean === 'future') return after;
  const distance = (y: number) => Math.abs(Date.UTC(y, month - 1, day) - Date.UTC(year, refMonth - 1, refDay));
  return distance(after) < distance(before) ? after : before;
}

/** The year of a month given without one, by its lean. */
export function yearOfMonth(reference: string, month: number, lean: Lean): number {
  const before = yearOfPeriod(reference, month, month, 'past');
  const after = yearOfPeriod(reference, month, month, 'future');
  if (lean !== 'nearest') return lean === 'past' ? before : after;
  const { year, month: refMonth } = partsOf(reference);
  const now = year * 12 + refMonth;
  return after * 12 + month - now < now - (before * 12 + month) ? after : before;
}

/** A span of months as the events carry it: first month, last month. */
export function monthSpan(year: number, first: number, last: number): { date: string; endDate: string } {
  const end = last > 12 ? { year: year + 1, month: last - 12 } : { year, month: last };
  return { date: isoMonth(year, first), endDate: isoMonth(end.year, end.month) };
}

/**
 * The weekend (Saturday and Sunday) meant: "this weekend" is the one of the publication week,
 * "last weekend" the one before, "next weekend" the one after; a bare "the weekend" is the
 * latest one begun by publication, or the next one not over when the clause looks ahead.
 */
export function weekendOf(reference: string, placement: Placement): { date: string; endDate: string } {
  const saturday = addDays(weekStart(reference), 5);
  const onWeekend = weekdayOf(reference) === 6 || weekdayOf(reference) === 0;
  const shift = { this: 0, last: -7, next: 7, past: onWeekend ? 0 : -7, future: 0 }[placement];
  const first = addDays(saturday, shift);
  return { date: first, endDate: addDays(first, 1) };
}

/** The Monday-to-Sunday week that holds `day`. */
export function weekOf(day: string): { date: string; endDate: string } {
  const monday = weekStart(day);
  return { date: monday, endDate: addDays(monday, 6) };
}
