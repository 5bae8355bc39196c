/**
 * Finds the dates one sentence gives and resolves them against the article's publication
 * date. chrono-node reads single expressions; the layer here adds what news text needs and
 * chrono gets wrong alone: days without a month ("on the 19th"), weekdays counted back from
 * publication, "last February", bare years, seasons and vague spans, and the phrases that
 * place nothing in time ("recently", "two weeks later", "33 minutes ago").
 */
import * as chrono from 'chrono-node';
import { readJson } from '../data.js';
import {
  MONTH_NAMES,
  type Precision,
  WEEKDAY_NAMES,
  addDays,
  addMonths,
  daysInMonth,
  firstDay,
  isoDay,
  isoMonth,
  lastDay,
  partsOf,
  precisionOf,
  weekStart,
  weekdayOf,
} from './calendar.js';

/** One date a sentence gives, with its place in the sentence: [start, end). */
export interface DateMention {
  start: number;
  end: number;
  date: string;
  endDate: string | null;
  approximate: boolean;
}

export interface DateContext {
  /** The article's publication date (`YYYY-MM-DD`), or null: then only absolute dates count. */
  reference: string | null;
  /** The month (`YYYY-MM`) the text last named before this sentence: "on the 19th" takes it. */
  month: string | null;
}

export interface SentenceDates {
  mentions: DateMention[];
  /** The month context after this sentence, for the next one. */
  month: string | null;
}

type Unit = 'day' | 'week' | 'month' | 'year' | 'decade';

interface Vocabulary {
  noEvent: string[];
  agoUnits: string[];
  numbers: Record<string, number>;
  spanUnits: Record<string, Unit>;
  spanThis: string[];
  spanLast: string[];
  spanNext: string[];
  spanPast: string[];
  seasons: Record<string, [number, number]>;
  yearPrepositions: string[];
  datelineLabels: string[];
  eventRelative: string[];
  vagueCounts: string[];
  ordinalNouns: string[];
}

const vocabulary = readJson<Vocabulary>('timeline-vocabulary.json');

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
/** Longest first, so that "in the past two months" wins over "in the past". */
const anyOf = (words: string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

const NUMBER = `(?:${anyOf(Object.keys(vocabulary.numbers))}|\\d{1,3})`;
const UNIT = `(?:${anyOf(Object.keys(vocabulary.spanUnits))})`;
const MONTH = `(?:${anyOf(MONTH_NAMES)})`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)';
const YEAR = '((?:1[89]|20|21)\\d\\d)';

const PATTERNS = {
  dateline: new RegExp(`^\\W*(?:${anyOf(vocabulary.datelineLabels)})\\b\\s*:?`, 'i'),
  pastSpan: new RegExp(`\\b(?:${anyOf(vocabulary.spanPast)})\\s+(?:(${NUMBER})\\s+)?(${UNIT})\\b`, 'gi'),
  ago: new RegExp(`\\b(${NUMBER})\\s+(${UNIT})\\s+ago\\b`, 'gi'),
  namedSpan: new RegExp(`\\b(${anyOf([...vocabulary.spanThis, ...vocabulary.spanLast, ...vocabulary.spanNext])})\\s+(${UNIT})\\b`, 'gi'),
  season: new RegExp(
    `\\b(?:(?:in|during|over|by|until|since)\\s+)?(?:the\\s+)?(?:(last|this|next|coming|past|previous)\\s+)?(?:(?:early|late|mid)[-\\s]+)?(${anyOf(Object.keys(vocabulary.seasons))})(?:\\s+(?:of\\s+)?${YEAR})?\\b`,
    'gi',
  ),
  stamp: new RegExp(`\\b(?:\\d+|${NUMBER})\\s+(?:${anyOf(vocabulary.agoUnits)})\\s+ago\\b`, 'gi'),
  eventRelative: new RegExp(
    `\\b(?:${NUMBER}|${anyOf(vocabulary.vagueCounts)})\\s+(?:${UNIT})\\s+(?:${anyOf(vocabulary.eventRelative)}|ago)\\b`,
    'gi',
  ),
  noEvent: new RegExp(`\\b(?:${anyOf(vocabulary.noEvent)})\\b`, 'gi'),
  namedMonth: new RegExp(`\\b(last|next|this)\\s+(${MONTH})\\b(?!\\s+\\d)`, 'gi'),
  year: new RegExp(
    `\\b(?:${anyOf(vocabulary.yearPrepositions)})[-\\s]+${YEAR}(?:\\s*(?:-|–|to|until|through|and)\\s*${YEAR})?\\b(?![,.]?\\d|\\s*(?:%|percent))`,
    'gi',
  ),
  dayOnly: new RegExp(
    `\\b(?:on|by|from|until|till|since|before|after|between)\\s+the\\s+${ORDINAL}(?:\\s*(?:to|-|–|through|until|and)\\s*(?:the\\s+)?${ORDINAL})?\\b(?!\\s+(?:of\\s+)?(?:${MONTH}|${anyOf(vocabulary.ordinalNouns)})\\b)`,
    'gi',
  ),
};

