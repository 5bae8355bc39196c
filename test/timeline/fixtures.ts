import { cutPassages } from '../../src/corpus/index.js';
import type { ArticleSource, Citation } from '../../src/types.js';

/** A tiny article: its paragraphs, its publication date and publisher. */
export function articleSource(articleId: string, date: string | null, paragraphs: string[], source = 'Test Wire'): ArticleSource {
  const citation: Citation = { articleId, title: `Article ${articleId}`, source, date, dateEstimated: false, url: null, translatedFrom: null };
  const article = {
    ...citation,
    file: `${articleId}.txt`,
    author: null,
    url: null,
    language: 'en',
    paragraphs: paragraphs.map((text, index) => ({ number: index + 1, text, heading: null })),
    lines: paragraphs,
  };
  return { article, citation, passages: cutPassages(article) };
}
