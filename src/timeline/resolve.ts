/**
 * Finds the dates one sentence gives and resolves them against the article's publication
 * date. chrono-node reads single expressions; the layer here adds what news text needs and
 * chrono gets wrong alone: the clause's tense for dates without a year ("will meet Monday",
 * "stepped down in March"), days without a month ("on the 19th"), bare years ("a 1996 law",
 * "2009-2010") but not counts ("2000 troops"), quarters, halves, weekends, seasons, decades,
 * "N units ago", and the phrases that place nothing in time ("recently", "two weeks later",
 * "over the past two years", "33 minutes ago", a price of "7/8").
 */
import * as chrono from 'chrono-node';
import { readJson, readList } from '../data.js';
import {
  MONTH_NAMES,
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
import { type Lean, type Placement, monthSpan, weekOf, weekendOf, yearOfDay, yearOfMonth, yearOfPeriod } from './periods.js';
import { type Tense, tenseReader } from './tense.js';

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

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'decade';

interface Vocabulary {
  noEvent: string[];
  agoUnits: string[];
  numbers: Record<string, number>;
  spanUnits: Record<string, Unit>;
  spanThis: string[];
  spanLast: string[];
  spanNext: string[];
  durations: string[];
  spanWithin: string[];
  seasons: Record<string, [number, number]>;
  yearPrepositions: string[];
  datelineLabels: string[];
  eventRelative: string[];
  vagueCounts: string[];
  ordinalNouns: string[];
  ordinals: Record<string, number>;
  yearParts: Record<string, number>;
  monthCues: string[];
  seasonCues: string[];
  namedWeekdays: string[];
  yearBlockers: string[];
  quantityWords: string[];
}

const vocabulary = readJson<Vocabulary>('timeline-vocabulary.json');
const COUNT_NOUNS = new Set(readList('timeline-count-nouns.txt'));
const MONTH_CUES = new Set(vocabulary.monthCues);
const NAMED_WEEKDAYS = new Set(vocabulary.namedWeekdays);
const YEAR_BLOCKERS = new Set(vocabulary.yearBlockers);
const QUANTITY_WORDS = new Set(vocabulary.quantityWords);

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
/** Longest first, so that "in the past two months" wins over "in the past". */
const anyOf = (words: string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

const NUMBER = `(?:${anyOf(Object.keys(vocabulary.numbers))}|\\d{1,3})`;
const UNIT = `(?:${anyOf(Object.keys(vocabulary.spanUnits))})`;
const MONTH = `(?:${anyOf(MONTH_NAMES)})`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)';
const YEAR_DIGITS = '(?:1[89]|20)\\d\\d';
const YEAR = `(${YEAR_DIGITS})`;
const PART_ORDINAL = `(${anyOf(Object.keys(vocabulary.ordinals))})`;
const SEASON = `(${anyOf(Object.keys(vocabulary.seasons))})`;
const RANGE_END = `\\s*(?:-|–|/|to|until|through)\\s*(${YEAR_DIGITS}|\\d\\d)(?!\\d)`;
const NOT_A_QUANTITY = '(?![,.]?\\d|\\s*(?:%|percent))';

const PATTERNS = {
  // "Published: 24 April 2023", "date 2023-04-19"; not "Published reports said Monday ...".
  dateline: new RegExp(`^\\W*(?:${anyOf(vocabulary.datelineLabels)})\\b\\s*:?\\s*(?:on\\s+)?(?=\\d|(?:${[...MONTH_NAMES, ...WEEKDAY_NAMES].map((name) => name.slice(0, 3)).join('|')})\\p{L}*\\b)`, 'iu'),
  stamp: new RegExp(`\\b(?:\\d+|${NUMBER})\\s+(?:${anyOf(vocabulary.agoUnits)})\\s+ago\\b`, 'gi'),
  // Not "the last week of September", which is a part of the month.
  within: new RegExp(`\\b(?:${anyOf(vocabulary.spanWithin)})\\s+(?:(${NUMBER})\\s+)?(${UNIT})\\b(?!\\s+(?:of|in)\\b)`, 'gi'),
  duration: new RegExp(`\\b(?:${anyOf(vocabulary.durations)})\\s+(?:${NUMBER}\\s+)?${UNIT}\\b`, 'gi'),
  ago: new RegExp(`\\b(${NUMBER})\\s+(${UNIT})\\s+ago\\b`, 'gi'),
  // "a year earlier" compares with the article's year (or a year the sentence names); "a month
  // earlier", "the week before" count from an event of the text, so they give no date.
  earlier: /\b(?:a|an|one)\s+(year|quarter)\s+(?:earlier|before|prior)\b(?!\s+than\b)/gi,
  eventRelative: new RegExp(
    `\\b(?:${NUMBER}|${anyOf(vocabulary.vagueCounts)})\\s+(?:${UNIT})\\s+(?:${anyOf(vocabulary.eventRelative)}|ago)\\b`,
    'gi',
  ),
  noEvent: new RegExp(`\\b(?:${anyOf(vocabulary.noEvent)})\\b`, 'gi'),
  yearPart: new RegExp(
    `\\b(?:the\\s+)?(${anyOf(Object.keys(vocabulary.yearParts))})\\s+of\\s+(?:the\\s+)?(year|quarter|month)\\b(?!\\s+(?:${YEAR_DIGITS}|of|in)\\b)|\\b(year)[-\\s]end\\b`,
    'gi',
  ),
  monthOfYear: new RegExp(`\\b(${MONTH})(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?)?,?\\s+(?:of\\s+)?(last|this|next)\\s+year\\b`, 'gi'),
  namedSpan: new RegExp(`\\b(${anyOf([...vocabulary.spanThis, ...vocabulary.spanLast, ...vocabulary.spanNext])})\\s+(${UNIT})\\b(?!\\s+(?:of|in)\\s+(?:the\\s+)?${MONTH}\\b)`, 'gi'),
  yearPeriod: new RegExp(
    `\\b(?:(?:fiscal\\s+)?${YEAR}['’]s\\s+|the\\s+(?:fiscal\\s+)?${YEAR}\\s+)?(?:the\\s+)?${PART_ORDINAL}[-\\s]+(?:fiscal[-\\s]+)?(quarter|half)\\b` +
      `(?:\\s+of\\s+(?:fiscal\\s+)?(?:${YEAR}|(this|last|next)\\s+year|the\\s+(?:fiscal\\s+)?year))?(?!\\s+of\\b)`,
    'gi',
  ),
  quarterCode: new RegExp(`\\bQ([1-4])(?:\\s*[-/]?\\s*(${YEAR_DIGITS}))?\\b|\\b(${YEAR_DIGITS})\\s*[-/]?\\s*Q([1-4])\\b`, 'g'),
  weekend: /\b(this\s+past|this|last|next|past|coming|over\s+the|on\s+the|at\s+the|during\s+the|the)\s+weekend\b/gi,
  // "the 1930's" is a decade, "1960's record" a year's.
  decade: /\b(?:(the)\s+)?(?:(early|mid|late)[-\s]+)?(?:((?:1[5-9]|20)\d)0(?:(['’]s)(?=\s+[\p{Ll}\d])|['’]?s)|['’](\d)0s)\b/giu,
  century: /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)[-\s]+century\b(?!-\p{L})/giu,
  season: new RegExp(
    `\\b(?:(${anyOf(vocabulary.seasonCues)})\\s+)?(?:the\\s+)?(?:(last|this|next|coming|past|previous)\\s+)?(?:(early|late|mid)[-\\s]+)?${SEASON}(?:\\s+(?:of\\s+)?${YEAR})?\\b`,
    'gi',
  ),
  namedMonth: new RegExp(`\\b(last|next|this)\\s+(${MONTH})\\b(?!\\s+\\d)`, 'gi'),
  between: new RegExp(`\\bbetween\\s+${YEAR}\\s+and\\s+${YEAR}\\b${NOT_A_QUANTITY}`, 'gi'),
  year: new RegExp(
    `\\b(?:${anyOf([...vocabulary.yearPrepositions, 'fiscal', 'fiscal year'])})[-\\s]+${YEAR}(?:${RANGE_END})?\\b${NOT_A_QUANTITY}`,
    'gi',
  ),
  bareYear: new RegExp(`(?<![\\p{L}\\p{N}$€£¥#'’.,/:-])${YEAR}(?:\\s*[-–/]\\s*(${YEAR_DIGITS}|\\d\\d)(?!\\p{N}))?(?:['’]s)?(?![\\p{L}\\p{N}%]|[.,:]\\p{N}|-\\p{L})`, 'gu'),
  dayOnly: new RegExp(
    `\\b(?:on|by|from|until|till|since|before|after|between)\\s+the\\s+${ORDINAL}(?:\\s*(?:to|-|–|through|until|and)\\s*(?:the\\s+)?${ORDINAL})?\\b(?!\\s+(?:of\\s+)?(?:${MONTH}|${anyOf(vocabulary.ordinalNouns)})\\b)`,
    'gi',
  ),
};

// chrono is the slow step; a sentence with no digit, no capitalised month or weekday and no
// "today"-like word cannot give it a date.
const CUE = new RegExp(
  `\\d|\\b(?:${[...MONTH_NAMES, ...WEEKDAY_NAMES].map((name) => name[0]!.toUpperCase() + name.slice(1, 3)).join('|')})|\\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|[Ll]ast night)\\b`,
);

// Every reader below needs a digit or one of these words: a sentence with none gives no date,
// and is not read further (most sentences of a corpus).
const ANY_DATE = new RegExp(
  `\\d|\\b(?:${anyOf([
    ...MONTH_NAMES.map((name) => name.slice(0, 3)),
    ...WEEKDAY_NAMES.map((name) => name.slice(0, 3)),
    ...Object.keys(vocabulary.spanUnits).map((unit) => unit.split(' ').at(-1)!.replace(/s$/, '')),
    ...Object.keys(vocabulary.seasons),
    ...Object.keys(vocabulary.ordinals),
    'today', 'tonight', 'yesterday', 'tomorrow', 'night', 'morning', 'afternoon', 'evening', 'weekend', 'centur', 'half', 'year', 'q',
  ])})`,
  'i',
);

const DAY_WORD = /\b(?:today|yesterday|tomorrow|tonight|last\s+night)\b/i;
const THIS_PART_OF_DAY = /^this\s+(?:morning|afternoon|evening)$/i;
const GENERIC_WEEKDAY = /\b(?:a|an|the|every|each|any|some|most|other|its|his|her|their|our|my|your|first|second|third|fourth)\s+$/i;
const WEEKDAY_WORD = new RegExp(`\\b(?:${WEEKDAY_NAMES.map((name) => name[0]!.toUpperCase() + name.slice(1)).join('|')})\\b`);
const PREPOSITION_AFTER = /^(?:on|of|in|to|from|for|against|through|across|at|by|and|with|or)$/;
 // Words before a year that make it qualify the noun after it ("the 1953 team", "his 2007 campaign").
const DETERMINERS = /^(?:a|an|the|his|her|its|their|our|my|your|this|that|these|those|whose|\p{L}+['’]s)$/u;
const PERIOD_LEAD = /\b(?:the\s+)?(week|quarter)\s+(?:of|beginning|starting|ending|ended|through|to)\s+$/i;

// chrono needs a reference even when the article has none; then only results that carry
// their own year are kept, so this instant never shows.
const NO_REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));
// A bare year further ahead of the article than this is a figure ("the index at 2069").
const YEARS_AHEAD = 50;
// A range of years longer than this is two figures, not a span ("1850-1990").
const LONGEST_YEAR_RANGE = 30;

type Resolved = Omit<DateMention, 'start' | 'end'>;

/** A mention while the sentence is read. */
interface Found extends DateMention {
  /** It carries its own year, so "a year earlier" may count from it. */
  absolute: boolean;
  /** The mention a day without a month, or a date without a year, took it from ("August ... on the 6th", "In 1958 ... on May 1"). */
  takenFrom?: DateMention;
  /** A year that qualifies a noun ("the 1953 team", "a 2009 analysis"). */
  attributive?: boolean;
}

/** What a pattern reads: no date ("recently"), a date relative to publication, or one with its own year. */
type Reading = 'none' | 'relative' | 'absolute';

/**
 * The dates in one sentence, resolved against the publication date and the month context.
 * @example findDates('On the 20th, they met.', { reference: '2024-08-23', month: '2024-08' })
 *          // mentions[0].date === '2024-08-20'
 */
export function findDates(sentence: string, context: DateContext): SentenceDates {
  if (!ANY_DATE.test(sentence) || PATTERNS.dateline.test(sentence)) return { mentions: [], month: context.month };
  const reference = context.reference;
  const tenseAt = tenseReader(sentence);
  const placementAt = (start: number, end: number): Placement => (isAhead(tenseAt(start, end)) ? 'future' : 'past');
  let masked = sentence;
  const mentions: Found[] = [];
  const deferred: Array<{ start: number; end: number; unit: Unit }> = [];

  const mask = (start: number, end: number) => {
    masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
  };
  // Dates the sentence gives that cannot be placed without the publication date.
  let unplaced = 0;
  const claim = (pattern: RegExp, reading: Reading, resolve: (match: RegExpExecArray, start: number, end: number) => Resolved | null = () => null) => {
    for (const match of masked.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const resolved = resolve(match as RegExpExecArray, start, end);
      if (resolved) mentions.push({ start, end, ...resolved, absolute: reading === 'absolute' });
      else if (reading === 'relative' && !reference) unplaced += 1;
      mask(start, end);
    }
  };
  // Order matters: "in the past two months" is a duration before "in the past" is no event,
  // "a year earlier" a date before "earlier" is no event, and "the past week" a span before
  // chrono reads "week".
  claim(PATTERNS.stamp, 'none');
  // "in the past week" is last week; "in the past year", like "in the past two years", says how long.
  claim(PATTERNS.within, 'relative', (m) => {
    const unit = unitOf(m[2]);
    return reference && m[1] === undefined && (unit === 'week' || unit === 'month') ? namedSpan(reference, 'last', unit) : null;
  });
  claim(PATTERNS.duration, 'none');
  claim(PATTERNS.ago, 'relative', (m) => (reference ? agoSpan(reference, count(m[1]), unitOf(m[2])) : null));
  for (const match of masked.matchAll(PATTERNS.earlier)) {
    deferred.push({ start: match.index, end: match.index + match[0].length, unit: unitOf(match[1]) });
    mask(match.index, match.index + match[0].length);
  }
  claim(PATTERNS.eventRelative, 'none');
  claim(PATTERNS.noEvent, 'none');
  claim(PATTERNS.yearPart, 'relative', (m, start, end) => (reference ? yearPart(reference, m[1] ?? 'end', m[2] ?? m[3]!, placementAt(start, end)) : null));
  claim(PATTERNS.monthOfYear, 'relative', (m) => (reference && isCapitalised(m[1]!) ? monthOfYear(reference, m[1]!, m[2], m[3]!) : null));
  claim(PATTERNS.namedSpan, 'relative', (m) => (reference ? namedSpan(reference, m[1]!, unitOf(m[2])) : null));
  claim(PATTERNS.yearPeriod, 'relative', (m, start, end) => partOfYear(reference, m, placementAt(start, end)));
  claim(PATTERNS.quarterCode, 'relative', (m, start, end) => quarterCode(reference, m, placementAt(start, end)));
  claim(PATTERNS.weekend, 'relative', (m, start, end) => (reference ? weekend(reference, m[1]!, placementAt(start, end)) : null));
  claim(PATTERNS.decade, 'absolute', (m) => (m[4] && !m[1] && !m[2] ? yearRange(`${m[3]}0`, undefined) : decade(reference, m[2], m[3], m[5])));
  claim(PATTERNS.century, 'absolute', (m) => century(m[1]!));
  for (const match of masked.matchAll(PATTERNS.season)) {
    const start = match.index;
    const end = start + match[0].length;
    const resolved = season(reference, match, sentence, end, placementAt(start, end));
    if (resolved === undefined) continue; // not a season: the word stays for the other readers
    if (resolved) mentions.push({ start, end, ...resolved, absolute: match[5] !== undefined });
    else if (!reference) unplaced += 1;
    mask(start, end);
  }
  claim(PATTERNS.namedMonth, 'relative', (m) => (reference && isCapitalised(m[2]!) ? namedMonth(reference, m[1]!, m[2]!) : null));
  claim(PATTERNS.between, 'absolute', (m) => yearRange(m[1]!, m[2]));
  claim(PATTERNS.year, 'absolute', (m, _start, end) => (isCounted(masked, end) ? null : yearRange(m[1]!, m[2])));

  const days: Array<{ start: number; end: number; day: number; endDay: number | null }> = [];
  for (const match of masked.matchAll(PATTERNS.dayOnly)) {
    const start = match.index;
    const end = start + match[0].length;
    days.push({ start, end, day: Number(match[1]), endDay: match[2] ? Number(match[2]) : null });
    mask(start, end);
  }

  if (CUE.test(masked)) {
    // "In 1958, the team was 3-10 on May 1": a date without a year takes a year named before it.
    // Not a fiscal year, which starts in the calendar year before ("fiscal 1990, which began Oct. 1").
    const lends = (m: Found) => precisionOf(m.date) === 'year' && m.endDate === null && !/fiscal/i.test(sentence.slice(m.start, m.end));
    const yearBefore = (index: number) => mentions.filter((m) => m.end <= index && lends(m)).at(-1) ?? null;
    const read = chronoDates(masked, reference, tenseAt, yearBefore);
    unplaced += read.unplaced;
    for (const found of read.found) {
      mentions.push(found);
      mask(found.start, found.end);
    }
  }
  mentions.push(...bareYears(masked, reference));
  mentions.sort((a, b) => a.start - b.start);

  for (const found of days) {
    const before = mentions.filter((m) => m.end <= found.start && namesMonth(m)).at(-1);
    const month = before ? before.date.slice(0, 7) : (context.month ?? (reference ? monthForDay(reference, found.day) : null));
    if (!month) continue;
    const { year, month: m } = partsOf(month);
    if (found.day > daysInMonth(year, m) || (found.endDay ?? 0) > daysInMonth(year, m)) continue;
    const endDate = found.endDay && found.endDay > found.day ? isoDay(year, m, found.endDay) : null;
    mentions.push({ start: found.start, end: found.end, date: isoDay(year, m, found.day), endDate, approximate: false, absolute: false, ...(before ? { takenFrom: before } : {}) });
  }

  // "a year earlier" counts from a date of the sentence that has its own year, else from publication.
  for (const item of deferred) {
    const anchor = mentions.filter((m) => m.absolute && m.end <= item.start).at(-1);
    const from = anchor ? anchor.date : reference;
    if (from === null) {
      unplaced += 1;
      continue;
    }
    const resolved = earlierBy(from, item.unit);
    if (resolved) mentions.push({ ...item, ...resolved, absolute: anchor !== undefined });
  }
  mentions.sort((a, b) => a.start - b.start);

  // "The last member of the 1953 team died last June": a year that qualifies a noun dates the
  // noun, not what the sentence tells, when the sentence gives another date.
  const others = (found: Found) => unplaced > 0 || mentions.some((m) => m !== found && !m.attributive);
  const told = mentions.filter((m) => !m.attributive || !others(m));

  const kept = keepTheEvents(told).map(({ start, end, date, endDate, approximate }) => ({ start, end, date, endDate, approximate }));
  const named = mentions.filter(namesMonth).at(-1);
  return { mentions: kept, month: named ? named.date.slice(0, 7) : context.month };
}

/** A clause that looks ahead ("will", "is due") or announces a schedule ("expires Nov. 15"). */
function isAhead(tense: Tense | null): boolean {
  return tense === 'future' || tense === 'present';
}

/** A mention that names one month or a day in it: "on the 19th" may take its month. */
function namesMonth(mention: DateMention): boolean {
  return !mention.approximate && precisionOf(mention.date) !== 'year' && (mention.endDate === null || mention.endDate.slice(0, 7) === mention.date.slice(0, 7));
}

/**
 * One sentence, one set of events: a date that holds a narrower one of the sentence only frames
 * it ("August ... on the 6th", "this week, on Tuesday"), so it goes.
 */
function keepTheEvents(mentions: Found[]): Found[] {
  return mentions.filter((outer) => !mentions.some((inner) => inner !== outer && frames(outer, inner)));
}

/**
 * A wider date frames a narrower one it holds when the narrower took its month from it ("August
 * ... on the 6th"), repeats its year ("In 1990 ... on Aug. 2, 1990"), or when it is a vague span
 * around an exact date ("this week, on Tuesday"). Two dates told apart ("started in early
 * December and peaked by the end of the year") are two events.
 */
function frames(outer: Found, inner: Found): boolean {
  const [outerFirst, outerLast] = [firstDay(outer.date), lastDay(outer.endDate ?? outer.date)];
  const [innerFirst, innerLast] = [firstDay(inner.date), lastDay(inner.endDate ?? inner.date)];
  const holds = outerFirst <= innerFirst && outerLast >= innerLast;
  const wider = outerFirst < innerFirst || outerLast > innerLast;
  if (!holds || !wider) return false;
  return inner.takenFrom === outer || (outer.absolute && inner.absolute) || (outer.approximate && outer.endDate !== null && !inner.approximate);
}

/** A chrono date, or a weekday still to resolve (`date` empty until then). */
type WeekdayOrDate = Found & { weekday?: number; modifier?: string };

function chronoDates(
  text: string,
  reference: string | null,
  tenseAt: (start: number, end: number) => Tense | null,
  yearBefore: (index: number) => Found | null,
): { found: Found[]; unplaced: number } {
  let unplaced = 0;
  const instant = reference ? new Date(`${reference}T12:00:00Z`) : NO_REFERENCE;
  const results = chrono.parse(text, { instant, timezone: 0 }, { forwardDate: false });
  const mentions: WeekdayOrDate[] = [];
  for (const result of results) {
    const tags = result.tags();
    // Counted from another event ("two weeks later"), not from the publication date.
    if (tags.has('result/relativeDate')) continue;
    const start = result.start;
    // "July 26, 27 and 30", "Sept. 23, 24": a second day, not the year '27.
    const dayList = /\d\s*,\s*\d{1,2}$/.test(result.text) && !tags.has('parser/SlashDateFormatParser');
    const matched = dayList ? result.text.replace(/\s*,\s*\d{1,2}$/, '') : result.text;
    const yearKnown = start.isCertain('year') && !dayList;
    // "fell 7/8", "2 1/2 times": wire copy writes a date with its month's name, so a number
    // over a number without a year is a fraction or a price.
    if (tags.has('parser/SlashDateFormatParser') && !yearKnown) continue;
    const casual = [...tags].some((tag) => tag.startsWith('casualReference') || tag.includes('Casual'));
    const monthKnown = start.isCertain('month');
    const dayKnown = start.isCertain('day');
    const weekdayKnown = start.isCertain('weekday');
    // chrono may take the comma after a date ("in June, will ...").
    const span = { start: result.index, end: result.index + matched.replace(/[\s,]+$/, '').length, absolute: yearKnown };
    const before = text.slice(0, result.index);

    if (weekdayKnown && !dayKnown) {
      // "Sun's results", "they wed", "weekend": a weekday is written out and capitalised.
      const name = WEEKDAY_WORD.exec(matched);
      if (!name) continue;
      if (!reference) {
        unplaced += 1;
        continue;
      }
      // "Black Monday", "Good Friday": a name, not the weekday of the article's week.
      if (NAMED_WEEKDAYS.has(lastWord(before + matched.slice(0, name.index)).toLowerCase())) continue;
      // "a Sunday evening program", "every Tuesday": a kind of day, not a date.
      if (GENERIC_WEEKDAY.test(text.slice(Math.max(0, result.index - 12), result.index))) continue;
      mentions.push({ ...span, date: '', endDate: null, approximate: false, weekday: start.get('weekday')!, modifier: matched.toLowerCase() });
      continue;
    }
    if (casual) {
      if (!reference) {
        unplaced += DAY_WORD.test(matched) ? 1 : 0;
        continue;
      }
      if (DAY_WORD.test(matched) && dayKnown) {
        mentions.push({ ...span, absolute: false, date: isoDay(start.get('year')!, start.get('month')!, start.get('day')!), endDate: null, approximate: false });
      } else if (THIS_PART_OF_DAY.test(matched.trim())) {
        mentions.push({ ...span, absolute: false, date: reference, endDate: null, approximate: false });
      }
      // "in the morning", "that night": a time of day names no day.
      continue;
    }
    // Month and weekday names are capitalised; "may" and "march" in lower case are verbs.
    if (!/[A-Z\d]/.test(matched)) continue;
    if (monthKnown && !dayKnown && !yearKnown && !isMonthAlone(text, result.index, matched)) continue;
    if (!reference && !yearKnown) {
      unplaced += 1;
      continue;
    }
    const named = yearKnown || !monthKnown ? null : yearBefore(span.start);
    const givenYear = named ? Number(named.date) : null;
    // "The deadline is Nov. 15": a copula tells no side, so the nearer date is meant.
    const tense = yearKnown ? null : tenseAt(span.start, span.end);
    const lean: Lean = isAhead(tense) ? 'future' : tense === 'stative' ? 'nearest' : 'past';
    const date = dateOf(start, dayKnown, monthKnown, yearKnown, reference, lean, givenYear);
    if (!date) continue;
    const endComponents = result.end;
    let end = endComponents
      ? dateOf(endComponents, endComponents.isCertain('day'), endComponents.isCertain('month'), endComponents.isCertain('year'), reference, lean, givenYear)
      : null;
    // "April 16 to 19", "Dec. 30 to Jan. 2": an end without a year runs on from the start.
    if (end && !named && !endComponents!.isCertain('year')) end = `${partsOf(date).year + (end.slice(5) < date.slice(5) ? 1 : 0)}${end.slice(4)}`;
    const agrees = !weekdayKnown || !dayKnown || weekdayOf(date) === start.get('weekday');
    // "the week of March 3", "the quarter ended Sept. 30": the week or quarter, not the day.
    const lead = precisionOf(date) === 'day' && !end ? PERIOD_LEAD.exec(before) : null;
    if (lead) {
      const { year, month } = partsOf(date);
      const period = lead[1]!.toLowerCase() === 'week' ? weekOf(date) : quarterSpan(year, Math.ceil(month / 3));
      mentions.push({ ...span, start: lead.index, ...period, approximate: false });
      continue;
    }
    mentions.push({ ...span, date, endDate: end && end > date ? end : null, approximate: !agrees, ...(named ? { takenFrom: named } : {}) });
  }
  return { found: mergeWeekdays(mentions, text, reference, tenseAt), unplaced };
}

/**
 * A month named alone ("in March", "August saw a shift") is a date when a preposition or a
 * modifier leads it, when "the" leads it into a noun ("the March meeting"), or when it opens
 * the sentence before a verb; "the March on Washington", "an August body" and "August Wilson"
 * are no month.
 */
function isMonthAlone(text: string, index: number, word: string): boolean {
  const before = text.slice(0, index).replace(/[-\s]+$/, '');
  const previous = lastWord(before).toLowerCase();
  const next = /^\s*([\p{L}'’]+)/u.exec(text.slice(index + word.length))?.[1] ?? '';
  const nextIsLower = /^\p{Ll}/u.test(next);
  if (MONTH_CUES.has(previous)) return true;
  if (previous === 'the') return nextIsLower && !PREPOSITION_AFTER.test(next);
  const opens = !/\p{L}/u.test(before);
  return opens && nextIsLower && word.toLowerCase() !== 'may';
}

function lastWord(text: string): string {
  return /([\p{L}\p{N}.'’#]+)[^\p{L}\p{N}]*$/u.exec(text)?.[1]?.replace(/[.'’]+$/, '') ?? '';
}

/**
 * "On Tuesday (April 18)": the weekday and the date are one mention and must agree; a weekday
 * alone is the one on or before the publication date, or on or after it when its clause looks
 * ahead ("will meet Monday", "meets Monday"); "last" is strictly before, "next" strictly after.
 */
function mergeWeekdays(mentions: WeekdayOrDate[], text: string, reference: string | null, tenseAt: (start: number, end: number) => Tense | null): Found[] {
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
    const tense = tenseAt(mention.start, mention.end);
    const date = resolveWeekday(reference, weekday, mention.modifier ?? '', tense !== null && tense !== 'past');
    out.push({ start: mention.start, end: mention.end, date, endDate: null, approximate: false, absolute: false });
  }
  return out.map(({ weekday: _weekday, modifier: _modifier, ...found }) => found);
}

/** The weekday on or before the publication date (on or after when `ahead`); "last" strictly before, "next" strictly after. */
export function resolveWeekday(reference: string, weekday: number, phrase: string, ahead = false): string {
  const back = (weekdayOf(reference) - weekday + 7) % 7;
  const forward = (weekday - weekdayOf(reference) + 7) % 7;
  if (/\bnext\b/.test(phrase)) return addDays(reference, forward || 7);
  if (/\b(last|past|previous)\b/.test(phrase)) return addDays(reference, -(back || 7));
  // "this Sunday" is the coming one.
  return ahead || /\bthis\b/.test(phrase) ? addDays(reference, forward) : addDays(reference, -back);
}

/** A chrono result as a date; without a year of its own, the tense of its clause places it. */
function dateOf(
  components: chrono.ParsedComponents,
  day: boolean,
  month: boolean,
  year: boolean,
  reference: string | null,
  lean: Lean,
  givenYear: number | null = null,
): string | null {
  const m = components.get('month')!;
  if (!year && givenYear !== null && month) {
    const d = components.get('day')!;
    if (!day) return isoMonth(givenYear, m);
    return d <= daysInMonth(givenYear, m) ? isoDay(givenYear, m, d) : null;
  }
  if (!year) {
    if (!reference || !month) return null;
    if (day) {
      const d = components.get('day')!;
      const y = yearOfDay(reference, m, d, lean);
      return d <= daysInMonth(y, m) ? isoDay(y, m, d) : null;
    }
    return isoMonth(yearOfMonth(reference, m, lean), m);
  }
  const y = components.get('year')!;
  if (day) return isoDay(y, m, components.get('day')!);
  if (month) return isoMonth(y, m);
  return String(y);
}

/**
 * Four-digit numbers that are years: "a 1996 law", "fiscal 1989", "2009-2010", "1957-58",
 * "1987's crash". Not a count or a measure ("2000 troops", "1998 points", "at 2100 GMT"), a
 * number after a word that numbers things ("No. 1990", "Flight 2000"), a quantity ("nearly
 * 2000"), a price ("$1996", "1,996" and "1996.5" never match) or a figure far in the future.
 */
function bareYears(text: string, reference: string | null): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(PATTERNS.bareYear)) {
    const year = Number(match[1]);
    if (reference && year > partsOf(reference).year + YEARS_AHEAD) continue;
    const previous = lastWord(text.slice(0, match.index)).toLowerCase();
    if (YEAR_BLOCKERS.has(previous) || QUANTITY_WORDS.has(previous)) continue;
    if (isCounted(text, match.index + match[0].length)) continue;
    const attributive = match[2] === undefined && !/['’]s$/.test(match[0]) && DETERMINERS.test(previous) && /^\s+\p{Ll}/u.test(text.slice(match.index + match[0].length));
    const range = yearRange(match[1]!, match[2]);
    found.push({ start: match.index, end: match.index + match[0].length, ...range, absolute: true, attributive });
  }
  return found;
}

/** Whether the words after a number make it a count or a measure: "2000 troops", "1600 Pennsylvania Avenue". */
function isCounted(text: string, end: number): boolean {
  const following = /^\s*(\p{L}+)(?:\s+(\p{L}+))?/u.exec(text.slice(end));
  const next = following?.[1] ?? '';
  if (COUNT_NOUNS.has(next.toLowerCase())) return true;
  return /^\p{Lu}/u.test(next) && COUNT_NOUNS.has((following?.[2] ?? '').toLowerCase());
}

/** "2009-2010", "1957-58": a span of years; an end that is no later year is no range. */
function yearRange(first: string, last: string | undefined): Resolved {
  const start = Number(first);
  let end = last === undefined ? null : Number(last);
  if (end !== null && last!.length === 2) {
    end += Math.floor(start / 100) * 100;
    if (end < start) end += 100;
  }
  const isRange = end !== null && end > start && end - start <= LONGEST_YEAR_RANGE;
  return { date: first, endDate: isRange ? String(end) : null, approximate: false };
}

function count(word: string | undefined): number {
  if (word === undefined) return 1;
  const key = word.toLowerCase().replace(/\s+/g, ' ');
  return vocabulary.numbers[key] ?? Number(key);
}

function unitOf(word: string | undefined): Unit {
  return vocabulary.spanUnits[(word ?? '').toLowerCase().replace(/\s+/g, ' ')] ?? 'day';
}

function isCapitalised(word: string): boolean {
  return /^[A-Z]/.test(word);
}

const approx = (date: string, endDate: string | null = null): Resolved => ({ date, endDate: endDate === date ? null : endDate, approximate: true });
const exact = (date: string, endDate: string | null = null): Resolved => ({ date, endDate: endDate === date ? null : endDate, approximate: false });

function quarterSpan(year: number, quarter: number): Resolved {
  return exact(isoMonth(year, quarter * 3 - 2), isoMonth(year, quarter * 3));
}

/** "two years ago" is a year, "three months ago" a month, "three weeks ago" a week, "10 days ago" a day. */
function agoSpan(reference: string, n: number, unit: Unit): Resolved {
  const { year, month } = partsOf(reference);
  switch (unit) {
    case 'day':
      return exact(addDays(reference, -n));
    case 'week': {
      const monday = weekStart(addDays(reference, -7 * n));
      return approx(monday, addDays(monday, 6));
    }
    case 'month': {
      const then = addMonths(year, month, -n);
      return approx(isoMonth(then.year, then.month));
    }
    case 'quarter': {
      const then = addMonths(year, month, -3 * n);
      return { ...quarterSpan(then.year, Math.ceil(then.month / 3)), approximate: true };
    }
    case 'year':
      return approx(String(year - n));
    case 'decade':
      return approx(String(year - 10 * n));
  }
}

/** "a year earlier", "a quarter earlier": one unit back from `from`, at the unit's precision. */
function earlierBy(from: string, unit: Unit): Resolved | null {
  const { year, month } = partsOf(from);
  if (unit === 'year') return approx(String(year - 1));
  if (precisionOf(from) === 'year') return null;
  const then = addMonths(year, month, -3);
  return { ...quarterSpan(then.year, Math.ceil(then.month / 3)), approximate: true };
}

/** "this week", "last year", "next month", "the current quarter". */
function namedSpan(reference: string, word: string, unit: Unit): Resolved | null {
  const lower = word.toLowerCase().replace(/\s+/g, ' ');
  const shift = vocabulary.spanLast.includes(lower) ? -1 : vocabulary.spanNext.includes(lower) ? 1 : 0;
  const { year, month } = partsOf(reference);
  switch (unit) {
    case 'day':
      // "the next day", "this day": a day of the story, not one counted from publication.
      return null;
    case 'week': {
      const monday = addDays(weekStart(reference), 7 * shift);
      return approx(monday, addDays(monday, 6));
    }
    case 'month': {
      const then = addMonths(year, month, shift);
      return approx(isoMonth(then.year, then.month));
    }
    case 'quarter': {
      const then = addMonths(year, month, 3 * shift);
      return quarterSpan(then.year, Math.ceil(then.month / 3));
    }
    case 'year':
      return approx(String(year + shift));
    case 'decade': {
      const first = Math.floor(year / 10) * 10 + 10 * shift;
      return approx(String(first), String(first + 9));
    }
  }
}

/** "the end of the year", "year-end", "the start of the quarter": the year, quarter or month whose part is meant. */
function yearPart(reference: string, part: string, unit: string, placement: Placement): Resolved {
  const partMonth = vocabulary.yearParts[part.toLowerCase()] ?? 12;
  if (unit.toLowerCase() === 'year') return approx(String(yearOfPeriod(reference, partMonth, partMonth, placement)));
  if (unit.toLowerCase() === 'month') {
    // The part's days: the first ten, the middle ten, the last ten or so.
    const { year, month, day } = partsOf(reference);
    const partDay = partMonth === 1 ? 1 : partMonth === 12 ? 21 : 11;
    const shift = placement === 'past' ? (day >= partDay ? 0 : -1) : day <= partDay + 9 ? 0 : 1;
    const then = addMonths(year, month, shift);
    return approx(isoMonth(then.year, then.month));
  }
  // The quarter's own month for the part: its first, second or third.
  const { year, month } = partsOf(reference);
  const offset = partMonth === 1 ? 0 : partMonth === 12 ? 2 : 1;
  let quarterStart = addMonths(year, month, -((month - 1) % 3));
  const partOf = (start: { year: number; month: number }) => start.year * 12 + start.month + offset;
  const now = year * 12 + month;
  if (placement === 'past' && partOf(quarterStart) > now) quarterStart = addMonths(quarterStart.year, quarterStart.month, -3);
  if (placement === 'future' && partOf(quarterStart) < now) quarterStart = addMonths(quarterStart.year, quarterStart.month, 3);
  return { ...quarterSpan(quarterStart.year, Math.ceil(quarterStart.month / 3)), approximate: true };
}

/** "June last year", "March 3 this year". */
function monthOfYear(reference: string, name: string, day: string | undefined, word: string): Resolved | null {
  const month = MONTH_NAMES.indexOf(name.toLowerCase()) + 1;
  const shift = { last: -1, this: 0, next: 1 }[word.toLowerCase() as 'last' | 'this' | 'next'];
  const year = partsOf(reference).year + shift;
  if (day === undefined) return exact(isoMonth(year, month));
  const d = Number(day);
  return d >= 1 && d <= daysInMonth(year, month) ? exact(isoDay(year, month, d)) : null;
}

/**
 * "the third quarter", "the first half of 1990", "1989's fourth quarter", "fourth-quarter
 * profit": a span of three or six months, in the year named, else the one the clause means.
 */
function partOfYear(reference: string | null, m: RegExpExecArray, placement: Placement): Resolved | null {
  const ordinal = vocabulary.ordinals[m[3]!.toLowerCase()]!;
  const half = m[4]!.toLowerCase() === 'half';
  if (half && ordinal > 2) return null;
  const [first, last] = half ? [ordinal * 6 - 5, ordinal * 6] : [ordinal * 3 - 2, ordinal * 3];
  const named = m[1] ?? m[2] ?? m[5];
  let year: number | null = named ? Number(named) : null;
  if (year === null && reference) {
    const shift = m[6] ? { last: -1, this: 0, next: 1 }[m[6].toLowerCase() as 'last' | 'this' | 'next'] : null;
    year = shift !== null ? partsOf(reference).year + shift : yearOfPeriod(reference, first, last, placement);
  }
  if (year === null) return null;
  const span = monthSpan(year, first, last);
  return exact(span.date, span.endDate);
}

/** "Q3 2024", "2024 Q3", "Q3". */
function quarterCode(reference: string | null, m: RegExpExecArray, placement: Placement): Resolved | null {
  const quarter = Number(m[1] ?? m[4]);
  const named = m[2] ?? m[3];
  if (named) return quarterSpan(Number(named), quarter);
  if (!reference) return null;
  return quarterSpan(yearOfPeriod(reference, quarter * 3 - 2, quarter * 3, placement), quarter);
}

function weekend(reference: string, word: string, placement: Placement): Resolved {
  const lower = word.toLowerCase().replace(/\s+/g, ' ');
  const chosen: Placement =
    lower === 'this' || lower === 'coming' ? (lower === 'coming' ? 'future' : 'this') : lower === 'next' ? 'next' : /past|last/.test(lower) ? 'last' : placement;
  return exact(...(Object.values(weekendOf(reference, chosen)) as [string, string]));
}

/** "the 1990s", "the mid-1980s", "the '80s": the ten years, approximate when only a part is meant. */
function decade(reference: string | null, part: string | undefined, digits: string | undefined, short: string | undefined): Resolved | null {
  let first: number;
  if (digits) first = Number(digits) * 10;
  else {
    if (!reference) return null;
    const refYear = partsOf(reference).year;
    first = Math.floor(refYear / 100) * 100 + Number(short) * 10;
    if (first > refYear) first -= 100;
  }
  return { date: String(first), endDate: String(first + 9), approximate: part !== undefined };
}

/** "the 20th century": 1900 to 1999, as the style of the wire counts it. */
function century(ordinal: string): Resolved | null {
  const n = Number(ordinal);
  if (n < 1 || n > 21) return null;
  return exact(String((n - 1) * 100), String((n - 1) * 100 + 99));
}

/**
 * "in the fall", "last winter", "the summer of 2022": the season's months, approximate.
 * Undefined when the word is no season here ("will fall to dust", "the fall of the city",
 * "British Summer Time"); null when it is one that needs the publication date.
 */
function season(reference: string | null, m: RegExpExecArray, sentence: string, end: number, placement: Placement): Resolved | null | undefined {
  const [cue, modifier, part, name, year] = [m[1], m[2], m[3], m[4]!, m[5]];
  if (!year) {
    if (/^\s+of\b/i.test(sentence.slice(end))) return undefined;
    if (!cue && !modifier && !part) return undefined;
    // A capitalised season inside a sentence is part of a name unless a modifier leads it.
    const nameStart = m.index + m[0].length - name.length;
    if (/^\p{Lu}/u.test(name) && /\p{L}/u.test(sentence.slice(0, nameStart)) && !modifier) return undefined;
  }
  const [first, lastMonth] = vocabulary.seasons[name.toLowerCase()]!;
  const last = lastMonth < first ? lastMonth + 12 : lastMonth;
  const span = (y: number) => {
    const months = monthSpan(y, first, last);
    return approx(months.date, months.endDate);
  };
  if (year) return span(Number(year));
  if (!reference) return null;
  const word = modifier?.toLowerCase();
  const chosen: Placement =
    word === 'last' || word === 'past' || word === 'previous' ? 'last' : word === 'next' || word === 'coming' ? 'next' : word === 'this' ? 'this' : placement;
  return span(yearOfPeriod(reference, first, last, chosen));
}

/**
 * "last February" is the latest February before the publication month; "next March" the first
 * March after it; "this May" the one of the publication year.
 */
function namedMonth(reference: string, word: string, name: string): Resolved {
  const month = MONTH_NAMES.indexOf(name.toLowerCase()) + 1;
  const lower = word.toLowerCase() as Placement;
  return exact(isoMonth(yearOfPeriod(reference, month, month, lower), month));
}

/** With no month named before it, "on the 20th" is the latest 20th on or before publication. */
function monthForDay(reference: string, day: number): string {
  const { year, month, day: refDay } = partsOf(reference);
  if (day <= refDay) return isoMonth(year, month);
  const before = addMonths(year, month, -1);
  return isoMonth(before.year, before.month);
}
