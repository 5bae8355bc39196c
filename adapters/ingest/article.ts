/**
 * From fetched bytes to a corpus file: the page read as the corpus reads a web page or a text
 * file, written back as Markdown with front matter (its metadata, who added it and when), and
 * the keys that tell an article already in the corpus (its canonical URL, its text).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import matter from 'gray-matter';
import { cutPassages, parseArticle } from '../../src/corpus/index.js';
import type { AddedArticle, Article } from '../../src/types.js';

/** The file types a person may share with the bot. */
export const SHARED_EXTENSIONS = ['.html', '.htm', '.txt', '.md'];

export interface Provenance {
  /** "slack U0123", "discord 1234…", "terminal", "feed <url>". */
  addedBy: string;
  addedAt: string;
  /** Where the bytes came from, the article's address when the page names none. */
  fetchedFrom: string | null;
  /** A date to use when the page gives none (a feed item's). */
  fallbackDate: string | null;
}

/**
 * Reads fetched or shared bytes as an article: `name` decides how (a web page for .html and
 * .htm, text otherwise). Throws, with the reason, for bytes that hold no article.
 */
export function readShared(name: string, bytes: Uint8Array, options: { baseUrl?: string | null; charset?: string | null } = {}): Article {
  return parseArticle(name, bytes, options).article;
}

/**
 * The Markdown file for an article: its metadata and provenance as front matter, then its
 * paragraphs, each heading once above the paragraphs it heads.
 */
export function toMarkdown(article: Article, provenance: Provenance): string {
  const fields: Record<string, string | null> = {
    title: article.title,
    source: article.source,
    date: article.date ?? provenance.fallbackDate,
    author: article.author,
    url: article.url ?? provenance.fetchedFrom,
    language: article.language,
    translated_from: article.translatedFrom,
    added_by: provenance.addedBy,
    added_at: provenance.addedAt,
  };
  const data: Record<string, string | boolean> = Object.fromEntries(Object.entries(fields).flatMap(([key, value]) => (value === null || value.trim() === '' ? [] : [[key, value.replace(/\s+/g, ' ').trim()]])));
  if (article.dateEstimated && article.date !== null) data.date_estimated = true;
  const lines: string[] = [];
  let heading: string | null = null;
  for (const paragraph of article.paragraphs) {
    if (paragraph.heading !== null && paragraph.heading !== heading) lines.push(`## ${oneLine(paragraph.heading)}`);
    heading = paragraph.heading;
    // A paragraph that would read as a heading, or that opens with the escape itself, is escaped.
    lines.push(/^(#|\\)/.test(paragraph.text) ? `\\${paragraph.text}` : paragraph.text);
  }
  // lineWidth -1: no folding, so a long headline stays one line in the file.
  return matter.stringify(`${lines.join('\n\n')}\n`, data, { lineWidth: -1 } as matter.GrayMatterOption<string, never>);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The saved file read back, as the index will read it, with what the answer shows of it. */
export function describeSaved(file: string, bytes: Uint8Array, provenance: Pick<Provenance, 'addedBy' | 'addedAt'>): { article: Article; added: AddedArticle } {
  const article = parseArticle(file, bytes).article;
  return { article, added: describeArticle(article, provenance) };
}

/** What an add or remove answer shows of an article: its citation, first passage and passage count. */
export function describeArticle(article: Article, provenance: { addedBy: string | null; addedAt: string | null }): AddedArticle {
  const passages = cutPassages(article);
  const first = passages[0];
  return {
    articleId: article.articleId,
    title: article.title,
    source: article.source,
    date: article.date,
    dateEstimated: article.dateEstimated,
    url: article.url,
    translatedFrom: article.translatedFrom,
    file: article.file,
    author: article.author,
    passages: passages.length,
    firstPassage: first ? { id: first.id, text: first.text } : null,
    addedBy: provenance.addedBy,
    addedAt: provenance.addedAt,
  };
}

/** Who added the article and when, from its file's front matter; nulls for a file not added this way. */
export function provenanceOf(text: string): { addedBy: string | null; addedAt: string | null } {
  if (!/^\ufeff?---\s*\n/.test(text)) return { addedBy: null, addedAt: null };
  try {
    const data = matter(text.replace(/^\ufeff/, ''), {}).data as Record<string, unknown>;
    const value = (key: string) => (typeof data[key] === 'string' && data[key].trim() !== '' ? data[key].trim() : data[key] instanceof Date ? data[key].toISOString() : null);
    return { addedBy: value('added_by'), addedAt: value('added_at') };
  } catch {
    return { addedBy: null, addedAt: null };
  }
}

/**
 * An article's text reduced to its letters and digits, hashed: equal for the same text
 * whatever its spacing, punctuation or case.
 */
export function textKey(article: Pick<Article, 'paragraphs'>): string {
  const hash = createHash('sha256');
  for (const paragraph of article.paragraphs) hash.update(paragraph.text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));
  return hash.digest('hex');
}

// Parameters that only say where a reader came from.
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref_src|cmpid)$/i;

/**
 * A URL as a key: the same page whatever its scheme, "www.", letter case of the host, trailing
 * slash, fragment or tracking parameters. Null for what is not an http(s) URL.
 * @example urlKey('https://www.Example.org/news/1/?utm_source=x#top') // 'example.org/news/1'
 */
export function urlKey(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const params = [...parsed.searchParams].filter(([name]) => !TRACKING.test(name));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const port = parsed.port && !(parsed.port === '80' || parsed.port === '443') ? `:${parsed.port}` : '';
  return `${parsed.hostname.toLowerCase().replace(/^www\./, '')}${port}${parsed.pathname.replace(/\/+$/, '')}${query}`;
}

/**
 * A readable id for a new article: its headline's words (or the address's host) and a short
 * hash of where it came from: "harbour-reopens-after-the-storm-3f9a1c2b".
 */
export function articleIdFor(title: string | null, origin: string, fallback: string): string {
  const words = slugWords(title ?? '');
  const base = words.length > 0 ? words : slugWords(fallback);
  let slug = '';
  for (const word of base) {
    if (slug.length + word.length + 1 > 48) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  const hash = createHash('sha256').update(origin).digest('hex').slice(0, 8);
  return `${slug || 'article'}-${hash}`;
}

function slugWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.slice(0, 48));
}

/** Whether a shared file's name is one the bot reads. */
export function isSharedFile(name: string): boolean {
  return SHARED_EXTENSIONS.includes(path.extname(name).toLowerCase());
}
