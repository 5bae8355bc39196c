/**
 * Reading the corpus folder: article files (.txt, .md) with optional YAML front matter, and
 * saved web pages (.html, .htm).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import type { Article, ArticleReport, MetadataField } from '../types.js';
import { cleanArticle, cleanBlocks, type Block, type CleanedArticle } from './clean.js';
import { readHtmlPage, type PageArticle } from './html.js';
import { cutPassages } from './passages.js';
import { repairText } from './repair.js';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.html', '.htm'];
const HTML_EXTENSIONS = ['.html', '.htm'];
/** Larger files are not articles (a dump, a mistake), and would slow every start. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;
const PARALLEL_READS = 16;

export interface CorpusLoad {
  articles: Article[];
  /** One line a skipped or partly read file, naming it and the reason. */
  warnings: string[];
}

/** Whether a file name is one the corpus reads (README files describe the folder). */
export function isArticleFile(name: string): boolean {
  const base = path.basename(name);
  return ARTICLE_EXTENSIONS.includes(path.extname(base).toLowerCase()) && !base.startsWith('.') && !/^readme\./i.test(base);
}

/** What a file's stat says of it: equal stamps mean unchanged bytes (a write always moves ctime). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * One article file's bytes as read, with their hash, or why it could not be read. `bytes` is
 * null for a file whose stamp matched a known one: its hash was taken from there, unread.
 */
export type CorpusFile = { file: string; bytes: Buffer | null; hash: string; stamp: FileStamp } | { file: string; error: string; stamp?: FileStamp };

export interface CorpusFiles {
  files: CorpusFile[];
  /** A hash of every article file's name and bytes: equal exactly when the corpus is unchanged. */
  fingerprint: string;
  /** Files left out before reading (links outside the folder). */
  warnings: string[];
}

/** Files whose bytes were hashed before, by name, with the stamp they had then. */
export type KnownFiles = ReadonlyMap<string, { stamp: FileStamp; hash: string }>;

/**
 * Reads every article file of a folder (and its subfolders) once, hashing as it reads, so a
 * start can check its snapshot and, on a miss, parse the same bytes. A file whose stamp is
 * the one in `known` is not read: its hash is known (see readSkippedFiles). The folder missing
 * is an error; a file that cannot be read is kept with its reason.
 */
export async function readCorpusFiles(dir: string, known?: KnownFiles): Promise<CorpusFiles> {
  const root = await corpusRoot(dir);
  const warnings: string[] = [];
  const hash = createHash('sha256');
  const names = await listArticleFiles(root, root, warnings);
  const files: CorpusFile[] = new Array(names.length);
  // Several reads in flight: one at a time, a large corpus waits on the disk more than it works.
  let next = 0;
  const reader = async () => {
    for (let at = next++; at < names.length; at = next++) files[at] = await readCorpusFile(root, names[at]!, known);
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, reader));
  for (const read of files) hash.update(read.file).update('\0').update('hash' in read ? read.hash : `unreadable: ${read.error}`).update('\0');
  return { files, fingerprint: hash.digest('hex'), warnings };
}

/** The bytes of the files readCorpusFiles left unread, read now: what a build needs. */
export async function readSkippedFiles(dir: string, read: CorpusFiles): Promise<CorpusFiles> {
  if (read.files.every((entry) => !('bytes' in entry) || entry.bytes !== null)) return read;
  // Read afresh, not only the skipped files: the hashes then describe the bytes parsed.
  return readCorpusFiles(dir);
}

