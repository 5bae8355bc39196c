/**
 * Plain-text pieces every adapter shows the same way: dates at their precision, citation
 * lines, the corpus line. No platform markup here; each adapter escapes and styles them.
 */
import type { Citation, CorpusInfo, PersonMention, PersonProfile, PersonQuote, PersonRole, TimelineEvent } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2023-04-19" -> "19 Apr 2023"; "2023-04" -> "Apr 2023"; "2023" -> "2023". */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (month === undefined) return year ?? date;
  const name = MONTHS[Number(month) - 1] ?? month;
  return day === undefined ? `${name} ${year}` : `${Number(day)} ${name} ${year}`;
}

/**
 * An event's date at its precision, a range folded where it can be: "16-19 Apr 2023",
 * "~Sep-Nov 2023" (approximate), "Aug 2024".
 */
export function formatEventDate(event: Pick<TimelineEvent, 'date' | 'endDate' | 'approximate'>): string {
  const mark = event.approximate ? '~' : '';
  if (event.endDate === null || event.endDate === event.date) return mark + formatDate(event.date);
  const [y1, m1, d1] = event.date.split('-');
  const [y2, m2, d2] = event.endDate.split('-');
  if (y1 === y2 && m1 === m2 && d1 !== undefined && d2 !== undefined) return `${mark}${Number(d1)}-${formatDate(event.endDate)}`;
  if (y1 === y2 && d1 === undefined && d2 === undefined && m1 !== undefined && m2 !== undefined) return `${mark}${MONTHS[Number(m1) - 1]}-${formatDate(event.endDate)}`;
  return `${mark}${formatDate(event.date)} – ${formatDate(event.endDate)}`;
}

/** A citation's date for display, marked when it is an estimate: "~23 Aug 2024 (estimated)". */
export function formatCitationDate(citation: Citation): string {
  if (citation.date === null) return 'date unknown';
  return citation.dateEstimated ? `~${formatDate(citation.date)} (estimated)` : formatDate(citation.date);
}

/**
 * "Publisher · 19 Apr 2023 · Headline · translated from Chinese"; the publisher falls back to
 * the address's domain, the headline is left out when unknown.
 */
export function citationLine(citation: Citation, withTitle = true): string {
  const parts = [publisherOf(citation), formatCitationDate(citation)];
  if (withTitle && citation.title) parts.push(citation.title);
  const translated = translationNote(citation);
  if (translated) parts.push(translated);
  return parts.join(' · ');
}

/** The publisher to show: the source, else the domain of the article's address, else "Unknown publisher". */
export function publisherOf(citation: Citation): string {
  if (citation.source) return citation.source;
  const target = linkTarget(citation.url);
  return target ? new URL(target).hostname.replace(/^www\./, '') : 'Unknown publisher';
}

const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "translated from Chinese" for `translatedFrom: "zh"` (a language name is taken as written); null when not translated. */
export function translationNote(citation: Citation): string | null {
  const from = citation.translatedFrom?.trim();
  if (!from) return null;
  let name: string | undefined;
  if (LANGUAGE_CODE.test(from)) {
    try {
      name = languageNames.of(from);
    } catch {
      name = undefined;
    }
  }
  return `translated from ${name ?? from}`;
}

// Characters that chat markup reads (links, emphasis, mentions, quotes): percent-encoded in a
// link target, which leaves the address the same for every web server.
const MARKUP_IN_URL = /[<>|()[\]*_~`@'"\\{}^ ]/g;

/**
 * The article's address as a link target every adapter can put in markup: http(s) only, no
 * credentials, at most 1,000 characters, markup characters percent-encoded; null otherwise.
 */
export function linkTarget(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password || parsed.hostname === '') return null;
  const href = parsed.href.replace(MARKUP_IN_URL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= 1000 ? href : null;
}

/**
 * Neighbouring items that share a source, in runs, so that each run shows its citation once:
 * the passages of one article, the events of one article.
 */
export function runsBySource<T>(items: readonly T[], sourceOf: (item: T) => string): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && sourceOf(last[0]!) === sourceOf(item)) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

/** A person's roles, each role once (the first spelling), with the articles that give it, in order. */
export function rolesWithSources(roles: readonly PersonRole[]): Array<{ role: string; sources: Citation[] }> {
  const byRole = new Map<string, { role: string; sources: Citation[] }>();
  for (const role of roles) {
    const key = role.role.toLowerCase().replace(/\s+/g, ' ').trim();
    const entry = byRole.get(key) ?? { role: role.role.trim(), sources: [] };
    if (!entry.sources.some((source) => source.articleId === role.articleId)) entry.sources.push(role);
    byRole.set(key, entry);
  }
  return [...byRole.values()];
}

/** How often each article mentions the person, the articles in the order of their first mention. */
export function mentionsByArticle(mentions: readonly PersonMention[]): Array<{ citation: Citation; count: number }> {
  const byArticle = new Map<string, { citation: Citation; count: number }>();
  for (const mention of mentions) {
    const entry = byArticle.get(mention.articleId);
    if (entry) entry.count += 1;
    else byArticle.set(mention.articleId, { citation: mention, count: 1 });
  }
  return [...byArticle.values()];
}

/** "Passages 4-6 of 9"; no total when the answer has none. */
export function pageLabel(noun: string, offset: number, shown: number, total: number | null | undefined): string {
  const range = shown === 1 ? `${offset + 1}` : `${offset + 1}-${offset + shown}`;
  return total === undefined || total === null ? `${noun} ${range}` : `${noun} ${range} of ${total}`;
}

/** "3 mentions", "1 event". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "Searched 5 articles, 16 Dec 2021 to 23 Aug 2024." */
export function corpusLine(corpus: CorpusInfo): string {
  const span = corpus.from && corpus.to ? `, ${formatDate(corpus.from)} to ${formatDate(corpus.to)}` : '';
  return `Searched ${corpus.articles} article${corpus.articles === 1 ? '' : 's'}${span}.`;
}

/**
 * The quotes and reported statements a profile shows, each text once: at most `quotes` quotes,
 * then at most `statements` statements that are not among them.
 */
export function sayings(person: Pick<PersonProfile, 'quotes' | 'statements'>, limits: { quotes: number; statements: number }): { quotes: PersonQuote[]; statements: PersonQuote[] } {
  const seen = new Set<string>();
  const firstOf = (items: readonly PersonQuote[], limit: number) =>
    items
      .filter((item) => {
        const key = item.text.toLowerCase().replace(/\s+/g, ' ').trim();
        if (key === '' || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, limit);
  const quotes = firstOf(person.quotes, limits.quotes);
  return { quotes, statements: firstOf(person.statements ?? [], limits.statements) };
}

/** The items, then "+N" when `left` more are left out. */
export function withRest(items: string[], left: number): string[] {
  return left > 0 ? [...items, `+${left}`] : items;
}
