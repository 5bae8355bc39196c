/**
 * Cleaning: from an article's repaired text to its paragraphs, with site debris, header
 * lines, headlines and repeated paragraphs taken out. Every rule is general; the patterns
 * live in data/debris.json.
 */
import * as chrono from 'chrono-node';
import { readJson } from '../data.js';
import type { Paragraph } from '../types.js';

export interface CleanedArticle {
  /** A headline found in the text, when the metadata gave none. */
  title: string | null;
  /** A publication date found in a header line ("Date: 24 April 2023", "date 2023-04-19"). */
  date: string | null;
  author: string | null;
  paragraphs: Paragraph[];
  lines: string[];
}

interface DebrisPatterns {
  lines: string[];
  fragments: string[];
  footer: string[];
}

const patterns = readJson<DebrisPatterns>('debris.json');
const compile = (list: string[], flags = 'iu') => list.map((source) => new RegExp(source, flags));
const DEBRIS_LINES = compile(patterns.lines);
const DEBRIS_FRAGMENTS = compile(patterns.fragments, 'giu');
const FOOTER_MARKERS = compile(patterns.footer);

const HEADER_DATE = /^\s*(?:date(?:d)?|published|posted)\s*:?\s*(.+?)(?:\s+(?:author|by)\s*:?\s*(.+))?$/i;
const BYLINE = /^\s*(?:author|by)\s*:?\s+(.+)$/i;
const SENTENCE_END = /[.!?…]["”’'»)\]]*$/u;
const BULLET = /^\s*(?:[•·▪◦‣∙*]|-(?=\s))\s*/u;

/**
 * Cleans one article's text (already repaired by `repairText`).
 * @param knownTitle the headline from the metadata, so its copies in the text are dropped
 */
export function cleanArticle(text: string, knownTitle: string | null = null): CleanedArticle {
  let units = splitUnits(text);
  const header = takeHeader(units);
  units = header.rest;
  units = cutFooter(units)
    .map((unit) => removeFragments(unit))
    .filter((unit) => unit !== '' && !isDebris(unit));

  let title = knownTitle;
  const firstUnit = units[0];
  if (title === null && firstUnit !== undefined && isHeadingLike(firstUnit) && firstUnit.length > 20) {
    title = firstUnit;
  }
  if (title !== null) units = dropTitleCopies(units, title);

  return {
    title: knownTitle === null ? title : null,
    date: header.date,
    author: header.author,
    paragraphs: toParagraphs(units),
    lines: units,
  };
}

/** Lines of the text, each a unit; a block of hard-wrapped lines becomes one unit. */
function splitUnits(text: string): string[] {
  const units: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').map((line) => line.replace(BULLET, '').replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (isHardWrapped(lines)) units.push(lines.join(' '));
    else units.push(...lines);
  }
  return units;
}

/** Lines of similar, moderate length that mostly stop mid-sentence were wrapped by an editor. */
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const wrapped = lines.slice(0, -1).filter((line) => line.length >= 40 && line.length <= 100 && !SENTENCE_END.test(line));
  return wrapped.length >= (lines.length - 1) / 2;
}

function takeHeader(units: string[]): { date: string | null; author: string | null; rest: string[] } {
  let date: string | null = null;
  let author: string | null = null;
  const rest: string[] = [];
  units.forEach((unit, index) => {
    const inHeader = index < 4 && unit.length < 160;
    const dated = inHeader && date === null ? HEADER_DATE.exec(unit) : null;
    const parsed = dated ? parseHeaderDate(dated[1]!) : null;
    if (dated && parsed) {
      date = parsed;
      author = dated[2]?.trim() || author;
      return;
    }
    const byline = inHeader && author === null ? BYLINE.exec(unit) : null;
    if (byline) {
      author = byline[1]!.trim();
      return;
    }
    rest.push(unit);
  });
  return { date, author, rest };
}

function parseHeaderDate(text: string): string | null {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return iso[1]!;
  const result = chrono.parse(text)[0];
  if (!result || !result.start.isCertain('day') || !result.start.isCertain('month') || !result.start.isCertain('year')) return null;
  const date = result.start.date();
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

/** Everything from a site-footer marker on, when the marker sits in the last half of the text. */
function cutFooter(units: string[]): string[] {
  const total = units.reduce((sum, unit) => sum + unit.length, 0);
  let before = 0;
  const marker = units.findIndex((unit) => {
    const found = before >= total / 2 && FOOTER_MARKERS.some((re) => re.test(unit));
    before += unit.length;
    return found;
  });
  return marker === -1 ? units : units.slice(0, marker);
}

function removeFragments(unit: string): string {
  return DEBRIS_FRAGMENTS.reduce((text, re) => text.replace(re, ' '), unit).replace(/\s+/g, ' ').trim();
}

function isDebris(unit: string): boolean {
  return DEBRIS_LINES.some((re) => re.test(unit)) || !/[\p{L}\p{N}]/u.test(unit);
}

/** Drops the headline's copies and breadcrumb lines that end with it ("Home › News › <headline>"). */
function dropTitleCopies(units: string[], title: string): string[] {
  const key = comparable(title);
  return units.filter((unit, index) => {
    const text = comparable(unit);
    if (text === key) return false;
    return !(index < 3 && key.length > 10 && text.endsWith(key));
  });
}

/** Letters and digits only, lower case: "Why China’s" and "Why China's" compare equal. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A short line that does not end a sentence: a headline, a section heading, a name. */
function isHeadingLike(unit: string): boolean {
  return !SENTENCE_END.test(unit) && unit.length <= 140 && unit.split(' ').length <= 16;
}

function toParagraphs(units: string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let heading: string | null = null;
  units.forEach((unit, index) => {
    if (!isHeadingLike(unit)) {
      paragraphs.push({ number: 0, text: unit, heading });
      return;
    }
    // A byline block ("William Courtney" / "adjunct senior fellow, Rand Corp") is no heading:
    // neither its role line, which starts in lower case, nor the name line above it.
    const next = units[index + 1];
    const isByline = next !== undefined && isHeadingLike(next) && startsLower(next);
    if (!startsLower(unit) && !isByline) heading = unit;
  });
  const kept = dropRepeats(paragraphs);
  kept.forEach((paragraph, index) => (paragraph.number = index + 1));
  return kept;
}

function startsLower(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/**
 * Drops paragraphs whose words are, for the most part, said again elsewhere in the article:
 * pull quotes, "Key Points" bullets restating the body. The shorter copy goes.
 */
function dropRepeats(paragraphs: Paragraph[]): Paragraph[] {
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
  return paragraphs.filter((_, index) => !dropped.has(index));
}

/** Word trigrams of a text, lower case, punctuation ignored. */
export function wordShingles(text: string, size = 3): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = new Set<string>();
  for (let i = 0; i + size <= words.length; i += 1) shingles.add(words.slice(i, i + size).join(' '));
  return shingles;
}