async function readCorpusFile(root: string, file: string, known: KnownFiles | undefined): Promise<CorpusFile> {
  const full = path.join(root, file);
  let stamp: FileStamp | undefined;
  try {
    // stat, not lstat: a link inside the folder is held to the size of what it points to.
    // Synchronous: thousands of stats cost less without a promise each.
    const info = statSync(full);
    stamp = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
    const before = known?.get(file);
    if (before && sameStamp(before.stamp, stamp)) return { file, bytes: null, hash: before.hash, stamp };
    if (info.size > MAX_ARTICLE_BYTES) throw new Error(`larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MB`);
    // Stamped before reading: a write after the stat moves the stamp, so it is never taken for unchanged.
    const bytes = await readFile(full);
    return { file, bytes, hash: createHash('sha256').update(bytes).digest('hex'), stamp };
  } catch (error) {
    return { file, error: (error as Error).message, stamp };
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/**
 * Parses the files read by readCorpusFiles. A file that is not a readable article, or that
 * repeats another (same id, or the same bytes under another name), is skipped with a warning;
 * no readable article at all is an error.
 */
export function parseCorpus(dir: string, read: CorpusFiles, onProgress?: (done: number, total: number) => void): CorpusLoad {
  const warnings = [...read.warnings];
  const articles: Article[] = [];
  const byId = new Map<string, string>();
  const byContent = new Map<string, string>();
  for (const [done, entry] of read.files.entries()) {
    onProgress?.(done, read.files.length);
    if ('error' in entry) {
      warnings.push(`briefbot: skipped ${entry.file}: ${entry.error}`);
      continue;
    }
    if (entry.bytes === null) throw new Error(`briefbot: ${entry.file} was not read (readSkippedFiles reads it)`);
    const copyOf = byContent.get(entry.hash);
    if (copyOf !== undefined) {
      warnings.push(`briefbot: skipped ${entry.file}: the same text as ${copyOf}`);
      continue;
    }
    try {
      const { article, warnings: own } = parseArticle(entry.file, entry.bytes);
      const earlier = byId.get(article.articleId);
      if (earlier !== undefined) {
        warnings.push(`briefbot: skipped ${entry.file}: its id ${article.articleId} is taken by ${earlier}`);
        continue;
      }
      warnings.push(...own);
      byId.set(article.articleId, entry.file);
      byContent.set(entry.hash, entry.file);
      articles.push(article);
    } catch (error) {
      warnings.push(`briefbot: skipped ${entry.file}: ${(error as Error).message}`);
    }
  }
  onProgress?.(read.files.length, read.files.length);
  if (articles.length === 0) throw new Error(`briefbot: no readable article (.txt, .md or .html) in corpus folder ${dir}`);
  return { articles, warnings };
}

/** Reads and parses every article in a folder: readCorpusFiles, then parseCorpus. */
export async function loadCorpus(dir: string): Promise<CorpusLoad> {
  return parseCorpus(dir, await readCorpusFiles(dir));
}

/**
 * The order in which the corpus lists its files (each folder's entries by name, folders read
 * where they stand): the order of a build, which live updates keep.
 */
export function compareCorpusPaths(a: string, b: string): number {
  const [left, right] = [a.split(path.sep), b.split(path.sep)];
  for (let at = 0; at < Math.min(left.length, right.length); at += 1) {
    if (left[at] !== right[at]) return left[at]!.localeCompare(right[at]!);
  }
  return left.length - right.length;
}

/** The corpus folder's real path; throws, naming the path, when it is missing or not a folder. */
async function corpusRoot(dir: string): Promise<string> {
  const root = await realpath(dir).catch(() => {
    throw new Error(`briefbot: corpus folder not found: ${dir}`);
  });
  if (!(await stat(root)).isDirectory()) throw new Error(`briefbot: corpus path is not a folder: ${dir}`);
  return root;
}

async function listArticleFiles(root: string, dir: string, warnings: string[]): Promise<string[]> {
  const files: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(root, full);
    if (entry.name.startsWith('.')) continue;
    if (entry.isSymbolicLink()) {
      const target = await realpath(full).catch(() => null);
      if (target === null || !target.startsWith(root + path.sep)) {
        // Links to folders and to article files are named; a link to some other file is not an article.
        const folder = target !== null && (await stat(target).then((info) => info.isDirectory(), () => false));
        const reason = target === null ? 'a link whose target is missing' : 'a link that points outside the corpus folder';
        if (folder || isArticleFile(entry.name)) warnings.push(`briefbot: skipped ${relative}: ${reason}`);
        continue;
      }
    }
    // A plain file or folder says what it is; only a link needs a stat for what it points to.
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => null) : entry;
    if (info?.isDirectory() && !entry.isSymbolicLink()) files.push(...(await listArticleFiles(root, full, warnings)));
    else if (info?.isFile() && isArticleFile(entry.name)) files.push(relative);
  }
  return files;
}

/**
 * Reads, repairs and cleans one article. Throws, with the reason, for a file that is not a
 * readable article; returns warnings for what it read only in part (bad front matter), and
 * the file's stamp and hash as read, for the snapshot.
 */
export async function readArticle(root: string, file: string): Promise<{ article: Article; warnings: string[]; stamp: FileStamp; hash: string }> {
  const read = await readCorpusFile(root, file, undefined);
  if ('error' in read) throw new Error(read.error);
  return { ...parseArticle(file, read.bytes!), stamp: read.stamp, hash: read.hash };
}

