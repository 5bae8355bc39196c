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
  /** The line of the file the text starts on (after its front matter), so lines are named as an editor numbers them. */
  firstLine?: number;
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
  shortLines: string[];
  fragments: string[];
  footer: string[];
  ends: string[];
  comments: string[];
  captions: string[];
  credits: string[];
  stampWords: string;
}

const patterns = readJson<DebrisPatterns>('debris.json');
// The u flag only where a pattern needs it (\p{L}): with i, it makes V8 fold case character
// by character, ten times slower over a long paragraph.
const unicode = (source: string) => (/\\[pPu]\{/.test(source) ? 'u' : '');
const compile = (list: string[], flags = 'i') => list.map((source) => new RegExp(source, flags + unicode(source)));
/**
 * Whether any of a list of patterns matches, and which: one test for all the patterns that
 * start with ^ (one alternation fails at the first character), then the others one by one.
 */
function matcher(list: string[]): (text: string) => RegExp | undefined {
  const each = compile(list);
  const anchored = list.filter((source) => source.startsWith('^'));
  const joined = anchored.map((source) => `(?:${source.slice(1)})`).join('|');
  const any = anchored.length > 0 ? new RegExp(`^(?:${joined})`, `i${unicode(joined)}`) : null;
  const rest = each.filter((re) => !re.source.startsWith('^'));
  return (text) => (any?.test(text) ? each.find((re) => re.test(text)) : rest.find((re) => re.test(text)));
}
const DEBRIS_LINES = matcher(patterns.lines);
const SHORT_DEBRIS_LINES = matcher(patterns.shortLines);
const DEBRIS_FRAGMENTS = compile(patterns.fragments, 'gi');
const FOOTER_MARKERS = compile(patterns.footer);
const END_MARKERS = compile(patterns.ends);
const COMMENT_HEADERS = compile(patterns.comments);
const CAPTION_MARKS = compile(patterns.captions);
const CREDITS = compile(patterns.credits);
const STAMP_WORD = new RegExp(patterns.stampWords, `i${unicode(patterns.stampWords)}`);
const ABBREVIATIONS = new Set(readList('abbreviations.txt'));

const HEADER_DATE = /^\s*(?:date(?:d)?|published|posted|updated)(?:\s+on)?\s*:?\s*(.+?)(?:\s+(?:author|by)\s*:?\s*(.+))?$/i;
const BYLINE = /^\s*(?:author|by)\s*:?\s+(.+)$/i;
/** "By Ann Lee", "By ANN LEE and Tom Roe, Reuters": a name after "By", no sentence. */
const NAMED_BYLINE = /^\s*[Bb]y\s+(?:\p{Lu}[\p{L}.'’-]*|\p{Lu}\.)(?:[\s,]+(?:and\s+|&\s+)?(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|del|la|le|bin|al))*(?:\s*[,|/·–-]\s*.{0,60})?$/u;
// Sentence ends: Latin and CJK full stops, closing quotes and brackets after them, then
// perhaps reference marks ("... in 2013. [21] [22]").
const SENTENCE_END = /[.!?…。！？]["”’'»)\]」』）]*(?:\s*\[\d{1,3}\])*$/u;
const BULLET = /^\s*(?:[•·▪◦‣∙*]|-(?=\s))\s*/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
// A quick test before the exact one: the blocks of CJK letters and punctuation.
const MAY_BE_CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[\ud840-\ud87f]/;

interface Unit {
  text: string;
  kind: Block['kind'];
  at: number;
  /** Worked out once: the cleaning asks often. */
  words: number;
  prose: boolean;
}

/** Records a dropped line when explaining; a reason that takes work to find is given as a function. */
type Drop = (unit: Unit, reason: string | (() => string)) => void;

/**
 * Cleans one article's text (already repaired by `repairText`).
 * @param knownTitle the headline from the metadata, so its copies in the text are dropped
 */
export function cleanArticle(text: string, knownTitle: string | null = null, options: CleanOptions = {}): CleanedArticle {
  return cleanBlocks(textBlocks(text, options.firstLine ?? 1), knownTitle, options);
}

/**
 * Cleans an article given as blocks: the lines of a text file, or the headings, paragraphs
 * and list items a web page marks. A block the page marks keeps its role; a text line's role
 * is read from its shape and from the lines around it.
 */
export function cleanBlocks(blocks: Block[], knownTitle: string | null = null, options: CleanOptions = {}): CleanedArticle {
  const dropped: DroppedLine[] = [];
  const found: NonNullable<CleanedArticle['found']> = {};
  const drop: Drop = options.explain ? (unit, reason) => dropped.push({ at: unit.at, text: unit.text, reason: typeof reason === 'string' ? reason : reason() }) : () => {};
  // Lines whose role their shape tells (a text file's, a page's loose text): where the article
  // starts and ends is then read from shape too.
  const byShape = blocks.some((block) => block.kind === 'line');

  let units: Unit[] = [];
  for (const block of blocks) {
    const text = removeFragments(block.text);
    if (text !== '') units.push(toUnit(block, text));
  }
  // The end first: a comment section's header is also a debris line.
  units = cutEnd(units, drop);
  const captions = captionLines(units);
  units = units.filter((unit, index) => {
    const reason = captions.has(index) ? 'a photo caption' : debrisReason(unit);
    if (reason !== null) drop(unit, reason);
    return reason === null;
  });
  const start = byShape ? articleStart(units) : 0;
  const header = takeHeader(units, start, drop, options.explain ? found : null);
  units = header.rest;
  if (byShape) units = keepSpan(units, articleSpan(units), drop);

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
function textBlocks(text: string, firstLine: number): Block[] {
  const blocks: Block[] = [];
  let at = firstLine;
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
  // Line breaks a page marks inside a block (<br>) stay; other runs of space become one.
  return DEBRIS_FRAGMENTS.reduce((out, re) => out.replace(re, ' '), text).replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
}

function debrisReason(unit: Unit): string | null {
  if (!/[\p{L}\p{N}]/u.test(unit.text)) return 'no letters or digits';
  if (unit.kind === 'caption') return 'a caption';
  if (unit.kind === 'link') return 'a link and nothing else (a menu entry, a teaser)';
  const pattern = DEBRIS_LINES(unit.text) ?? (unit.text.length <= 300 ? SHORT_DEBRIS_LINES(unit.text) : undefined);
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
  const marked = units.flatMap((unit, index) => (unit.text.length <= 400 && CAPTION_MARKS.some((re) => re.test(unit.text)) ? [index] : []));
  if (marked.length === 0) return found;
  const isCredit = (unit: Unit | undefined) => unit !== undefined && unit.text.length <= 120 && CREDITS.some((re) => re.test(unit.text));
  const seen = new Map<string, number>();
  for (const unit of units) if (unit.text.length <= 400) seen.set(unit.text, (seen.get(unit.text) ?? 0) + 1);
  for (const index of marked) {
    const nearCredit = [-2, -1, 1, 2].some((step) => isCredit(units[index + step]));
    if (nearCredit || seen.get(units[index]!.text)! > 1) found.add(index);
  }
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

function toUnit(block: Block, text: string): Unit {
  const words = wordCount(text);
  // Prose: a sentence, or several, of some length.
  return { text, kind: block.kind, at: block.at, words, prose: (words >= 10 && SENTENCE_END.test(text)) || words >= 40 };
}

/** Words of a line (collapsed to single spaces); a CJK character counts as half a word (they carry about that much). */
function wordCount(text: string): number {
  if (!MAY_BE_CJK.test(text)) {
    // Counted up to 100: no rule asks about more.
    let words = 1;
    for (let at = text.indexOf(' '); at !== -1 && words < 100; at = text.indexOf(' ', at + 1)) words += 1;
    return words;
  }
  const cjk = text.match(CJK)?.length ?? 0;
  return (text.replace(CJK, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0) + cjk / 2;
}

/**
 * Where the article's prose lies in a scraped page: the run of lines that holds the most
 * prose, each short line (a menu entry, a teaser, a date) counting against it.
 */
function articleSpan(units: Unit[]): { start: number; end: number } {
  let best = 0;
  let span = { start: 0, end: units.length };
  let sum = 0;
  let start = 0;
  units.forEach((unit, index) => {
    const gain = unit.prose ? Math.min(unit.words, 80) : -3;
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
  const debrisShaped = (part: Unit[], least: number) => part.length >= least && part.filter((unit) => SENTENCE_END.test(unit.text)).length < part.length / 2;
  // Above the article, menus hold next to no prose; a head with some is the article's opening.
  const head = units.slice(0, Math.max(0, span.start - 2));
  const headProse = head.reduce((sum, unit) => sum + (unit.prose ? unit.words : 0), 0);
  const headWords = head.reduce((sum, unit) => sum + unit.words, 0);
  let keepFrom = debrisShaped(head, 3) && headProse <= headWords / 4 ? head.length : 0;
  // Of the two lines kept above the article, a single word is a menu's last entry, not a headline.
  if (keepFrom > 0) while (keepFrom < span.start && units[keepFrom]!.words <= 1) keepFrom += 1;
  const end = listEnd(units, span.end);
  const keepTo = debrisShaped(units.slice(end), 4) ? end : units.length;
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
  const skeleton = (unit: Unit | undefined) => (unit !== undefined && isHeadingLike(unit.text) ? skeletonOf(unit.text) : null);
  const shape = skeleton(units[from]);
  if (!shape) return end;
  let to = from;
  while (skeleton(units[to]) === shape) to += 1;
  return to - from >= 3 ? to : end;
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
        while (to < units.length && !units[to]!.prose && to <= index + 8) to += 1;
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
    if (units[index]!.prose) prose += units[index]!.words;
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
  while (at < units.length && at <= marker + 8 && !units[at]!.prose) at += 1;
  const next = units.slice(at, at + 10).filter((unit) => unit.prose).map((unit) => unit.words);
  const run = units.slice(at, at + 3);
  const paragraphsInARow = run.length >= 2 && run.every((unit) => unit.prose) && run.reduce((sum, unit) => sum + unit.words, 0) >= 60;
  return paragraphsInARow || (next.reduce((sum, words) => sum + words, 0) >= 100 && next.some((words) => words >= 35));
}

/**
 * Drops the headline's copies: the headline itself, and a heading-like line that is the
 * headline with a few words of the site around it ("Home News Business <headline>",
 * "<headline> | The Daily"). A sentence is a copy only when it is the whole headline.
 */
function dropTitleCopies(units: Unit[], title: string, drop: Drop): Unit[] {
  const key = comparable(title);
  const titleWords = wordCount(title);
  const titleKeys = [...keysOf(title)];
  return units.filter((unit, index) => {
    // A copy is not much longer than the headline: longer paragraphs need no comparing.
    if (unit.text.length > title.length + 160) return true;
    const text = comparable(unit.text);
    const headingLike = unit.kind !== 'paragraph' && isHeadingLike(unit.text);
    const framed = headingLike && key.length > 10 && (text.endsWith(key) || text.startsWith(key)) && (index < 3 || unit.words - titleWords <= 8);
    // A page often heads its story twice, in other words the second time: the short headline
    // of the page's title and a longer one above the text ("Hunter diagnosed with … making him …").
    const reworded = headingLike && index < 3 && titleKeys.length >= 4 && titleKeys.filter((word) => keysOf(unit.text).has(word)).length >= 0.8 * titleKeys.length && unit.words <= 2 * titleWords;
    const copy = (text === key && unit.kind !== 'paragraph') || framed || reworded;
    if (copy) drop(unit, text === key || framed ? 'a copy of the title' : 'the headline in other words');
    return !copy;
  });
}

/** The words of four letters or more, lower case: what two wordings of a headline share. */
function keysOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);
}

/** Letters and digits only, lower case: "Why China’s" and "Why China's" compare equal. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A short line that does not end a sentence: a headline, a section heading, a name, a menu entry. */
function isHeadingLike(text: string): boolean {
  return text.length <= 140 && !endsSentence(text) && (wordCount(text) <= 16 || inCapitals(text));
}

/** A line in capitals ("CLEARED TO PERFORM HITS AT AMAs: REPORT"): a heading or a link to a story, however long. */
function inCapitals(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  return letters >= 20 && capitals >= 0.8 * letters;
}

/** Whether a line ends a sentence; a menu entry of a word or three ending in an abbreviation ("U.S.", "Int'l Dept.") does not. */
function endsSentence(text: string): boolean {
  if (!SENTENCE_END.test(text)) return false;
  if (wordCount(text) > 3) return true;
  const last = text.split(' ').at(-1)!.toLowerCase();
  return !(/^(?:\p{L}\.){2,}$/u.test(last) || ABBREVIATIONS.has(last));
}

function toParagraphs(units: Unit[], drop: Drop): { paragraphs: Paragraph[]; lines: string[] } {
  const found: Array<{ paragraph: Paragraph; at: number }> = [];
  const lines: string[] = [];
  let heading: string | null = null;
  const roles = lineRoles(units);
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index]!;
    const role = roles[index]!;
    if (role === 'item') {
      // A run of list items, a lead-in ending with a colon first: one passage, one item a line.
      let to = index;
      while (to + 1 < units.length && roles[to + 1] === 'item') to += 1;
      const text = units.slice(index, to + 1).map((item) => item.text).join('\n');
      found.push({ paragraph: { number: 0, text, heading }, at: unit.at });
      lines.push(text);
      index = to;
      continue;
    }
    if (role === 'menu') {
      drop(unit, 'a menu (a run of entries of a word or two)');
      continue;
    }
    lines.push(unit.text);
    if (role !== 'heading') {
      found.push({ paragraph: { number: 0, text: unit.text, heading }, at: unit.at });
      continue;
    }
    // A byline block ("William Courtney" / "adjunct senior fellow, Rand Corp") is no heading:
    // neither its role line, which starts in lower case, nor the name line above it.
    const next = units[index + 1];
    const isBylineBlock = next !== undefined && isHeadingLike(next.text) && startsLower(next.text);
    if (!startsLower(unit.text) && !isBylineBlock) heading = unit.text;
  }
  const kept = dropRepeats(found, drop);
  return { paragraphs: kept, lines };
}

/**
 * Each line's role, from its kind or, for a text line, its shape and its neighbours: a short
 * line between paragraphs is a heading, but three or more in a row (or one or more after a
 * lead-in ending with a colon) are a list: scores, steps, items. The lines above the first
 * paragraph are the headline and its standfirst, not a list.
 */
function lineRoles(units: Unit[]): Array<'heading' | 'item' | 'paragraph' | 'menu'> {
  const short = units.map((unit) => unit.kind === 'line' && isHeadingLike(unit.text));
  const leadIn = units.map((unit) => /:$/.test(unit.text) && unit.kind !== 'heading');
  const roles: Array<'heading' | 'item' | 'paragraph' | 'menu'> = units.map((unit) => (unit.kind === 'heading' ? 'heading' : unit.kind === 'item' ? 'item' : 'paragraph'));
  let proseSeen = false;
  for (let index = 0; index < units.length; ) {
    if (!short[index] || leadIn[index]) {
      // A lead-in ("The plan has three steps:") opens the list below it, or is a paragraph: never a heading.
      if (leadIn[index] && (short[index + 1] || units[index + 1]?.kind === 'item')) roles[index] = 'item';
      proseSeen ||= !short[index];
      index += 1;
      continue;
    }
    // A run of short lines, none a lead-in.
    let end = index;
    while (end + 1 < units.length && short[end + 1] && !leadIn[end + 1]) end += 1;
    const afterLeadIn = index > 0 && leadIn[index - 1]!;
    const list = proseSeen && (end - index + 1 >= 3 || afterLeadIn);
    // Entries of a word or two ("U.S.", "World", "Sport") are a menu, not a list.
    const menu = list && !afterLeadIn && units.slice(index, end + 1).filter((unit) => unit.words <= 2).length * 2 >= end - index + 1;
    for (let at = index; at <= end; at += 1) roles[at] = menu ? 'menu' : list ? 'item' : 'heading';
    // Lines of one shape inside the run ("Vik (Group B): first appearance", one a team) are
    // the list; the lines around them are its heading and a byline.
    const shaped = list && !menu ? sameShape(units, index, end) : null;
    if (shaped) for (let at = index; at <= end; at += 1) roles[at] = at >= shaped.from && at < shaped.to ? 'item' : 'heading';
    index = end + 1;
  }
  return roles;
}

/** The longest stretch of three or more lines with one punctuation skeleton, when the run holds other lines too. */
function sameShape(units: Unit[], from: number, to: number): { from: number; to: number } | null {
  let best: { from: number; to: number } | null = null;
  for (let at = from; at <= to; ) {
    const shape = skeletonOf(units[at]!.text);
    let next = at + 1;
    while (next <= to && shape !== '' && skeletonOf(units[next]!.text) === shape) next += 1;
    if (shape !== '' && next - at >= 3 && (best === null || next - at > best.to - best.from)) best = { from: at, to: next };
    at = next;
  }
  return best !== null && best.to - best.from < to - from + 1 ? best : null;
}

/** What is left of a line without its letters, digits and spaces: "(): " for "Vik (Group B): first". */
function skeletonOf(text: string): string {
  return text.replace(/[\p{L}\p{N}\s]+/gu, '');
}

function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/**
 * Drops paragraphs whose words are, for the most part, said again elsewhere in the article:
 * pull quotes, "Key Points" bullets restating the body. The shorter copy goes.
 */
function dropRepeats(found: Array<{ paragraph: Paragraph; at: number }>, drop: Drop): Paragraph[] {
  const shingles = numberedShingles(found.map(({ paragraph }) => paragraph.text));
  // How many paragraphs still kept hold each shingle: one pass, not one a paragraph, so a long
  // article costs in proportion to its length.
  const holders = new Map<number | string, number>();
  for (const own of shingles) for (const shingle of own) holders.set(shingle, (holders.get(shingle) ?? 0) + 1);
  const dropped = new Set<number>();
  const byLength = found.map((_, index) => index).sort((a, b) => shingles[a]!.size - shingles[b]!.size);
  for (const index of byLength) {
    const own = shingles[index]!;
    if (own.size < 3) continue;
    let shared = 0;
    for (const shingle of own) if (holders.get(shingle)! > 1) shared += 1;
    if (shared / own.size < 0.75) continue;
    dropped.add(index);
    for (const shingle of own) holders.set(shingle, holders.get(shingle)! - 1);
  }
  const kept = found.filter((_, index) => !dropped.has(index)).map(({ paragraph }, index) => ({ ...paragraph, number: index + 1 }));
  const numbers = new Map<number, number>();
  found.forEach((_, index) => !dropped.has(index) && numbers.set(index, numbers.size + 1));
  for (const index of dropped) {
    // Which paragraph it repeats: the kept one sharing most of its words (worked out for inspect only).
    drop(toUnit({ text: found[index]!.paragraph.text, kind: 'paragraph', at: found[index]!.at }, found[index]!.paragraph.text), () => `a repeat of paragraph ${repeated(index) ?? '?'}`);
  }
  return kept;

  function repeated(index: number): number | undefined {
    let best: number | undefined;
    let most = 0;
    for (const [other, number] of numbers) {
      let shared = 0;
      for (const shingle of shingles[index]!) if (shingles[other]!.has(shingle)) shared += 1;
      if (shared > most) [best, most] = [number, shared];
    }
    return best;
  }
}

/**
 * The word trigrams of each text, as numbers: each word of the article numbered once, a
 * trigram is its three numbers in one (strings only for an article of over 100,000 words).
 */
function numberedShingles(texts: string[]): Array<Set<number | string>> {
  const ids = new Map<string, number>();
  const words = texts.map((text) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    return id;
  }));
  const base = 131_072;
  if (ids.size >= base) return texts.map((text) => wordShingles(text));
  return words.map((own) => {
    const shingles = new Set<number>();
    for (let i = 0; i + 3 <= own.length; i += 1) shingles.add((own[i]! * base + own[i + 1]!) * base + own[i + 2]!);
    return shingles;
  });
}

/** Word trigrams of a text, lower case, punctuation ignored. */
export function wordShingles(text: string, size = 3): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = new Set<string>();
  if (size === 3) for (let i = 0; i + 3 <= words.length; i += 1) shingles.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  else for (let i = 0; i + size <= words.length; i += 1) shingles.add(words.slice(i, i + size).join(' '));
  return shingles;
}
