/**
 * The timeline's query structures, built once after a change: the events of all articles
 * merged (the same event reported by several articles is one event with several sources),
 * sorted, and indexed by month, year and passage.
 */
import { readJson, readList } from '../data.js';
import { formatDate } from '../format.js';
import type { Citation, Suggestion, TimelineEvent } from '../types.js';
import { MONTH_NAMES, type Precision, WEEKDAY_NAMES, daysBetween, firstDay, lastDay, partsOf, precisionOf } from './calendar.js';
import type { ArticleEvents, ExtractedEvent } from './extract.js';
import type { Period } from './query.js';
import { createCorpusOrder } from '../corpus/order.js';

export interface PeriodCount {
  period: string;
  events: number;
}

export interface Built {
  /** Every event, merged and sorted: by date, then days before months before years. */
  events: TimelineEvent[];
  /** 0..events.length-1: the whole timeline. */
  all: number[];
  /** First and last day each event covers, by rank. */
  firstDays: string[];
  lastDays: string[];
  spanDays: number[];
  /** `YYYY-MM` -> ranks of the day and month events in that month, ascending. */
  byMonth: Map<string, number[]>;
  /** `YYYY` -> ranks of every event in that year, ascending. */
  byYear: Map<string, number[]>;
  monthKeys: string[];
  yearKeys: string[];
  suggestions: Array<{ key: string; words: string[]; suggestion: Suggestion }>;
  /** The ranks of the events told in these passages, ascending. */
  ranksOfPassages(ids: Iterable<string>): number[];
  /** The ranks of the events told in one passage, ascending (empty when it tells none). */
  ranksOfPassage(id: string): readonly number[];
  /** The passages that tell the event of a rank (one a report). */
  passagesOf(rank: number): readonly string[];
  /** Every passage that tells an event. */
  eventPassages(): ReadonlySet<string>;
  /** The events of `ranks`, counted by month (by year for events dated only by year). */
  breakdown(ranks: number[]): PeriodCount[];
  /** The periods that have events, the nearest to `period` first, in date order. */
  nearestPeriods(period: Period | null, max: number): PeriodCount[];
}

const stopwords = new Set(readList('stopwords.txt'));
/** Words of a date ("last", "year", "March"): two reports of one date share them whatever they tell. */
const dateWords = (() => {
  const vocabulary = readJson<{ spanUnits: Record<string, string>; spanThis: string[]; spanLast: string[]; spanNext: string[]; ordinals: Record<string, number> }>('timeline-vocabulary.json');
  const phrases = [...Object.keys(vocabulary.spanUnits), ...vocabulary.spanThis, ...vocabulary.spanLast, ...vocabulary.spanNext, ...Object.keys(vocabulary.ordinals)];
  const names = [...MONTH_NAMES, ...WEEKDAY_NAMES].flatMap((name) => [name, name.slice(0, 3), name.slice(0, 4)]);
  return new Set([...names, ...phrases.flatMap((phrase) => phrase.split(' ')), 'ago', 'today', 'yesterday', 'tomorrow', 'tonight', 'weekend', 'half']);
})();
const RANK: Record<Precision, number> = { day: 0, month: 1, year: 2 };
// Two reports of one event share most of their words, and enough of them: Jaccard over content
// words, or one sentence's words almost all found in the other's, with at least MIN_SHARED in
// common ("… rose last year" alone is no shared event).
const SAME_JACCARD = 0.5;
const SAME_OVERLAP = 0.8;
const MIN_SHARED = 4;
// A span belongs to every period it overlaps only when it is no longer than the period
// ("30 Jul - 2 Aug" is in July and August); a longer one ("the past decade") belongs to the
// period it starts in, so that a year query is not filled with decades.
const MONTH_DAYS = 31;
const YEAR_DAYS = 366;

