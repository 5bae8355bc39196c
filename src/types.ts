/**
 * The plain records the core hands to every adapter. They are the JSON contract of
 * `briefbot ... --json`: field names here are field names there.
 */

/** Where a passage, quote or event came from. `date` is the article's publication date. */
export interface Citation {
  articleId: string;
  title: string | null;
  source: string | null;
  date: string | null;
  dateEstimated: boolean;
  /** The article's address (front matter `url`, or the page's canonical URL); null when unknown. */
  url: string | null;
  /** The language the article was translated from (front matter `translated_from`), e.g. "zh"; null when it was not. */
  translatedFrom: string | null;
}

/** An article as read from the corpus folder, its text repaired and cleaned. */
export interface Article extends Citation {
  /** The file the article was read from, relative to the corpus folder. */
  file: string;
  author: string | null;
  language: string | null;
  /** The cleaned paragraphs, in order; headings are not paragraphs. */
  paragraphs: Paragraph[];
  /**
   * Every line left after cleaning, in order, headings, byline blocks ("William Courtney" /
   * "adjunct senior fellow, Rand Corp") and repeated paragraphs included: context for
   * extraction, never shown as passages. Empty in a built briefing and its snapshot, which
   * keep what was extracted instead.
   */
  lines: string[];
}

export interface Paragraph {
  /** 1-based, counted over the cleaned paragraphs of the article. */
  number: number;
  text: string;
  /** The nearest heading above the paragraph, if any (kept as context, never shown as a passage). */
  heading: string | null;
}

/** A searchable unit: one paragraph, or one part of a paragraph too long to read in chat. */
export interface Passage {
  /** `<articleId>#p<paragraph>` or `<articleId>#p<paragraph>.<part>`. */
  id: string;
  articleId: string;
  paragraph: number;
  /** 1-based part of a cut paragraph; null when the paragraph is whole. */
  part: number | null;
  text: string;
  heading: string | null;
}

export interface CorpusInfo {
  articles: number;
  /** Earliest and latest publication date (ISO), null when no article has a date. */
  from: string | null;
  to: string | null;
}

export interface PageOptions {
  limit?: number;
  offset?: number;
}

export interface AskHit extends Citation {
  id: string;
  text: string;
  /** Character offsets into `text` of the words to show bold: [start, end). */
  highlights: Array<[number, number]>;
  /** The query words that this passage matched, as the user typed them. */
  matched: string[];
  score: number;
  /** The other articles carrying the same passage (near-duplicates folded into this one). */
  alsoIn: Citation[];
}

export interface AskAnswer {
  command: 'ask';
  query: string;
  hits: AskHit[];
  corpus: CorpusInfo;
  message?: string;
  next: number | null;
  /**
   * How many passages answer in all. Exact on the last page; before it, near-duplicates past the
   * page are counted apart (folding them all would cost more than the page), so it may be a few high.
   */
  total?: number;
}

export interface PersonRole extends Citation {
  role: string;
}

export interface PersonMention extends Citation {
  id: string;
  text: string;
}

export interface PersonQuote extends Citation {
  text: string;
}

/** One line of the people directory (`/who` with no name). */
export interface PersonListing {
  name: string;
  mentions: number;
  /** The person's main role, as the text gives it; null when the articles give none. */
  role: string | null;
}

export interface PersonProfile {
  name: string;
  aliases: string[];
  roles: PersonRole[];
  mentions: PersonMention[];
  /** What the article puts in quotation marks and attributes to the person. */
  quotes: PersonQuote[];
  /** Reported speech ("Xi said he looked forward to ..."): what the person said, not in their own quoted words. */
  statements?: PersonQuote[];
  /** First and last publication dates among the articles that mention the person. */
  firstMentioned?: string | null;
  lastMentioned?: string | null;
  /** People most often mentioned in the same passages. */
  related?: Array<{ name: string; mentions: number }>;
  /** Corrections the text needs, e.g. a name used for someone else. */
  notes?: string[];
}

