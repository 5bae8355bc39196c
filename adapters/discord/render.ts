/**
 * The core's records as Discord messages: embeds, buttons and the limits and escapes that keep
 * every message deliverable and harmless. Text from articles and users is escaped (Markdown)
 * and neutralised (mentions) here, whatever allowed_mentions says.
 */
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord.js';
import { helpLines } from '../../src/commands.js';
import { citationLine, corpusLine, formatDate, formatEventDate } from '../../src/format.js';
import type { AskAnswer, AskHit, Citation, CorpusInfo, PersonProfile, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';

/** Discord's message limits (discord-api-docs, resources/message "Embed Limits"). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  customId: 100,
  choices: 25,
  choice: 100,
} as const;

const COLOR = 0x2b6cb0;
const ELLIPSIS = ' …';
// Discord refuses empty titles, descriptions and field values.
const EMPTY = '—';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/** custom_ids for the buttons under an answer; null leaves the button out. */
export interface Buttons {
  share: string | null;
  more: string | null;
}

const NO_BUTTONS: Buttons = { share: null, more: null };

/** One page of /ask: an embed a passage, matched words bold, the citation in the footer. */
export function renderAsk(answer: AskAnswer, offset: number, buttons: Buttons = NO_BUTTONS): DiscordMessage {
  if (answer.hits.length === 0) {
    const text = answer.message ?? `Nothing answers "${answer.query}".`;
    return fitMessage({ content: '', embeds: [{ color: COLOR, description: safe(text, LIMITS.description), footer: { text: corpusLine(answer.corpus) } }], components: [] });
  }
  const hits = answer.hits.slice(0, 3);
  const headers = hits.map((hit) => ({
    title: safe(hit.title ?? hit.source ?? 'Untitled article', LIMITS.title),
    footer: plain(footerOf(hit), 300),
  }));
  const fixed = headers.reduce((sum, h) => sum + h.title.length + h.footer.length, 0);
  const budget = Math.min(LIMITS.description, Math.floor((LIMITS.total - fixed) / hits.length));
  const embeds = hits.map((hit, i) => ({
    color: COLOR,
    title: headers[i]!.title,
    description: boldPassage(hit.text, hit.highlights, budget),
    footer: { text: headers[i]!.footer },
  }));
  const range = `${offset + 1}–${offset + hits.length}`;
  const lines = [`Passages ${range} for “${safe(answer.query, 300)}”. ${corpusLine(answer.corpus)}`];
  if (answer.message) lines.push(safe(answer.message, 500));
  return fitMessage({ content: lines.join('\n'), embeds, components: buttonRow(buttons, answer.next !== null) });
}

/** /who: a profile, or the people the name could mean, or what to try instead. */
export function renderWho(answer: WhoAnswer, corpus: CorpusInfo, buttons: Buttons = NO_BUTTONS): DiscordMessage {
  const person = answer.person;
  if (person === null) return fitMessage({ content: '', embeds: [{ ...unknownPerson(answer), footer: { text: corpusLine(corpus) } }], components: [] });
  return fitMessage({ content: '', embeds: [profile(person, answer, corpus)], components: buttonRow(buttons, false) });
}

/** One page of /timeline: the events in order, a field each, dated at their precision. */
export function renderTimeline(answer: TimelineAnswer, corpus: CorpusInfo, offset: number, buttons: Buttons = NO_BUTTONS): DiscordMessage {
  const title = safe(answer.query === '' ? 'Timeline' : `Timeline: ${answer.query}`, LIMITS.title);
  const events = answer.events.slice(0, LIMITS.fields);
  const descriptionLines: string[] = [];
  if (answer.message) descriptionLines.push(safe(answer.message, 1000));
  if (events.length === 0 && answer.periods.length > 0) {
    descriptionLines.push('Periods with events:', ...answer.periods.slice(0, 40).map((p) => `• ${safe(p.period, 100)} — ${p.events} event${p.events === 1 ? '' : 's'}`));
  }
  if (events.length === 0 && descriptionLines.length === 0) descriptionLines.push(`No dated events for “${safe(answer.query, 300)}”.`);
  const description = descriptionLines.length > 0 ? fitLines(descriptionLines, 1500) : undefined;
  const range = events.length > 0 ? `Events ${offset + 1}–${offset + events.length} · ` : '';
  const footer = plain(`${range}${corpusLine(corpus)}`, 300);

  // Dates are the core's own text ("~Sep-Nov 2023"): shown as they are, never read as Markdown.
  const names = events.map((event) => plain(formatEventDate(event), 100));
  const fixed = title.length + (description?.length ?? 0) + footer.length + names.reduce((sum, n) => sum + n.length, 0);
  const budget = events.length === 0 ? 0 : Math.min(LIMITS.fieldValue, Math.floor((LIMITS.total - fixed) / events.length));
  const fields: APIEmbedField[] = events.map((event, i) => ({ name: nonEmpty(names[i]!), value: eventValue(event, budget) }));
  const embed: APIEmbed = { color: COLOR, title, footer: { text: footer } };
  if (description) embed.description = description;
  if (fields.length > 0) embed.fields = fields;
  return fitMessage({ content: '', embeds: [embed], components: events.length > 0 ? buttonRow(buttons, answer.next !== null) : [] });
}

/** /help: the shared command list. */
export function renderHelp(corpus: CorpusInfo): DiscordMessage {
  const lines = helpLines().map((line) => `• ${escapeMarkdown(line)}`);
  lines.push('', 'Answers are private until you press Share; More shows the next page.');
  return fitMessage({ content: '', embeds: [{ color: COLOR, title: 'briefbot', description: fitLines(lines, LIMITS.description), footer: { text: corpusLine(corpus) } }], components: [] });
}

/** A short private notice: errors, commands that are not ready. */
export function renderNotice(text: string): DiscordMessage {
  return { content: safe(text, LIMITS.content), embeds: [], components: [] };
}

/** The answer as posted in the channel: the same embeds, who shared it, no buttons. */
export function renderShared(message: DiscordMessage, userId: string): DiscordMessage {
  // The user's own mention is the only markup not escaped; allowed_mentions keeps it silent.
  const by = /^\d{1,25}$/.test(userId) ? `Shared by <@${userId}>` : 'Shared';
  const content = message.content === '' ? by : `${by}\n${message.content}`;
  return fitMessage({ content: content.length > LIMITS.content ? by : content, embeds: message.embeds, components: [] });
}

/** Autocomplete choices: at most 25, names and values within 100 characters. */
export function renderChoices(suggestions: Array<{ label: string; value: string }>): Array<{ name: string; value: string }> {
  return suggestions
    .filter((s) => s.value.length >= 1 && s.value.length <= LIMITS.choice)
    .slice(0, LIMITS.choices)
    .map((s) => ({ name: plain(s.label.trim() === '' ? s.value : s.label, LIMITS.choice), value: s.value }));
}

// ---------------------------------------------------------------------------------------------
// Escaping and neutralising

/**
 * Escapes Discord Markdown so article and user text shows as written: emphasis, strike,
 * code, spoilers, masked links, and block quotes, headings and lists at a line start.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([ \t]*)([>#-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.');
}

/** Breaks every mention Discord would resolve: @everyone, @here, users, roles, channels, commands. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#|\/)/g, '<$1\u200b');
}

/** Text from an article or a user, escaped, neutralised and cut to `max` at a sentence. */
export function safe(text: string, max: number): string {
  return fit(wellFormed(text), max, (raw, kept) => render(raw.slice(0, kept)) + (kept < raw.length ? ELLIPSIS : ''));
}

/** Like safe() for places Discord shows as plain text (footers, choice names): no Markdown, mentions still neutralised. */
function plain(text: string, max: number): string {
  return nonEmpty(fit(wellFormed(text), max, (raw, kept) => neutraliseMentions(raw.slice(0, kept)) + (kept < raw.length ? ELLIPSIS : '')));
}

function render(text: string): string {
  return neutraliseMentions(escapeMarkdown(text));
}

/** Lone surrogates would reach Discord as invalid UTF-16. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? EMPTY : text;
}

/**
 * The longest rendering of a prefix of `raw` within `max`, the prefix ending at a sentence
 * where one is near, else at a word. `output(raw, kept)` renders the first `kept` characters.
 */
function fit(raw: string, max: number, output: (raw: string, kept: number) => string): string {
  let limit = raw.length;
  for (;;) {
    const kept = limit >= raw.length ? raw.length : cutPoint(raw, limit);
    const out = output(raw, kept);
    if (out.length <= max) return out;
    const next = Math.min(limit - 1, kept - (out.length - max) - ELLIPSIS.length);
    if (next <= 0) return ELLIPSIS.trim().slice(0, max);
    limit = next;
  }
}

/** Where to cut `text` to keep at most `limit` characters: after a sentence, else a word. */
function cutPoint(text: string, limit: number): number {
  const head = text.slice(0, limit + 1);
  const floor = Math.floor(limit * 0.5);
  let best = -1;
  for (const match of head.matchAll(/[.!?。！？…]["'”’)\]]*(?=\s)/g)) {
    const end = match.index + match[0].length;
    if (end <= limit) best = end;
  }
  if (best >= floor && best > 0) return best;
  const space = head.slice(0, limit).search(/\s\S*$/);
  if (space >= floor && space > 0) return space;
  // Never split a surrogate pair.
  return /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
}

/**
 * A passage with its matched words in bold, within `max` characters. Highlights are
 * [start, end) offsets into the raw text; the bold markup is added after escaping.
 */
export function boldPassage(text: string, highlights: ReadonlyArray<readonly [number, number]>, max: number): string {
  const raw = wellFormed(text);
  const spans = normaliseSpans(raw, highlights);
  return nonEmpty(
    fit(raw, max, (all, kept) => {
      let out = '';
      let at = 0;
      for (const [start, end] of spans) {
        if (start >= kept) break;
        const stop = Math.min(end, kept);
        out += render(all.slice(at, start)) + '**' + render(all.slice(start, stop)) + '**';
        at = stop;
      }
      return out + render(all.slice(at, kept)) + (kept < all.length ? ELLIPSIS : '');
    }),
  );
}

/** Sorted, merged, within the text, trimmed of spaces (Discord ignores `** word**`). */
function normaliseSpans(text: string, highlights: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const sorted = highlights
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e))
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(text.length, e)])
    .sort((a, b) => a[0] - b[0]);
  for (const [s, e] of sorted) {
    let start = s;
    let end = e;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    if (/[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
    if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end++;
    if (end <= start) continue;
    const last = spans.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  return spans;
}

/** Lines joined until `max`; the last one that fits is cut, the rest left out. */
function fitLines(lines: string[], max: number): string {
  let out = '';
  for (const line of lines) {
    const sep = out === '' ? '' : '\n';
    if (out.length + sep.length + line.length <= max) {
      out += sep + line;
      continue;
    }
    const room = max - out.length - sep.length;
    if (room > 20) out += sep + line.slice(0, room - 1) + '…';
    break;
  }
  return nonEmpty(out);
}

// ---------------------------------------------------------------------------------------------
// Pieces

function footerOf(hit: AskHit): string {
  const line = citationLine(hit, false);
  if (hit.alsoIn.length === 0) return line;
  return `${line} · also in ${hit.alsoIn.map((c) => citationLine(c, false)).join('; ')}`;
}

function eventCitation(event: TimelineEvent): Citation {
  return event.sources[0] ?? { ...event, date: event.articleDate };
}

function eventValue(event: TimelineEvent, budget: number): string {
  const others = event.sources.length > 1 ? ` (+${event.sources.length - 1} more)` : '';
  const source = `— ${plain(citationLine(eventCitation(event)), 300)}${others}`;
  const room = Math.max(1, budget - source.length - 1);
  return nonEmpty(`${safe(event.text, room)}\n${source}`.slice(0, Math.max(budget, 1)));
}

function profile(person: PersonProfile, answer: WhoAnswer, corpus: CorpusInfo): APIEmbed {
  const description: string[] = [];
  if (person.aliases.length > 0) description.push(`Also called: ${person.aliases.map((a) => safe(a, 100)).join(', ')}`);
  if (person.firstMentioned && person.lastMentioned) {
    const span = person.firstMentioned === person.lastMentioned ? formatDate(person.firstMentioned) : `${formatDate(person.firstMentioned)} to ${formatDate(person.lastMentioned)}`;
    description.push(`Mentioned ${safe(span, 100)}`);
  }
  for (const note of person.notes ?? []) description.push(`Note: ${safe(note, 300)}`);
  if (answer.message) description.push(safe(answer.message, 300));

  const fields: APIEmbedField[] = [];
  const roles = person.roles.map((r) => `• ${safe(r.role, 200)} — ${plain(citationLine(r, false), 150)}`);
  if (roles.length > 0) fields.push({ name: 'Roles', value: fitLines(roles, LIMITS.fieldValue) });
  const quotes = person.quotes.slice(0, 3).map((q) => `“${safe(q.text, 450)}” — ${plain(citationLine(q, false), 150)}`);
  if (quotes.length > 0) fields.push({ name: 'Quotes', value: fitLines(quotes, LIMITS.fieldValue) });
  const appearances = new Map<string, { citation: Citation; count: number }>();
  for (const mention of person.mentions) {
    const seen = appearances.get(mention.articleId);
    if (seen) seen.count++;
    else appearances.set(mention.articleId, { citation: mention, count: 1 });
  }
  const where = [...appearances.values()].map(({ citation, count }) => `• ${safe(citationLine(citation), 250)}${count > 1 ? ` (${count} mentions)` : ''}`);
  if (where.length > 0) fields.push({ name: 'Where they appear', value: fitLines(where, LIMITS.fieldValue) });
  const related = (person.related ?? []).slice(0, 10).map((r) => `${safe(r.name, 100)} (${r.mentions})`);
  if (related.length > 0) fields.push({ name: 'Often mentioned with', value: fitLines([related.join(', ')], LIMITS.fieldValue) });

  const embed: APIEmbed = { color: COLOR, title: safe(person.name, LIMITS.title), fields, footer: { text: `${person.mentions.length} mention${person.mentions.length === 1 ? '' : 's'} · ${corpusLine(corpus)}` } };
  if (description.length > 0) embed.description = fitLines(description, 1500);
  if (fields.length === 0 && !embed.description) embed.description = 'The articles name this person but say little more.';
  return embed;
}

function unknownPerson(answer: WhoAnswer): APIEmbed {
  const lines: string[] = [];
  if (answer.message) lines.push(safe(answer.message, 1000));
  if (answer.candidates.length > 0) {
    if (!answer.message) lines.push(`“${safe(answer.query, 200)}” could be:`);
    lines.push(...answer.candidates.slice(0, 15).map((c) => `• **${safe(c.name, 200)}** — ${c.mentions} mention${c.mentions === 1 ? '' : 's'}`));
    if (!answer.message) lines.push('Ask again with the full name.');
  } else if (lines.length === 0) {
    lines.push(`No one called “${safe(answer.query, 200)}” appears in the articles.`);
  }
  if (answer.suggestions.length > 0) lines.push(`Did you mean: ${answer.suggestions.slice(0, 10).map((s) => safe(s, 100)).join(', ')}?`);
  return { color: COLOR, title: answer.candidates.length > 0 ? 'Which person?' : 'Person not found', description: fitLines(lines, LIMITS.description) };
}

function buttonRow(buttons: Buttons, hasMore: boolean): ButtonRow[] {
  const row: APIButtonComponentWithCustomId[] = [];
  if (buttons.share && buttons.share.length <= LIMITS.customId) row.push({ type: 2, style: 1, label: 'Share', custom_id: buttons.share });
  if (hasMore && buttons.more && buttons.more.length <= LIMITS.customId) row.push({ type: 2, style: 2, label: 'More', custom_id: buttons.more });
  return row.length > 0 ? [{ type: 1, components: row }] : [];
}

/**
 * The last guard before sending: every string within its limit, at most 10 embeds and 25
 * fields, 6000 characters over all embeds (trailing fields, then embeds, are dropped).
 */
export function fitMessage(message: DiscordMessage): DiscordMessage {
  const clip = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '') + '…');
  const embeds = message.embeds.slice(0, LIMITS.embeds).map((embed) => {
    const out: APIEmbed = { ...embed };
    if (out.title !== undefined) out.title = clip(nonEmpty(out.title), LIMITS.title);
    if (out.description !== undefined) out.description = clip(nonEmpty(out.description), LIMITS.description);
    if (out.footer) out.footer = { ...out.footer, text: clip(nonEmpty(out.footer.text), LIMITS.footer) };
    if (out.fields) {
      out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: clip(nonEmpty(f.name), LIMITS.fieldName), value: clip(nonEmpty(f.value), LIMITS.fieldValue) }));
    }
    return out;
  });
  while (embeds.length > 0 && totalLength(embeds) > LIMITS.total) {
    const last = embeds.at(-1)!;
    if (last.fields && last.fields.length > 0) last.fields = last.fields.slice(0, -1);
    else if (embeds.length > 1) embeds.pop();
    else if (last.description && last.description.length > 1) last.description = clip(last.description, Math.max(1, last.description.length - (totalLength(embeds) - LIMITS.total)));
    else break;
  }
  return { content: clip(message.content, LIMITS.content), embeds, components: message.components };
}

/** Characters Discord counts towards the 6000 of a message's embeds. */
export function totalLength(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (sum, e) =>
      sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0,
  );
}
