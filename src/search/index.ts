/**
 * The passage index: MiniSearch over passages, with its own vocabulary (term -> number of
 * passages holding it) for typo correction and for weighing what a question asks.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Article, Citation, Passage } from '../types.js';
import { bestScore, documentsHolding, forEachHolding, packIndex, searchAmong, shortIdOf, unpackIndex, type PackedIndex } from './packed.js';
import { readEnglishWords } from './spelling.js';
import { terms, toTerm, words } from './terms.js';

interface IndexedPassage {
  id: string;
  text: string;
  /** The article's headline and the section heading: context that matches weakly. */
  context: string;
}

/** The passages a search may score: those a test accepts, or those a set holds (which can be looked up one by one). */
export type Within = ((id: string) => boolean) | ReadonlySet<string>;

export interface Match {
  passage: Passage;
  /** MiniSearch's BM25 score. */
  score: number;
  /** The index terms found in the passage, each with the fields it was found in ('text', 'context'). */
  terms: Readonly<Record<string, readonly string[]>>;
}

export const indexOptions = {
  fields: ['text', 'context'],
  tokenize: (text: string) => words(text).map(({ word }) => word),
  processTerm: (word: string) => toTerm(word),
  searchOptions: { boost: { text: 1, context: 0.2 } },
};

// Query terms arrive processed already.
const QUERY_OPTIONS: SearchOptions = { processTerm: (term: string) => term, tokenize: (text: string) => [text], fuzzy: 0, prefix: false };

/** The query options that score only the passages `accept` takes (MiniSearch skips a document boosted by 0). */
function only(accept: ((id: string) => boolean) | undefined): SearchOptions {
  return accept ? { ...QUERY_OPTIONS, boostDocument: (id) => (accept(String(id)) ? 1 : 0) } : QUERY_OPTIONS;
}

/** What a snapshot keeps of the index: MiniSearch's index packed, and the vocabulary. */
export interface SavedIndex {
  packed: PackedIndex;
  vocabulary: Array<[string, number]>;
}

/** Passages, by paragraph, made by `PassageIndex.passageSet`. */
export interface PassageSet {
  readonly ids: ReadonlySet<string>;
  /** Every part of their paragraphs: what a paragraph is judged by. */
  readonly parts: ReadonlySet<string>;
  /** For each document number of such a part, the set's passages of its paragraph (one array a paragraph). */
  readonly byNumber: ReadonlyArray<readonly string[] | undefined>;
}

export class PassageIndex {
  miniSearch = new MiniSearch<IndexedPassage>(indexOptions);
  readonly passages = new Map<string, Passage>();
  readonly citations = new Map<string, Citation>();
  /** Term -> how many passages hold it in their text or headline, in the order the terms came. */
  private readonly counts = new Map<string, number>();
  /**
   * The same terms, for typo correction. The order a SearchableMap walks its keys in depends on
   * the order they were added, and corrections of equal merit come in that order: a snapshot
   * keeps the terms in the order they came, so that a loaded index corrects as the built one.
   */
  private readonly vocabulary = new SearchableMap<true>();
  private readonly byArticle = new Map<string, string[]>();
  /** The parts of each cut paragraph, by the paragraph's id (`a#p3` for `a#p3.1`, `a#p3.2`). */
  private readonly parts = new Map<string, string[]>();

  constructor() {
    // Typo correction needs it; read with the index, no question waits for it.
    readEnglishWords();
  }

  /**
   * An index over articles whose passages were indexed before (a snapshot): the MiniSearch
   * index is loaded, not rebuilt.
   */
  static restore(saved: SavedIndex, articles: Article[], passages: Passage[]): PassageIndex {
    const index = new PassageIndex();
    index.miniSearch = unpackIndex(saved.packed, indexOptions);
    for (const [term, count] of saved.vocabulary) {
      index.counts.set(term, count);
      index.vocabulary.set(term, true);
    }
    for (const article of articles) {
      index.citations.set(article.articleId, toCitation(article));
      index.byArticle.set(article.articleId, []);
    }
    for (const passage of passages) {
      index.passages.set(passage.id, passage);
      index.byArticle.get(passage.articleId)?.push(passage.id);
      index.addPart(passage);
    }
    if (index.miniSearch.documentCount !== index.passages.size || saved.packed.ids.some((id) => !index.passages.has(id))) {
      throw new Error('the saved index does not match its articles');
    }
    return index;
  }

