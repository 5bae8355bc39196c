/**
 * The passage index in a snapshot: MiniSearch's inverted index as flat arrays (one list of
 * passage numbers and one of term counts for every term and field) instead of its JSON form.
 * A start reads the arrays as they lie in the file; each term's postings stay packed and behave
 * as the Map MiniSearch expects, so loading costs one object a term, not one a posting, and
 * MiniSearch ranks a loaded index exactly as the one it built.
 */
import MiniSearch, { type Options } from 'minisearch';

/** One field's postings of one term: passage number -> how often the term is in that field. */
type Postings = Map<number, number>;

/**
 * The parts of MiniSearch 7 that its JSON form fills in and a packed index fills in alike.
 * loadJS sets the same fields; test/search/snapshot.test.ts checks that a loaded index answers
 * as the built one, so a MiniSearch that stores them otherwise fails there, not in production.
 */
interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
  _idToShortId: Map<string, number>;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _index: { get(term: string): Map<number, Postings> | undefined; set(term: string, data: Map<number, Postings>): unknown; [Symbol.iterator](): Iterator<[string, Map<number, Postings>]> };
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
}

/** What a snapshot keeps of MiniSearch's index; the arrays are written as binary sections. */
export interface PackedIndex {
  /** documentCount, nextId, fieldIds, averageFieldLength, dirtCount, as MiniSearch's JSON form has them. */
  header: { documentCount: number; nextId: number; fieldIds: Record<string, number>; averageFieldLength: number[]; dirtCount: number; fields: number };
  /** The documents' ids (passage ids), in the order of `shortIds`. */
  ids: string[];
  shortIds: Uint32Array;
  /** Each document's length in each field: `fields` numbers a document. */
  fieldLengths: Uint16Array;
  /** Every term, and for each, the fields it is in, as `[term, fieldId, count, fieldId, count, ...]`. */
  terms: Array<Array<string | number>>;
  /** The postings, term by term and field by field: passage numbers ascending, and the counts beside them. */
  postingIds: Uint32Array;
  postingCounts: Uint16Array;
}

/**
 * The ids of the documents that hold a term in any field: the documents an OR query for the
 * term scores, without scoring or sorting them.
 */
export function* documentsHolding(miniSearch: MiniSearch, term: string): Generator<string> {
  const internals = miniSearch as unknown as MiniSearchInternals;
  for (const postings of internals._index.get(term)?.values() ?? []) {
    for (const shortId of postings.keys()) {
      const id = internals._documentIds.get(shortId);
      if (id !== undefined) yield id;
    }
  }
}

/** Calls `visit` with the number of each document holding a term, once for each field it is in there: no id is looked up. */
export function forEachHolding(miniSearch: MiniSearch, term: string, visit: (shortId: number) => void): void {
  (miniSearch as unknown as MiniSearchInternals)._index.get(term)?.forEach((postings) => postings.forEach((_count, shortId) => visit(shortId)));
}

/** The number MiniSearch gave a document, the key of its postings. */
export function shortIdOf(miniSearch: MiniSearch, id: string): number | undefined {
  return (miniSearch as unknown as MiniSearchInternals)._idToShortId.get(id);
}

/**
 * The most a term can add to a document's BM25+ score, before MiniSearch multiplies it by the
 * number of query terms matched: each field's idf times d + k + 1 (a term's saturated weight),
 * times the field's boost.
 */
export function bestScore(miniSearch: MiniSearch, term: string, boost: Record<string, number>): number {
  const internals = miniSearch as unknown as MiniSearchInternals;
  const data = internals._index.get(term);
  const { k, d } = BM25;
  let best = 0;
  for (const [field, fieldBoost] of Object.entries(boost)) {
    const matching = data?.get(internals._fieldIds[field]!)?.size ?? 0;
    if (matching > 0) best += fieldBoost * Math.log(1 + (internals._documentCount - matching + 0.5) / (matching + 0.5)) * (d + k + 1);
  }
  return best;
}

/** What MiniSearch's search() returns of a result that /ask reads. */
export interface ScoredDocument {
  id: string;
  score: number;
  match: Record<string, string[]>;
}

/**
 * MiniSearch's OR query for `terms`, scored for the documents `ids` alone: what
 * `search({ combineWith: 'OR', queries: terms }, { boost, boostDocument })` returns when
 * boostDocument gives 1 to those documents and 0 to every other, found by looking each of them
 * up in the postings rather than walking every posting of every term. The sums are made in
 * MiniSearch's order (a term's fields in turn, the terms in turn), so the scores are the same
 * to the last bit, and results of equal score come in the same order.
 * test/search/prefilter.test.ts holds this to MiniSearch's own search.
 */
