import { cutPassages } from '../../src/corpus/index.js';
import { toCitation } from '../../src/search/index.js';
import type { Article, ArticleSource } from '../../src/types.js';

/** An article made from paragraphs of text, as the corpus reader would give it. */
export function sourceOf(text: string, options: { id?: string; date?: string; lines?: string[] } = {}): ArticleSource {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph, index) => ({ number: index + 1, text: paragraph, heading: null }));
  const article: Article = {
    articleId: options.id ?? 'a1',
    file: `${options.id ?? 'a1'}.txt`,
    title: 'Test article',
    source: 'Test Wire',
    date: options.date ?? '2024-05-01',
    dateEstimated: false,
    author: null,
    url: null,
    translatedFrom: null,
    language: 'en',
    paragraphs,
    lines: options.lines ?? paragraphs.map((paragraph) => paragraph.text),
  };
  return { article, citation: toCitation(article), passages: cutPassages(article) };
}
