/**
 * The corpus generator: articles of real English (sentences of the Brown corpus) with front
 * matter, dated events and people with roles woven in, so that /ask, /who and /timeline all
 * have work to do at any corpus size. Unrelated to the bundled articles on purpose: it is the
 * haystack they are mixed into.
 *
 *   tsx bench/generate.ts --articles 1000 --out /tmp/corpus [--seed 1] [--paragraphs 10]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArticle } from '../src/corpus/index.js';
import type { Article } from '../src/types.js';
import { detokenize, forgetBrown, readBrown, type BrownSentence, type BrownText } from './brown.js';

export interface GenerateOptions {
  articles: number;
  /** The same seed gives the same articles; article i does not depend on how many are made. */
  seed?: number;
  paragraphsPerArticle?: number;
}

export interface GeneratedFile {
  /** The file name, e.g. `gen-000001.txt`; its base name is the article id. */
  file: string;
  text: string;
}

/** Someone the generated articles keep coming back to, with one role throughout. */
export interface GeneratedPerson {
  name: string;
  first: string;
  last: string;
  /** How articles address them before the name: "Mayor", "Professor", "Judge". */
  title: string;
  /** The apposition after a quote: "a professor of geology at the University of Denver". */
  role: string;
}

const defaultOptions = { seed: 1, paragraphsPerArticle: 10 };