export function searchAmong(miniSearch: MiniSearch, terms: string[], ids: Iterable<string>, boost: Record<string, number>): ScoredDocument[] {
  const internals = miniSearch as unknown as MiniSearchInternals;
  const shortIds: number[] = [];
  for (const id of ids) {
    const shortId = internals._idToShortId.get(id);
    if (shortId !== undefined) shortIds.push(shortId);
  }
  shortIds.sort((a, b) => a - b);
  const { k, b, d } = BM25;
  let results: Map<number, { score: number; terms: string[]; match: Record<string, string[]> }> | null = null;
  for (const term of terms) {
    const data = internals._index.get(term);
    const own = new Map<number, { score: number; terms: string[]; match: Record<string, string[]> }>();
    for (const field of Object.keys(boost)) {
      const fieldId = internals._fieldIds[field]!;
      const postings = data?.get(fieldId);
      if (postings == null) continue;
      const matching = postings.size;
      const avgFieldLength = internals._avgFieldLength[fieldId]!;
      const invDocFreq = Math.log(1 + (internals._documentCount - matching + 0.5) / (matching + 0.5));
      for (const shortId of shortIds) {
        const termFreq = postings.get(shortId);
        if (termFreq === undefined) continue;
        const fieldLength = internals._fieldLength.get(shortId)![fieldId]!;
        // As calcBM25Score and termResults compute it, factor by factor.
        const raw = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
        const weighted = 1 * 1 * boost[field]! * 1 * raw;
        const result = own.get(shortId);
        if (result) {
          result.score += weighted;
          if (!result.terms.includes(term)) result.terms.push(term);
          const fields = Object.hasOwn(result.match, term) ? result.match[term] : undefined;
          if (fields) fields.push(field);
          else result.match[term] = [field];
        } else own.set(shortId, { score: weighted, terms: [term], match: { [term]: [field] } });
      }
    }
    if (results === null) {
      results = own;
      continue;
    }
    for (const [shortId, next] of own) {
      const existing = results.get(shortId);
      if (existing == null) results.set(shortId, next);
      else {
        existing.score = existing.score + next.score;
        existing.match = Object.assign(existing.match, next.match);
        for (const seen of next.terms) if (!existing.terms.includes(seen)) existing.terms.push(seen);
      }
    }
  }
  const out: ScoredDocument[] = [];
  for (const [shortId, { score, terms: found, match }] of results ?? []) out.push({ id: internals._documentIds.get(shortId)!, score: score * (found.length || 1), match });
  return out.sort((x, y) => y.score - x.score);
}

// MiniSearch's default BM25+ parameters (the index sets none of its own).
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Flattens a MiniSearch index into a PackedIndex, yielding now and then so that a caller can work in slices. */
export function* packIndex(miniSearch: MiniSearch): Generator<void, PackedIndex> {
  const internals = miniSearch as unknown as MiniSearchInternals;
  // What MiniSearch's toJSON would give of these, read without serialising the whole index.
  const header = { documentCount: internals._documentCount, nextId: internals._nextId, fieldIds: { ...internals._fieldIds }, averageFieldLength: [...internals._avgFieldLength], dirtCount: internals._dirtCount };
  const fields = Object.keys(header.fieldIds).length;
  const ids: string[] = [];
  const shortIds = new Uint32Array(internals._documentIds.size);
  const fieldLengths = new Uint16Array(internals._documentIds.size * fields);
  let at = 0;
  for (const [shortId, id] of internals._documentIds) {
    ids.push(id);
    shortIds[at] = shortId;
    const lengths = internals._fieldLength.get(shortId) ?? [];
    for (let field = 0; field < fields; field += 1) fieldLengths[at * fields + field] = lengths[field] ?? 0;
    at += 1;
    if (at % 20_000 === 0) yield;
  }
  let total = 0;
  for (const [, data] of internals._index) for (const postings of data.values()) total += postings.size;
  const postingIds = new Uint32Array(total);
  const postingCounts = new Uint16Array(total);
  const terms: PackedIndex['terms'] = [];
  let next = 0;
  for (const [term, data] of internals._index) {
    const entry: Array<string | number> = [term];
    for (const [fieldId, postings] of data) {
      const start = next;
      for (const [shortId, count] of postings) {
        postingIds[next] = shortId;
        postingCounts[next] = count;
        next += 1;
      }
      sortRun(postingIds, postingCounts, start, next);
      entry.push(fieldId, next - start);
    }
    terms.push(entry);
    if (terms.length % 500 === 0) yield;
  }
  return { header: { ...header, dirtCount: header.dirtCount ?? 0, fields }, ids, shortIds, fieldLengths, terms, postingIds: postingIds.subarray(0, next), postingCounts: postingCounts.subarray(0, next) };
}

