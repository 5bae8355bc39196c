/**
 * Corpus order: the order in which a build reads the articles (their files as the corpus lists
 * them), kept as articles come and go, so that what merges across articles merges live updates
 * as one build over the same articles would.
 */
import { compareCorpusPaths } from './load.js';

export interface CorpusOrder {
  /** Adds an article at its place (no change for one already placed). */
  place(articleId: string, file: string): void;
  remove(articleId: string): void;
  /** The article's place: lower comes first. Valid until the next place or remove. */
  rank(articleId: string): number;
}

export function createCorpusOrder(): CorpusOrder {
  const order: Array<{ file: string; articleId: string }> = [];
  const ranks = new Map<string, number>();
  const renumber = (from: number) => {
    for (let at = from; at < order.length; at += 1) ranks.set(order[at]!.articleId, at);
  };
  return {
    place(articleId, file) {
      if (ranks.has(articleId)) return;
      const compare = (other: { file: string; articleId: string }) => compareCorpusPaths(file, other.file) || (articleId < other.articleId ? -1 : articleId > other.articleId ? 1 : 0);
      let [low, high] = [0, order.length];
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(order[middle]!) < 0) high = middle;
        else low = middle + 1;
      }
      order.splice(low, 0, { file, articleId });
      renumber(low);
    },
    remove(articleId) {
      const at = ranks.get(articleId);
      if (at === undefined) return;
      order.splice(at, 1);
      ranks.delete(articleId);
      renumber(at);
    },
    rank: (articleId) => ranks.get(articleId) ?? Number.MAX_SAFE_INTEGER,
  };
}