interface Found extends ExtractedEvent {
  citation: Citation;
  /** Its content words, worked out when its date has other reports to compare it with. */
  words: Set<string> | null;
  /** Its place among its article's events. */
  index: number;
  /** Its dates, `date|endDate`: only reports of the same dates can be one event. */
  bucket: string;
}

/** One merged event, with what the indexes need of it worked out once. */
interface Cluster {
  event: TimelineEvent;
  key: string;
  passages: string[];
  firstDay: string;
  lastDay: string;
  spanDays: number;
  years: string[];
  months: string[];
  /** Its month ("Aug 2024"), or its year when dated by year only. */
  period: string;
}

export interface TimelineMerge {
  /** Adds or replaces one article's events (`file` places it in corpus order). */
  setArticle(events: ArticleEvents, file: string): void;
  removeArticle(articleId: string): void;
  /** The query structures over the events as they are now, made again only after a change. */
  built(): Built;
}

/**
 * The merged events, kept up to date one article at a time: a change merges again only the
 * reports of the dates it touches (reports of one event share their dates), in corpus order,
 * as one build over the same articles would; the month, year and passage indexes are then
 * laid out again in one pass over the sorted events.
 */
export function createTimelineMerge(): TimelineMerge {
  const articles = new Map<string, { events: ArticleEvents; reports: Found[] }>();
  const order = createCorpusOrder();
  /** Date -> its reports, in corpus order. */
  const buckets = new Map<string, Found[]>();
  const clustersOf = new Map<string, Cluster[]>();
  let sorted: Cluster[] = [];
  let built: Built | null = null;
  /** Dates whose reports changed since the events were last merged. */
  const dirty = new Set<string>();
  const byPlace = (a: Found, b: Found) => order.rank(a.citation.articleId) - order.rank(b.citation.articleId) || a.index - b.index;

  function setArticle(events: ArticleEvents, file: string): void {
    removeArticle(events.articleId);
    order.place(events.articleId, file);
    const reports = events.events.map(
      (event, index): Found => ({ id: event.id, text: event.text, date: event.date, endDate: event.endDate, approximate: event.approximate, citation: events.citation, words: null, index, bucket: `${event.date}|${event.endDate ?? ''}` }),
    );
    articles.set(events.articleId, { events, reports });
    for (const report of reports) {
      const bucket = buckets.get(report.bucket);
      if (bucket === undefined) buckets.set(report.bucket, [report]);
      else bucket.push(report);
      dirty.add(report.bucket);
    }
    built = null;
  }

  function removeArticle(articleId: string): void {
    const before = articles.get(articleId);
    if (!before) return;
    articles.delete(articleId);
    for (const report of before.reports) {
      const bucket = buckets.get(report.bucket)!;
      bucket.splice(bucket.indexOf(report), 1);
      if (bucket.length === 0) buckets.delete(report.bucket);
      dirty.add(report.bucket);
    }
    order.remove(articleId);
    built = null;
  }

  function remerge(): void {
    const gone = new Set<Cluster>();
    const made: Cluster[] = [];
    for (const key of dirty) {
      for (const cluster of clustersOf.get(key) ?? []) gone.add(cluster);
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        clustersOf.delete(key);
        continue;
      }
      bucket.sort(byPlace);
      const clusters = clusterReports(bucket).map(toCluster);
      clustersOf.set(key, clusters);
      made.push(...clusters);
    }
    dirty.clear();
    if (gone.size > 0) sorted = sorted.filter((cluster) => !gone.has(cluster));
    made.sort(byKey);
    if (made.length > sorted.length / 8) sorted = mergeSorted(sorted, made);
    else for (const cluster of made) sorted.splice(upperBound(sorted, cluster), 0, cluster);
  }

  return {
    setArticle,
    removeArticle,
    built() {
      if (built) return built;
      if (dirty.size > 0) remerge();
      return (built = layOut(sorted));
    },
  };
}

