/**
 * The index snapshot: articles as cleaned, their passages, the MiniSearch index and each
 * article's people and events, saved to the cache folder and loaded on the next start when
 * neither the corpus nor the code that shapes the index has changed. A snapshot that cannot be
 * trusted is rebuilt, never used.
 *
 * The file is one JSON header and sections of bytes: JSON for what is made of records, flat
 * arrays of numbers for the passage index's postings and the passages' places, and the
 * passages' text as UTF-8, so that a start reads most of it as it lies.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileStamp } from './corpus/index.js';
import type { ArticlePeople } from './people/index.js';
import type { PackedIndex } from './search/packed.js';
import type { ArticleEvents } from './timeline/index.js';
import { runAll, runSlices } from './slices.js';
import type { Article, Passage } from './types.js';

const FORMAT = 3;
const MAGIC = 'briefbot-snapshot\n';
/** The code and data whose change changes what the index holds. */
const SHAPING_DIRS = ['../src', '../data'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

/** A corpus file as the snapshot saw it: its stamp, and the hash of the bytes indexed (or why it was not read). */
export type SnapshotFile = { file: string; stamp?: FileStamp } & ({ hash: string } | { error: string });

/** What a start checks before it reads the rest. */
export interface SnapshotHeader {
  format: number;
  /** codeFingerprint() of the code that wrote it. */
  code: string;
  createdAt: string;
  warnings: string[];
  files: SnapshotFile[];
}

/** Everything a briefing needs to start without reading an article again. */
export interface SnapshotContent {
  /** The articles, without paragraphs and lines (their passages and extractions are kept instead). */
  articles: Article[];
  /** Every passage, article by article. */
  passages: Passage[];
  people: ArticlePeople[];
  events: ArticleEvents[];
  search: { packed: PackedIndex; vocabulary: Array<[string, number]> };
}

export type Snapshot = SnapshotHeader & SnapshotContent;

/** A hash of the source and data files that shape the index, so a code change rebuilds it. */
export async function codeFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of SHAPING_DIRS) {
    for (const file of (await listFiles(dir)).sort()) hash.update(path.relative(dir, file)).update(await readFile(file));
  }
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)])));
  return nested.flat();
}

/** The snapshot file for a corpus folder: one a folder, named after its path. */
export function snapshotPath(cacheDir: string, corpusDir: string): string {
  return path.join(cacheDir, `index-${folderName(corpusDir)}.snapshot`);
}

/** The lock file beside a corpus folder's snapshot, held while a process builds it. */
export function lockPath(cacheDir: string, corpusDir: string): string {
  return path.join(cacheDir, `index-${folderName(corpusDir)}.lock`);
}

function folderName(corpusDir: string): string {
  return createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
}

/** A snapshot file read whole: its header, and the rest parsed on demand. */
export interface OpenSnapshot {
  header: SnapshotHeader;
  content(): SnapshotContent;
}

/**
 * Reads a snapshot's file and header. Returns null when there is none; throws, with the
 * reason, when it is unreadable, corrupt or of another format (the caller rebuilds and warns).
 */
export async function openSnapshot(file: string): Promise<OpenSnapshot | null> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (bytes === null) return null;
  const corrupt = () => new Error(`briefbot: index snapshot ${file} is corrupt or truncated; rebuilding it`);
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`briefbot: index snapshot ${file} is not in a known format; rebuilding it`);
  const headerEnd = bytes.indexOf(0x0a, MAGIC.length);
  let layout: { header: SnapshotHeader; sections: Record<string, [number, number]>; size: number };
  try {
    layout = JSON.parse(bytes.toString('utf8', MAGIC.length, headerEnd));
  } catch {
    throw corrupt();
  }
  if (layout.header?.format !== FORMAT) throw new Error(`briefbot: index snapshot ${file} is not in a known format; rebuilding it`);
  const base = align(headerEnd + 1);
  if (bytes.length !== base + layout.size) throw corrupt();
  const section = (name: string) => {
    const [offset, length] = layout.sections[name] ?? [0, -1];
    if (length < 0 || offset + length > layout.size) throw corrupt();
    return bytes.subarray(base + offset, base + offset + length);
  };
  return {
    header: layout.header,
    content: () => {
      try {
        return readContent(section);
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof RangeError) throw corrupt();
        throw error;
      }
    },
  };
}