// chrono is the slow step; a sentence with no digit, no capitalised month or weekday and no
// "today"-like word cannot give it a date.
const CUE = new RegExp(
  `\\d|\\b(?:${[...MONTH_NAMES, ...WEEKDAY_NAMES].map((name) => name[0]!.toUpperCase() + name.slice(1, 3)).join('|')})|\\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)\\b`,
);

const DAY_WORD = /\b(?:today|yesterday|tomorrow|tonight)\b/i;
const GENERIC_WEEKDAY = /\b(?:a|an|the|every|each|any|some|most|other)\s+$/i;

// chrono needs a reference even when the article has none; then only results that carry
// their own year are kept, so this instant never shows.
const NO_REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));

/**
 * The dates in one sentence, resolved against the publication date and the month context.
 * @example findDates('On the 20th, they met.', { reference: '2024-08-23', month: '2024-08' })
 *          // mentions[0].date === '2024-08-20'
 */
export function findDates(sentence: string, context: DateContext): SentenceDates {
  if (PATTERNS.dateline.test(sentence)) return { mentions: [], month: context.month };
  const reference = context.reference;
  let masked = sentence;
  const mentions: DateMention[] = [];

  const claim = (pattern: RegExp, resolve: (match: RegExpExecArray) => Omit<DateMention, 'start' | 'end'> | null) => {
    for (const match of masked.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const resolved = resolve(match as RegExpExecArray);
      if (resolved) mentions.push({ start, end, ...resolved });
      masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
    }
  };

  // Order matters: "in the past two months" is a span before "in the past" is no event, and
  // "in the coming days" is no event before "the coming days" could be a span.
  claim(PATTERNS.stamp, () => null);
  claim(PATTERNS.pastSpan, (m) => (reference ? pastSpan(reference, count(m[1]), unitOf(m[2])) : null));
  claim(PATTERNS.ago, (m) => (reference ? agoSpan(reference, count(m[1]), unitOf(m[2])) : null));
  claim(PATTERNS.eventRelative, () => null);
  claim(PATTERNS.noEvent, () => null);
  claim(PATTERNS.namedSpan, (m) => (reference ? namedSpan(reference, m[1]!, unitOf(m[2])) : null));
  claim(PATTERNS.season, (m) => season(reference, m[1], m[2]!, m[3]));
  claim(PATTERNS.namedMonth, (m) => (reference && isCapitalised(m[2]!) ? namedMonth(reference, m[1]!, m[2]!) : null));
  claim(PATTERNS.year, (m) => ({ date: m[1]!, endDate: m[2] && m[2] > m[1]! ? m[2] : null, approximate: false }));

  const days: Array<{ start: number; end: number; day: number; endDay: number | null }> = [];
  for (const match of masked.matchAll(PATTERNS.dayOnly)) {
    const start = match.index;
    const end = start + match[0].length;
    days.push({ start, end, day: Number(match[1]), endDay: match[2] ? Number(match[2]) : null });
    masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
  }

  if (CUE.test(masked)) mentions.push(...chronoDates(masked, reference));
  mentions.sort((a, b) => a.start - b.start);

  for (const found of days) {
    const before = mentions.filter((m) => m.end <= found.start && !m.approximate && precisionOf(m.date) !== 'year').at(-1);
    const month = before ? before.date.slice(0, 7) : (context.month ?? (reference ? monthForDay(reference, found.day) : null));
    if (!month) continue;
    const { year, month: m } = partsOf(month);
    if (found.day > daysInMonth(year, m) || (found.endDay ?? 0) > daysInMonth(year, m)) continue;
    const endDate = found.endDay && found.endDay > found.day ? isoDay(year, m, found.endDay) : null;
    mentions.push({ start: found.start, end: found.end, date: isoDay(year, m, found.day), endDate, approximate: false });
  }
  mentions.sort((a, b) => a.start - b.start);

  const named = mentions.filter((m) => !m.approximate && precisionOf(m.date) !== 'year').at(-1);
  return { mentions: keepTheEvents(mentions), month: named ? named.date.slice(0, 7) : context.month };
}

