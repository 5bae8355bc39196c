/**
 * Block Kit rendering of the core's records. Slack's limits, escaping and mention safety live
 * here and nowhere else: the core hands over complete data, this module decides what fits.
 */
import type { types } from '@slack/bolt';
import { COMMANDS, helpLines } from '../../src/commands.js';
import { citationLine, corpusLine, formatDate, formatEventDate } from '../../src/format.js';
import type { AskAnswer, Citation, CorpusInfo, TimelineAnswer, WhoAnswer } from '../../src/types.js';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type ContextBlock = types.ContextBlock;
type HeaderBlock = types.HeaderBlock;
type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;

export const LIMITS = {
  // Slack: "Maximum length for the text in this field is 3000 characters" (section, text object)
  sectionText: 3000,
  // Slack: header text "Maximum length for the text in this field is 150 characters"
  headerText: 150,
  // Slack: "You can include up to 50 blocks in each message"
  blocks: 50,
  // Slack: context "Maximum number of items is 10"; text objects are at most 3000 characters
  contextElements: 10,
  contextText: 3000,
  // Slack: button text 75 characters, value 2000 characters
  buttonText: 75,
  buttonValue: 2000,
  // Notification text: not a Slack limit, kept short because only the blocks are read
  fallbackText: 300,
} as const;

/** A message ready for `respond()` or `chat.postMessage`. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Private answers carry buttons; a shared copy carries the asker instead. */
export type View = { kind: 'private' } | { kind: 'shared'; userId: string };

export interface RenderOptions {
  /** The offset of the page shown (for the Share button). */
  offset?: number;
  view?: View;
  /** What was searched, for the footer of answers that do not carry it. */
  corpus?: CorpusInfo;
}

export const ACTIONS = {
  more: 'briefbot_more',
  share: 'briefbot_share',
  /** Opens a suggested person or period (a candidate button). */
  open: 'briefbot_open',
} as const;

/** What a button needs to redo its answer after a restart: it travels in the button's value. */
export interface ButtonState {
  command: 'ask' | 'who' | 'timeline';
  query: string;
  offset: number;
}

const PRIVATE: View = { kind: 'private' };
// No word boundary: "@everyones" or "@everyoneſ" could still read as a broadcast to a lenient parser.
const MENTION_WORDS = /@(here|channel|everyone)/giu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
// C0 controls and DEL except tab and newline: Slack would show them as boxes or reject them.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/gu;

/**
 * Makes text safe for Slack: `&`, `<`, `>` become entities (Slack's only escapes), so no
 * `<!channel>`, `<@U…>` or `<#C…>` can form, and "@here"-style words get a word joiner so no
 * client or parser turns them into a broadcast.
 */
export function escapeText(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MENTION_WORDS, '@\u2060$1');
}

/** Undoes the three escapes Slack applies to what a user types, so the core sees plain text. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Escapes `raw`, its `highlights` ([start, end) offsets) in bold, within `limit` characters of
 * output: when the whole text does not fit it is cut after the last sentence that does (or
 * the last word, or the last character), and "…" marks the cut.
 */
export function fitText(original: string, limit: number, highlights: ReadonlyArray<readonly [number, number]> = []): string {
  const { raw, shifted } = breakMentionWords(original, highlights);
  const spans = cleanSpans(raw, shifted);
  const full = markText(raw, spans, raw.length);
  if (full.length <= limit) return full;
  const render = (end: number) => `${markText(raw, spans, end).trimEnd()} …`;
  for (const ends of [sentenceEnds(raw), wordEnds(raw), charEnds(raw)]) {
    const best = lastFitting(ends, (end) => render(end).length <= limit);
    if (best !== null && best > 0) return render(best);
  }
  return '…';
}

/**
 * Puts a word joiner after the "@" of "@here"-style words before the text is cut into bold and
 * plain runs, so that no run boundary can rejoin them; highlights move with the text.
 */
function breakMentionWords(raw: string, highlights: ReadonlyArray<readonly [number, number]>): { raw: string; shifted: Array<[number, number]> } {
  const inserted: number[] = [];
  const text = raw.replace(MENTION_WORDS, (match, _word, at: number) => {
    inserted.push(at + 1);
    return `@\u2060${match.slice(1)}`;
  });
  const shift = (offset: number) => offset + inserted.filter((at) => at <= offset).length;
  return { raw: text, shifted: highlights.map(([start, end]) => [shift(start), shift(end)]) };
}

