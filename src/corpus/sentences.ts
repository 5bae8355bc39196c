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
  for (const { segment, index } of segments(text)) {
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

// ICU's sentence breaking slows down sharply on long texts (seconds at a few hundred thousand
// characters), so a long text is segmented a window at a time, each window starting at the
// last sentence the one before could not be sure had ended.
const WINDOW = 20_000;

function* segments(text: string): Generator<{ segment: string; index: number }> {
  for (let offset = 0; offset < text.length; ) {
    const end = Math.min(text.length, offset + WINDOW);
    const found = [...segmenter.segment(text.slice(offset, end))];
    const last = found.at(-1)!;
    // A sentence longer than the window is cut at the window's end.
    const done = end === text.length || found.length === 1 ? found.length : found.length - 1;
    for (const { segment, index } of found.slice(0, done)) yield { segment, index: index + offset };
    offset = done === found.length ? end : offset + last.index;
  }
}

function endsWithAbbreviation(text: string): boolean {
  const lastWord = text.trimEnd().split(/\s+/).at(-1)?.toLowerCase() ?? '';
  return abbreviations.has(lastWord.replace(/^[("“‘']+/, '')) || /^\p{L}\.$/u.test(lastWord);
}