/** The MiniSearch index a PackedIndex holds. */
export function unpackIndex<T>(packed: PackedIndex, options: Options<T>): MiniSearch<T> {
  const { header, ids, shortIds, fieldLengths } = packed;
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  for (let at = 0; at < ids.length; at += 1) {
    documentIds[shortIds[at]!] = ids[at]!;
    fieldLength[shortIds[at]!] = Array.from(fieldLengths.subarray(at * header.fields, (at + 1) * header.fields));
  }
  const miniSearch = MiniSearch.loadJS<T>(
    { ...header, documentIds, fieldLength, storedFields: {}, index: [], serializationVersion: 2 },
    options,
  );
  const index = (miniSearch as unknown as MiniSearchInternals)._index;
  let next = 0;
  for (const entry of packed.terms) {
    const data = new Map<number, Postings>();
    for (let at = 1; at < entry.length; at += 2) {
      const count = entry[at + 1] as number;
      data.set(entry[at] as number, new PackedPostings(packed.postingIds.subarray(next, next + count), packed.postingCounts.subarray(next, next + count)) as unknown as Postings);
      next += count;
    }
    index.set(entry[0] as string, data);
  }
  return miniSearch;
}

/** Sorts one run of postings by passage number (a built index holds them in the order passages were added). */
function sortRun(ids: Uint32Array, counts: Uint16Array, start: number, end: number): void {
  let sorted = true;
  for (let at = start + 1; at < end && sorted; at += 1) sorted = ids[at - 1]! < ids[at]!;
  if (sorted) return;
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => ids[a]! - ids[b]!);
  const [byId, byCount] = [order.map((i) => ids[i]!), order.map((i) => counts[i]!)];
  ids.set(byId, start);
  counts.set(byCount, start);
}

/**
 * One term's postings in one field, packed: passage numbers ascending beside their counts, with
 * the Map methods MiniSearch calls. Passages added later get higher numbers, so they are
 * appended; a removed passage leaves a count of 0, skipped when iterating.
 */
export class PackedPostings {
  private ids: Uint32Array;
  private counts: Uint16Array;
  private end: number;
  private live: number;
  /** Where the last key handed out by an iterator is: MiniSearch asks for its count next. */
  private cursor = 0;

  constructor(ids: Uint32Array, counts: Uint16Array) {
    this.ids = ids;
    this.counts = counts;
    this.end = ids.length;
    this.live = ids.length;
  }

  get size(): number {
    return this.live;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): number | undefined {
    const at = this.find(id);
    return at === -1 || this.counts[at] === 0 ? undefined : this.counts[at];
  }

  set(id: number, count: number): this {
    const at = this.find(id);
    if (at !== -1) {
      if (this.counts[at] === 0) this.live += 1;
      this.counts[at] = count;
      return this;
    }
    if (this.end > 0 && id < this.ids[this.end - 1]!) return this.insert(id, count);
    if (this.end === this.ids.length) this.grow(this.end + 1);
    this.ids[this.end] = id;
    this.counts[this.end] = count;
    this.end += 1;
    this.live += 1;
    return this;
  }

  delete(id: number): boolean {
    const at = this.find(id);
    if (at === -1 || this.counts[at] === 0) return false;
    this.counts[at] = 0;
    this.live -= 1;
    return true;
  }

  *keys(): IterableIterator<number> {
    for (let at = 0; at < this.end; at += 1) {
      if (this.counts[at] === 0) continue;
      this.cursor = at;
      yield this.ids[at]!;
    }
  }

  *entries(): IterableIterator<[number, number]> {
    for (let at = 0; at < this.end; at += 1) if (this.counts[at] !== 0) yield [this.ids[at]!, this.counts[at]!];
  }

  *values(): IterableIterator<number> {
    for (const [, count] of this.entries()) yield count;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  forEach(callback: (count: number, id: number, map: this) => void): void {
    for (let at = 0; at < this.end; at += 1) if (this.counts[at] !== 0) callback(this.counts[at]!, this.ids[at]!, this);
  }

  private find(id: number): number {
    if (this.cursor < this.end && this.ids[this.cursor] === id) return this.cursor;
    let low = 0;
    let high = this.end - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.ids[middle]!;
      if (value === id) return middle;
      if (value < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** A passage number below the last: kept in order, at the cost of a copy (MiniSearch numbers new passages upwards, so this is rare). */
  private insert(id: number, count: number): this {
    let at = 0;
    while (at < this.end && this.ids[at]! < id) at += 1;
    this.grow(this.end + 1);
    this.ids.copyWithin(at + 1, at, this.end);
    this.counts.copyWithin(at + 1, at, this.end);
    this.ids[at] = id;
    this.counts[at] = count;
    this.end += 1;
    this.live += 1;
    return this;
  }

  /** Room for `needed` postings in arrays of its own (the loaded ones are views of the snapshot's). */
  private grow(needed: number): void {
    if (needed <= this.ids.length && this.ids.byteOffset === 0 && this.ids.buffer.byteLength === this.ids.byteLength) return;
    const capacity = Math.max(needed, Math.ceil(this.end * 1.5), 4);
    const ids = new Uint32Array(capacity);
    const counts = new Uint16Array(capacity);
    ids.set(this.ids.subarray(0, this.end));
    counts.set(this.counts.subarray(0, this.end));
    this.ids = ids;
    this.counts = counts;
  }
}
