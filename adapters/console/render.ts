/**
 * Terminal rendering of the core's records: plain text, matched words bold when the
 * terminal shows styles, headlines linked (OSC 8) where the terminal supports it, each
 * article's citation once for its neighbouring passages or events.
 */
import { styleText } from 'node:util';
import { editHelpLines, helpLines } from '../../src/commands.js';
import { corpusLine, formatCitationDate, formatDate, formatEventDate, linkTarget, mentionsByArticle, pageLabel, plural, publisherOf, rolesWithSources, runsBySource, sayings, translationNote } from '../../src/format.js';
import type { HelpContent } from '../../src/help.js';
import type { FeedState } from '../ingest/feeds.js';
import type { Answer, ArticleReport, AskAnswer, Citation, EditAnswer, ErrorAnswer, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';

export interface RenderOptions {
  /** Bold and dim styles (ANSI); off for pipes and NO_COLOR. */
  color: boolean;
  /** Headlines as OSC 8 hyperlinks; on only where the terminal supports them. */
  links?: boolean;
  /** The offset of the page shown, for "Passages 4-6 of 9". */
  offset?: number;
}

export function renderAnswer(answer: Answer | ErrorAnswer, options: RenderOptions): string {
  const style = styler(options.color, options.links ?? false);
  if ('error' in answer) return printable(`${answer.command ? `/${answer.command}: ` : ''}${answer.error}`);
  switch (answer.command) {
    case 'ask':
      return renderAsk(answer, style, options.offset ?? 0);
    case 'who':
      return renderWho(answer, style);
    case 'timeline':
      return renderTimeline(answer, style, options.offset ?? 0);
  }
}

/** The commands; with the corpus's help, also what it covers, examples that answer and tips. */
export function renderHelp(content?: HelpContent): string {
  const lines = ['Commands:', ...helpLines().map((line) => `  ${line}`), ...editHelpLines().map((line) => `  ${line}`), '  /quit: leave (or Ctrl-D)'];
  if (content) {
    lines.unshift(printable(`briefbot covers ${content.coverage} ${content.freshness}`), '');
    const examples = content.commands.flatMap((c) => (c.example ? [`  ${c.example}`] : []));
    if (examples.length > 0) lines.push('', 'Try:', ...examples.map(printable));
    lines.push('', 'Tips:', ...content.tips.map((tip) => `  ${printable(tip)}`));
  }
  return lines.join('\n');
}

/** `briefbot inspect`: how one article file is read, for a person to scan. */
export function renderInspect(report: ArticleReport, options: RenderOptions): string {
  const style = styler(options.color, false);
  const lines = [style('bold', `${report.file} (article ${report.articleId})`), '', 'Metadata:'];
  for (const [name, field] of Object.entries(report.metadata)) {
    lines.push(`  ${`${name}:`.padEnd(16)}${field.value === null ? '(unknown)' : printable(field.value)}${field.from ? style('dim', `  from ${field.from}`) : ''}`);
  }
  lines.push('', `Passages (${report.passages.length}):`);
  for (const passage of report.passages) {
    lines.push(`  ${style('bold', passage.id)}${passage.heading ? style('dim', `  under "${passage.heading}"`) : ''}`, `    ${printable(passage.text).replace(/\n/g, '\n    ')}`);
  }
  if (report.headings.length > 0) lines.push('', `Headings kept as context (${report.headings.length}):`, ...report.headings.map((heading) => `  ${printable(heading)}`));
  lines.push('', `Dropped (${report.dropped.length}):`);
  for (const dropped of report.dropped) lines.push(`  ${style('dim', `${dropped.at}: ${dropped.reason}:`)} ${shorten(printable(dropped.text), 120)}`);
  for (const warning of report.warnings) lines.push('', printable(warning));
  return lines.join('\n');
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

interface Style {
  (kind: 'bold' | 'dim', text: string): string;
  /** `text` as a hyperlink to `url` when links are on and the address is one. */
  link(text: string, url: string | null): string;
}

function styler(color: boolean, links: boolean): Style {
  const style = (color ? (kind: 'bold' | 'dim', text: string) => styleText(kind, text) : (_kind: 'bold' | 'dim', text: string) => text) as Style;
  style.link = (text, url) => {
    const target = links ? linkTarget(url) : null;
    // OSC 8: ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST
    return target ? `\u001b]8;;${target}\u001b\\${text}\u001b]8;;\u001b\\` : text;
  };
  return style;
}

/** Text with the control characters that could steer a terminal (escape sequences) taken out. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

/** "Publisher · 19 Apr 2023 · Headline · translated from Chinese", the headline (or publisher) linked. */
function citationText(citation: Citation, style: Style, withTitle = true): string {
  const title = withTitle && citation.title ? printable(citation.title) : null;
  const publisher = printable(publisherOf(citation));
  const parts = [title ? publisher : style.link(publisher, citation.url), formatCitationDate(citation)];
  if (title) parts.push(style.link(title, citation.url));
  const translated = translationNote(citation);
  if (translated) parts.push(printable(translated));
  return parts.join(' · ');
}

function renderAsk(answer: AskAnswer, style: Style, offset: number): string {
  const lines: string[] = [];
  if (answer.message) lines.push(printable(answer.message), '');
  let number = 0;
  for (const run of runsBySource(answer.hits, (hit) => hit.articleId)) {
    for (const hit of run) lines.push(`${++number}. ${bolden(printable(hit.text), hit.highlights, style)}`, style('dim', `   ${hit.id}`));
    lines.push(style('dim', `   — ${citationText(run[0]!, style)}`));
    const also = run.flatMap((hit) => hit.alsoIn).filter((c, i, all) => c.articleId !== run[0]!.articleId && all.findIndex((o) => o.articleId === c.articleId) === i);
    if (also.length > 0) lines.push(style('dim', `   also in: ${also.map((c) => citationText(c, style, false)).join('; ')}`));
    lines.push('');
  }
  if (answer.hits.length > 0) lines.push(style('dim', pageLabel('Passages', offset, answer.hits.length, answer.total)));
  if (answer.next !== null) lines.push(style('dim', `More: add --offset ${answer.next}`));
  lines.push(style('dim', corpusLine(answer.corpus)));
  return lines.join('\n');
}

/** Wraps the highlighted ranges of a text in bold. */
export function bolden(text: string, highlights: Array<[number, number]>, style: Style): string {
  let out = '';
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at) continue;
    out += text.slice(at, start) + style('bold', text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

function renderWho(answer: WhoAnswer, style: Style): string {
  const lines: string[] = [];
  const person = answer.person;
  if (answer.people !== undefined) {
    if (answer.message) lines.push(printable(answer.message));
    for (const p of answer.people) lines.push(`  ${style('bold', printable(p.name))}${p.role ? ` — ${printable(p.role)}` : ''} · ${plural(p.mentions, 'mention')}`);
    if (answer.next != null) lines.push('', style('dim', `More: add --offset ${answer.next}`));
    return lines.join('\n') || 'No people in the articles.';
  }
  if (person === null) {
    if (answer.message) lines.push(printable(answer.message));
    if (answer.candidates.length > 0) lines.push(printable(`Did you mean: ${answer.candidates.map((c) => `${c.name} (${c.mentions})`).join(', ')}?`));
    else if (answer.suggestions.length > 0) lines.push(printable(`Close names: ${answer.suggestions.join(', ')}`));
    return lines.join('\n') || printable(`No person called "${answer.query}" in the corpus.`);
  }
  // A correction of the name typed comes first.
  if (answer.message) lines.push(printable(answer.message), '');
  lines.push(style('bold', printable(person.name)));
  if (person.aliases.length > 0) lines.push(printable(`Also: ${person.aliases.join(', ')}`));
  const roles = rolesWithSources(person.roles);
  if (roles.length > 0) {
    lines.push('', 'Roles:');
    for (const { role, sources } of roles) lines.push(`  ${printable(role)}`, style('dim', `    ${sources.map((c) => citationText(c, style, false)).join('; ')}`));
  }
  const { quotes, statements } = sayings(person, { quotes: 3, statements: 3 });
  if (quotes.length > 0) {
    lines.push('', 'Quotes:');
    for (const quote of quotes) lines.push(`  “${printable(quote.text)}”`, style('dim', `    ${citationText(quote, style, false)}`));
  }
  if (statements.length > 0) {
    lines.push('', 'Statements (reported, not their own words):');
    for (const statement of statements) lines.push(`  ${printable(statement.text)}`, style('dim', `    ${citationText(statement, style, false)}`));
  }
  const articles = mentionsByArticle(person.mentions);
  lines.push('', `Appears in ${plural(articles.length, 'article')} (${plural(person.mentions.length, 'passage')}):`);
  for (const { citation, count } of articles) lines.push(style('dim', `  ${citationText(citation, style)} (${plural(count, 'mention')})`));
  for (const note of person.notes ?? []) lines.push('', printable(`Note: ${note}`));
  return lines.join('\n');
}

function renderTimeline(answer: TimelineAnswer, style: Style, offset: number): string {
  const lines: string[] = [];
  if (answer.message) lines.push(printable(answer.message));
  if (answer.events.length === 0 && answer.periods.length > 0 && !answer.message) {
    lines.push(`Periods with events: ${answer.periods.map((p) => `${p.period} (${p.events})`).join(', ')}`);
  }
  // The citation once for a run of one article's events.
  for (const run of runsBySource(answer.events, sourceKey)) {
    for (const event of run) lines.push(`${style('bold', formatEventDate(event).padEnd(16))} ${printable(event.text)}`, style('dim', `${' '.repeat(17)}${event.id}`));
    const first = run[0]!;
    const sources = first.sources.length > 0 ? first.sources : [{ ...first, date: first.articleDate }];
    lines.push(style('dim', `${' '.repeat(17)}— ${sources.map((c) => citationText(c, style)).join('; ')}`));
  }
  if (answer.events.length > 0) lines.push('', style('dim', pageLabel('Events', offset, answer.events.length, answer.total)));
  if (answer.next !== null) lines.push(style('dim', `More: add --offset ${answer.next}`));
  return lines.join('\n');
}

function sourceKey(event: TimelineEvent): string {
  return event.sources.map((s) => s.articleId).join('\n');
}

/** `briefbot add` and `briefbot remove`: what happened, then the article: citation, first passage, passages, id and file. */
export function renderEdit(answer: EditAnswer, options: RenderOptions): string {
  const style = styler(options.color, options.links ?? false);
  const lines = [printable(answer.message)];
  if (answer.reason === 'not-editor' && answer.editors.length > 0) lines.push(style('dim', `Editors: ${answer.editors.join(', ')}`));
  const article = answer.article;
  if (article) {
    lines.push('', `  ${citationText(article, style)}`);
    if (article.firstPassage) lines.push(`  ${printable(article.firstPassage.text).replace(/\n/g, '\n  ')}`);
    const facts = [article.articleId, plural(article.passages, 'passage'), printable(article.file)];
    if (article.addedBy) facts.push(`added by ${printable(article.addedBy)}${article.addedAt ? ` on ${formatDate(article.addedAt.slice(0, 10))}` : ''}`);
    lines.push(style('dim', `  ${facts.join(' · ')}`));
  }
  return lines.join('\n');
}

/** `briefbot feeds`: each feed's last fetch, what it added, its last error and its next poll. */
export function renderFeeds(states: FeedStateView[], options: RenderOptions): string {
  const style = styler(options.color, false);
  const when = (iso: string | null) => (iso ? `${formatDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC` : 'never');
  const out: string[] = [];
  for (const state of states) {
    const result =
      state.lastResult === 'fetched' ? `${plural(state.lastAdded, 'new item')} added (${plural(state.itemsInFeed, 'item')} in the feed)` : state.lastResult === 'not-modified' ? 'unchanged since the last fetch' : state.lastResult === 'failed' ? `failed${state.failures > 1 ? ` (${state.failures} times in a row)` : ''}` : 'not fetched';
    out.push(
      style('bold', printable(state.url)),
      `  last fetch:   ${when(state.lastFetchAt)}: ${result}`,
      `  added in all: ${plural(state.itemsAdded, 'item')}`,
      `  last error:   ${state.lastError ? printable(state.lastError) : 'none'}`,
      style('dim', `  next poll:    ${state.nextAt ? when(state.nextAt) : 'at the next start'}`),
      '',
    );
  }
  return out.join('\n').trimEnd();
}

/** What `briefbot feeds` shows of a feed's state. */
export type FeedStateView = Omit<FeedState, 'etag' | 'lastModified' | 'seen'>;
