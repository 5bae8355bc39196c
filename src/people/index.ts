/**
 * /who: the people the articles mention, under all their names, with roles and quotes.
 */
import type { ArticleSource, PersonListing, Suggestion } from '../types.js';
import { buildDirectory, type Directory, type PassageLookup, type WhoResult } from './directory.js';
import { extractPeople, type ArticlePeople } from './extract.js';

export type { WhoResult } from './directory.js';
export { extractPeople, type ArticlePeople, type FoundPerson, type LooseName } from './extract.js';

export interface PeopleIndex {
  /** Adds or replaces one article's people; `extracted` (from a snapshot) saves extracting them again. */
  setArticle(source: ArticleSource, extracted?: ArticlePeople): void;
  /** Every article's people as extracted, for the snapshot. */
  extracted(): ArticlePeople[];
  /** Merges the articles' people now, not on the next lookup. */
  prepare(): void;
  removeArticle(articleId: string): void;
  who(query: string): WhoResult;
  /** The directory: the people by mentions, `limit` of them from `offset`, with their main role. */
  list(offset: number, limit: number): { people: PersonListing[]; next: number | null };
  /** Names for autocomplete, ranked by mentions, at most `limit`. */
  suggest(prefix: string, limit?: number): Suggestion[];
}

/**
 * The people index: each article's people are extracted when the article is set; the corpus
 * view that merges them is rebuilt on the first lookup after a change. `passageText` gives a
 * passage's text by id (the passage index holds it), for the places a person is mentioned;
 * `passagesNaming`, when given, finds the passages that may name someone the articles never
 * describe, so that /who answers with those mentions rather than with no one.
 * @example const people = createPeopleIndex((id) => passages.get(id)!.text); people.setArticle(source); people.who('Shoigu').person?.roles
 */
export function createPeopleIndex(passageText: (id: string) => string, passagesNaming?: (name: string) => string[]): PeopleIndex {
  const articles = new Map<string, ArticlePeople>();
  let directory: Directory | null = null;
  const lookup: PassageLookup = { text: passageText, naming: passagesNaming };
  const current = () => (directory ??= buildDirectory(articles.values(), lookup));
  return {
    setArticle(source, extracted = extractPeople(source)) {
      articles.set(source.article.articleId, extracted);
      directory = null;
    },
    extracted: () => [...articles.values()],
    prepare: () => void current(),
    removeArticle(articleId) {
      if (articles.delete(articleId)) directory = null;
    },
    who: (query) => current().who(query),
    list: (offset, limit) => current().list(offset, limit),
    suggest: (prefix, limit = 25) => current().suggest(prefix, limit),
  };
}
