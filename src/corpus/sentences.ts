import { readList } from '../data.js';

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const abbreviations = new Set(readList('abbreviations.txt'));

/**
 * Splits text into sentences with their offsets. ICU's rules break after every period, so a
 * break after a known abbreviation ("Prof.", "U.S.") or a lone initial ("J.") is undone.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const previous = sentences.at(-1);
    if (previous && endsWithAbbreviation(previous.text) && /^\s*[\p{L}\d]/u.test(segment)) {
      previous.text += segment;
      previous.end = index + segment.length;
    } else {
      sentences.push({ text: segment, start: index, end: index + segment.length });
    }
  }
  for (const sentence of sentences) {
    const trimmed = sentence.text.trimEnd();
    sentence.end -= sentence.text.length - trimmed.length;
    sentence.text = trimmed;
  }
  return sentences.filter((sentence) => sentence.text !== '');
}

function endsWithAbbreviation(text: string): boolean {
  const lastWord = text.trimEnd().split(/\s+/).at(-1)?.toLowerCase() ?? '';
  return abbreviations.has(lastWord.replace(/^[("“‘']+/, '')) || /^\p{L}\.$/u.test(lastWord);
}
