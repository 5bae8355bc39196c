/**
 * Calendar arithmetic on ISO strings at three precisions (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`),
 * all in UTC so that a date never shifts with the machine's time zone.
 */

export type Precision = 'day' | 'month' | 'year';

const DAY_MS = 86_400_000;

export const MONTH_NAMES = Array.from({ length: 12 }, (_, month) =>
  new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, month, 1)).toLowerCase(),
);
/** Sunday first, as `Date.getUTCDay()` counts. */
export const WEEKDAY_NAMES = Array.from({ length: 7 }, (_, day) =>
  new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 2 + day)).toLowerCase(),
);

export function precisionOf(date: string): Precision {
  return date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
}

export function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function isoMonth(year: number, month: number): string {
  return `${year}-${pad(month)}`;
}

/** Year, month and day of an ISO string; month and day default to the first. */
export function partsOf(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year!, month: month ?? 1, day: day ?? 1 };
}

function toTime(date: string): number {
  const { year, month, day } = partsOf(date);
  return Date.UTC(year, month - 1, day);
}

function fromTime(time: number): string {
  const date = new Date(time);
  return isoDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(day: string, days: number): string {
  return fromTime(toTime(day) + days * DAY_MS);
}

/** 0 = Sunday. */
export function weekdayOf(day: string): number {
  return new Date(toTime(day)).getUTCDay();
}

export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and last day a date at any precision covers. */
export function firstDay(date: string): string {
  const { year, month, day } = partsOf(date);
  return isoDay(year, month, day);
}

export function lastDay(date: string): string {
  const { year, month, day } = partsOf(date);
  const precision = precisionOf(date);
  if (precision === 'year') return isoDay(year, 12, 31);
  if (precision === 'month') return isoDay(year, month, daysInMonth(year, month));
  return isoDay(year, month, day);
}

/** The Monday that starts the week holding `day`. */
export function weekStart(day: string): string {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) return false;
  const { year, month, day } = partsOf(date);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS);
}
