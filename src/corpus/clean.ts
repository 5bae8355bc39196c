/**
 * Cleaning: from an article's repaired text (or a web page's blocks) to its paragraphs, with
 * site debris, header lines, headlines and repeated paragraphs taken out. Every rule is
 * general; the patterns live in data/debris.json.
 */
import * as chrono from 'chrono-node';
import { readJson, readList } from '../data.js';
import type { Paragraph } from '../types.js';

/**
 * A block of an article before cleaning. `line`: a line of a text file, whose role the
 * cleaning guesses from its shape; the other kinds come from a web page's markup.
 */
export interface Block {
  text: string;
  kind: 'line' | 'heading' | 'paragraph' | 'item' | 'caption' | 'link';
  /** Where the block starts: the line of a text file, the block's number in a web page (1-based). */
  at: number;
}

/** A line the cleaning left out, and why (for `briefbot inspect`). */
export interface DroppedLine {
  at: number;
  text: string;
  reason: string;
}

export interface CleanOptions {
  /** Also say where each piece of metadata came from and why each line was dropped (inspect). */
  explain?: boolean;
}

export interface CleanedArticle {
  /** A headline found in the text, when the metadata gave none. */
  title: string | null;
  /** A publication date found in a header line ("Date: 24 April 2023", "date 2023-04-19"). */
  date: string | null;
  author: string | null;
  paragraphs: Paragraph[];
  lines: string[];
  /** With `explain`: every line left out, in order. */
  dropped?: DroppedLine[];
  /** With `explain`: the line each of title, date and author was read from. */
  found?: { title?: string; date?: string; author?: string };
}

interface DebrisPatterns {
  lines: string[];
  fragments: string[];
  footer: string[];
  ends: string[];
  comments: string[];
  captions: string[];
  credits: string[];
  stampWords: string;
}

const patterns = readJson<DebrisPatterns>('debris.json');
const compile = (list: string[], flags = 'iu') => list.map((source) => new RegExp(source, flags));
const DEBRIS_LINES = compile(patterns.lines);
const DEBRIS_FRAGMENTS = compile(patterns.fragments, 'giu');
const FOOTER_MARKERS = compile(patterns.footer);
const END_MARKERS = compile(patterns.ends);
const COMMENT_HEADERS = compile(patterns.comments);
const CAPTION_MARKS = compile(patterns.captions);
const CREDITS = compile(patterns.credits);
const STAMP_WORD = new RegExp(patterns.stampWords, 'iu');
const ABBREVIATIONS = new Set(readList('abbreviations.txt'));

