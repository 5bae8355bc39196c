/**
 * The core's records as Discord messages: embeds, buttons and the limits and escapes that keep
 * every message deliverable and harmless. Text from articles and users is escaped (Markdown)
 * and neutralised (mentions) here, whatever allowed_mentions says.
 */
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField, APIStringSelectComponent } from 'discord.js';
import { corpusLine, formatCitationDate, formatDate, formatEventDate, linkTarget, mentionsByArticle, pageLabel, plural, publisherOf, rolesWithSources, runsBySource, sayings, translationNote, withRest } from '../../src/format.js';
import { BRIEF_COMMAND, EDIT_COMMANDS } from '../../src/commands.js';
import type { HelpContent } from '../../src/help.js';
import type { AddedArticle, AskAnswer, AskHit, Citation, CorpusInfo, EditAnswer, PersonListing, PersonProfile, Suggestion, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';
import type { ButtonState } from './state.js';

/** Discord's message limits (discord-api-docs, resources/message "Embed Limits"; message components). */
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
  // Components: 5 action rows, 5 buttons a row, button labels 80 characters; a select holds 25 options
  rows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  selectOptions: 25,
  optionLabel: 100,
  optionValue: 100,
} as const;

/** Mentions on one page of "More mentions"; people on one page of the directory. */
export const MENTIONS_PAGE = 5;
export const DIRECTORY_PAGE = 10;

const COLOR = 0x2b6cb0;
const ELLIPSIS = ' …';
// Discord refuses empty titles, descriptions and field values.
const EMPTY = '—';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIStringSelectComponent>;

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/**
 * Turns what a button does into its custom_id (the adapter keeps long queries in a store);
 * null leaves the button out.
 */
export type Encode = (state: ButtonState) => string | null;

/** Where to start when nothing was found: the most-mentioned people, the busiest periods. */
export interface Explore {
  people: Suggestion[];
  periods: Suggestion[];
}

const NO_BUTTONS: Encode = () => null;

interface Control {
  label: string;
  state: ButtonState;
  /** 1 primary (Share), 2 secondary. */
  style?: 1 | 2;
}

/** One page of /ask: an embed for each run of one article's passages, its headline linked, its citation in the footer. */
export function renderAsk(answer: AskAnswer, offset: number, encode: Encode = NO_BUTTONS, explore?: Explore): DiscordMessage {
  if (answer.hits.length === 0) {
    const text = answer.message ?? `Nothing answers "${answer.query}".`;
    const embed: APIEmbed = { color: COLOR, description: safe(text, LIMITS.description), footer: { text: corpusLine(answer.corpus) } };
    return fitMessage({ content: '', embeds: [embed], components: rows(encode, [], exploreControls(explore)) });
  }
  const groups = runsBySource(answer.hits.slice(0, 25), (hit) => hit.articleId).slice(0, LIMITS.embeds);
  const shown = groups.flat();
  const heads = groups.map((run) => ({ title: safe(run[0]!.title ?? publisherOf(run[0]!), LIMITS.title), url: linkTarget(run[0]!.url), footer: plain(footerOf(run), 300) }));
  const fixed = heads.reduce((sum, h) => sum + h.title.length + h.footer.length, 0);
  const budget = Math.max(60, Math.floor((LIMITS.total - fixed - 100) / shown.length));
  const embeds = groups.map((run, i): APIEmbed => {
    const head = heads[i]!;
    const each = Math.min(Math.floor(LIMITS.description / run.length) - 2, budget);
    return { color: COLOR, title: head.title, ...(head.url ? { url: head.url } : {}), description: run.map((hit) => boldPassage(hit.text, hit.highlights, each)).join('\n\n'), footer: { text: head.footer } };
  });
  const lines = [`${pageLabel('Passages', offset, shown.length, answer.total)} for “${safe(answer.query, 300)}”. ${corpusLine(answer.corpus)}`];
  if (answer.message) lines.push(safe(answer.message, 500));
  const state = (at: number): ButtonState => ({ action: 'more', command: 'ask', query: answer.query, offset: at });
  return fitMessage({ content: lines.join('\n'), embeds, components: rows(encode, paging(offset, shown.length, answer.next, state, 3), [], share('ask', answer.query, offset)) });
}

