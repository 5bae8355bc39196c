/**
 * /timeline: the dated events of the articles, each date resolved against its article's date.
 */
import type { ArticleSource, PageOptions, Suggestion, TimelineAnswer } from '../types.js';
import { type ArticleEvents, extractEvents } from './extract.js';
import { type Built, createTimelineMerge, intersect, ranksOfPeriod } from './build.js';
import { parseTimelineQuery } from './query.js';

export { extractEvents, type ArticleEvents, type ExtractedEvent } from './extract.js';
export { findDates, type DateContext, type DateMention } from './resolve.js';
export { parseTimelineQuery, type Period, type TimelineQuery } from './query.js';

export type TimelineResult = Omit<TimelineAnswer, 'command' | 'query'>;

export interface TimelineOptions {
  /**
   * The ids of the passages that match a topic, among those `within` holds: the passages of the
   * paragraphs that answer it by the rules of /ask.
   */
  matchTopic: (topic: string, within: ReadonlySet<string>) => Iterable<string>;
}

export interface TimelineIndex {
  /** Adds or replaces one article's events; `extracted` (from a snapshot) saves extracting them again. */
  setArticle(source: ArticleSource, extracted?: ArticleEvents): void;
  /** Every article's events as extracted, for the snapshot. */
  extracted(): ArticleEvents[];
  /** Sorts and merges the articles' events now, not on the next query. */
  prepare(): void;
  removeArticle(articleId: string): void;
  timeline(query: string, page?: PageOptions): TimelineResult;
  /** Months and years that have events, for autocomplete, at most `limit`. */
  suggest(prefix: string, limit?: number): Suggestion[];
}

const defaultPage = { limit: 10, offset: 0 };
const MAX_SUGGESTIONS = 25;
// An empty period names at most this many periods that do have events, the nearest first.
const MAX_PERIODS = 12;
// Topic results kept for the next page of the same query and for repeated questions.
const CACHED_TOPICS = 500;

/**
 * The timeline over the articles given with setArticle. Extraction runs once per article;
 * after a change, the next query merges again the reports of the dates it touched and lays
 * out the month, year and passage indexes again.
 * @example const index = createTimeline({ matchTopic });
 *          index.setArticle(source); index.timeline('august 2024').events[0].date // '2024-08-06'
 */
export function createTimeline(options: TimelineOptions): TimelineIndex {
  const articles = new Map<string, ArticleEvents>();
  const merge = createTimelineMerge();
  const topics = new Map<string, number[]>();
  const current = () => merge.built();

  /**
   * The events whose passages match the topic, among a period's events when one is given. Which
   * events match a topic does not depend on the period asked for: they are found once, among
   * every passage that tells an event, and kept for the next query on the topic.
   */
  function ranksOfTopic(index: Built, topic: string, period: number[] | null): number[] {
    let ranks = topics.get(topic);
    if (ranks === undefined) {
      ranks = index.ranksOfPassages(options.matchTopic(topic, index.eventPassages()));
      if (topics.size >= CACHED_TOPICS) topics.delete(topics.keys().next().value!);
      topics.set(topic, ranks);
    }
    return period ? intersect(ranks, period, index.events.length) : ranks;
  }

  function timeline(query: string, page: PageOptions = {}): TimelineResult {
    const limit = Math.max(1, Math.floor(page.limit ?? defaultPage.limit));
    const offset = Math.max(0, Math.floor(page.offset ?? defaultPage.offset));
    const index = current();
    const parsed = parseTimelineQuery(query);
    const result = (ranks: number[], periods = index.breakdown(ranks)): TimelineResult => ({
      events: ranks.slice(offset, offset + limit).map((rank) => index.events[rank]!),
      periods,
      next: offset + limit < ranks.length ? offset + limit : null,
    });
    if (parsed.invalid !== undefined) {
      return { ...result([], index.nearestPeriods(null, MAX_PERIODS)), message: `"${parsed.invalid}" is not a date; write a month ("august 2024"), a year or an ISO date (2023-04-16).` };
    }
    const periodRanks = parsed.period ? ranksOfPeriod(index, parsed.period) : null;
    const ranks = parsed.topic === '' ? (periodRanks ?? index.all) : ranksOfTopic(index, parsed.topic, periodRanks);
    const answer = result(ranks);
    if (ranks.length > 0) {
      if (answer.events.length === 0) answer.message = `No more events: all ${ranks.length} are on the earlier pages.`;
      return answer;
    }
    const about = parsed.topic === '' ? '' : ` about "${parsed.topic}"`;
    const where = parsed.period ? ` in ${parsed.period.label}` : '';
    if (index.events.length === 0) return { ...answer, message: 'No dated events in the articles.' };
    // Nothing in the period: where the topic's events are, if anywhere.
    const topicRanks = parsed.topic !== '' && periodRanks ? ranksOfTopic(index, parsed.topic, null) : [];
    if (topicRanks.length > 0) {
      const periods = index.breakdown(topicRanks);
      return { ...answer, periods, message: `No events${about}${where}; they are dated ${names(periods)}.` };
    }
    const periods = index.nearestPeriods(parsed.period, MAX_PERIODS);
    return { ...answer, periods, message: `No events${about}${where}. Events are dated ${names(periods)}.` };
  }

  function suggest(prefix: string, limit = MAX_SUGGESTIONS): Suggestion[] {
    const words = prefix.toLowerCase().split(/\s+/).filter(Boolean);
    const max = Math.min(limit, MAX_SUGGESTIONS);
    const out: Suggestion[] = [];
    for (const candidate of current().suggestions) {
      if (out.length >= max) break;
      if (words.every((word) => candidate.words.some((w) => w.startsWith(word))) || candidate.key.startsWith(prefix.trim())) out.push(candidate.suggestion);
    }
    return out;
  }

  return {
    setArticle(source, extracted = extractEvents(source)) {
      articles.set(source.citation.articleId, extracted);
      merge.setArticle(extracted, source.article.file);
      topics.clear();
    },
    extracted: () => [...articles.values()],
    prepare: () => void current(),
    removeArticle(articleId) {
      if (!articles.delete(articleId)) return;
      merge.removeArticle(articleId);
      topics.clear();
    },
    timeline,
    suggest,
  };
}

function names(periods: Array<{ period: string; events: number }>): string {
  const shown = periods.slice(0, 6).map(({ period, events }) => `${period} (${events})`);
  const more = periods.length > shown.length ? ` and ${periods.length - shown.length} more` : '';
  return `${shown.join(', ')}${more}`;
}