/** The button state as a value string of at most 2000 characters (the query is cut to fit). */
export function encodeState(state: ButtonState): string {
  // Every character takes at least one in the value: more than the limit can never fit.
  let chars = Array.from(state.query).slice(0, LIMITS.buttonValue);
  for (;;) {
    // JSON's \u escapes keep &, < and > out of the value: nothing in it can read as markup.
    const value = JSON.stringify({ c: state.command, q: chars.join(''), o: state.offset }).replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (value.length <= LIMITS.buttonValue) return value;
    chars = chars.slice(0, Math.floor(chars.length * 0.9));
  }
}

/** Reads a button value back; null for anything this app did not write. */
export function decodeState(value: string | undefined): ButtonState | null {
  if (value === undefined || value.length > LIMITS.buttonValue) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { c, q, o } = data as Record<string, unknown>;
  if (c !== 'ask' && c !== 'who' && c !== 'timeline') return null;
  if (typeof q !== 'string' || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) return null;
  return { command: c, query: q, offset: o };
}

/** /ask: the question, each passage with its matches in bold and its citation, the corpus. */
export function renderAsk(answer: AskAnswer, { offset = 0, view = PRIVATE }: RenderOptions = {}): SlackMessage {
  const head: KnownBlock[] = [header(answer.query || 'Ask')];
  if (answer.message) head.push(section(answer.message));
  if (offset > 0 && answer.hits.length > 0) head.push(context([`Passages ${offset + 1}-${offset + answer.hits.length}`]));
  const items = answer.hits.map((hit): KnownBlock[] => {
    const also = hit.alsoIn.length > 0 ? [`Also in: ${hit.alsoIn.map((c) => citationLine(c)).join('; ')}`] : [];
    return [{ type: 'section', text: mrkdwn(fitText(hit.text, LIMITS.sectionText, hit.highlights)) }, context([citationLine(hit), ...also])];
  });
  const buttons: Button[] = [];
  if (answer.hits.length > 0) {
    if (answer.next !== null) buttons.push(button('More', ACTIONS.more, { command: 'ask', query: answer.query, offset: answer.next }));
    buttons.push(button('Share in channel', ACTIONS.share, { command: 'ask', query: answer.query, offset }));
  }
  const text = answer.hits.length > 0 ? `${answer.hits.length} passage${answer.hits.length === 1 ? '' : 's'} for "${answer.query}"` : answer.message ?? `Nothing answers "${answer.query}"`;
  return compose({ text, head, items, foot: [context([corpusLine(answer.corpus)])], buttons, view, noun: 'passage' });
}

/** /who: name, other names, roles with sources, quotes, where the person appears. */
export function renderWho(answer: WhoAnswer, { view = PRIVATE, corpus }: RenderOptions = {}): SlackMessage {
  const person = answer.person;
  if (person === null) {
    // The core's message already names the candidates and suggestions; without one, this does.
    const lines: string[] = [answer.message ?? `No one called "${answer.query}" appears in the articles.`];
    if (!answer.message && answer.candidates.length > 0) lines.push(`Did you mean: ${answer.candidates.map((c) => `${c.name} (${mentions(c.mentions)})`).join(', ')}?`);
    if (!answer.message && answer.suggestions.length > 0) lines.push(`People the articles mention: ${answer.suggestions.join(', ')}.`);
    const picks = answer.candidates.length > 0 ? answer.candidates.map((c) => c.name) : answer.suggestions;
    const buttons = picks.slice(0, 5).map((name) => button(name, ACTIONS.open, { command: 'who', query: name, offset: 0 }));
    return compose({ text: lines[0]!, head: [header(answer.query || 'Who'), section(lines.join('\n'))], items: [], foot: footer(corpus), buttons, view, noun: 'item' });
  }
  const head: KnownBlock[] = [header(person.name || answer.query || 'Who')];
  if (answer.message) head.push(context([answer.message]));
  const facts: string[] = [];
  if (person.aliases.length > 0) facts.push(`Also called: ${person.aliases.join(', ')}`);
  if (person.firstMentioned && person.lastMentioned) facts.push(`Mentioned from ${formatDate(person.firstMentioned)} to ${formatDate(person.lastMentioned)}`);
  if (person.related && person.related.length > 0) facts.push(`Often mentioned with: ${person.related.map((r) => r.name).join(', ')}`);
  if (facts.length > 0) head.push(section(facts.join('\n')));
  for (const note of person.notes ?? []) head.push(context([`Note: ${note}`]));
  const items: KnownBlock[][] = [];
  if (person.roles.length > 0) items.push([listSection('Roles', person.roles.map((r) => ({ text: r.role, citation: r })))]);
  if (person.quotes.length > 0) items.push([listSection('Quotes', person.quotes.map((q) => ({ text: `“${q.text}”`, citation: q })))]);
  if (person.mentions.length > 0) items.push([listSection('Where they appear', person.mentions.map((m) => ({ text: m.text, citation: m })))]);
  const buttons = [button('Share in channel', ACTIONS.share, { command: 'who', query: answer.query, offset: 0 })];
  return compose({ text: `Who is ${person.name}`, head, items, foot: footer(corpus), buttons, view, noun: 'section' });
}