const HEADER_DATE = /^\s*(?:date(?:d)?|published|posted|updated)(?:\s+on)?\s*:?\s*(.+?)(?:\s+(?:author|by)\s*:?\s*(.+))?$/i;
const BYLINE = /^\s*(?:author|by)\s*:?\s+(.+)$/i;
/** "By Ann Lee", "By ANN LEE and Tom Roe, Reuters": a name after "By", no sentence. */
const NAMED_BYLINE = /^\s*by\s+(?:\p{Lu}[\p{L}.'’-]*|\p{Lu}\.)(?:[\s,]+(?:and\s+|&\s+)?(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|del|la|le|bin|al))*(?:\s*[,|/·–-]\s*.{0,60})?$/u;
// Sentence ends: Latin and CJK full stops, closing quotes and brackets after them, then
// perhaps reference marks ("... in 2013. [21] [22]").
const SENTENCE_END = /[.!?…。！？]["”’'»)\]」』）]*(?:\s*\[\d{1,3}\])*$/u;
const BULLET = /^\s*(?:[•·▪◦‣∙*]|-(?=\s))\s*/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

interface Unit {
  text: string;
  kind: Block['kind'];
  at: number;
}

type Drop = (unit: Unit, reason: string) => void;

/**
 * Cleans one article's text (already repaired by `repairText`).
 * @param knownTitle the headline from the metadata, so its copies in the text are dropped
 */
export function cleanArticle(text: string, knownTitle: string | null = null, options: CleanOptions = {}): CleanedArticle {
  return cleanBlocks(textBlocks(text), knownTitle, options);
}

/**
 * Cleans an article given as blocks: the lines of a text file, or the headings, paragraphs
 * and list items a web page marks. A block the page marks keeps its role; a text line's role
 * is read from its shape and from the lines around it.
 */
export function cleanBlocks(blocks: Block[], knownTitle: string | null = null, options: CleanOptions = {}): CleanedArticle {
  const dropped: DroppedLine[] = [];
  const found: NonNullable<CleanedArticle['found']> = {};
  const drop: Drop = options.explain ? (unit, reason) => dropped.push({ at: unit.at, text: unit.text, reason }) : () => {};
  const fromText = blocks.some((block) => block.kind === 'line');

  let units: Unit[] = [];
  for (const block of blocks) {
    const text = removeFragments(block.text);
    if (text !== '') units.push({ ...block, text });
  }
  // The end first: a comment section's header is also a debris line.
  units = cutEnd(units, drop);
  const captions = captionLines(units);
  units = units.filter((unit, index) => {
    const reason = captions.has(index) ? 'a photo caption' : debrisReason(unit);
    if (reason !== null) drop(unit, reason);
    return reason === null;
  });
  const start = fromText ? articleStart(units) : 0;
  const header = takeHeader(units, start, drop, options.explain ? found : null);
  units = header.rest;
  if (fromText) units = keepSpan(units, articleSpan(units), drop);

  let title = knownTitle;
  const firstUnit = units[0];
  if (title === null && firstUnit !== undefined && firstUnit.kind !== 'paragraph' && isHeadingLike(firstUnit.text) && firstUnit.text.length > 20) {
    title = firstUnit.text;
    if (options.explain) found.title = `the first line (${firstUnit.at})`;
  }
  if (title !== null) units = dropTitleCopies(units, title, drop);

  const { paragraphs, lines } = toParagraphs(units, drop);
  return {
    title: knownTitle === null ? title : null,
    date: header.date,
    author: header.author,
    paragraphs,
    lines,
    ...(options.explain ? { dropped: dropped.sort((a, b) => a.at - b.at), found } : {}),
  };
}

/** Lines of the text, each a block; a block of hard-wrapped lines becomes one. */
function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let at = 1;
  for (const chunk of text.split(/(\n\s*\n)/)) {
    if (/^\n\s*\n$/.test(chunk)) {
      at += chunk.split('\n').length - 1;
      continue;
    }
    const raw = chunk.split('\n');
    const lines = raw.map((line, index) => ({ text: line.replace(BULLET, '').replace(/\s+/g, ' ').trim(), at: at + index })).filter((line) => line.text !== '');
    if (isHardWrapped(lines.map((line) => line.text))) blocks.push({ text: lines.map((line) => line.text).join(' '), kind: 'line', at: lines[0]!.at });
    else for (const line of lines) blocks.push({ ...line, kind: 'line' });
    at += raw.length - 1;
  }
  return blocks;
}

/** Lines of similar, moderate length that mostly stop mid-sentence were wrapped by an editor. */
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const wrapped = lines.slice(0, -1).filter((line) => line.length >= 40 && line.length <= 100 && !SENTENCE_END.test(line));
  return wrapped.length >= (lines.length - 1) / 2;
}

function removeFragments(text: string): string {
  return DEBRIS_FRAGMENTS.reduce((out, re) => out.replace(re, ' '), text).replace(/\s+/g, ' ').trim();
}

function debrisReason(unit: Unit): string | null {
  if (!/[\p{L}\p{N}]/u.test(unit.text)) return 'no letters or digits';
  if (unit.kind === 'caption') return 'a caption';
  if (unit.kind === 'link') return 'a link and nothing else (a menu entry, a teaser)';
  const pattern = DEBRIS_LINES.find((re) => re.test(unit.text));
  return pattern ? `debris pattern /${pattern.source}/` : null;
}

/** "November 20, 2019 / 1:07 AM / CBS News", "Updated: Sat 8:31 PM, Feb 17, 2018": a line of dates and times. */
function isStamp(text: string): boolean {
  if (text.length > 100 || !/\d/.test(text)) return false;
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:[:.]\d+)?/gu) ?? [];
  return words.length > 0 && words.filter((word) => STAMP_WORD.test(word)).length >= 0.7 * words.length;
}