  /** What a snapshot keeps, made in steps (see `runSlices`). */
  *save(): Generator<void, SavedIndex> {
    const packed = yield* packIndex(this.miniSearch);
    return { packed, vocabulary: [...this.counts] };
  }

  /** Every passage, article by article, in the order they were added. */
  allPassages(): Passage[] {
    return [...this.byArticle.values()].flatMap((ids) => ids.map((id) => this.passages.get(id)!));
  }

  /** An article's passages, in order. */
  passagesOf(articleId: string): Passage[] {
    return (this.byArticle.get(articleId) ?? []).map((id) => this.passages.get(id)!);
  }

  get size(): number {
    return this.passages.size;
  }

  add(article: Article, passages: Passage[]): void {
    const citation = toCitation(article);
    this.citations.set(article.articleId, citation);
    this.byArticle.set(article.articleId, passages.map((passage) => passage.id));
    for (const passage of passages) {
      this.passages.set(passage.id, passage);
      this.addPart(passage);
      for (const term of heldTerms(passage, citation)) {
        const count = this.counts.get(term);
        this.counts.set(term, (count ?? 0) + 1);
        if (count === undefined) this.vocabulary.set(term, true);
      }
    }
    this.miniSearch.addAll(passages.map((passage) => toIndexed(passage, citation)));
  }

  remove(articleId: string): void {
    const citation = this.citations.get(articleId);
    for (const id of this.byArticle.get(articleId) ?? []) {
      const passage = this.passages.get(id)!;
      this.miniSearch.remove(toIndexed(passage, citation!));
      for (const term of heldTerms(passage, citation!)) {
        const count = (this.counts.get(term) ?? 1) - 1;
        if (count > 0) this.counts.set(term, count);
        else {
          this.counts.delete(term);
          this.vocabulary.delete(term);
        }
      }
      if (passage.part !== null) this.parts.delete(this.paragraphOf(id));
      this.passages.delete(id);
    }
    this.byArticle.delete(articleId);
    this.citations.delete(articleId);
  }