/** /who: a compact profile, the people the name could mean, the directory (no name), or what to try instead. */
export function renderWho(answer: WhoAnswer, corpus: CorpusInfo, encode: Encode = NO_BUTTONS, { offset = 0, explore }: { offset?: number; explore?: Explore } = {}): DiscordMessage {
  if (answer.people !== undefined) return renderDirectory(answer, answer.people, corpus, offset, encode);
  const person = answer.person;
  if (person === null) {
    const names = answer.candidates.length > 0 ? answer.candidates.map((c) => c.name) : answer.suggestions;
    const open = names.slice(0, 10).map((name): Control => ({ label: name, state: { action: 'open', command: 'who', query: name, offset: 0 } }));
    return fitMessage({ content: '', embeds: [{ ...unknownPerson(answer), footer: { text: corpusLine(corpus) } }], components: rows(encode, [], open.length > 0 ? open : exploreControls(explore, 'people')) });
  }
  const controls: Control[] = person.mentions.length > 0 ? [{ label: 'More mentions', state: { action: 'open', command: 'mentions', query: answer.query, offset: 0 } }] : [];
  return fitMessage({ content: '', embeds: [profile(person, answer, corpus)], components: rows(encode, controls, [], share('who', answer.query, 0)) });
}

/** "More mentions": a page of the passages that mention the person, each article cited once. */
export function renderMentions(answer: WhoAnswer, corpus: CorpusInfo, offset: number, encode: Encode = NO_BUTTONS): DiscordMessage {
  const person = answer.person;
  if (person === null) return renderWho(answer, corpus, encode);
  const page = person.mentions.slice(offset, offset + MENTIONS_PAGE);
  const runs = runsBySource(page, (m) => m.articleId);
  const budget = Math.floor(3600 / Math.max(1, page.length));
  const lines = runs.map((run) => [...run.map((m) => `• ${safe(m.text, budget)}`), `— ${citationMarkdown(run[0]!)}`].join('\n'));
  if (page.length === 0) lines.push(`No more mentions: all ${person.mentions.length} are on the earlier pages.`);
  const label = page.length > 0 ? `${pageLabel('Mentions', offset, page.length, person.mentions.length)} · ` : '';
  const embed: APIEmbed = { color: COLOR, title: safe(`${person.name}: mentions`, LIMITS.title), description: fitLines(lines, LIMITS.description, '\n\n'), footer: { text: plain(`${label}${corpusLine(corpus)}`, 300) } };
  const state = (at: number): ButtonState => ({ action: 'more', command: 'mentions', query: answer.query, offset: at });
  const controls: Control[] = [offset === 0 ? { label: 'Back to profile', state: { action: 'open', command: 'who', query: answer.query, offset: 0 } } : { label: 'Previous', state: state(Math.max(0, offset - MENTIONS_PAGE)) }];
  if (offset + MENTIONS_PAGE < person.mentions.length) controls.push({ label: 'More', state: state(offset + MENTIONS_PAGE) });
  return fitMessage({ content: '', embeds: [embed], components: rows(encode, controls, [], page.length > 0 ? share('mentions', answer.query, offset) : null) });
}