/**
 * Photo captions: lines with a caption's mark (", left,", "Tuesday, Nov. 19, 2019,") next to
 * a photo credit, or said twice (a gallery repeats its captions).
 */
function captionLines(units: Unit[]): Set<number> {
  const found = new Set<number>();
  const credit = units.map((unit) => unit.text.length <= 120 && CREDITS.some((re) => re.test(unit.text)));
  const seen = new Map<string, number>();
  for (const unit of units) seen.set(unit.text, (seen.get(unit.text) ?? 0) + 1);
  units.forEach((unit, index) => {
    if (!CAPTION_MARKS.some((re) => re.test(unit.text))) return;
    const nearCredit = credit.slice(Math.max(0, index - 2), index + 3).some(Boolean);
    if (nearCredit || seen.get(unit.text)! > 1) found.add(index);
  });
  return found;
}

/**
 * The date and byline lines at the top of the article: among its first four lines, or just
 * above the first paragraph of prose (a scraped page puts its menus first).
 */
function takeHeader(units: Unit[], start: number, drop: Drop, found: CleanedArticle['found'] | null): { date: string | null; author: string | null; rest: Unit[] } {
  let date: string | null = null;
  let author: string | null = null;
  const rest: Unit[] = [];
  units.forEach((unit, index) => {
    const inHeader = (index < 4 || (index < start + 1 && index >= start - 6)) && unit.text.length < 160;
    // "Published 4:00 am, Nov. 20, 2019": a stamp, not a sentence that starts with "Published".
    const stamp = unit.text.length <= 120 && !SENTENCE_END.test(unit.text.replace(/\b\p{L}{1,4}\.$/u, '')) ? HEADER_DATE.exec(unit.text) : null;
    const parsed = stamp ? parseHeaderDate(stamp[1]!) : null;
    if (stamp && parsed && inHeader && date === null) {
      date = parsed;
      author = stamp[2]?.trim() || author;
      if (found) found.date = `a date line (${unit.at})`;
      if (found && stamp[2]) found.author = `a date line (${unit.at})`;
      return drop(unit, 'a date line, read as the date');
    }
    if (stamp && parsed) return drop(unit, 'a date line');
    if (isStamp(unit.text)) {
      const stamped = inHeader && date === null ? parseHeaderDate(unit.text) : null;
      if (stamped !== null) {
        date = stamped;
        if (found) found.date = `a date stamp (${unit.at})`;
        return drop(unit, 'a date stamp, read as the date');
      }
      return drop(unit, 'a date stamp');
    }
    const byline = inHeader ? BYLINE.exec(unit.text) : null;
    if (byline && (isByline(unit.text) || index < 4)) {
      if (author === null) {
        author = byline[1]!.trim();
        if (found) found.author = `a byline (${unit.at})`;
      }
      return drop(unit, 'a byline, read as the author');
    }
    // A byline further down (below a photo, above a second section) is no paragraph either.
    if (isByline(unit.text)) return drop(unit, 'a byline');
    rest.push(unit);
  });
  return { date, author, rest };
}

function isByline(text: string): boolean {
  return text.length <= 120 && NAMED_BYLINE.test(text) && !SENTENCE_END.test(text.replace(/\b\p{Lu}\.$/u, ''));
}