/** inspectArticle over a file named by its path; throws, with the reason, for one that is not a readable article. */
export async function inspectFile(file: string): Promise<ArticleReport> {
  if (!ARTICLE_EXTENSIONS.includes(path.extname(file).toLowerCase())) throw new Error(`not an article file (${ARTICLE_EXTENSIONS.join(', ')})`);
  const read = await readCorpusFile(path.dirname(file), path.basename(file), undefined);
  if ('error' in read) throw new Error(read.error);
  return inspectArticle(path.basename(file), read.bytes!);
}

/** How bytes that did not come from a file are read: a page fetched from the web. */
export interface ReadOptions {
  /** Where the page came from, to make its relative canonical URL absolute. */
  baseUrl?: string | null;
  /** The charset the server named (it outranks the page's own <meta charset>). */
  charset?: string | null;
}

/** Parses an article file's bytes; `file` is its path relative to the corpus folder. */
export function parseArticle(file: string, bytes: Uint8Array, options: ReadOptions = {}): { article: Article; warnings: string[] } {
  const { article, warnings } = readArticleFile(file, bytes, false, options);
  return { article, warnings };
}

/**
 * How one article file is read, for a user wondering why a paragraph is never found: its
 * metadata and where each field came from, its passages, the headings kept as context, and
 * every line dropped with the reason. Throws, with the reason, as parseArticle does.
 */
export function inspectArticle(file: string, bytes: Uint8Array): ArticleReport {
  const { article, warnings, cleaned, from } = readArticleFile(file, bytes, true);
  const passages = cutPassages(article).map(({ id, text, heading }) => ({ id, text, heading }));
  const shown = new Set(article.paragraphs.map((paragraph) => paragraph.text));
  const field = (name: keyof typeof from): MetadataField => ({ value: article[name] ?? null, from: article[name] === null ? null : (from[name] ?? null) });
  return {
    articleId: article.articleId,
    file: article.file,
    metadata: { title: field('title'), source: field('source'), date: field('date'), author: field('author'), url: field('url'), language: field('language'), translatedFrom: field('translatedFrom') },
    passages,
    headings: [...new Set(article.lines.filter((line) => !shown.has(line) && article.paragraphs.some((paragraph) => paragraph.heading === line)))],
    dropped: cleaned.dropped ?? [],
    warnings,
  };
}

type Sources = Partial<Record<'title' | 'source' | 'date' | 'author' | 'url' | 'language' | 'translatedFrom', string>>;

/** Reads, repairs and cleans one article file; with `explain`, also where each field came from and what was dropped. */
function readArticleFile(file: string, bytes: Uint8Array, explain: boolean, options: ReadOptions = {}): { article: Article; warnings: string[]; cleaned: CleanedArticle; from: Sources } {
  if (bytes.length === 0) throw new Error('the file is empty');
  const html = HTML_EXTENSIONS.includes(path.extname(file).toLowerCase());
  if (bytes.includes(0)) throw new Error('a binary file, not text');
  const raw = decode(bytes, html, options.charset ?? null);
  const warnings: string[] = [];
  const { meta, body, lineOffset } = splitFrontMatter(raw, (reason) => warnings.push(`briefbot: ${file}: front matter ignored: ${reason}`));
  const articleId = path.basename(file, path.extname(file));
  const from: Sources = {};
  const given = (name: keyof Sources, ...keys: string[]): string | null => {
    for (const key of keys) {
      const value = text(meta[key]);
      if (value !== null) {
        if (explain) from[name] = `front matter ${key}`;
        return value;
      }
    }
    return null;
  };
  let page: PageArticle | null = null;
  if (html) page = readHtmlPage(repairText(body), options.baseUrl ?? null);
  const pageField = (name: keyof PageArticle['metadata']): string | null => {
    const value = page?.metadata[name] ?? null;
    if (value !== null && explain) from[name] = `the page: ${page!.found[name]}`;
    return value;
  };
  const title = given('title', 'title', 'headline') ?? pageField('title');
  // A Markdown file briefbot saved (front matter added_by) holds text cleaned once already: its
  // blocks keep the roles they were saved with, and no line is judged again by its shape.
  const saved = !html && path.extname(file).toLowerCase() === '.md' && text(meta.added_by) !== null;
  const cleaned = page
    ? cleanBlocks(page.blocks, title, { explain })
    : saved
      ? cleanBlocks(markdownBlocks(repairText(body), lineOffset + 1), title, { explain })
      : cleanArticle(repairText(body), title, { explain, firstLine: lineOffset + 1 });
  if (cleaned.paragraphs.length === 0) throw new Error(page ? 'no article found in the page (nothing left after cleaning)' : 'no article text left after cleaning');
  const fromText = (name: 'title' | 'date' | 'author', value: string | null): string | null => {
    if (value !== null && explain) from[name] = `the text: ${cleaned.found?.[name] ?? 'its header'}`;
    return value;
  };

  let date = isoDate(meta.date);
  if (date !== null && explain) from.date = 'front matter date';
  if (meta.date !== undefined && date === null) warnings.push(`briefbot: ${file}: date ${JSON.stringify(meta.date)} is not YYYY-MM-DD; ignored`);
  date ??= pageField('date') ?? fromText('date', cleaned.date);
  return {
    article: {
      articleId,
      file,
      title: title ?? fromText('title', cleaned.title),
      source: given('source', 'source', 'publisher') ?? pageField('source'),
      date,
      dateEstimated: date !== null && meta.date_estimated === true,
      author: given('author', 'author') ?? pageField('author') ?? fromText('author', cleaned.author),
      url: given('url', 'url') ?? pageField('url'),
      translatedFrom: given('translatedFrom', 'translated_from'),
      language: given('language', 'language') ?? pageField('language'),
      paragraphs: cleaned.paragraphs,
      lines: cleaned.lines,
    },
    warnings,
    cleaned,
    from,
  };
}