export interface WhoAnswer {
  command: 'who';
  query: string;
  person: PersonProfile | null;
  candidates: Array<{ name: string; mentions: number }>;
  suggestions: string[];
  /** The directory of the corpus's people by mentions, paged: set when `/who` is asked with no name. */
  people?: PersonListing[];
  next?: number | null;
  message?: string;
}

/** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the date at the precision the text gives. */
export type EventDate = string;

export interface TimelineEvent extends Citation {
  date: EventDate;
  endDate: EventDate | null;
  approximate: boolean;
  text: string;
  /** The passage the event sentence came from. */
  id: string;
  /** The publication date of the article the event came from. */
  articleDate: string | null;
  sources: Citation[];
}

export interface TimelineAnswer {
  command: 'timeline';
  query: string;
  events: TimelineEvent[];
  periods: Array<{ period: string; events: number }>;
  message?: string;
  next: number | null;
  /** How many events the query has in all; null when not known (a page past the end). */
  total?: number | null;
}

export interface ErrorAnswer {
  command: string;
  error: string;
}

export type Answer = AskAnswer | WhoAnswer | TimelineAnswer;

/** A choice for autocomplete: what to show and what to put in the option. */
export interface Suggestion {
  label: string;
  value: string;
  count: number;
}

/** What the per-article extractors (people, events) receive for one article. */
export interface ArticleSource {
  article: Article;
  citation: Citation;
  passages: Passage[];
}

/** A piece of an article's metadata and where it came from ("front matter title", "the page: og:title"). */
export interface MetadataField {
  value: string | null;
  from: string | null;
}

/** How one article file is read (`briefbot inspect <file> --json`). */
export interface ArticleReport {
  articleId: string;
  file: string;
  metadata: Record<'title' | 'source' | 'date' | 'author' | 'url' | 'language' | 'translatedFrom', MetadataField>;
  /** Every passage the article yields, in order, with the heading it sits under. */
  passages: Array<{ id: string; text: string; heading: string | null }>;
  /** The headings kept as context (never shown as passages). */
  headings: string[];
  /** Every line left out, in order, with the reason. `at`: its line in a text file, its block's number in a web page. */
  dropped: Array<{ at: number; text: string; reason: string }>;
  warnings: string[];
}

/** Why an article was not added or removed (`/brief add`, `/brief remove`, `briefbot add`). */
export type RefusalReason =
  | 'not-editor'
  | 'invalid'
  | 'private-address'
  | 'unreachable'
  | 'timeout'
  | 'not-found'
  | 'http-error'
  | 'too-many-redirects'
  | 'too-large'
  | 'not-article'
  | 'unknown-article'
  | 'not-removable';

/** An article added from a link, a file or a feed, as the index reads its saved file. */
export interface AddedArticle extends Citation {
  /** The saved file, relative to the corpus folder. */
  file: string;
  author: string | null;
  /** How many passages the article gave. */
  passages: number;
  firstPassage: { id: string; text: string } | null;
  /** Who added it: "slack U0123", "discord 1234…", "terminal", "feed <url>"; null for an article not added this way. */
  addedBy: string | null;
  addedAt: string | null;
}

/**
 * What `/brief add` and `/brief remove` answer (`briefbot add|remove --json`). `duplicate`: the
 * same canonical URL or the same text is already in the corpus, and `article` is that one.
 */
export interface EditAnswer {
  command: 'add' | 'remove';
  /** The link, the file name or the article id asked for. */
  query: string;
  status: 'added' | 'duplicate' | 'removed' | 'refused';
  reason: RefusalReason | null;
  article: AddedArticle | null;
  /** Whether the live index answers from the change already (false: it will once it has read the file). */
  indexed: boolean;
  /** Who may add and remove (user and role ids), when the asker may not. */
  editors: string[];
  message: string;
}
