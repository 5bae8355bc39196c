/**
 * Per-article extraction: every sentence that places an event in time, as plain data that a
 * snapshot can store and that the timeline index reads back.
 */
import { splitSentences } from '../corpus/index.js';
import type { ArticleSource, Citation } from '../types.js';
import { isValidDate } from './calendar.js';
import { type DateContext, type DateMention, findDates } from './resolve.js';
import { clauseShape } from './tense.js';

/** One dated event as found in one article. */
export interface ExtractedEvent {
  /** The passage the sentence came from. */
  id: string;
  /** The sentence, or its clause when the sentence holds several dated events. */
  text: string;
  date: string;
  endDate: string | null;
  approximate: boolean;
}

/** Everything the timeline keeps of one article: JSON-serialisable. */
export interface ArticleEvents {
  articleId: string;
  citation: Citation;
  events: ExtractedEvent[];
}

// A sentence with fewer words than this besides its dates is a dateline or a caption.
const MIN_WORDS = 3;

/**
 * The dated events of one article, each date resolved against the article's publication
 * date; a day without a month ("on the 19th") takes the month named before it.
 * @example extractEvents(source).events[0] // { id: '000#p2', date: '2024-08-06', ... }
 */
export function extractEvents(source: ArticleSource): ArticleEvents {
  const context: DateContext = { reference: referenceOf(source.citation.date), month: null };
  const events: ExtractedEvent[] = [];
  for (const passage of source.passages) {
    for (const sentence of splitSentences(passage.text)) {
      const { mentions, month } = findDates(sentence.text, context);
      context.month = month;
      if (mentions.length === 0 || wordsBesides(sentence.text, mentions) < MIN_WORDS) continue;
      const texts = clausesOf(sentence.text, mentions);
      mentions.forEach((mention, index) => {
        events.push({ id: passage.id, text: texts[index]!, date: mention.date, endDate: mention.endDate, approximate: mention.approximate });
      });
    }
  }
  return { articleId: source.citation.articleId, citation: source.citation, events };
}

function referenceOf(date: string | null): string | null {
  const day = date?.slice(0, 10) ?? null;
  return day !== null && day.length === 10 && isValidDate(day) ? day : null;
}

function wordsBesides(text: string, mentions: DateMention[]): number {
  let rest = text;
  for (const { start, end } of mentions) rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  return rest.match(/\p{L}{2,}/gu)?.length ?? 0;
}

// Where a sentence may be cut between two of its dates: at the start of a coordinate clause,
// never inside one ("reported on August 21st | that ..." would leave both halves short of sense).
const BOUNDARY = /\s*;\s+|\s+[–—]\s+|\s+-\s+|,?\s+(?:and|but|while|whereas)\s+|,\s+(?:although|though|yet)\s+/g;

/**
 * The text of each mention's event: the whole sentence when it holds one date; otherwise the
 * sentence is cut at the last coordinate-clause break between two dates, and a later clause is
 * led by the sentence's opening ("Xi has met Putin twice – … and again on July 3rd"). A part
 * that cannot stand alone (no verb, or a verb without its subject and no opening to lead it) is
 * joined with the part before it, so no event is a fragment of its sentence.
 */
function clausesOf(text: string, mentions: DateMention[]): string[] {
  if (mentions.length < 2) return mentions.map(() => text);
  const openingBreak = [...text.slice(0, mentions[0]!.start).matchAll(BOUNDARY)].at(-1);
  const opening = openingBreak ? text.slice(0, openingBreak.index + openingBreak[0].length).trim() : '';
  // Parts: [start, end) of the sentence, each holding the mentions from `first` on.
  const parts: Array<{ start: number; first: number }> = [{ start: 0, first: 0 }];
  for (let i = 0; i < mentions.length - 1; i += 1) {
    const from = mentions[i]!.end;
    const last = [...text.slice(from, mentions[i + 1]!.start).matchAll(BOUNDARY)].at(-1);
    if (last) parts.push({ start: from + last.index, first: i + 1 });
  }
  const ends = (index: number) => parts[index + 1]?.start ?? text.length;
  for (let index = parts.length - 1; index > 0; index -= 1) {
    if (!standsAlone(text.slice(parts[index]!.start, ends(index)), opening) || !standsAlone(text.slice(parts[index - 1]!.start, ends(index - 1)), index - 1 > 0 ? opening : '')) {
      parts.splice(index, 1);
    }
  }
  const texts: string[] = [];
  parts.forEach((part, index) => {
    const lead = index > 0 && opening !== '' ? `${opening} … ` : '';
    const clause = parts.length === 1 ? text : lead + tidy(text.slice(part.start, ends(index)));
    const last = parts[index + 1]?.first ?? mentions.length;
    for (let m = part.first; m < last; m += 1) texts[m] = clause;
  });
  return texts;
}

/** A part of a sentence tells an event of its own when it has a verb and a subject, or an opening that gives them. */
function standsAlone(part: string, opening: string): boolean {
  const own = clauseShape(part);
  if (own.hasVerb && !own.opensWithVerb) return true;
  return opening !== '' && clauseShape(opening).hasVerb;
}

function tidy(clause: string): string {
  return clause.replace(/^[\s,;:–—-]+/, '').replace(/[\s,;:–—-]+$/, '');
}
