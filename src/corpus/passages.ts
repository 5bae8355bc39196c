import type { Article, Passage } from '../types.js';
import { splitSentences } from './sentences.js';

/** Chat readers get paragraphs up to this length whole; longer ones are cut. */
export const MAX_PASSAGE = 700;
const MIN_PASSAGE = 300;

/**
 * One passage a paragraph; a paragraph over 700 characters is cut at sentence boundaries into
 * parts of 300-700 characters, with ids like `002#p2.1`.
 */
export function cutPassages(article: Pick<Article, 'articleId' | 'paragraphs'>): Passage[] {
  return article.paragraphs.flatMap((paragraph) => {
    const parts = paragraph.text.length > MAX_PASSAGE ? cutText(paragraph.text) : [paragraph.text];
    return parts.map((text, index) => ({
      id: `${article.articleId}#p${paragraph.number}${parts.length > 1 ? `.${index + 1}` : ''}`,
      articleId: article.articleId,
      paragraph: paragraph.number,
      part: parts.length > 1 ? index + 1 : null,
      text,
      heading: paragraph.heading,
    }));
  });
}

/**
 * Cuts a long text into parts of even length (300-700 characters where the sentences allow),
 * each ending at a sentence end: the split with the least spread around the ideal length.
 */
export function cutText(text: string): string[] {
  const pieces = splitSentences(text).flatMap((sentence) => splitLongSentence(sentence.text));
  const ideal = text.length / Math.ceil(text.length / MAX_PASSAGE);
  const cost = (length: number, count: number) =>
    (length - ideal) ** 2 + (length < MIN_PASSAGE ? 1e7 : 0) + (length > MAX_PASSAGE && count > 1 ? 1e9 : 0);
  // best[i]: the cheapest split of the first i pieces, and where its last part starts.
  const best: Array<{ cost: number; from: number }> = [{ cost: 0, from: 0 }];
  for (let to = 1; to <= pieces.length; to += 1) {
    best[to] = { cost: Infinity, from: 0 };
    // The part's length (pieces joined by a space) grows as its start moves back.
    let length = -1;
    for (let from = to - 1; from >= 0; from -= 1) {
      length += pieces[from]!.length + 1;
      if (length > MAX_PASSAGE && to - from > 1) break;
      const total = best[from]!.cost + cost(length, to - from);
      if (total < best[to]!.cost) best[to] = { cost: total, from };
    }
  }
  const parts: string[] = [];
  for (let to = pieces.length; to > 0; to = best[to]!.from) parts.unshift(pieces.slice(best[to]!.from, to).join(' '));
  return parts;
}

/** A single sentence longer than a passage is cut at clause breaks, then at spaces. */
function splitLongSentence(sentence: string): string[] {
  if (sentence.length <= MAX_PASSAGE) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_PASSAGE) {
    const window = rest.slice(0, MAX_PASSAGE);
    const clause = Math.max(window.lastIndexOf('; '), window.lastIndexOf(', '));
    const space = window.lastIndexOf(' ');
    const cut = clause > MIN_PASSAGE ? clause + 1 : space > 0 ? space : MAX_PASSAGE;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}
