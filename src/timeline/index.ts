/**
 * /timeline: the dated events of the articles, each date resolved against its article's date.
 */
import type { ArticleSource, PageOptions, Suggestion, TimelineAnswer } from '../types.js';

export type TimelineResult = Omit<TimelineAnswer, 'command' | 'query'>;

export interface TimelineOptions {
  /** The ids of the passages that match a topic, by the same rules as /ask. */
  matchTopic: (topic: string) => Set<string>;
}

export interface TimelineIndex {
  /** Adds or replaces one article's events. */
  setArticle(source: ArticleSource): void;
  removeArticle(articleId: string): void;
  timeline(query: string, page?: PageOptions): TimelineResult;
  /** Months and years that have events, for autocomplete, at most `limit`. */
  suggest(prefix: string, limit?: number): Suggestion[];
}

export function createTimeline(_options: TimelineOptions): TimelineIndex {
  const unavailable = (): never => {
    throw new Error('briefbot: /timeline is not available yet');
  };
  return { setArticle: () => {}, removeArticle: () => {}, timeline: unavailable, suggest: () => [] };
}
