/**
 * /who: the people the articles mention, under all their names, with roles and quotes.
 */
import type { ArticleSource, PersonListing, Suggestion } from '../types.js';
import { runAll, runSlices } from '../slices.js';
import { createDirectory, type Directory, type WhoResult } from './directory.js';
import { extractPeople, type ArticlePeople } from './extract.js';

export type { WhoResult } from './directory.js';
export { extractPeople, type ArticlePeople, type FoundPerson, type LooseName } from './extract.js';

export interface PeopleIndex {
  /** Adds or replaces one article's people; `extracted` (from a snapshot) saves extracting them again. */
  setArticle(source: ArticleSource, extracted?: ArticlePeople): void;
  /** Every article's people as extracted, for the snapshot. */
  extracted(): ArticlePeople[];
  /**
   * Merges the articles' people now, not on the next lookup, and makes the profiles made
   * ahead: now, or in slices between the next questions.
   */
  prepare(profiles?: 'now' | 'soon'): void;
  removeArticle(articleId: string): void;
  who(query: string): WhoResult;
  /** The directory: the people by mentions, `limit` of them from `offset`, with their main role. */
  list(offset: number, limit: number): { people: PersonListing[]; next: number | null };
  /** Names for autocomplete, ranked by mentions, at most `limit`. */
  suggest(prefix: string, limit?: number): Suggestion[];
}

/**
 * The people index: each article's people are extracted when the article is set; the
 * directory that merges them across articles takes in the changes on the first lookup after
 * them, merging again only the people they touch. `passageText` gives a passage's text by id
 * (the passage index holds it), for the places a person is mentioned; `passagesNaming`, when
 * given, finds the passages that may name someone the articles never describe, so that /who
 * answers with those mentions rather than with no one.
 * @example const people = createPeopleIndex((id) => passages.get(id)!.text); people.setArticle(source); people.who('Shoigu').person?.roles
 */
export function createPeopleIndex(passageText: (id: string) => string, passagesNaming?: (name: string) => string[]): PeopleIndex {
  const articles = new Map<string, ArticlePeople>();
  const directory = createDirectory({ text: passageText, naming: passagesNaming });
  /** Set since the directory last took in changes. */
  const pending = new Map<string, { article: ArticlePeople; file: string }>();
  let refreshing = false;
  const current = (): Directory => {
    if (pending.size > 0) {
      directory.setArticles([...pending.values()]);
      pending.clear();
      // Profiles made ahead that the change dropped are made again between questions.
      if (!refreshing) {
        refreshing = true;
        void runSlices(directory.refresh()).finally(() => (refreshing = false));
      }
    }
    return directory;
  };
  return {
    setArticle(source, extracted = extractPeople(source)) {
      articles.set(source.article.articleId, extracted);
      pending.set(source.article.articleId, { article: extracted, file: source.article.file });
    },
    extracted: () => [...articles.values()],
    prepare(profiles = 'now') {
      directory.setArticles([...pending.values()]);
      pending.clear();
      if (profiles === 'now') runAll(directory.refresh());
      else void runSlices(directory.refresh());
    },
    removeArticle(articleId) {
      if (!articles.delete(articleId)) return;
      pending.delete(articleId);
      directory.removeArticle(articleId);
    },
    who: (query) => current().who(query),
    list: (offset, limit) => current().list(offset, limit),
    suggest: (prefix, limit = 25) => current().suggest(prefix, limit),
  };
}
