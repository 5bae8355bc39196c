/**
 * Reads a /timeline query: a period ("august", "april 2023", "2021", "2023-04-16",
 * "2023-04-01..2023-04-30"), a topic ("Li Shangfu"), or both ("august Kursk").
 */
import { formatDate } from '../format.js';
import { MONTH_NAMES, type Precision, isValidDate, precisionOf } from './calendar.js';

export type Period =
  /** A month name alone: that month in every year it occurs. */
  | { kind: 'month'; month: number; label: string }
  /** From the first day of `from` to the last day of `to`, events no coarser than `precision`. */
  | { kind: 'range'; from: string; to: string; precision: Precision; label: string };

export interface TimelineQuery {
  period: Period | null;
  topic: string;
  /** Set when the query names a date that does not exist ("2023-02-30"). */
  invalid?: string;
}

const ISO = '\\d{4}(?:-\\d{2}(?:-\\d{2})?)?';
const RANGE = new RegExp(`(?:^|\\s)(${ISO})\\s*(?:\\.\\.|–|\\bto\\b)\\s*(${ISO})(?=\\s|$)`);
const ISO_DATE = /(?:^|\s)(\d{4}-\d{2}(?:-\d{2})?)(?=\s|$)/;
const MONTH_WORD = new RegExp(`(?:^|\\s)(${MONTH_NAMES.map((name) => `${name.slice(0, 3)}(?:${name.slice(3)}|\\.)?`).join('|')})(?:\\s+(\\d{4}))?(?=\\s|$)`, 'i');
const YEAR = /(?:^|\s)(\d{4})(?=\s|$)/;

const RANK: Record<Precision, number> = { day: 0, month: 1, year: 2 };

/**
 * Splits a query into its period and its topic.
 * @example parseTimelineQuery('august Kursk') // { period: { kind: 'month', month: 8, ... }, topic: 'Kursk' }
 */
export function parseTimelineQuery(query: string): TimelineQuery {
  let rest = query.replace(/\s+/g, ' ').trim();
  const take = (match: RegExpMatchArray) => {
    rest = (rest.slice(0, match.index) + ' ' + rest.slice(match.index! + match[0].length)).replace(/\s+/g, ' ').trim();
  };
  let period: Period | null = null;
  let invalid: string | undefined;

  const range = rest.match(RANGE);
  const iso = range ? null : rest.match(ISO_DATE);
  const month = range || iso ? null : rest.match(MONTH_WORD);
  const year = range || iso || month ? null : rest.match(YEAR);
  if (range) {
    take(range);
    const [from, to] = [range[1]!, range[2]!].sort();
    if (isValidDate(from!) && isValidDate(to!)) {
      const precision = RANK[precisionOf(from!)] < RANK[precisionOf(to!)] ? precisionOf(from!) : precisionOf(to!);
      period = { kind: 'range', from: from!, to: to!, precision, label: `${formatDate(from!)} to ${formatDate(to!)}` };
    } else invalid = `${range[1]}..${range[2]}`;
  } else if (iso) {
    take(iso);
    const date = iso[1]!;
    if (isValidDate(date)) period = { kind: 'range', from: date, to: date, precision: precisionOf(date), label: formatDate(date) };
    else invalid = date;
  } else if (month) {
    take(month);
    const number = MONTH_NAMES.findIndex((name) => name.startsWith(month[1]!.slice(0, 3).toLowerCase())) + 1;
    if (month[2]) {
      const date = `${month[2]}-${String(number).padStart(2, '0')}`;
      period = { kind: 'range', from: date, to: date, precision: 'month', label: formatDate(date) };
    } else {
      const name = MONTH_NAMES[number - 1]!;
      period = { kind: 'month', month: number, label: name[0]!.toUpperCase() + name.slice(1) };
    }
  } else if (year) {
    take(year);
    period = { kind: 'range', from: year[1]!, to: year[1]!, precision: 'year', label: year[1]! };
  }
  const topic = rest.replace(/^[\s,.;:–—-]+|[\s,.;:–—-]+$/g, '');
  return invalid === undefined ? { period, topic } : { period, topic, invalid };
}
