/**
 * Terminal rendering of the core's records: plain text, matched words bold when the
 * terminal shows styles.
 */
import { styleText } from 'node:util';
import { helpLines } from '../../src/commands.js';
import { citationLine, corpusLine, formatEventDate } from '../../src/format.js';
import type { Answer, ArticleReport, AskAnswer, Citation, ErrorAnswer, TimelineAnswer, WhoAnswer } from '../../src/types.js';

export interface RenderOptions {
  /** Bold and dim styles (ANSI); off for pipes and NO_COLOR. */
  color: boolean;
}

export function renderAnswer(answer: Answer | ErrorAnswer, options: RenderOptions): string {
  const style = styler(options.color);
  if ('error' in answer) return `${answer.command ? `/${answer.command}: ` : ''}${answer.error}`;
  switch (answer.command) {
    case 'ask':
      return renderAsk(answer, style);
    case 'who':
      return renderWho(answer, style);
    case 'timeline':
      return renderTimeline(answer, style);
  }
}

export function renderHelp(): string {
  return ['Commands:', ...helpLines().map((line) => `  ${line}`), '  /quit: leave (or Ctrl-D)'].join('\n');
}

/** `briefbot inspect`: how one article file is read, for a person to scan. */
export function renderInspect(report: ArticleReport, options: RenderOptions): string {
  const style = styler(options.color);
  const lines = [style('bold', `${report.file} (article ${report.articleId})`), '', 'Metadata:'];
  for (const [name, field] of Object.entries(report.metadata)) {
    lines.push(`  ${`${name}:`.padEnd(16)}${field.value ?? '(unknown)'}${field.from ? style('dim', `  from ${field.from}`) : ''}`);
  }
  lines.push('', `Passages (${report.passages.length}):`);
  for (const passage of report.passages) {
    lines.push(`  ${style('bold', passage.id)}${passage.heading ? style('dim', `  under "${passage.heading}"`) : ''}`, `    ${passage.text.replace(/\n/g, '\n    ')}`);
  }
  if (report.headings.length > 0) lines.push('', `Headings kept as context (${report.headings.length}):`, ...report.headings.map((heading) => `  ${heading}`));
  lines.push('', `Dropped (${report.dropped.length}):`);
  for (const dropped of report.dropped) lines.push(`  ${style('dim', `${dropped.at}: ${dropped.reason}:`)} ${shorten(dropped.text, 120)}`);
  for (const warning of report.warnings) lines.push('', warning);
  return lines.join('\n');
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

type Style = (kind: 'bold' | 'dim', text: string) => string;

function styler(color: boolean): Style {
  return color ? (kind, text) => styleText(kind, text) : (_kind, text) => text;
}

function renderAsk(answer: AskAnswer, style: Style): string {
  const lines: string[] = [];
  if (answer.message) lines.push(answer.message, '');
  answer.hits.forEach((hit, index) => {
    lines.push(`${index + 1}. ${bolden(hit.text, hit.highlights, style)}`);
    lines.push(style('dim', `   ${citationLine(hit)} · ${hit.id}`));
    if (hit.alsoIn.length > 0) lines.push(style('dim', `   also in: ${hit.alsoIn.map((c) => citationLine(c, false)).join('; ')}`));
    lines.push('');
  });
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
  if (person === null) {
    if (answer.message) lines.push(answer.message);
    if (answer.candidates.length > 0) lines.push(`Did you mean: ${answer.candidates.map((c) => `${c.name} (${c.mentions})`).join(', ')}?`);
    else if (answer.suggestions.length > 0) lines.push(`Close names: ${answer.suggestions.join(', ')}`);
    return lines.join('\n') || `No person called "${answer.query}" in the corpus.`;
  }
  lines.push(style('bold', person.name));
  if (person.aliases.length > 0) lines.push(`Also: ${person.aliases.join(', ')}`);
  if (person.roles.length > 0) {
    lines.push('', 'Roles:');
    for (const role of person.roles) lines.push(`  ${role.role}`, style('dim', `    ${citationLine(role, false)}`));
  }
  if (person.quotes.length > 0) {
    lines.push('', 'Said:');
    for (const quote of person.quotes.slice(0, 3)) lines.push(`  “${quote.text}”`, style('dim', `    ${citationLine(quote, false)}`));
  }
  const articles = uniqueArticles(person.mentions);
  lines.push('', `Appears in ${articles.length} article${articles.length === 1 ? '' : 's'} (${person.mentions.length} passage${person.mentions.length === 1 ? '' : 's'}):`);
  for (const citation of articles) lines.push(style('dim', `  ${citationLine(citation)}`));
  for (const note of person.notes ?? []) lines.push('', `Note: ${note}`);
  if (answer.message) lines.push('', answer.message);
  return lines.join('\n');
}

function renderTimeline(answer: TimelineAnswer, style: Style): string {
  const lines: string[] = [];
  if (answer.message) lines.push(answer.message);
  if (answer.events.length === 0 && answer.periods.length > 0 && !answer.message) {
    lines.push(`Periods with events: ${answer.periods.map((p) => `${p.period} (${p.events})`).join(', ')}`);
  }
  for (const event of answer.events) {
    lines.push(`${style('bold', formatEventDate(event).padEnd(16))} ${event.text}`);
    lines.push(style('dim', `${' '.repeat(17)}${event.sources.map((c) => citationLine(c, false)).join('; ')} · ${event.id}`));
  }
  if (answer.next !== null) lines.push('', style('dim', `More: add --offset ${answer.next}`));
  return lines.join('\n');
}

function uniqueArticles(citations: Citation[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const citation of citations) if (!seen.has(citation.articleId)) seen.set(citation.articleId, citation);
  return [...seen.values()];
}