/**
 * One sentence, one set of events: a vague span beside an exact date only frames it, and
 * "August ... on the 6th" is one date, so a mention that holds a finer one goes.
 */
function keepTheEvents(mentions: DateMention[]): DateMention[] {
  const exact = mentions.some((m) => !m.approximate);
  const kept = exact ? mentions.filter((m) => !m.approximate) : mentions;
  return kept.filter((outer) => !kept.some((inner) => inner !== outer && holds(outer, inner)));
}

const RANK: Record<Precision, number> = { day: 0, month: 1, year: 2 };

function holds(outer: DateMention, inner: DateMention): boolean {
  return (
    RANK[precisionOf(outer.date)] > RANK[precisionOf(inner.date)] &&
    firstDay(outer.date) <= firstDay(inner.date) &&
    lastDay(outer.endDate ?? outer.date) >= lastDay(inner.endDate ?? inner.date)
  );
}

/** A chrono date, or a weekday still to resolve (`date` empty until then). */
type WeekdayOrDate = DateMention & { weekday?: number; modifier?: string };

function chronoDates(text: string, reference: string | null): DateMention[] {
  const instant = reference ? new Date(`${reference}T12:00:00Z`) : NO_REFERENCE;
  const results = chrono.parse(text, { instant, timezone: 0 }, { forwardDate: false });
  const mentions: WeekdayOrDate[] = [];
  for (const result of results) {
    const tags = result.tags();
    // Counted from another event ("two weeks later"), not from the publication date.
    if (tags.has('result/relativeDate')) continue;
    const casual = [...tags].some((tag) => tag.startsWith('casualReference') || tag.includes('Casual'));
    // "in the morning", "that night": a time of day names no day.
    if (casual && !DAY_WORD.test(result.text)) continue;
    // Month and weekday names are capitalised; "may" and "march" in lower case are verbs.
    if (!casual && !/[A-Z\d]/.test(result.text)) continue;
    const start = result.start;
    const yearKnown = start.isCertain('year');
    const monthKnown = start.isCertain('month');
    const dayKnown = start.isCertain('day');
    const weekdayKnown = start.isCertain('weekday');
    if (!reference && !yearKnown) continue;
    const span = { start: result.index, end: result.index + result.text.length };
    if (weekdayKnown && !dayKnown) {
      // "a Sunday evening program", "every Tuesday": a kind of day, not a date.
      if (GENERIC_WEEKDAY.test(text.slice(Math.max(0, result.index - 12), result.index))) continue;
      mentions.push({ ...span, date: '', endDate: null, approximate: false, weekday: start.get('weekday')!, modifier: result.text.toLowerCase() });
      continue;
    }
    const date = componentsToDate(start, dayKnown || casual, monthKnown, yearKnown);
    if (!date) continue;
    const end = result.end ? componentsToDate(result.end, result.end.isCertain('day'), result.end.isCertain('month'), result.end.isCertain('year')) : null;
    const agrees = !weekdayKnown || !dayKnown || weekdayOf(date) === start.get('weekday');
    mentions.push({ ...span, date, endDate: end && end > date ? end : null, approximate: !agrees });
  }
  return mergeWeekdays(mentions, text, reference);
}