function parseHeaderDate(text: string): string | null {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return iso[1]!;
  const result = chrono.parse(text)[0];
  if (!result || !result.start.isCertain('day') || !result.start.isCertain('month') || !result.start.isCertain('year')) return null;
  const date = result.start.date();
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

/** Words of a line; a CJK character counts as half a word (they carry about that much). */
function wordCount(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.replace(CJK, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return words + cjk / 2;
}

/** Prose: a sentence, or several, of some length. */
function isProse(text: string): boolean {
  return (SENTENCE_END.test(text) && wordCount(text) >= 10) || wordCount(text) >= 40;
}

/**
 * Where the article's prose starts in a scraped page: the start of the run of lines that
 * holds the most prose, menu lines counting against it.
 */
function articleSpan(units: Unit[]): { start: number; end: number } {
  let best = 0;
  let span = { start: 0, end: units.length };
  let sum = 0;
  let start = 0;
  units.forEach((unit, index) => {
    const gain = isProse(unit.text) ? Math.min(wordCount(unit.text), 80) : -3;
    if (sum <= 0) {
      sum = 0;
      start = index;
    }
    sum += gain;
    if (sum > best) {
      best = sum;
      span = { start, end: index + 1 };
    }
  });
  return span;
}

function articleStart(units: Unit[]): number {
  return articleSpan(units).start;
}

/** Drops what comes before the article (menus, breadcrumbs, the page's header) and after it. */
function keepSpan(units: Unit[], span: { start: number; end: number }, drop: Drop): Unit[] {
  // The headline and the lines just above the first paragraph stay: the title, headings.
  // A line or two after the last paragraph is a closing word ("I yield the floor"), not a footer.
  // Menus and teasers are short lines that end no sentence: what ends sentences is kept.
  const debrisShaped = (part: Unit[]) => part.length > 3 && part.filter((unit) => SENTENCE_END.test(unit.text)).length < part.length / 2;
  // Above the article, menus hold next to no prose; a head with some is the article's opening.
  const head = units.slice(0, Math.max(0, span.start - 2));
  const headProse = head.reduce((sum, unit) => sum + (isProse(unit.text) ? wordCount(unit.text) : 0), 0);
  const headWords = head.reduce((sum, unit) => sum + wordCount(unit.text), 0);
  const keepFrom = debrisShaped(head) && headProse <= headWords / 4 ? head.length : 0;
  const end = listEnd(units, span.end);
  const keepTo = debrisShaped(units.slice(end)) ? end : units.length;
  for (const unit of units.slice(0, keepFrom)) drop(unit, 'before the article (menus, page header)');
  for (const unit of units.slice(keepTo)) drop(unit, 'after the article (teasers, page footer)');
  return units.slice(keepFrom, keepTo);
}

/**
 * Where a list that closes the article ends: lines of a kind ("England (Group A): 10th
 * appearance", one a team), under a heading or a lead-in ending with a colon, are the
 * article's, unlike teasers, whose headlines share no shape.
 */
function listEnd(units: Unit[], end: number): number {
  let from = end;
  if (from < units.length && isHeadingLike(units[from]!.text) && /:$/.test(units[from]!.text)) from += 1;
  else if (from + 1 < units.length && isHeadingLike(units[from]!.text)) from += 1;
  let to = from;
  while (to < units.length && isHeadingLike(units[to]!.text)) to += 1;
  const run = units.slice(from, to);
  if (run.length < 3) return end;
  const skeletons = new Map<string, number>();
  for (const unit of run) {
    const skeleton = unit.text.replace(/[\p{L}\p{N}\s]+/gu, '');
    if (skeleton !== '') skeletons.set(skeleton, (skeletons.get(skeleton) ?? 0) + 1);
  }
  const common = Math.max(0, ...skeletons.values());
  return common >= 0.8 * run.length ? to : end;
}

/**
 * Where the article ends, once some prose has been read: at a comment section's header; at
 * a marker of what follows articles ("Related stories", a sign-up prompt) unless the
 * article's prose resumes right below it; or at a site-footer marker in the last half.
 */
function cutEnd(units: Unit[], drop: Drop): Unit[] {
  const total = units.reduce((sum, unit) => sum + unit.text.length, 0);
  let before = 0;
  let prose = 0;
  let marker = -1;
  let reason = '';
  for (let index = 0; index < units.length && marker === -1; index += 1) {
    const text = units[index]!.text;
    const short = text.length <= 160;
    if (prose >= 30 && short && COMMENT_HEADERS.some((re) => re.test(text))) {
      marker = index;
      reason = `the comments, from "${text.slice(0, 60)}" on`;
    } else if (prose >= 30 && short && END_MARKERS.some((re) => re.test(text))) {
      if (!proseResumes(units, index)) {
        marker = index;
        reason = `the end of the article, from "${text.slice(0, 60)}" on`;
      } else {
        // A box of links inside the article ("Related", then a few headlines): the box goes.
        let to = index + 1;
        while (to < units.length && !isProse(units[to]!.text) && to <= index + 8) to += 1;
        for (const unit of units.slice(index, to)) drop(unit, `a box of links inside the article ("${text.slice(0, 40)}")`);
        units = [...units.slice(0, index), ...units.slice(to)];
        index -= 1;
        continue;
      }
    } else if (before >= total / 2 && FOOTER_MARKERS.some((re) => re.test(text))) {
      marker = index;
      reason = `the site footer, from "${text.slice(0, 60)}" on`;
    }
    before += text.length;
    if (isProse(text)) prose += wordCount(text);
  }
  if (marker === -1) return units;
  for (const unit of units.slice(marker)) drop(unit, reason);
  return units.slice(0, marker);
}

/**
 * Whether the article goes on below a marker: past a few short lines (a box of links), more
 * paragraphs of the article's kind, not teasers that alternate headlines and one-line blurbs.
 */
function proseResumes(units: Unit[], marker: number): boolean {
  let at = marker + 1;
  while (at < units.length && at <= marker + 8 && !isProse(units[at]!.text)) at += 1;
  const next = units.slice(at, at + 10).filter((unit) => isProse(unit.text)).map((unit) => wordCount(unit.text));
  return next.reduce((sum, words) => sum + words, 0) >= 100 && next.some((words) => words >= 35);
}

/** Drops the headline's copies and breadcrumb lines that end with it ("Home › News › <headline>"). */
function dropTitleCopies(units: Unit[], title: string, drop: Drop): Unit[] {
  const key = comparable(title);
  return units.filter((unit, index) => {
    if (unit.kind === 'paragraph' || !isHeadingLike(unit.text)) return true;
    const text = comparable(unit.text);
    // "Home News Business <headline>", "<headline> | The Daily": the headline with a few words of the site around it.
    const extra = unit.text.split(' ').length - title.split(' ').length;
    const copy = text === key || (key.length > 10 && (text.endsWith(key) || text.startsWith(key)) && (index < 3 || extra <= 8));
    if (copy) drop(unit, 'a copy of the title');
    return !copy;
  }).filter((unit) => {
    // A sentence can be a title copy only when it is the whole title ("Is the harbour safe?").
    const copy = unit.kind !== 'paragraph' && comparable(unit.text) === key;
    if (copy) drop(unit, 'a copy of the title');
    return !copy;
  });
}

/** Letters and digits only, lower case: "Why China’s" and "Why China's" compare equal. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A short line that does not end a sentence: a headline, a section heading, a name, a menu entry. */
function isHeadingLike(text: string): boolean {
  return !endsSentence(text) && text.length <= 140 && wordCount(text) <= 16;
}

/** Whether a line ends a sentence; a menu entry of a word or three ending in an abbreviation ("U.S.", "Int'l Dept.") does not. */
function endsSentence(text: string): boolean {
  if (!SENTENCE_END.test(text)) return false;
  if (wordCount(text) > 3) return true;
  const last = text.split(' ').at(-1)!.toLowerCase();
  return !(/^(?:\p{L}\.){2,}$/u.test(last) || ABBREVIATIONS.has(last));
}

function toParagraphs(units: Unit[], drop: Drop): { paragraphs: Paragraph[]; lines: string[] } {
  const paragraphs: Paragraph[] = [];
  const lines: string[] = [];
  let heading: string | null = null;
  const roles = units.map(roleOf);
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    const role = roles[index]!;
    if (role === 'item') {
      // A run of list items, a lead-in ending with a colon first: one passage, one item a line.
      let to = index;
      while (to + 1 < units.length && roles[to + 1] === 'item') to += 1;
      const run = units.slice(index, to + 1);
      if (run.length >= 2 || unit.kind === 'item' || unit.kind === 'paragraph') {
        const text = run.map((item) => item.text).join('\n');
        paragraphs.push({ number: 0, text, heading });
        lines.push(text);
        index = to;
        continue;
      }
    }
    lines.push(unit.text);
    if (role !== 'heading') {
      paragraphs.push({ number: 0, text: unit.text, heading });
      continue;
    }
    // A byline block ("William Courtney" / "adjunct senior fellow, Rand Corp") is no heading:
    // neither its role line, which starts in lower case, nor the name line above it.
    const next = units[index + 1];
    const isBylineBlock = next !== undefined && isHeadingLike(next.text) && startsLower(next.text);
    if (!startsLower(unit.text) && !isBylineBlock) heading = unit.text;
  }
  const kept = dropRepeats(paragraphs, drop);
  kept.forEach((paragraph, index) => (paragraph.number = index + 1));
  return { paragraphs: kept, lines };

  /**
   * A text line's role from its shape and its neighbours: short lines between paragraphs are
   * headings, but three or more in a row (or two after a lead-in ending with a colon) are a
   * list: scores, steps, items.
   */
  function roleOf(unit: Unit, index: number): 'heading' | 'item' | 'paragraph' {
    if (unit.kind === 'heading') return 'heading';
    if (unit.kind === 'item') return 'item';
    if (unit.kind === 'paragraph' || !isHeadingLike(unit.text)) return /:$/.test(unit.text) && isShortLine(units[index + 1]) ? 'item' : 'paragraph';
    if (/:$/.test(unit.text)) return 'item';
    const runStart = runEdge(index, -1);
    const runEnd = runEdge(index, 1);
    const length = runEnd - runStart + 1;
    const afterLeadIn = runStart > 0 && /:$/.test(units[runStart - 1]!.text);
    // The lines above the first paragraph are the headline and its standfirst, not a list.
    const beforeProse = !units.slice(0, runStart).some((other) => !isHeadingLike(other.text));
    if ((length >= 3 || afterLeadIn) && !beforeProse) return 'item';
    return 'heading';
  }

  function isShortLine(unit: Unit | undefined): boolean {
    return unit !== undefined && unit.kind === 'line' && isHeadingLike(unit.text);
  }

  function runEdge(index: number, step: 1 | -1): number {
    let at = index;
    while (isShortLine(units[at + step]) && !/:$/.test(units[at + step]!.text)) at += step;
    return at;
  }
}

function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/**
 * Drops paragraphs whose words are, for the most part, said again elsewhere in the article:
 * pull quotes, "Key Points" bullets restating the body. The shorter copy goes.
 */
function dropRepeats(paragraphs: Paragraph[], drop: Drop): Paragraph[] {
  const shingles = paragraphs.map((paragraph) => wordShingles(paragraph.text));
  // How many paragraphs still kept hold each shingle: one pass, not one a paragraph, so a long
  // article costs in proportion to its length.
  const holders = new Map<string, number>();
  for (const own of shingles) for (const shingle of own) holders.set(shingle, (holders.get(shingle) ?? 0) + 1);
  const dropped = new Set<number>();
  const byLength = paragraphs.map((_, index) => index).sort((a, b) => shingles[a]!.size - shingles[b]!.size);
  for (const index of byLength) {
    const own = shingles[index]!;
    if (own.size < 3) continue;
    let shared = 0;
    for (const shingle of own) if (holders.get(shingle)! > 1) shared += 1;
    if (shared / own.size < 0.75) continue;
    dropped.add(index);
    for (const shingle of own) holders.set(shingle, holders.get(shingle)! - 1);
  }
  return paragraphs.filter((paragraph, index) => {
    if (!dropped.has(index)) return true;
    drop({ text: paragraph.text, kind: 'paragraph', at: 0 }, 'a repeat of another paragraph');
    return false;
  });
}

/** Word trigrams of a text, lower case, punctuation ignored. */
export function wordShingles(text: string, size = 3): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = new Set<string>();
  for (let i = 0; i + size <= words.length; i += 1) shingles.add(words.slice(i, i + size).join(' '));
  return shingles;
}