/** Writes a snapshot atomically: a crash mid-write leaves the old one in place. */
export async function writeSnapshot(file: string, header: Omit<SnapshotHeader, 'format'>, content: SnapshotContent): Promise<void> {
  await writeSections(file, header, runAll(encodeContent(content)));
}

/**
 * Writes the snapshot of a briefing as it is now, working in slices between questions. Gives
 * up, resolving to false, when `changed` says the briefing changed meanwhile.
 */
export async function writeSnapshotInSlices(
  file: string,
  header: Omit<SnapshotHeader, 'format'>,
  briefing: { snapshotSteps(): Generator<void, SnapshotContent> },
  changed: () => boolean,
): Promise<boolean> {
  const sections = await runSlices(
    (function* () {
      return yield* encodeContent(yield* briefing.snapshotSteps());
    })(),
    changed,
  );
  if (sections === null) return false;
  await writeSections(file, header, sections);
  return true;
}

/** A section's bytes: one view, or pieces written one after another (no step joins a long list). */
type SectionBytes = ArrayBufferView | Buffer[];

async function writeSections(file: string, header: Omit<SnapshotHeader, 'format'>, sections: Array<[string, SectionBytes]>): Promise<void> {
  const pieces = (bytes: SectionBytes) => (Array.isArray(bytes) ? bytes : [bytes]);
  const layout: Record<string, [number, number]> = {};
  let size = 0;
  for (const [name, bytes] of sections) {
    const length = pieces(bytes).reduce((sum, piece) => sum + piece.byteLength, 0);
    layout[name] = [size, length];
    size = align(size + length);
  }
  const head = Buffer.from(`${MAGIC}${JSON.stringify({ header: { format: FORMAT, ...header }, sections: layout, size })}\n`);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const handle = await open(partial, 'w');
  try {
    await handle.write(head);
    await handle.write(Buffer.alloc(align(head.length) - head.length));
    let written = 0;
    for (const [name, bytes] of sections) {
      // Small pieces go out joined, about a megabyte a write.
      let batch: Buffer[] = [];
      let batched = 0;
      for (const piece of pieces(bytes)) {
        batch.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
        batched += piece.byteLength;
        if (batched < WRITE_BYTES) continue;
        await handle.write(Buffer.concat(batch));
        batch = [];
        batched = 0;
      }
      if (batch.length > 0) await handle.write(Buffer.concat(batch));
      written = layout[name]![0] + layout[name]![1];
      await handle.write(Buffer.alloc(align(written) - written));
    }
  } finally {
    await handle.close();
  }
  await rename(partial, file).catch(async (error: Error) => {
    await rm(partial, { force: true });
    throw error;
  });
}

const WRITE_BYTES = 1 << 20;

// Sections start on 8-byte boundaries, so that their numbers can be read in place.
const align = (n: number) => Math.ceil(n / 8) * 8;