/**
 * The blocks of Markdown text that briefbot wrote: blank lines between blocks, `## ` before a
 * heading, a backslash before a paragraph that would otherwise read as one.
 */
function markdownBlocks(body: string, firstLine: number): Block[] {
  const blocks: Block[] = [];
  let at = firstLine;
  for (const chunk of body.split(/(\n[^\S\n]*\n)/)) {
    const lines = chunk.split('\n').length - 1;
    const trimmed = chunk.trim();
    if (trimmed !== '') {
      const heading = /^#{1,6} +(.+)$/.exec(trimmed);
      blocks.push(heading && !trimmed.includes('\n') ? { text: heading[1]!, kind: 'heading', at } : { text: trimmed.replace(/^\\/, ''), kind: 'paragraph', at });
    }
    at += lines;
  }
  return blocks;
}

/**
 * A file's text. Text files must be UTF-8 (or in the charset the server that sent them named); a web page may name another encoding in its
 * <meta charset> (windows-1252, Shift_JIS, ...), which is honoured.
 */
function decode(bytes: Uint8Array, html: boolean, given: string | null): string {
  let label = given ?? 'utf-8';
  if (html && given === null) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    const named = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
    if (named && named !== 'utf-8' && named !== 'utf8') label = named;
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`an unknown text encoding "${label}"`);
    throw new Error(label === 'utf-8' ? 'not valid UTF-8 text' : `not valid ${label} text`);
  }
}

function splitFrontMatter(raw: string, warn: (reason: string) => void): { meta: Record<string, unknown>; body: string; lineOffset: number } {
  if (!/^\ufeff?---\s*\n/.test(raw)) return { meta: {}, body: raw, lineOffset: 0 };
  const offset = (body: string) => raw.slice(0, Math.max(0, raw.length - body.length)).split('\n').length - 1;
  try {
    // Options (even none) turn off gray-matter's cache, which would keep every file's text for good.
    const parsed = matter(raw.replace(/^\ufeff/, ''), {});
    const meta = parsed.data;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      warn('not a list of key: value lines');
      return { meta: {}, body: parsed.content, lineOffset: offset(parsed.content) };
    }
    return { meta, body: parsed.content, lineOffset: offset(parsed.content) };
  } catch (error) {
    warn((error as Error).message.split('\n')[0]?.replace(/:$/, '') || 'unreadable');
    const end = raw.indexOf('\n---', 3);
    const body = end === -1 ? raw : raw.slice(raw.indexOf('\n', end + 1) + 1);
    return { meta: {}, body, lineOffset: offset(body) };
  }
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** YAML reads an unquoted 2023-04-19 as a Date; a quoted one stays a string. Both are fine. */
function isoDate(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const date = new Date(`${value.trim()}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(value.trim())) return value.trim();
  }
  return null;
}