/** /who with no name: the people the articles mention most, a page at a time, with a menu to open one. */
function renderDirectory(answer: WhoAnswer, people: PersonListing[], corpus: CorpusInfo, offset: number, encode: Encode): DiscordMessage {
  const lines = people.map((p) => `• **${safe(p.name, 100)}**${p.role ? ` — ${safe(p.role, 150)}` : ''} · ${plural(p.mentions, 'mention')}`);
  if (answer.message) lines.unshift(safe(answer.message, 500));
  if (people.length === 0 && !answer.message) lines.push('No people in the articles.');
  const label = people.length > 0 ? `${pageLabel('People', offset, people.length, undefined)} · ` : '';
  const embed: APIEmbed = { color: COLOR, title: 'People in the articles', description: fitLines(lines, LIMITS.description), footer: { text: plain(`${label}${corpusLine(corpus)}`, 300) } };
  const state = (at: number): ButtonState => ({ action: 'more', command: 'people', query: '', offset: at });
  const components = rows(encode, paging(offset, people.length, answer.next ?? null, state, DIRECTORY_PAGE), [], people.length > 0 ? share('people', '', offset) : null);
  // The menu's custom_id says "open a profile"; each option's value is the name.
  const pick = encode({ action: 'pick', command: 'who', query: '', offset: 0 });
  const options = people
    .filter((p) => p.name.trim() !== '' && p.name.length <= LIMITS.optionValue)
    .slice(0, LIMITS.selectOptions)
    .map((p) => ({ label: plain(p.name, LIMITS.optionLabel), value: p.name, description: p.role ? plain(p.role, 100) : undefined }))
    .filter((o, i, all) => all.findIndex((other) => other.value === o.value) === i);
  if (pick && options.length > 0 && components.length < LIMITS.rows) {
    components.push({ type: 1, components: [{ type: 3, custom_id: pick, placeholder: 'Open a profile', options: options.map((o) => (o.description ? o : { label: o.label, value: o.value })) }] });
  }
  return fitMessage({ content: '', embeds: [embed], components });
}

/** One page of /timeline: the events in order, a field each, dated at their precision; a run of one article's events cited once. */
export function renderTimeline(answer: TimelineAnswer, corpus: CorpusInfo, offset: number, encode: Encode = NO_BUTTONS, explore?: Explore): DiscordMessage {
  const title = safe(answer.query === '' ? 'Timeline' : `Timeline: ${answer.query}`, LIMITS.title);
  const events = answer.events.slice(0, LIMITS.fields);
  const descriptionLines: string[] = [];
  if (answer.message) descriptionLines.push(safe(answer.message, 1000));
  if (events.length === 0 && answer.periods.length > 0 && !answer.message) {
    descriptionLines.push('Periods with events:', ...answer.periods.slice(0, 40).map((p) => `• ${safe(p.period, 100)} — ${plural(p.events, 'event')}`));
  }
  if (events.length === 0 && descriptionLines.length === 0) descriptionLines.push(`No dated events for “${safe(answer.query, 300)}”.`);
  const description = descriptionLines.length > 0 ? fitLines(descriptionLines, 1500) : undefined;
  const range = events.length > 0 ? `${pageLabel('Events', offset, events.length, answer.total)} · ` : '';
  const footer = plain(`${range}${corpusLine(corpus)}`, 300);

  // The citation once, under the last event of each run of one article's events.
  const lastOfRun = new Set(runsBySource(events, eventSourceKey).map((run) => run.at(-1)!));
  // Dates are the core's own text ("~Sep-Nov 2023"): shown as they are, never read as Markdown.
  const names = events.map((event) => plain(formatEventDate(event), 100));
  const sources = events.map((event) => (lastOfRun.has(event) ? eventSource(event) : ''));
  const fixed = title.length + (description?.length ?? 0) + footer.length + names.reduce((sum, n) => sum + n.length, 0) + sources.reduce((sum, s) => sum + s.length + 1, 0);
  const budget = events.length === 0 ? 0 : Math.min(LIMITS.fieldValue - 320, Math.floor((LIMITS.total - fixed - 50) / events.length));
  const fields: APIEmbedField[] = events.map((event, i) => ({ name: nonEmpty(names[i]!), value: nonEmpty(sources[i] ? `${safe(event.text, Math.max(20, budget))}\n${sources[i]}` : safe(event.text, Math.max(20, budget))) }));
  const embed: APIEmbed = { color: COLOR, title, footer: { text: footer } };
  if (description) embed.description = description;
  if (fields.length > 0) embed.fields = fields;
  const state = (at: number): ButtonState => ({ action: 'more', command: 'timeline', query: answer.query, offset: at });
  if (events.length === 0) {
    // The core lists the nearest periods first, then the largest.
    const periods = answer.periods.slice(0, 5).map((p): Control => ({ label: `${p.period} (${p.events})`, state: { action: 'open', command: 'timeline', query: p.period, offset: 0 } }));
    return fitMessage({ content: '', embeds: [embed], components: rows(encode, offset > 0 ? [{ label: 'Previous', state: state(Math.max(0, offset - 10)) }] : [], periods.length > 0 ? periods : exploreControls(explore, 'periods')) });
  }
  return fitMessage({ content: '', embeds: [embed], components: rows(encode, paging(offset, events.length, answer.next, state, 10), [], share('timeline', answer.query, offset)) });
}

