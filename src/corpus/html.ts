/**
 * Web pages: the article of a saved `.html` page, as a reader view shows it, with the page's
 * metadata. Readability finds the article in a DOM built by linkedom, which runs no script
 * and fetches nothing; the headings, paragraphs and list items the page marks become blocks
 * for the cleaning.
 */
import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { readJson } from '../data.js';
import type { Block } from './clean.js';

/** Pages nested deeper than this are not articles; browsers' parsers stop nesting at about 512 too. */
export const MAX_HTML_DEPTH = 512;
/** More elements than this is a dump, not an article, and would take long to read. */
export const MAX_HTML_ELEMENTS = 200_000;
/** The longest page read, in characters (a 5 MB file). */
export const MAX_HTML_LENGTH = 5 * 1024 * 1024;

export interface PageMetadata {
  title: string | null;
  /** The publisher: `og:site_name`, JSON-LD `publisher`. */
  source: string | null;
  /** The publication date, YYYY-MM-DD. */
  date: string | null;
  author: string | null;
  /** The canonical URL, absolute. */
  url: string | null;
  language: string | null;
}

/** An article read from a web page: its metadata, where each field came from, and its blocks. */
export interface PageArticle {
  metadata: PageMetadata;
  /** For each field found, where: "og:title", "JSON-LD datePublished", "<html lang>", ... */
  found: Partial<Record<keyof PageMetadata, string>>;
  /** Headings, paragraphs, list items and captions of the article, in order. */
  blocks: Block[];
  /** The blocks' text, a blank line between blocks. */
  text: string;
}

interface MetadataNames {
  title: string[];
  source: string[];
  date: string[];
  author: string[];
  url: string[];
  language: string[];
  articleTypes: string[];
}

const NAMES = readJson<MetadataNames>('page-metadata.json');
const ARTICLE_TYPES = new Set(NAMES.articleTypes.map((type) => type.toLowerCase()));

const BLOCK_KINDS: Record<string, Block['kind']> = {
  h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  li: 'item', dt: 'item', dd: 'item', tr: 'item',
  figcaption: 'caption', caption: 'caption',
  p: 'paragraph', blockquote: 'paragraph', pre: 'paragraph',
  // Text loose in a container is read by its shape, as a line of a text file is.
  div: 'line', section: 'line', article: 'line', main: 'line', address: 'line', aside: 'line', header: 'line', footer: 'line',
  figure: 'line', ul: 'line', ol: 'line', dl: 'line', table: 'line', tbody: 'line', thead: 'line', tfoot: 'line',
  details: 'line', summary: 'line', form: 'line', fieldset: 'line', center: 'line', hr: 'line',
};
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'select', 'button']);

/**
 * Reads a web page's article and metadata. Throws, with the reason, for a page that holds no
 * article (a menu, an error page), is too large, or is nested absurdly deep.
 * @param baseUrl where the page was fetched from, to make a relative canonical URL absolute
 * @example readHtmlPage('<html lang="en"><head><title>Harbour reopens</title></head><body><article><p>The harbour reopened…</p></article></body></html>').metadata.language // 'en'
 */
export function readHtmlPage(html: string, baseUrl: string | null = null): PageArticle {
  if (html.length > MAX_HTML_LENGTH) throw new Error(`a page larger than ${MAX_HTML_LENGTH / 1024 / 1024} MB`);
  checkShape(html);
  const { document } = parseHTML(html) as unknown as { document: Document };
  const { metadata, found } = readMetadata(document, baseUrl);
  let parsed;
  try {
    parsed = new Readability(document, { serializer: (node: Node) => node, maxElemsToParse: MAX_HTML_ELEMENTS }).parse();
  } catch (error) {
    throw new Error(`no article found in the page (${(error as Error).message})`);
  }
  const blocks = parsed?.content ? toBlocks(parsed.content as Element) : [];
  // A menu page, an error page: nothing but headings, captions and links.
  if (!blocks.some((block) => (block.kind === 'paragraph' || block.kind === 'line' || block.kind === 'item') && /[\p{L}\p{N}]/u.test(block.text))) throw new Error('no article found in the page');
  fillFrom(metadata, found, 'title', parsed?.title, 'the page title (<title>)');
  fillFrom(metadata, found, 'author', parsed?.byline?.replace(/^by\s+/i, ''), 'the byline in the page');
  fillFrom(metadata, found, 'source', parsed?.siteName, 'the page metadata (site name)');
  fillFrom(metadata, found, 'language', parsed?.lang, 'the page metadata (language)');
  return { metadata, found, blocks, text: blocks.map((block) => block.text).join('\n\n') };
}