function byKey(a: Cluster, b: Cluster): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The place after every cluster that sorts before or with `cluster`. */
function upperBound(list: Cluster[], cluster: Cluster): number {
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byKey(cluster, list[middle]!) < 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

function mergeSorted(a: Cluster[], b: Cluster[]): Cluster[] {
  const out: Cluster[] = [];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) out.push(byKey(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

function toCluster(reports: Found[]): Cluster {
  const event = toTimelineEvent(reports);
  const first = firstDay(event.date);
  const last = lastDay(event.endDate ?? event.date);
  const days = daysBetween(first, last);
  return {
    event,
    key: sortKey(event),
    passages: reports.map((found) => found.id),
    firstDay: first,
    lastDay: last,
    spanDays: days,
    years: days <= YEAR_DAYS ? spanOf(first.slice(0, 4), last.slice(0, 4), 'year') : [first.slice(0, 4)],
    months: precisionOf(event.date) === 'year' ? [] : days <= MONTH_DAYS ? spanOf(first.slice(0, 7), last.slice(0, 7), 'month') : [first.slice(0, 7)],
    period: periodLabel(event.date.slice(0, 7)),
  };
}

/** The query structures over merged events sorted by date. */
function layOut(clusters: Cluster[]): Built {
  const sorted = clusters.map((cluster) => cluster.event);
  const firstDays = clusters.map((cluster) => cluster.firstDay);
  const lastDays = clusters.map((cluster) => cluster.lastDay);
  const spanDays = clusters.map((cluster) => cluster.spanDays);
  const byMonth = new Map<string, number[]>();
  const byYear = new Map<string, number[]>();
  const byPassage = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, rank: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [rank]);
    else if (list.at(-1) !== rank) list.push(rank);
  };
  clusters.forEach((cluster, rank) => {
    for (const year of cluster.years) push(byYear, year, rank);
    for (const month of cluster.months) push(byMonth, month, rank);
    for (const id of cluster.passages) push(byPassage, id, rank);
  });
  const monthKeys = [...byMonth.keys()].sort();
  const yearKeys = [...byYear.keys()].sort();
  const all = sorted.map((_, rank) => rank);

  // Each rank's period (its month, or its year when dated by year only) as a number, so that
  // counting a result by period is one pass over its ranks. Ranks are in date order, so the
  // periods come out in date order too.
  const periodLabels: string[] = [];
  const periodOf = new Int32Array(sorted.length);
  clusters.forEach((cluster, rank) => {
    if (periodLabels.at(-1) !== cluster.period) periodLabels.push(cluster.period);
    periodOf[rank] = periodLabels.length - 1;
  });
  function breakdown(ranks: number[]): PeriodCount[] {
    const counts = new Map<number, number>();
    for (const rank of ranks) counts.set(periodOf[rank]!, (counts.get(periodOf[rank]!) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([period, count]) => ({ period: periodLabels[period]!, events: count }));
  }
  const allPeriods = breakdown(all);
  let eventPassages: Set<string> | undefined;

  return {
    events: sorted,
    all,
    firstDays,
    lastDays,
    spanDays,
    byMonth,
    byYear,
    monthKeys,
    yearKeys,
    suggestions: suggestionsOf(monthKeys, yearKeys, byMonth, byYear),
    ranksOfPassages: (ids) => unite([...ids].map((id) => byPassage.get(id) ?? []), sorted.length),
    ranksOfPassage: (id) => byPassage.get(id) ?? [],
    passagesOf: (rank) => clusters[rank]!.passages,
    eventPassages: () => (eventPassages ??= new Set(byPassage.keys())),
    breakdown: (ranks) => (ranks === all ? allPeriods : breakdown(ranks)),
    nearestPeriods(period, max) {
      const byYears = period?.kind === 'range' && period.precision === 'year';
      const keys = byYears || monthKeys.length === 0 ? yearKeys : monthKeys;
      const index = byYears || monthKeys.length === 0 ? byYear : byMonth;
      const anchor = period?.kind === 'range' ? period.from.slice(0, keys[0]?.length ?? 7) : null;
      const target = anchor === null ? null : monthsOf(anchor);
      const distance = new Map(keys.map((key) => [key, target === null ? -monthsOf(key) : Math.abs(monthsOf(key) - target)]));
      return [...keys]
        .sort((a, b) => distance.get(a)! - distance.get(b)! || (a < b ? -1 : 1))
        .slice(0, max)
        .sort()
        .map((key) => ({ period: formatDate(key), events: index.get(key)!.length }));
    },
  };
}

/** The ranks of the events in a period, ascending. */
export function ranksOfPeriod(built: Built, period: Period): number[] {
  if (period.kind === 'month') {
    const month = String(period.month).padStart(2, '0');
    return unite(built.monthKeys.filter((key) => key.endsWith(`-${month}`)).map((key) => built.byMonth.get(key)!), built.events.length);
  }
  const byYear = period.precision === 'year';
  // One whole month or year is one list of the index, built by the same rule.
  if (period.from === period.to && period.from.length === (byYear ? 4 : 7)) return (byYear ? built.byYear : built.byMonth).get(period.from) ?? [];
  const from = firstDay(period.from);
  const to = lastDay(period.to);
  const keys = byYear ? built.yearKeys : built.monthKeys;
  const width = byYear ? 4 : 7;
  const candidates = keys.filter((key) => key >= from.slice(0, width) && key <= to.slice(0, width)).map((key) => (byYear ? built.byYear : built.byMonth).get(key)!);
  const periodDays = daysBetween(from, to);
  return unite(candidates, built.events.length).filter(
    (rank) =>
      RANK[precisionOf(built.events[rank]!.date)] <= RANK[period.precision] &&
      built.firstDays[rank]! <= to &&
      built.lastDays[rank]! >= from &&
      (built.firstDays[rank]! >= from || built.spanDays[rank]! <= periodDays),
  );
}

/** Ascending ranks without repeats, from lists that are each ascending. */
function unite(lists: number[][], size: number): number[] {
  if (lists.length === 1) return lists[0]!;
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  if (total * 16 < size) return [...new Set(lists.flat())].sort((a, b) => a - b);
  // A large union is cheaper as marks over every rank than as a sort.
  const marks = new Uint8Array(size);
  for (const list of lists) for (const rank of list) marks[rank] = 1;
  const out: number[] = [];
  for (let rank = 0; rank < size; rank += 1) if (marks[rank]) out.push(rank);
  return out;
}

/** The ranks of `a` that are also in `b`, ascending. */
export function intersect(a: number[], b: number[], size: number): number[] {
  const marks = new Uint8Array(size);
  for (const rank of b) marks[rank] = 1;
  return a.filter((rank) => marks[rank] === 1);
}

function spanOf(first: string, last: string, unit: 'month' | 'year'): string[] {
  if (first === last) return [first];
  const keys: string[] = [];
  if (unit === 'year') {
    for (let year = Number(first); year <= Number(last); year += 1) keys.push(String(year));
  } else {
    let { year, month } = partsOf(first);
    for (let key = first; key <= last; ) {
      keys.push(key);
      month += 1;
      if (month > 12) [year, month] = [year + 1, 1];
      key = `${year}-${String(month).padStart(2, '0')}`;
    }
  }
  return keys;
}

function monthsOf(key: string): number {
  const { year, month } = partsOf(key);
  return year * 12 + (key.length === 4 ? 6 : month);
}

/** "2024-08-06" sorts before "2024-08" (days before months), which sorts before "2024". */
function sortKey(event: TimelineEvent): string {
  const pad = (date: string) => (date.length === 4 ? `${date}-99-99` : date.length === 7 ? `${date}-99` : date);
  return [pad(event.date), event.endDate ? pad(event.endDate) : '', event.approximate ? 1 : 0, event.articleDate ?? '9999', event.id, event.text].join('|');
}

/**
 * Groups the reports of one date (in corpus order) into events: similar wording, different
 * articles. Words point to the clusters that hold them, so no pair is compared blindly.
 */
function clusterReports(bucket: Found[]): Found[][] {
  if (bucket.length === 1) return [bucket];
  for (const found of bucket) found.words ??= contentWords(found.text);
  const local: Found[][] = [];
  const holders = new Map<string, number[]>();
  for (const found of bucket) {
    const shared = new Map<number, number>();
    for (const word of found.words!) for (const c of holders.get(word) ?? []) shared.set(c, (shared.get(c) ?? 0) + 1);
    let target = -1;
    for (const [c, common] of shared) {
      const first = local[c]![0]!;
      if (local[c]!.some((other) => other.citation.articleId === found.citation.articleId)) continue;
      const union = first.words!.size + found.words!.size - common;
      const overlap = common / Math.max(1, Math.min(first.words!.size, found.words!.size));
      if (common >= MIN_SHARED && (common / union >= SAME_JACCARD || overlap >= SAME_OVERLAP)) {
        target = c;
        break;
      }
    }
    if (target === -1) {
      target = local.length;
      local.push([]);
      // Only a cluster's first report is compared against, so only its words are indexed.
      for (const word of found.words!) (holders.get(word) ?? holders.set(word, []).get(word)!).push(target);
    }
    local[target]!.push(found);
  }
  return local;
}

function contentWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}[\p{L}\d'’-]*/gu) ?? []).filter((word) => word.length > 2 && !stopwords.has(word) && !dateWords.has(word)));
}

/** The event as its earliest report with a known date tells it, with every report as a source. */
function toTimelineEvent(reports: Found[]): TimelineEvent {
  // Most events have one report: nothing to choose or sort.
  const lead = reports.length === 1 ? reports[0]! : [...reports].sort((a, b) => byEarliest(a.citation, b.citation))[0]!;
  const sources = reports.length === 1 ? [lead.citation] : reports.map((report) => report.citation).sort(bySourceDate);
  return {
    ...lead.citation,
    date: lead.date,
    endDate: lead.endDate,
    approximate: lead.approximate,
    text: lead.text,
    id: lead.id,
    articleDate: lead.citation.date,
    sources,
  };
}

function byEarliest(a: Citation, b: Citation): number {
  return Number(a.dateEstimated) - Number(b.dateEstimated) || (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.articleId.localeCompare(b.articleId);
}

function bySourceDate(a: Citation, b: Citation): number {
  return (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.articleId.localeCompare(b.articleId);
}

/** "Aug 2024" for "2024-08", worked out once a month. */
const periodLabels = new Map<string, string>();
function periodLabel(month: string): string {
  let label = periodLabels.get(month);
  if (label === undefined) periodLabels.set(month, (label = formatDate(month)));
  return label;
}

function suggestionsOf(
  monthKeys: string[],
  yearKeys: string[],
  byMonth: Map<string, number[]>,
  byYear: Map<string, number[]>,
): Built['suggestions'] {
  const plural = (count: number) => `${count} event${count === 1 ? '' : 's'}`;
  const out: Built['suggestions'] = [];
  // The newest first: a year, then its months.
  for (const year of [...yearKeys].reverse()) {
    const count = byYear.get(year)!.length;
    out.push({ key: year, words: [year], suggestion: { label: `${year} — ${plural(count)}`, value: year, count } });
    for (const key of monthKeys.filter((month) => month.startsWith(`${year}-`)).reverse()) {
      const name = MONTH_NAMES[partsOf(key).month - 1]!;
      const monthCount = byMonth.get(key)!.length;
      const label = `${name[0]!.toUpperCase()}${name.slice(1)} ${year}`;
      out.push({ key, words: [name, year], suggestion: { label: `${label} — ${plural(monthCount)}`, value: `${name} ${year}`, count: monthCount } });
    }
  }
  return out;
}
