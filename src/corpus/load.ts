/**
 * Reading the corpus folder: article files (.txt, .md) with optional YAML front matter.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import type { Article } from '../types.js';
import { cleanArticle } from './clean.js';
import { repairText } from './repair.js';

export const ARTICLE_EXTENSIONS = ['.txt', '.md'];
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
    const info = await stat(full);
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
  if (articles.length === 0) throw new Error(`briefbot: no readable article (.txt or .md) in corpus folder ${dir}`);
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
    const info = await stat(full).catch(() => null);
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

/** Parses an article file's bytes; `file` is its path relative to the corpus folder. */
export function parseArticle(file: string, bytes: Uint8Array): { article: Article; warnings: string[] } {
  if (bytes.length === 0) throw new Error('the file is empty');
  if (bytes.includes(0)) throw new Error('a binary file, not text');
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  const warnings: string[] = [];
  const { meta, body } = splitFrontMatter(raw, (reason) => warnings.push(`briefbot: ${file}: front matter ignored: ${reason}`));
  const articleId = path.basename(file, path.extname(file));
  const title = text(meta.title) ?? text(meta.headline);
  const cleaned = cleanArticle(repairText(body), title);
  if (cleaned.paragraphs.length === 0) throw new Error('no article text left after cleaning');

  let date = isoDate(meta.date);
  if (meta.date !== undefined && date === null) warnings.push(`briefbot: ${file}: date ${JSON.stringify(meta.date)} is not YYYY-MM-DD; ignored`);
  date ??= cleaned.date;
  return {
    article: {
      articleId,
      file,
      title: title ?? cleaned.title,
      source: text(meta.source) ?? text(meta.publisher),
      date,
      dateEstimated: date !== null && meta.date_estimated === true,
      author: text(meta.author) ?? cleaned.author,
      url: text(meta.url),
      translatedFrom: text(meta.translated_from),
      language: text(meta.language),
      paragraphs: cleaned.paragraphs,
      lines: cleaned.lines,
    },
    warnings,
  };
}

function splitFrontMatter(raw: string, warn: (reason: string) => void): { meta: Record<string, unknown>; body: string } {
  if (!/^\ufeff?---\s*\n/.test(raw)) return { meta: {}, body: raw };
  try {
    // Options (even none) turn off gray-matter's cache, which would keep every file's text for good.
    const parsed = matter(raw.replace(/^\ufeff/, ''), {});
    const meta = parsed.data;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      warn('not a list of key: value lines');
      return { meta: {}, body: parsed.content };
    }
    return { meta, body: parsed.content };
  } catch (error) {
    warn((error as Error).message.split('\n')[0]?.replace(/:$/, '') || 'unreadable');
    const end = raw.indexOf('\n---', 3);
    return { meta: {}, body: end === -1 ? raw : raw.slice(raw.indexOf('\n', end + 1) + 1) };
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
