/**
 * /who: the people the articles mention, under all their names, with roles and quotes.
 */
import type { ArticleSource, Suggestion, WhoAnswer } from '../types.js';

export type WhoResult = Omit<WhoAnswer, 'command' | 'query'>;

export interface PeopleIndex {
  /** Adds or replaces one article's people. */
  setArticle(source: ArticleSource): void;
  removeArticle(articleId: string): void;
  who(query: string): WhoResult;
  /** Names for autocomplete, ranked by mentions, at most `limit`. */
  suggest(prefix: string, limit?: number): Suggestion[];
}

export function createPeopleIndex(): PeopleIndex {
  const unavailable = (): never => {
    throw new Error('briefbot: /who is not available yet');
  };
  return { setArticle: () => {}, removeArticle: () => {}, who: unavailable, suggest: () => [] };
}