/** Refuses, before building any DOM, a page nested deeper than MAX_HTML_DEPTH or with too many elements. */
function checkShape(html: string): void {
  let depth = 0;
  let elements = 0;
  const parser = new Parser({
    onopentagname() {
      depth += 1;
      elements += 1;
      if (depth > MAX_HTML_DEPTH) throw new Error(`a page nested more than ${MAX_HTML_DEPTH} elements deep`);
      if (elements > MAX_HTML_ELEMENTS) throw new Error(`a page of more than ${MAX_HTML_ELEMENTS.toLocaleString('en')} elements`);
    },
    onclosetag() {
      depth -= 1;
    },
  });
  parser.write(html);
  parser.end();
}

function readMetadata(document: Document, baseUrl: string | null): { metadata: PageMetadata; found: PageArticle['found'] } {
  const metadata: PageMetadata = { title: null, source: null, date: null, author: null, url: null, language: null };
  const found: PageArticle['found'] = {};
  const meta = new Map<string, string>();
  for (const element of document.querySelectorAll('meta')) {
    const name = (element.getAttribute('property') ?? element.getAttribute('name') ?? element.getAttribute('itemprop') ?? element.getAttribute('http-equiv') ?? '').trim().toLowerCase();
    const content = element.getAttribute('content')?.trim();
    if (name && content && !meta.has(name)) meta.set(name, content);
  }
  const ld = linkedData(document);
  const fromLd = (field: keyof PageMetadata, key: string, value: string | null) => fillFrom(metadata, found, field, value, `JSON-LD ${key}`);

  for (const name of NAMES.title) fillFrom(metadata, found, 'title', meta.get(name), name);
  fromLd('title', 'headline', text(ld?.headline) ?? text(ld?.name));
  fromLd('source', 'publisher', names(ld?.publisher));
  for (const name of NAMES.source) fillFrom(metadata, found, 'source', meta.get(name), name);
  fromLd('date', 'datePublished', isoDate(text(ld?.datePublished)));
  for (const name of NAMES.date) fillFrom(metadata, found, 'date', isoDate(meta.get(name)), name);
  const time = document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  fillFrom(metadata, found, 'date', isoDate(time?.getAttribute('datetime')), '<time datetime>');
  fromLd('author', 'author', names(ld?.author));
  for (const name of NAMES.author) fillFrom(metadata, found, 'author', meta.get(name)?.match(/^https?:/) ? null : meta.get(name)?.replace(/^by\s+/i, ''), name);
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  fillFrom(metadata, found, 'url', absoluteUrl(canonical, baseUrl), '<link rel="canonical">');
  for (const name of NAMES.url) fillFrom(metadata, found, 'url', absoluteUrl(meta.get(name), baseUrl), name);
  fillFrom(metadata, found, 'language', document.documentElement?.getAttribute('lang'), '<html lang>');
  fromLd('language', 'inLanguage', text(ld?.inLanguage));
  for (const name of NAMES.language) fillFrom(metadata, found, 'language', meta.get(name)?.replace('_', '-'), name);
  return { metadata, found };
}

function fillFrom(metadata: PageMetadata, found: PageArticle['found'], field: keyof PageMetadata, value: string | null | undefined, from: string): void {
  const clean = value?.replace(/\s+/g, ' ').trim();
  if (metadata[field] !== null || !clean) return;
  metadata[field] = clean.slice(0, 500);
  found[field] = from;
}

type LinkedData = Record<string, unknown>;