/** /help (and /ask help): what the corpus covers, the commands with examples, tips, and places to start. */
export function renderHelp(content: HelpContent, encode: Encode = NO_BUTTONS): DiscordMessage {
  const commands = content.commands.filter((c) => c.name !== 'help');
  const fields: APIEmbedField[] = [
    { name: 'What it covers', value: fitLines([safe(`${content.coverage} ${content.freshness}`, 500), ...(content.people.length > 0 ? [`Most mentioned: ${safe(content.people.map((p) => p.value).join(', '), 300)}`] : []), ...(content.periods.length > 0 ? [`Busiest periods: ${safe(content.periods.map((p) => `${p.value} (${plural(p.count, 'event')})`).join(', '), 300)}`] : [])], LIMITS.fieldValue) },
    { name: 'Commands', value: fitLines([...commands.map((c) => `• \`${plain(c.usage, 100).replace(/`/g, "'")}\` ${safe(c.description, 200)}${c.example ? ` — e.g. \`${plain(c.example, 200).replace(/`/g, "'")}\`` : ''}`), ...editLines()], LIMITS.fieldValue) },
    { name: 'How answers work', value: 'Answers are private to you until you press **Share**, which posts them in the channel (or the DM) and marks your copy as shared. **More** and **Previous** page in place; buttons under a name or a period open it.' },
    { name: 'Tips', value: fitLines(content.tips.map((tip) => `• ${safe(tip, 300)}`), LIMITS.fieldValue) },
  ];
  return fitMessage({ content: '', embeds: [{ color: COLOR, title: 'briefbot', fields }], components: rows(encode, [], exploreControls({ people: content.people, periods: content.periods })) });
}

const EDIT_TITLES: Record<EditAnswer['status'], string> = { added: 'Added to the corpus', duplicate: 'Already in the corpus', removed: 'Removed from the corpus', refused: '' };

/**
 * /brief add and /brief remove: what happened, then the article's card (its headline linked,
 * first passage, citation, passage count and id) with Share; a refusal says why, and to
 * someone who may not edit, who may (`roles`: the ids known to be roles, mentioned as roles).
 */
export function renderEdit(answer: EditAnswer, encode: Encode = NO_BUTTONS, roles: ReadonlySet<string> = new Set()): DiscordMessage {
  const title = EDIT_TITLES[answer.status] || (answer.command === 'add' ? 'Not added' : 'Not removed');
  const lines = [`**${title}.** ${safe(answer.message, 1500)}`];
  const editors = answer.editors.filter((id) => /^\d{5,25}$/.test(id)).slice(0, 20);
  // The only mentions this module writes; allowed_mentions keeps them silent.
  if (answer.reason === 'not-editor' && editors.length > 0) lines.push(`Editors here: ${editors.map((id) => (roles.has(id) ? `<@&${id}>` : `<@${id}>`)).join(', ')}`);
  const article = answer.article;
  const shareable = article !== null && answer.status !== 'removed';
  return fitMessage({ content: lines.join('\n'), embeds: article ? [articleEmbed(article)] : [], components: shareable ? rows(encode, [], [], share('article', article.articleId, 0)) : [] });
}

/** An article of the corpus as a card (what Share posts). */
export function renderArticle(article: AddedArticle, encode: Encode = NO_BUTTONS): DiscordMessage {
  return fitMessage({ content: '', embeds: [articleEmbed(article)], components: rows(encode, [], [], share('article', article.articleId, 0)) });
}

function articleEmbed(article: AddedArticle): APIEmbed {
  const target = linkTarget(article.url);
  const facts = [plainCitation(article, false), article.articleId, plural(article.passages, 'passage')];
  if (article.addedBy) facts.push(`added by ${article.addedBy}${article.addedAt ? ` on ${formatDate(article.addedAt.slice(0, 10))}` : ''}`);
  return {
    color: COLOR,
    title: safe(article.title ?? publisherOf(article), LIMITS.title),
    ...(target ? { url: target } : {}),
    description: article.firstPassage ? safe(article.firstPassage.text, 2000) : EMPTY,
    footer: { text: plain(facts.join(' · '), 600) },
  };
}

/** The /brief subcommands for editors, one help line each. */
function editLines(): string[] {
  return EDIT_COMMANDS.map((c) => `• \`/${BRIEF_COMMAND.name} ${c.name} ${c.options.map((o) => `${o.name}:`).join(' ')}\` ${safe(c.description, 200)}`);
}