/** Invented publishers. */
const SOURCES = [
  'The Harbor Ledger',
  'Midland Courier',
  'Northfield Review',
  'The Evening Lantern',
  'Coastal Dispatch',
  'Granite Valley Observer',
  'The Prairie Sentinel',
  'Riverside Chronicle Weekly',
];
const FIELDS = ['history', 'chemistry', 'economics', 'linguistics', 'physics', 'sociology', 'music', 'agriculture', 'geology', 'philosophy', 'astronomy', 'education', 'law', 'medicine', 'architecture'];
const INSTITUTES = ['Museum of Art', 'Public Library', 'Water Authority', 'Historical Society', 'Board of Health', 'Chamber of Commerce', 'School Board', 'Harbor Commission'];
const DEPARTMENTS = ['parks', 'public works', 'health', 'education', 'transportation', 'housing'];
const ACTIONS = ['announced a review of', 'opened an inquiry into', 'spoke out against', 'proposed changes to', 'published a report on', 'defended'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CAST_SIZE = 4000;
const FIRST_DAY = Date.UTC(2015, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
const DAY = 86_400_000;

/**
 * Generates article files, deterministic for a seed.
 * @example generateArticles({ articles: 3, seed: 7 })[0].file // 'gen-000001.txt'
 */
export function generateArticles(options: GenerateOptions): GeneratedFile[] {
  const { seed, paragraphsPerArticle } = { ...defaultOptions, ...options };
  const files: GeneratedFile[] = [];
  for (let index = 0; index < options.articles; index += 1) files.push(generateArticle(index, seed, paragraphsPerArticle));
  return files;
}

/** Article `index` (0-based) of the corpus for `seed`. */
export function generateArticle(index: number, seed = defaultOptions.seed, paragraphsPerArticle = defaultOptions.paragraphsPerArticle): GeneratedFile {
  const brown = readBrown();
  const random = createRandom(mix(seed, index + 1));
  const cast = castOf(seed);
  const date = FIRST_DAY + random.int((LAST_DAY - FIRST_DAY) / DAY + 1) * DAY;
  const people = unique(Array.from({ length: 2 + random.int(3) }, () => cast[zipf(random, cast.length)]!));
  const writer = new ArticleWriter(brown, random, date, people);

  const paragraphs: string[] = [];
  for (let p = 0; p < paragraphsPerArticle; p += 1) {
    const sentences = Array.from({ length: 2 + random.int(4) }, () => writer.nextSentence());
    // The lead carries a dated event; the next paragraphs introduce each person with a role.
    const woven = p === 0 ? writer.event() : p <= people.length ? writer.quote(people[p - 1]!, true) : random.chance(0.6) ? writer.woven() : null;
    if (woven !== null) sentences.splice(p === 0 ? 0 : random.int(sentences.length + 1), 0, woven);
    paragraphs.push(sentences.join(' '));
  }

  const title = writer.title();
  const author = `${random.pick(brown.firstNames)} ${random.pick(brown.lastNames)}`;
  const text = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `source: ${JSON.stringify(random.pick(SOURCES))}`,
    `date: "${isoDay(date)}"`,
    `author: ${JSON.stringify(author)}`,
    '---',
    '',
    paragraphs.join('\n\n'),
    '',
  ].join('\n');
  return { file: `gen-${String(index + 1).padStart(6, '0')}.txt`, text };
}

/** Writes generated articles into a folder (made if missing); returns the files written. */
export function writeCorpus(dir: string, options: GenerateOptions): string[] {
  mkdirSync(dir, { recursive: true });
  return generateArticles(options).map(({ file, text }) => {
    writeFileSync(path.join(dir, file), text);
    return file;
  });
}

/**
 * Generated articles, parsed as the corpus loader parses files: the unrelated material that
 * ranking tests mix with the bundled corpus.
 */
export function generatedArticles(count: number, seed = defaultOptions.seed): Article[] {
  return generateArticles({ articles: count, seed }).map(({ file, text }) => parseArticle(file, Buffer.from(text)).article);
}

const casts = new Map<number, GeneratedPerson[]>();

/**
 * The people the articles for `seed` draw on, most written about first (article people are
 * drawn with a skew, so the first few hundred recur across many articles).
 */
export function castOf(seed = defaultOptions.seed): GeneratedPerson[] {
  let cast = casts.get(seed);
  if (cast !== undefined) return cast;
  const brown = readBrown();
  const random = createRandom(mix(seed, 0));
  const taken = new Set<string>();
  cast = [];
  while (cast.length < CAST_SIZE) {
    const first = random.pick(brown.firstNames);
    const last = random.pick(brown.lastNames);
    const name = `${first} ${last}`;
    if (taken.has(name)) continue;
    taken.add(name);
    cast.push({ name, first, last, ...roleOf(random, brown) });
  }
  casts.set(seed, cast);
  return cast;
}

function roleOf(random: Random, brown: BrownText): { title: string; role: string } {
  const place = random.pick(brown.places);
  switch (random.int(6)) {
    case 0:
      return { title: 'Professor', role: `a professor of ${random.pick(FIELDS)} at the University of ${place}` };
    case 1:
      return { title: 'Mayor', role: `the mayor of ${place}` };
    case 2:
      return { title: 'Judge', role: `a judge of the ${place} County Court` };
    case 3:
      return { title: 'Senator', role: `a state senator from ${place}` };
    case 4:
      return { title: 'Commissioner', role: `the ${place} commissioner of ${random.pick(DEPARTMENTS)}` };
    default:
      return { title: 'Dr.', role: `the director of the ${place} ${random.pick(INSTITUTES)}` };
  }
}

/** Draws one article's sentences: consecutive Brown sentences, names swapped, events woven in. */
class ArticleWriter {
  private cursor: number;
  private readonly names = new Map<string, string>();
  private readonly introduced = new Set<GeneratedPerson>();
  private readonly firstNames: Set<string>;
  private readonly lastNames: Set<string>;
  private readonly places: Set<string>;

  constructor(
    private readonly brown: BrownText,
    private readonly random: Random,
    private readonly date: number,
    private readonly people: GeneratedPerson[],
  ) {
    const all = allSentences(brown);
    this.cursor = random.int(all.length);
    ({ firstNames: this.firstNames, lastNames: this.lastNames, places: this.places } = nameSets(brown));
  }

  /** The next sentence of the running Brown text, its proper nouns swapped for this article's. */
  nextSentence(): string {
    const all = allSentences(this.brown);
    const sentence = all[this.cursor % all.length]!;
    this.cursor += 1;
    return this.swapNames(sentence);
  }

  /** A headline: the start of a sentence, 4 to 9 words. */
  title(): string {
    const all = allSentences(this.brown);
    const words = this.swapNames(all[this.random.int(all.length)]!).replace(/[“”"()]/g, '').split(' ');
    const fragment = words.slice(0, 4 + this.random.int(6)).join(' ').replace(/[\s,;:.!?—-]+$/, '');
    return fragment.charAt(0).toUpperCase() + fragment.slice(1);
  }

  /** A sentence with a date: "On March 3, ...", "In April 2019, ...", "Last Tuesday, ...". */
  event(): string {
    const [a, b] = this.pickTwo();
    const when = this.date - (1 + this.random.int(400)) * DAY;
    const phrase = this.random.pick(this.brown.nounPhrases);
    switch (this.random.int(4)) {
      case 0:
        return `On ${this.dayOf(when)}, ${a.title} ${this.nameOf(a)} met ${this.nameOf(b)} in ${this.random.pick(this.brown.places)} to discuss the ${phrase}.`;
      case 1:
        return `In ${monthOf(when)}, ${this.nameOf(a)} ${this.random.pick(ACTIONS)} the ${phrase}.`;
      case 2:
        return `Last ${this.random.pick(WEEKDAYS)}, ${this.nameOf(a)} told reporters that the ${phrase} had been ${this.random.pick(this.brown.participles)}.`;
      default:
        return `The ${phrase} was ${this.random.pick(this.brown.participles)} on ${this.dayOf(when)}, according to ${this.nameOf(a)}.`;
    }
  }

  /** A quotation from the running text, attributed with the person's role the first time. */
  quote(person: GeneratedPerson, withRole: boolean): string {
    const spoken = this.nextSentence().replace(/[“”]/g, '');
    const end = spoken.at(-1) === '.' ? ',' : spoken.at(-1);
    const said = spoken.slice(0, -1) + end;
    if (withRole || !this.introduced.has(person)) {
      this.introduced.add(person);
      return `“${said}” said ${person.name}, ${person.role}.`;
    }
    return `“${said}” ${person.last} said.`;
  }

  woven(): string {
    return this.random.chance(0.5) ? this.event() : this.quote(this.random.pick(this.people), false);
  }

  private pickTwo(): [GeneratedPerson, GeneratedPerson] {
    const a = this.random.pick(this.people);
    const others = this.people.filter((person) => person !== a);
    return [a, others.length > 0 ? this.random.pick(others) : a];
  }

  /** The full name on first mention, the surname after it, as a reporter writes. */
  private nameOf(person: GeneratedPerson): string {
    if (this.introduced.has(person)) return person.last;
    this.introduced.add(person);
    return person.name;
  }

  /** "March 3" within the article's year, "March 3, 2018" before it. */
  private dayOf(when: number): string {
    const day = new Date(when);
    const sameYear = day.getUTCFullYear() === new Date(this.date).getUTCFullYear();
    return `${MONTHS[day.getUTCMonth()]} ${day.getUTCDate()}${sameYear ? '' : `, ${day.getUTCFullYear()}`}`;
  }

  private swapNames(sentence: BrownSentence): string {
    if (!sentence.tokens.some((token) => token.tag.startsWith('np') && !token.tag.includes('-tl'))) return sentence.text;
    return detokenize(
      sentence.tokens.map((token) => {
        if (!token.tag.startsWith('np') || token.tag.includes('-tl')) return token;
        const match = /^([A-Z][a-z]{2,})('s)?$/.exec(token.word);
        if (match === null) return token;
        return { word: this.swap(match[1]!) + (match[2] ?? '') };
      }),
    );
  }

  /** The same stand-in for a name throughout the article. */
  private swap(name: string): string {
    let stand = this.names.get(name);
    if (stand !== undefined) return stand;
    const pool = this.firstNames.has(name) ? this.brown.firstNames : this.lastNames.has(name) ? this.brown.lastNames : this.places.has(name) ? this.brown.places : null;
    stand = pool === null ? name : this.random.pick(pool);
    this.names.set(name, stand);
    return stand;
  }
}

/** Drops the generator's caches (the parsed Brown corpus, about 100 MB of heap). */
export function releaseGeneratorMemory(): void {
  forgetBrown();
  flat = null;
  sets = null;
  casts.clear();
}

function monthOf(when: number): string {
  const day = new Date(when);
  return `${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

function isoDay(when: number): string {
  return new Date(when).toISOString().slice(0, 10);
}

let flat: { brown: BrownText; sentences: BrownSentence[] } | null = null;
let sets: { firstNames: Set<string>; lastNames: Set<string>; places: Set<string> } | null = null;

function allSentences(brown: BrownText): BrownSentence[] {
  if (flat?.brown !== brown) flat = { brown, sentences: brown.documents.flatMap((document) => document.sentences) };
  return flat.sentences;
}

function nameSets(brown: BrownText) {
  sets ??= { firstNames: new Set(brown.firstNames), lastNames: new Set(brown.lastNames), places: new Set(brown.places) };
  return sets;
}

interface Random {
  /** 0 <= n < below */
  int(below: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  next(): number;
}

/** mulberry32: small, fast and the same on every platform. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { next, int, chance: (probability) => next() < probability, pick: (items) => items[int(items.length)]! };
}

/** One 32-bit seed from two numbers, so that article i has its own stream. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An index skewed to the front: a few people are in the news often, most rarely. */
function zipf(random: Random, size: number): number {
  return Math.min(size - 1, Math.floor(size * random.next() ** 3));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function parseArgs(argv: string[]): { articles: number; out: string; seed: number; paragraphs: number } {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  const articles = Number(value('articles'));
  const out = value('out');
  if (!Number.isInteger(articles) || articles < 1 || out === undefined) {
    throw new Error('briefbot: usage: tsx bench/generate.ts --articles N --out DIR [--seed S] [--paragraphs P]');
  }
  return { articles, out, seed: Number(value('seed') ?? defaultOptions.seed), paragraphs: Number(value('paragraphs') ?? defaultOptions.paragraphsPerArticle) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { articles, out, seed, paragraphs } = parseArgs(process.argv.slice(2));
    const files = writeCorpus(out, { articles, seed, paragraphsPerArticle: paragraphs });
    console.log(`wrote ${files.length} articles to ${out}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