/**
 * "On Tuesday (April 18)": the weekday and the date are one mention and must agree; a weekday
 * alone is the one on or before the publication date, "last" the one before, "next" after.
 */
function mergeWeekdays(mentions: WeekdayOrDate[], text: string, reference: string | null): DateMention[] {
  const out: WeekdayOrDate[] = [];
  for (let i = 0; i < mentions.length; i += 1) {
    const mention = mentions[i]!;
    if (mention.weekday === undefined) {
      out.push(mention);
      continue;
    }
    const weekday = mention.weekday;
    const besideDate = [mentions[i + 1], out.at(-1)].find(
      (other) =>
        other && other.weekday === undefined && precisionOf(other.date) === 'day' &&
        /^[\s,()]*$/.test(text.slice(Math.min(other.end, mention.end), Math.max(other.start, mention.start))),
    );
    if (besideDate) {
      besideDate.approximate ||= weekdayOf(besideDate.date) !== weekday;
      besideDate.start = Math.min(besideDate.start, mention.start);
      besideDate.end = Math.max(besideDate.end, mention.end);
      continue;
    }
    if (!reference) continue;
    out.push({ start: mention.start, end: mention.end, date: resolveWeekday(reference, weekday, mention.modifier ?? ''), endDate: null, approximate: false });
  }
  return out.map(({ start, end, date, endDate, approximate }) => ({ start, end, date, endDate, approximate }));
}

/** The weekday on or before the publication date; "last" strictly before, "next" strictly after. */
export function resolveWeekday(reference: string, weekday: number, phrase: string): string {
  const back = (weekdayOf(reference) - weekday + 7) % 7;
  if (/\bnext\b/.test(phrase)) return addDays(reference, ((weekday - weekdayOf(reference) + 7) % 7) || 7);
  if (/\b(last|past|previous)\b/.test(phrase)) return addDays(reference, -(back || 7));
  return addDays(reference, -back);
}

function componentsToDate(components: chrono.ParsedComponents, day: boolean, month: boolean, year: boolean): string | null {
  const y = components.get('year')!;
  const m = components.get('month')!;
  if (day) return isoDay(y, m, components.get('day')!);
  if (month) return isoMonth(y, m);
  if (year) return String(y);
  return null;
}

function count(word: string | undefined): number {
  if (word === undefined) return 1;
  const key = word.toLowerCase().replace(/\s+/g, ' ');
  return vocabulary.numbers[key] ?? Number(key);
}

function unitOf(word: string | undefined): Unit {
  return vocabulary.spanUnits[(word ?? '').toLowerCase()] ?? 'day';
}

function isCapitalised(word: string): boolean {
  return /^[A-Z]/.test(word);
}

type Resolved = Omit<DateMention, 'start' | 'end'>;

const approx = (date: string, endDate: string | null = null): Resolved => ({ date, endDate: endDate === date ? null : endDate, approximate: true });

/** "over the past two months": from that far back to the publication date. */
function pastSpan(reference: string, n: number, unit: Unit): Resolved {
  const { year, month } = partsOf(reference);
  switch (unit) {
    case 'day':
      return approx(addDays(reference, -n), reference);
    case 'week':
      return approx(addDays(reference, -7 * n), reference);
    case 'month': {
      const from = addMonths(year, month, -n);
      return approx(isoMonth(from.year, from.month), isoMonth(year, month));
    }
    case 'year':
      return approx(String(year - n), String(year));
    case 'decade':
      return approx(String(year - 10 * n), String(year));
  }
}