/** A short private notice: errors, commands that are not ready. */
export function renderNotice(text: string): DiscordMessage {
  return { content: safe(text, LIMITS.content), embeds: [], components: [] };
}

/** The answer as posted in the channel: the same embeds, who shared it first, no buttons. */
export function renderShared(message: DiscordMessage, userId: string): DiscordMessage {
  // The user's own mention is the only markup not escaped; allowed_mentions keeps it silent.
  const by = /^\d{1,25}$/.test(userId) ? `Shared by <@${userId}>` : 'Shared';
  const content = message.content === '' ? by : `${by}\n${message.content}`;
  return fitMessage({ content: content.length > LIMITS.content ? by : content, embeds: message.embeds, components: [] });
}

/** The private copy once shared: it says so and loses its buttons. */
export function renderSharedCopy(message: DiscordMessage): DiscordMessage {
  const note = '✓ Shared in the channel.';
  const content = message.content === '' ? note : `${note}\n${message.content}`;
  return fitMessage({ content: content.length > LIMITS.content ? note : content, embeds: message.embeds, components: [] });
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
    // Neighbouring words become one bold run: "**military aid**", not "**military** **aid**".
    if (last && (start <= last[1] || /^[ \t]+$/.test(text.slice(last[1], start)))) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  return spans;
}