/** /timeline: events in order, dated at their precision, with their sources. */
export function renderTimeline(answer: TimelineAnswer, { offset = 0, view = PRIVATE, corpus }: RenderOptions = {}): SlackMessage {
  const title = answer.query ? `Timeline: ${answer.query}` : 'Timeline';
  const head: KnownBlock[] = [header(title)];
  if (answer.events.length === 0) {
    const lines = [answer.message ?? `No dated events${answer.query ? ` for "${answer.query}"` : ''}.`];
    if (!answer.message && answer.periods.length > 0) lines.push(`Periods with events: ${answer.periods.map((p) => `${p.period} (${p.events})`).join(', ')}`);
    head.push(section(lines.join('\n')));
    const buttons = answer.periods.slice(0, 5).map((p) => button(p.period, ACTIONS.open, { command: 'timeline', query: p.period, offset: 0 }));
    return compose({ text: lines[0]!, head, items: [], foot: footer(corpus), buttons, view, noun: 'event' });
  }
  if (answer.message) head.push(section(answer.message));
  const items = answer.events.map((event): KnownBlock[] => {
    const date = `*${escapeText(formatEventDate(event))}*  `;
    const others = event.sources.filter((s) => s.articleId !== event.articleId);
    const also = others.length > 0 ? [`Also in: ${others.map((c) => citationLine(c)).join('; ')}`] : [];
    // An event's own date is when it happened; its citation shows when the article appeared.
    const article: Citation = { ...event, date: event.articleDate };
    return [{ type: 'section', text: mrkdwn(date + fitText(event.text, LIMITS.sectionText - date.length)) }, context([citationLine(article), ...also])];
  });
  const buttons: Button[] = [];
  if (answer.next !== null) buttons.push(button('More', ACTIONS.more, { command: 'timeline', query: answer.query, offset: answer.next }));
  buttons.push(button('Share in channel', ACTIONS.share, { command: 'timeline', query: answer.query, offset }));
  return compose({ text: `${answer.events.length} event${answer.events.length === 1 ? '' : 's'}: ${title}`, head, items, foot: footer(corpus), buttons, view, noun: 'event' });
}

/** The help, from the shared command definitions, in both spellings: /ask and /brief ask. */
export function renderHelp(notice?: string): SlackMessage {
  const commands = COMMANDS.filter((c) => c.name !== 'help');
  const lines = [
    ...helpLines('/').filter((line) => !line.startsWith('/help')),
    '',
    `Where /${commands.map((c) => c.name).join(', /')} are taken by another app, write /brief first: ${commands.map((c) => `/brief ${c.name}${c.example ? ` ${c.example}` : ''}`).join(', ')}, /brief help.`,
    'Answers are private until you press "Share in channel".',
  ];
  const blocks: KnownBlock[] = [header('briefbot')];
  if (notice) blocks.push(section(notice));
  blocks.push(section(lines.join('\n')));
  return { text: fitText(notice ?? 'What briefbot can do', LIMITS.fallbackText), blocks };
}

/** A short private message for a request that could not be served. */
export function renderFailure(message: string): SlackMessage {
  return { text: fitText(message, LIMITS.fallbackText), blocks: [section(message)] };
}

// --- Block builders -----------------------------------------------------------------------

interface Parts {
  text: string;
  head: KnownBlock[];
  /** Groups of blocks that stay together (a passage and its citation); cut whole at the block limit. */
  items: KnownBlock[][];
  foot: KnownBlock[];
  buttons: Button[];
  view: View;
  noun: string;
}

function compose({ text, head, items, foot, buttons, view, noun }: Parts): SlackMessage {
  const tail: KnownBlock[] = [...foot];
  if (view.kind === 'private' && buttons.length > 0) tail.push({ type: 'actions', elements: buttons.slice(0, 25) } satisfies ActionsBlock);
  if (view.kind === 'shared') tail.push(sharedBy(view.userId));
  const blocks = [...head];
  // One block is kept for the "not shown" note.
  const room = LIMITS.blocks - blocks.length - tail.length - 1;
  let used = 0;
  let shown = 0;
  for (const item of items) {
    if (used + item.length > room) break;
    blocks.push(...item);
    used += item.length;
    shown += 1;
  }
  if (shown < items.length) blocks.push(context([`${items.length - shown} more ${noun}${items.length - shown === 1 ? '' : 's'} not shown (Slack allows ${LIMITS.blocks} blocks a message).`]));
  blocks.push(...tail);
  return { text: fitText(text, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.blocks) };
}