/** The page's JSON-LD object describing the article (a NewsArticle, a BlogPosting, ...), if any. */
function linkedData(document: Document): LinkedData | null {
  const candidates: LinkedData[] = [];
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    // A flat walk over arrays and @graph lists, not a recursion: the JSON comes from the page.
    const queue: unknown[] = [data];
    for (let at = 0; at < queue.length && at < 1_000; at += 1) {
      const item = queue[at];
      if (Array.isArray(item)) queue.push(...item);
      else if (item !== null && typeof item === 'object') {
        const object = item as LinkedData;
        if (Array.isArray(object['@graph'])) queue.push(...object['@graph']);
        candidates.push(object);
      }
    }
  }
  const types = (object: LinkedData) => [object['@type']].flat().map((type) => String(type).toLowerCase());
  return candidates.find((object) => types(object).some((type) => ARTICLE_TYPES.has(type))) ?? candidates.find((object) => 'datePublished' in object || 'headline' in object) ?? null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A JSON-LD person or organisation, or a list of them, as names: "Ann Lee, Tom Roe". */
function names(value: unknown): string | null {
  const list = [value].flat().map((item) => (typeof item === 'string' ? item : text((item as LinkedData | null)?.name))).filter((name): name is string => Boolean(name) && !/^https?:/.test(name!));
  return list.length > 0 ? [...new Set(list)].join(', ') : null;
}

/** "2019-11-19T10:07:00-05:00" and "Tue, 19 Nov 2019 10:07:00 GMT" as 2019-11-19: the date the page gives. */
function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return validDate(`${iso[1]}-${iso[2]}-${iso[3]}`);
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

function validDate(date: string): string | null {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}

function absoluteUrl(href: string | null | undefined, baseUrl: string | null): string | null {
  if (!href) return null;
  try {
    const url = baseUrl === null ? new URL(href) : new URL(href, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The blocks of Readability's article: each heading, paragraph, list item or caption the page
 * marks; text outside any of them joins the block around it. A block whose text is all link
 * is a menu entry or a teaser. Lines broken with <br> stay lines when they are short (scores,
 * an address), else they join.
 */
function toBlocks(root: Element): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  let linked = 0;
  let inLink = 0;
  const flush = (kind: Block['kind']) => {
    const lines = buffer.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const visible = buffer.replace(/\s+/g, '').length;
    const allLink = linked >= 0.8 * visible;
    buffer = '';
    linked = 0;
    if (lines.length === 0) return;
    const text = lines.length > 1 && lines.every((line) => line.length <= 100) ? lines.join('\n') : lines.join(' ');
    // A paragraph of a word or three, or in capitals, with no sentence is read by its shape:
    // a label, a kicker, a heading, an item.
    const label = text.length <= 140 && !/[.!?…。！？]["”’'»)\]」』）]*$/u.test(text) && (text.split(' ').length < 4 || !/\p{Ll}/u.test(text));
    const shaped = kind === 'paragraph' && label ? 'line' : kind;
    blocks.push({ text, kind: allLink ? 'link' : shaped, at: blocks.length + 1 });
  };
  const walk = (node: Node, kind: Block['kind']) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const text = child.textContent ?? '';
        buffer += text;
        if (inLink > 0) linked += text.replace(/\s+/g, '').length;
      }
      if (child.nodeType !== 1) continue;
      const tag = (child as Element).localName;
      if (SKIPPED.has(tag)) continue;
      if (tag === 'a') {
        inLink += 1;
        walk(child, kind);
        inLink -= 1;
      } else if (tag === 'br') buffer += '\n';
      else if (tag === 'td' || tag === 'th') {
        walk(child, kind);
        buffer += '  ';
      } else if (BLOCK_KINDS[tag] === undefined) walk(child, kind);
      else {
        // A paragraph inside a list item or a caption is part of it.
        const own = BLOCK_KINDS[tag] === 'paragraph' && (kind === 'item' || kind === 'caption') ? kind : BLOCK_KINDS[tag]!;
        flush(kind);
        walk(child, own);
        flush(own);
      }
    }
  };
  walk(root, 'line');
  flush('line');
  return blocks;
}