  /** How many passages hold the term in their text or headline. */
  frequency(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  /** Inverse document frequency (BM25's), so rare terms weigh more; an unknown term weighs most. */
  weight(term: string): number {
    return this.weightOf(this.frequency(term));
  }

  /** The weight of a term held by `df` passages. */
  weightOf(df: number): number {
    const n = this.passages.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The most a term can add to a passage's BM25 score (a search's score is the sum over the terms matched, times their number). */
  bestScore(term: string): number {
    return bestScore(this.miniSearch, term, indexOptions.searchOptions.boost);
  }

  /** Known terms within `distance` edits of a term the index lacks, with how many passages hold each. */
  corrections(term: string, distance: number): Array<{ known: string; df: number; edits: number }> {
    return [...this.vocabulary.fuzzyGet(term, distance)].map(([known, [, edits]]) => ({ known, df: this.counts.get(known)!, edits }));
  }

  /**
   * Passages holding any of the terms, best first by BM25. With `mustHaveAny`, the passages
   * holding none of those may be left out (when that saves work): the rest score the same.
   * With `within`, only the passages it accepts (or holds) are scored.
   */
  search(queryTerms: string[], mustHaveAny: string[] = queryTerms, within?: Within): Match[] {
    if (queryTerms.length === 0) return [];
    const postings = (list: string[]) => list.reduce((sum, term) => sum + this.frequency(term), 0);
    const walked = postings(queryTerms);
    const accepts = acceptor(within);
    let accept = accepts;
    let among = typeof within === 'function' ? undefined : within;
    // Worth a first pass only when the required terms are rarer than the rest: a question of
    // common words alone is searched in one pass.
    if (mustHaveAny.length > 0 && postings(mustHaveAny) * 2 < walked) {
      // Whole paragraphs: the other parts of a cut paragraph are judged with the part that holds a required term.
      const candidates = new Set<string>();
      for (const term of mustHaveAny) {
        for (const id of documentsHolding(this.miniSearch, term)) {
          if (candidates.has(id) || (accepts && !accepts(id))) continue;
          const parts = this.passages.get(id)?.part == null ? undefined : this.parts.get(this.paragraphOf(id));
          if (parts === undefined) candidates.add(id);
          else for (const part of parts) candidates.add(part);
        }
      }
      accept = accepts ? (id) => candidates.has(id) && accepts(id) : (id) => candidates.has(id);
      among = accepts ? new Set([...candidates].filter((id) => accepts(id))) : candidates;
    }
    // Few passages to score beside the postings a query walks: each is looked up instead.
    if (among !== undefined && among.size * queryTerms.length < walked) {
      return searchAmong(this.miniSearch, queryTerms, among, indexOptions.searchOptions.boost).map((result) => ({ passage: this.passages.get(result.id)!, score: result.score, terms: result.match }));
    }
    const options = only(accept);
    return this.miniSearch.search({ combineWith: 'OR', queries: queryTerms }, options).map((result) => ({
      passage: this.passages.get(String(result.id))!,
      score: result.score,
      terms: result.match,
    }));
  }

  /**
   * Some passages, kept with their paragraphs for matching a term's postings against them: see
   * `membersHolding`. A change to the index makes a set made before it stale.
   */
  passageSet(ids: ReadonlySet<string>): PassageSet {
    const byParagraph = new Map<string, string[]>();
    for (const id of ids) {
      const paragraph = this.paragraphOf(id);
      const members = byParagraph.get(paragraph);
      if (members === undefined) byParagraph.set(paragraph, [id]);
      else members.push(id);
    }
    const parts = new Set<string>();
    const numbered: Array<[number, string[]]> = [];
    for (const [paragraph, members] of byParagraph) {
      for (const part of this.partsOf(paragraph)) {
        parts.add(part);
        const shortId = shortIdOf(this.miniSearch, part);
        if (shortId !== undefined) numbered.push([shortId, members]);
      }
    }
    // An array by document number, filled so that it stays a plain array: one read a posting.
    const byNumber = new Array<readonly string[] | undefined>(numbered.reduce((max, [shortId]) => Math.max(max, shortId + 1), 0)).fill(undefined);
    for (const [shortId, members] of numbered) byNumber[shortId] = members;
    return { ids, parts, byNumber };
  }

  /** The members of a set whose paragraph holds any of the terms (in any part), read off the postings, unscored. */
  membersHolding(queryTerms: string[], set: PassageSet): string[] {
    const found: string[] = [];
    const seen = new Set<readonly string[]>();
    for (const term of queryTerms) {
      forEachHolding(this.miniSearch, term, (shortId) => {
        const members = set.byNumber[shortId];
        if (members === undefined || seen.has(members)) return;
        seen.add(members);
        for (const id of members) found.push(id);
      });
    }
    return found;
  }

  /** The passages of a paragraph, in order: its parts when it was cut, else the paragraph's own passage. */
  partsOf(paragraph: string): readonly string[] {
    return this.parts.get(paragraph) ?? [paragraph];
  }

  private addPart(passage: Passage): void {
    if (passage.part === null) return;
    const paragraph = passage.id.slice(0, passage.id.lastIndexOf('.'));
    const parts = this.parts.get(paragraph);
    if (parts === undefined) this.parts.set(paragraph, [passage.id]);
    else parts.push(passage.id);
  }

  /** The paragraph a passage is (part of): `a#p3` for `a#p3` and `a#p3.2`. */
  paragraphOf(id: string): string {
    return this.passages.get(id)?.part == null ? id : id.slice(0, id.lastIndexOf('.'));
  }

  citation(articleId: string): Citation {
    return this.citations.get(articleId)!;
  }
}

function acceptor(within: Within | undefined): ((id: string) => boolean) | undefined {
  return within === undefined ? undefined : typeof within === 'function' ? within : (id) => within.has(id);
}

export function toCitation(article: Citation): Citation {
  const { articleId, title, source, date, dateEstimated, url, translatedFrom } = article;
  return { articleId, title, source, date, dateEstimated, url, translatedFrom };
}

/** The terms a passage holds: its text's and its context's (a passage of an article headed "Harvard University" holds "harvard"). */
function heldTerms(passage: Passage, citation: Citation): Set<string> {
  return new Set([...terms(passage.text), ...terms(contextOf(passage, citation))]);
}

function contextOf(passage: Passage, citation: Citation): string {
  return [citation.title, passage.heading].filter(Boolean).join(' \n ');
}

function toIndexed(passage: Passage, citation: Citation): IndexedPassage {
  return { id: passage.id, text: passage.text, context: contextOf(passage, citation) };
}