function* encodeContent(content: SnapshotContent): Generator<void, Array<[string, SectionBytes]>> {
  const { passages } = content;
  const articleIndex = new Map(content.articles.map((article, index) => [article.articleId, index]));
  const headings: string[] = [];
  const headingIndex = new Map<string, number>();
  const places = new Int32Array(passages.length * 4);
  // The texts are written into one buffer, not a buffer each.
  let bytes = 0;
  for (const passage of passages) bytes += Buffer.byteLength(passage.text);
  const texts = Buffer.allocUnsafe(bytes);
  const ends = new Uint32Array(passages.length);
  let end = 0;
  for (const [at, passage] of passages.entries()) {
    let heading = -1;
    if (passage.heading !== null) {
      heading = headingIndex.get(passage.heading) ?? headings.push(passage.heading) - 1;
      headingIndex.set(passage.heading, heading);
    }
    places.set([articleIndex.get(passage.articleId)!, passage.paragraph, passage.part ?? 0, heading], at * 4);
    end += texts.write(passage.text, end);
    ends[at] = end;
    if (at % 2_000 === 1_999) yield;
  }
  const { packed } = content.search;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  return [
    ['articles', yield* jsonList(content.articles)],
    ['headings', json(headings)],
    ['places', places],
    ['textEnds', ends],
    ['texts', texts],
    ['people', yield* jsonList(content.people)],
    ['events', yield* jsonList(content.events)],
    ['vocabulary', yield* jsonList(content.search.vocabulary)],
    // JSON.stringify({ header, ids, terms }), its long lists made in steps.
    ['search', [Buffer.from(`{"header":${JSON.stringify(packed.header)},"ids":`), ...(yield* jsonList(packed.ids)), Buffer.from(',"terms":'), ...(yield* jsonList(packed.terms)), Buffer.from('}')]],
    ['shortIds', packed.shortIds],
    ['fieldLengths', packed.fieldLengths],
    ['postingIds', packed.postingIds],
    ['postingCounts', packed.postingCounts],
  ];
}

/** A list as JSON, in pieces of 200 items, yielding between: no step encodes or joins the whole list. */
function* jsonList(items: unknown[]): Generator<void, Buffer[]> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < items.length; at += 200) {
    const json = items.slice(at, at + 200).map((item) => JSON.stringify(item)).join(',');
    chunks.push(Buffer.from(at === 0 ? json : `,${json}`));
    yield;
  }
  return [Buffer.from('['), ...chunks, Buffer.from(']')];
}

function readContent(section: (name: string) => Buffer): SnapshotContent {
  const json = <T>(name: string): T => JSON.parse(section(name).toString('utf8')) as T;
  const numbers = <T extends Int32Array | Uint32Array | Uint16Array>(name: string, type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }): T => {
    const bytes = section(name);
    if (bytes.byteLength % type.BYTES_PER_ELEMENT !== 0) throw new RangeError(`section ${name} is cut`);
    // Read in place when the file's bytes allow it (they do for a file read whole); else copied.
    const aligned = bytes.byteOffset % type.BYTES_PER_ELEMENT === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
    return new type(aligned.buffer, aligned.byteOffset, bytes.byteLength / type.BYTES_PER_ELEMENT);
  };
  const articles = json<Article[]>('articles');
  const headings = json<string[]>('headings');
  const places = numbers('places', Int32Array);
  const ends = numbers('textEnds', Uint32Array);
  const texts = section('texts');
  if (places.length !== ends.length * 4 || (ends.length > 0 && ends[ends.length - 1] !== texts.length)) throw new RangeError('the passages do not match their text');
  const passages: Passage[] = new Array(ends.length);
  for (let at = 0, start = 0; at < ends.length; start = ends[at]!, at += 1) {
    const [article, paragraph, part, heading] = [places[at * 4]!, places[at * 4 + 1]!, places[at * 4 + 2]!, places[at * 4 + 3]!];
    const articleId = articles[article]!.articleId;
    passages[at] = {
      id: `${articleId}#p${paragraph}${part > 0 ? `.${part}` : ''}`,
      articleId,
      paragraph,
      part: part > 0 ? part : null,
      text: texts.toString('utf8', start, ends[at]),
      heading: heading < 0 ? null : headings[heading]!,
    };
  }
  const search = json<Pick<PackedIndex, 'header' | 'ids' | 'terms'>>('search');
  return {
    articles,
    passages,
    people: json('people'),
    events: json('events'),
    search: {
      packed: { ...search, shortIds: numbers('shortIds', Uint32Array), fieldLengths: numbers('fieldLengths', Uint16Array), postingIds: numbers('postingIds', Uint32Array), postingCounts: numbers('postingCounts', Uint16Array) },
      vocabulary: json('vocabulary'),
    },
  };
}