/** Lines joined until `max`; the last one that fits is cut, the rest left out. */
function fitLines(lines: string[], max: number, between = '\n'): string {
  let out = '';
  for (const line of lines) {
    const sep = out === '' ? '' : between;
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

/** "NBC News · 22 Feb 2023 · translated from Chinese · also in …": a run's footer (the headline is the title). */
function footerOf(run: AskHit[]): string {
  const first = run[0]!;
  const line = plainCitation(first, false);
  const also = uniqueCitations(run.flatMap((hit) => hit.alsoIn)).filter((c) => c.articleId !== first.articleId);
  if (also.length === 0) return line;
  return `${line} · also in ${also.map((c) => plainCitation(c, false)).join('; ')}`;
}

/** "Publisher · 19 Apr 2023 · Headline · translated from Chinese" as plain text (footers). */
function plainCitation(citation: Citation, withTitle = true): string {
  const parts = [publisherOf(citation).slice(0, 100), formatCitationDate(citation)];
  if (withTitle && citation.title) parts.push(citation.title.slice(0, 150));
  const translated = translationNote(citation);
  if (translated) parts.push(translated.slice(0, 80));
  return parts.join(' · ');
}

/** The same in Markdown, the headline (or, without one, the publisher) linked to the article. */
function citationMarkdown(citation: Citation, titleMax = 150): string {
  const target = linkTarget(citation.url);
  const link = (text: string) => (target ? `[${text}](${target})` : text);
  const publisher = safe(publisherOf(citation), 100);
  const parts = [citation.title ? publisher : link(publisher), safe(formatCitationDate(citation), 60)];
  if (citation.title) parts.push(link(safe(citation.title, titleMax)));
  const translated = translationNote(citation);
  if (translated) parts.push(safe(translated, 80));
  return parts.join(' · ');
}

/** "Publisher · 19 Apr 2023", the publisher linked when the address is known. */
function sourceMarkdown(citation: Citation): string {
  const target = linkTarget(citation.url);
  const publisher = safe(publisherOf(citation), 60);
  return `${target ? `[${publisher}](${target})` : publisher} · ${safe(formatCitationDate(citation), 60)}`;
}

function uniqueCitations(citations: Citation[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const c of citations) if (!seen.has(c.articleId)) seen.set(c.articleId, c);
  return [...seen.values()];
}

function eventSourceKey(event: TimelineEvent): string {
  return [event.articleId, event.articleDate, ...event.sources.map((s) => s.articleId)].join('\n');
}

/** "— Publisher · 21 Apr 2023 · [Headline](url) (+1 more)": the article an event came from, dated when it appeared. */
function eventSource(event: TimelineEvent): string {
  const others = event.sources.filter((s) => s.articleId !== event.articleId).length;
  return `— ${citationMarkdown({ ...event, date: event.articleDate }, 120)}${others > 0 ? ` (+${others} more)` : ''}`;
}

function profile(person: PersonProfile, answer: WhoAnswer, corpus: CorpusInfo): APIEmbed {
  const description: string[] = [];
  // A correction of what was typed ("showing Xi Jinping") comes first.
  if (answer.message) description.push(`*${safe(answer.message, 300)}*`);
  if (person.aliases.length > 0) description.push(`Also called: ${withRest(person.aliases.slice(0, 5).map((a) => safe(a, 60)), person.aliases.length - 5).join(', ')}`);
  const articles = mentionsByArticle(person.mentions);
  if (person.firstMentioned && person.lastMentioned) {
    const span = person.firstMentioned === person.lastMentioned ? `on ${formatDate(person.firstMentioned)}` : `from ${formatDate(person.firstMentioned)} to ${formatDate(person.lastMentioned)}`;
    description.push(`Mentioned ${safe(span, 100)} in ${plural(articles.length, 'article')}`);
  }
  const related = person.related ?? [];
  if (related.length > 0) description.push(`Often named with: ${withRest(related.slice(0, 5).map((r) => safe(r.name, 60)), related.length - 5).join(', ')}`);
  for (const note of (person.notes ?? []).slice(0, 3)) description.push(`Note: ${safe(note, 300)}`);

  const fields: APIEmbedField[] = [];
  const roles = rolesWithSources(person.roles);
  const roleLines = roles.slice(0, 5).map(({ role, sources }) => `• ${safe(role, 150)} — ${withRest(sources.slice(0, 2).map(sourceMarkdown), sources.length - 2).join('; ')}`);
  if (roles.length > 5) roleLines.push(`…and ${plural(roles.length - 5, 'other role')}`);
  if (roleLines.length > 0) fields.push({ name: 'Roles', value: fitLines(roleLines, LIMITS.fieldValue) });
  const { quotes, statements } = sayings(person, { quotes: 3, statements: 2 });
  if (quotes.length > 0) fields.push({ name: 'Quotes', value: fitLines(quotes.map((q) => `“${safe(q.text, 250)}” — ${sourceMarkdown(q)}`), LIMITS.fieldValue) });
  if (statements.length > 0) fields.push({ name: 'Statements (reported, not their own words)', value: fitLines(statements.map((s) => `• ${safe(s.text, 250)} — ${sourceMarkdown(s)}`), LIMITS.fieldValue) });
  const mentionLines = articles.slice(0, 5).map(({ citation, count }) => `• ${citationMarkdown(citation, 80)} (${plural(count, 'mention')})`);
  if (articles.length > 5) mentionLines.push(`…and ${plural(articles.length - 5, 'other article')}`);
  if (mentionLines.length > 0) fields.push({ name: `Mentions (${person.mentions.length})`, value: fitLines(mentionLines, LIMITS.fieldValue) });

  const embed: APIEmbed = { color: COLOR, title: safe(person.name, LIMITS.title), fields, footer: { text: corpusLine(corpus) } };
  if (description.length > 0) embed.description = fitLines(description, 1500);
  if (fields.length === 0 && !embed.description) embed.description = 'The articles name this person but say little more.';
  return embed;
}

function unknownPerson(answer: WhoAnswer): APIEmbed {
  const lines: string[] = [];
  if (answer.message) lines.push(safe(answer.message, 1000));
  if (answer.candidates.length > 0) {
    if (!answer.message) lines.push(`“${safe(answer.query, 200)}” could be:`);
    lines.push(...answer.candidates.slice(0, 15).map((c) => `• **${safe(c.name, 200)}** — ${plural(c.mentions, 'mention')}`));
    if (!answer.message) lines.push('Ask again with the full name, or pick one below.');
  } else if (lines.length === 0) {
    lines.push(`No one called “${safe(answer.query, 200)}” appears in the articles.`);
  }
  if (answer.suggestions.length > 0) lines.push(`Did you mean: ${answer.suggestions.slice(0, 10).map((s) => safe(s, 100)).join(', ')}?`);
  return { color: COLOR, title: answer.candidates.length > 0 ? 'Which person?' : 'Person not found', description: fitLines(lines, LIMITS.description) };
}

function share(command: ButtonState['command'], query: string, offset: number): Control {
  return { label: 'Share', state: { action: 'share', command, query, offset }, style: 1 };
}

/** Previous and More for a page of `shown` results at `offset`. */
function paging(offset: number, shown: number, next: number | null, state: (offset: number) => ButtonState, pageSize: number): Control[] {
  const controls: Control[] = [];
  if (offset > 0) controls.push({ label: 'Previous', state: state(Math.max(0, offset - Math.max(pageSize, shown))) });
  if (next !== null) controls.push({ label: 'More', state: state(next) });
  return controls;
}

/** Buttons for where to start: the most-mentioned people, then the busiest periods. */
function exploreControls(explore: Explore | undefined, only?: 'people' | 'periods'): Control[] {
  if (!explore) return [];
  const people = only === 'periods' ? [] : explore.people.slice(0, only ? 5 : 3).map((p): Control => ({ label: p.value, state: { action: 'open', command: 'who', query: p.value, offset: 0 } }));
  const periods = only === 'people' ? [] : explore.periods.slice(0, only ? 5 : 2).map((p): Control => ({ label: `${p.value} (${p.count})`, state: { action: 'open', command: 'timeline', query: p.value, offset: 0 } }));
  return [...people, ...periods];
}

/**
 * The button rows: paging (and More mentions) with Share last on the first row, then the open
 * buttons five a row; a button whose custom_id cannot be made, or would repeat one, is left out.
 */
function rows(encode: Encode, controls: Control[], open: Control[], shareControl: Control | null = null): ButtonRow[] {
  const seen = new Set<string>();
  const toButton = (control: Control): APIButtonComponentWithCustomId | null => {
    const id = encode(control.state);
    if (id === null || id.length > LIMITS.customId || seen.has(id)) return null;
    seen.add(id);
    return { type: 2, style: control.style ?? 2, label: plain(control.label, LIMITS.buttonLabel), custom_id: id };
  };
  const first = [...controls, ...(shareControl ? [shareControl] : [])].map(toButton).filter((b) => b !== null);
  const out: ButtonRow[] = first.length > 0 ? [{ type: 1, components: first.slice(0, LIMITS.rowButtons) }] : [];
  const rest = open.map(toButton).filter((b) => b !== null);
  for (let i = 0; i < rest.length && out.length < LIMITS.rows - 1; i += LIMITS.rowButtons) out.push({ type: 1, components: rest.slice(i, i + LIMITS.rowButtons) });
  return out;
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