function header(raw: string): HeaderBlock {
  const text = fitText(raw.replace(/\s+/g, ' ').trim(), LIMITS.headerText);
  return { type: 'header', text: { type: 'plain_text', text: text || '…', emoji: false } };
}

function section(raw: string): SectionBlock {
  return { type: 'section', text: mrkdwn(fitText(raw, LIMITS.sectionText)) };
}

function mrkdwn(text: string) {
  // verbatim: Slack must not auto-link names or parse mentions in article text.
  return { type: 'mrkdwn' as const, text: text || ' ', verbatim: true };
}

function context(lines: string[]): ContextBlock {
  const elements = lines.slice(0, LIMITS.contextElements).map((line) => mrkdwn(fitText(line, LIMITS.contextText)));
  return { type: 'context', elements };
}

/** A bulleted list in one section, each line with its source, as many lines as fit. */
function listSection(title: string, lines: Array<{ text: string; citation: Citation }>): SectionBlock {
  const first = `*${escapeText(title)}*`;
  let text = first;
  let shown = 0;
  for (const line of lines) {
    const entry = `\n• ${fitText(line.text, 600)} — _${fitText(citationLine(line.citation), 300)}_`;
    // Keeps room for the "…and N more" line.
    if (text.length + entry.length > LIMITS.sectionText - 40) break;
    text += entry;
    shown += 1;
  }
  if (shown < lines.length) text += `\n…and ${lines.length - shown} more`;
  return { type: 'section', text: mrkdwn(text) };
}

function button(label: string, actionId: string, state: ButtonState): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: fitText(label.replace(/\s+/g, ' ').trim() || '…', LIMITS.buttonText), emoji: false },
    action_id: actionId,
    value: encodeState(state),
  };
}

/** The one mention this app ever writes: the asker, from the payload's own user id. */
function sharedBy(userId: string): ContextBlock {
  const mention = /^[UW][A-Z0-9]{1,30}$/.test(userId) ? `<@${userId}>` : 'someone';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `shared by ${mention}` }] };
}

function footer(corpus: CorpusInfo | undefined): KnownBlock[] {
  return corpus ? [context([corpusLine(corpus)])] : [];
}

function mentions(count: number): string {
  return `${count} mention${count === 1 ? '' : 's'}`;
}

// --- Cutting ------------------------------------------------------------------------------

/** Highlights clamped to the text, sorted, without overlaps or empty spans. */
function cleanSpans(raw: string, highlights: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const spans = highlights
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e))
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(raw.length, e)])
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    const last = out.at(-1);
    // Neighbouring words become one bold run: "*military aid*" rather than "*military* *aid*".
    if (last && (s <= last[1] || /^[ \t]+$/.test(raw.slice(last[1], s)))) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The escaped text up to `end`, spans in bold (Slack mrkdwn `*bold*`). */
function markText(raw: string, spans: Array<[number, number]>, end: number): string {
  let out = '';
  let pos = 0;
  for (const [s, e] of spans) {
    if (s >= end) break;
    const stop = Math.min(e, end);
    const word = raw.slice(s, stop);
    const inner = word.trim();
    out += escapeText(raw.slice(pos, s));
    // Slack: bold needs the asterisks against the word, so edge spaces stay outside.
    out += inner === '' || inner.includes('*') ? escapeText(word) : `${escapeText(word.slice(0, word.indexOf(inner)))}*${escapeText(inner)}*${escapeText(word.slice(word.indexOf(inner) + inner.length))}`;
    pos = stop;
  }
  return out + escapeText(raw.slice(pos, end));
}

function sentenceEnds(raw: string): number[] {
  const ends: number[] = [];
  for (const match of raw.matchAll(/[.!?。！？…]["”’)\]]*(?=\s)/gu)) ends.push(match.index + match[0].length);
  return ends;
}

function wordEnds(raw: string): number[] {
  const ends: number[] = [];
  for (const match of raw.matchAll(/\S(?=\s)/gu)) ends.push(match.index + match[0].length);
  return ends;
}

/** Every position that does not split a surrogate pair. */
function charEnds(raw: string): number[] {
  const ends: number[] = [];
  let pos = 0;
  for (const char of raw) {
    pos += char.length;
    ends.push(pos);
  }
  return ends;
}

/** The last of the ascending `ends` that fits (fitting shrinks as ends grow), by bisection. */
function lastFitting(ends: number[], fits: (end: number) => boolean): number | null {
  let lo = 0;
  let hi = ends.length - 1;
  let best: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const end = ends[mid]!;
    if (fits(end)) {
      best = end;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