/** "a year ago": the span that far back, at the precision of its unit. */
function agoSpan(reference: string, n: number, unit: Unit): Resolved {
  const { year, month } = partsOf(reference);
  switch (unit) {
    case 'day':
      return approx(addDays(reference, -n));
    case 'week': {
      const monday = weekStart(addDays(reference, -7 * n));
      return approx(monday, addDays(monday, 6));
    }
    case 'month': {
      const then = addMonths(year, month, -n);
      return approx(isoMonth(then.year, then.month));
    }
    case 'year': {
      const then = addMonths(year, month, -12 * n);
      return approx(isoMonth(then.year, then.month));
    }
    case 'decade':
      return approx(String(year - 10 * n));
  }
}

/** "this week", "last year", "next month". */
function namedSpan(reference: string, word: string, unit: Unit): Resolved {
  const lower = word.toLowerCase().replace(/\s+/g, ' ');
  const shift = vocabulary.spanLast.includes(lower) ? -1 : vocabulary.spanNext.includes(lower) ? 1 : 0;
  const { year, month } = partsOf(reference);
  switch (unit) {
    case 'day':
      return approx(addDays(reference, shift));
    case 'week': {
      const monday = addDays(weekStart(reference), 7 * shift);
      return approx(monday, addDays(monday, 6));
    }
    case 'month': {
      const then = addMonths(year, month, shift);
      return approx(isoMonth(then.year, then.month));
    }
    case 'year':
      return approx(String(year + shift));
    case 'decade': {
      const first = Math.floor(year / 10) * 10 + 10 * shift;
      return approx(String(first), String(first + 9));
    }
  }
}

/** "in the fall", "last winter", "the summer of 2022": the season's months, approximate. */
function season(reference: string | null, modifier: string | undefined, name: string, year: string | undefined): Resolved | null {
  const [first, last] = vocabulary.seasons[name.toLowerCase()]!;
  const span = (y: number) => {
    const end = last >= first ? { year: y, month: last } : { year: y + 1, month: last };
    return approx(isoMonth(y, first), isoMonth(end.year, end.month));
  };
  if (year) return span(Number(year));
  if (!reference) return null;
  const { year: refYear, month: refMonth } = partsOf(reference);
  // The season of the publication year; winter is the one around the turn of the year.
  let y = last < first && refMonth <= last ? refYear - 1 : refYear;
  const word = modifier?.toLowerCase();
  const endOf = (candidate: number) => (last >= first ? candidate * 12 + last : (candidate + 1) * 12 + last);
  const startOf = (candidate: number) => candidate * 12 + first;
  const now = refYear * 12 + refMonth;
  if (word === 'last' || word === 'past' || word === 'previous') while (endOf(y) >= now) y -= 1;
  if (word === 'next' || word === 'coming') while (startOf(y) <= now) y += 1;
  return span(y);
}

/**
 * "last February" is the February of the year before the publication year; "next March" the
 * first March after the publication month; "this May" the one of the publication year.
 */
function namedMonth(reference: string, word: string, name: string): Resolved {
  const month = MONTH_NAMES.indexOf(name.toLowerCase()) + 1;
  const { year, month: refMonth } = partsOf(reference);
  const lower = word.toLowerCase();
  const y = lower === 'last' ? year - 1 : lower === 'next' && month <= refMonth ? year + 1 : year;
  return { date: isoMonth(y, month), endDate: null, approximate: false };
}

/** With no month named before it, "on the 20th" is the latest 20th on or before publication. */
function monthForDay(reference: string, day: number): string {
  const { year, month, day: refDay } = partsOf(reference);
  if (day <= refDay) return isoMonth(year, month);
  const before = addMonths(year, month, -1);
  return isoMonth(before.year, before.month);
}
