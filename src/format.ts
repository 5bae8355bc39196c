/**
 * Plain-text pieces every adapter shows the same way: dates at their precision, citation
 * lines, the corpus line. No platform markup here; each adapter escapes and styles them.
 */
import type { Citation, CorpusInfo, TimelineEvent } from './types.js';

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

/** "Publisher · 19 Apr 2023 · Headline"; unknown parts say so, the headline is left out when unknown. */
export function citationLine(citation: Citation, withTitle = true): string {
  const parts = [citation.source ?? 'Unknown publisher', formatCitationDate(citation)];
  if (withTitle && citation.title) parts.push(citation.title);
  return parts.join(' · ');
}

/** "Searched 5 articles, 16 Dec 2021 to 23 Aug 2024." */
export function corpusLine(corpus: CorpusInfo): string {
  const span = corpus.from && corpus.to ? `, ${formatDate(corpus.from)} to ${formatDate(corpus.to)}` : '';
  return `Searched ${corpus.articles} article${corpus.articles === 1 ? '' : 's'}${span}.`;
}
