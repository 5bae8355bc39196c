/**
 * Block Kit rendering of the core's records. Slack's limits, escaping and mention safety live
 * here and nowhere else: the core hands over complete data, this module decides what fits.
 */
import type { types } from '@slack/bolt';
import { citationLine, corpusLine, formatCitationDate, formatDate, formatEventDate, linkTarget, mentionsByArticle, pageLabel, plural, publisherOf, rolesWithSources, runsBySource, sayings, translationNote, withRest } from '../../src/format.js';
import type { HelpContent } from '../../src/help.js';
import type { AddedArticle, AskAnswer, AskHit, Citation, CorpusInfo, EditAnswer, PersonListing, PersonProfile, Suggestion, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type ContextBlock = types.ContextBlock;
type HeaderBlock = types.HeaderBlock;
type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type StaticSelect = types.StaticSelect;

export const LIMITS = {
  // Slack: "Maximum length for the text in this field is 3000 characters" (section, text object)
  sectionText: 3000,
  // Slack: header text "Maximum length for the text in this field is 150 characters"
  headerText: 150,
  // Slack: "You can include up to 50 blocks in each message" (100 in a Home tab)
  blocks: 50,
  homeBlocks: 100,
  // Slack refuses a message whose blocks hold about 13,000 characters of text in all
  // (msg_blocks_too_long, undocumented; bolt-js issue 2509): this keeps a margin.
  messageText: 11_000,
  // Slack: context "Maximum number of items is 10"; text objects are at most 3000 characters
  contextElements: 10,
  contextText: 3000,
  // Slack: button text 75 characters, value 2000 characters
  buttonText: 75,
  buttonValue: 2000,
  // Slack: option text 75 characters, value 150 characters; a static select holds 100 options
  optionText: 75,
  optionValue: 150,
  // Notification text: not a Slack limit; the answer's gist, kept short
  fallbackText: 300,
  // A /who profile's first screen on a phone, before any button (displayed characters)
  firstScreen: 1200,
} as const;

/** Mentions shown on one page of "More mentions"; people on one page of the directory. */
export const MENTIONS_PAGE = 5;
export const DIRECTORY_PAGE = 10;

/** A message ready for `respond()` or `chat.postMessage`. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Who sees the message: a private answer carries paging buttons and Share; an answer shared in
 * the channel says who shared it and has no buttons; an answer the bot posts where everyone
 * sees it (a thread, a direct message) pages but has nothing to share.
 */
export type View = { kind: 'private' } | { kind: 'shared'; userId: string } | { kind: 'public' };

export interface RenderOptions {
  /** The offset of the page shown (for the Previous and Share buttons). */
  offset?: number;
  view?: View;
  /** What was searched, for the footer of answers that do not carry it. */
  corpus?: CorpusInfo;
  /** Where to start when nothing was found: the most-mentioned people, the busiest periods. */
  explore?: { people: Suggestion[]; periods: Suggestion[] };
}

export const ACTIONS = {
  more: 'briefbot_more',
  previous: 'briefbot_previous',
  share: 'briefbot_share',
  /** Opens a person or period (a candidate or suggestion button; `_<n>` keeps action ids unique in a block). */
  open: 'briefbot_open',
  /** Opens the profile picked in the directory's menu. */
  pick: 'briefbot_pick',
} as const;

/** What a button needs to redo its answer after a restart: it travels in the button's value. */
export interface ButtonState {
  /** `mentions`: a page of a person's mentions; `people`: a page of the people directory; `article`: an added article (query: its id). */
  command: 'ask' | 'who' | 'timeline' | 'mentions' | 'people' | 'article';
  query: string;
  offset: number;
}

const COMMANDS_IN_STATE = ['ask', 'who', 'timeline', 'mentions', 'people', 'article'] as const;

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
  // Every character shows as at least one, so nothing past `limit` can be kept; two more keep
  // a sentence end at the limit recognisable (it needs the space after it).
  const { raw, shifted } = breakMentionWords(original.length > limit + 2 ? original.slice(0, limit + 2) : original, highlights);
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

/** The button state as a value string of at most `limit` characters (the query is cut to fit). */
export function encodeState(state: ButtonState, limit: number = LIMITS.buttonValue): string {
  // Every character takes at least one in the value: more than the limit can never fit.
  let chars = Array.from(state.query).slice(0, limit);
  for (;;) {
    // JSON's \u escapes keep &, < and > out of the value: nothing in it can read as markup.
    const value = JSON.stringify({ c: state.command, q: chars.join(''), o: state.offset }).replace(/[&<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (value.length <= limit) return value;
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
  if (!(COMMANDS_IN_STATE as readonly unknown[]).includes(c)) return null;
  if (typeof q !== 'string' || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) return null;
  return { command: c as ButtonState['command'], query: q, offset: o };
}

// --- Answers ------------------------------------------------------------------------------

/** /ask: the question, the passages with their matches in bold, each article's citation once. */
export function renderAsk(answer: AskAnswer, { offset = 0, view = PRIVATE, explore }: RenderOptions = {}): SlackMessage {
  const head: KnownBlock[] = [header(answer.query || 'Ask')];
  if (answer.message) head.push(section(answer.message));
  const state = (at: number): ButtonState => ({ command: 'ask', query: answer.query, offset: at });
  if (answer.hits.length === 0) {
    return compose({ text: gist(answer.message ?? `Nothing answers "${answer.query}"`), head, items: [], foot: [context([corpusLine(answer.corpus)])], buttons: exploreButtons(explore), share: null, view, noun: 'passage' });
  }
  const items = runsBySource(answer.hits, (hit) => hit.articleId).map((run): Item => {
    const also = uniqueCitations(run.flatMap((hit) => hit.alsoIn)).filter((c) => c.articleId !== run[0]!.articleId);
    const lines = [citationMrkdwn(run[0]!)];
    if (also.length > 0) lines.push(`Also in: ${also.map((c) => citationMrkdwn(c, 80)).join('; ')}`);
    return { body: run.map((hit) => ({ type: 'section', text: mrkdwn(fitText(hit.text, LIMITS.sectionText, hit.highlights)) }) satisfies SectionBlock), tail: [contextMrkdwn(lines)] };
  });
  const label = pageLabel('Passages', offset, answer.hits.length, answer.total);
  const first = answer.hits[0]!;
  return compose({
    text: gist(first.text, citationLine(first, false)),
    head,
    items,
    foot: [context([`${label} · ${corpusLine(answer.corpus)}`])],
    buttons: pagingButtons(offset, answer.hits.length, answer.next, state),
    share: button('Share in channel', ACTIONS.share, state(offset)),
    view,
    noun: 'passage',
  });
}

/** /who: a compact profile, the people a name may mean, or the directory (no name). */
export function renderWho(answer: WhoAnswer, options: RenderOptions = {}): SlackMessage {
  const { view = PRIVATE, corpus, explore } = options;
  if (answer.people !== undefined) return renderDirectory(answer, answer.people, options);
  const person = answer.person;
  if (person === null) {
    // The core's message already names the candidates and suggestions; without one, this does.
    const lines: string[] = [answer.message ?? `No one called "${answer.query}" appears in the articles.`];
    if (!answer.message && answer.candidates.length > 0) lines.push(`Did you mean: ${answer.candidates.map((c) => `${c.name} (${plural(c.mentions, 'mention')})`).join(', ')}?`);
    if (!answer.message && answer.suggestions.length > 0) lines.push(`People the articles mention: ${answer.suggestions.join(', ')}.`);
    const picks = answer.candidates.length > 0 ? answer.candidates.map((c) => c.name) : answer.suggestions;
    const buttons = picks.length > 0 ? picks.slice(0, 5).map((name, i) => button(name, `${ACTIONS.open}_${i}`, { command: 'who', query: name, offset: 0 })) : exploreButtons(explore, 'people');
    return compose({ text: gist(lines[0]!), head: [header(answer.query || 'Who'), section(lines.join('\n'))], items: [], foot: footer(corpus), buttons, share: null, view, noun: 'item' });
  }
  const head = profileBlocks(person, answer.message);
  const buttons = person.mentions.length > 0 ? [button('More mentions', ACTIONS.more, { command: 'mentions', query: answer.query, offset: 0 })] : [];
  const role = rolesWithSources(person.roles)[0];
  const text = role ? gist(`${person.name}: ${role.role}`, citationLine(role.sources[0]!, false)) : gist(`Who is ${person.name}`);
  return compose({ text, head, items: [], foot: footer(corpus), buttons, share: button('Share in channel', ACTIONS.share, { command: 'who', query: answer.query, offset: 0 }), view, noun: 'section' });
}

/** "More mentions": one page of the passages that mention the person, each article cited once. */
export function renderMentions(answer: WhoAnswer, { offset = 0, view = PRIVATE, corpus }: RenderOptions = {}): SlackMessage {
  const person = answer.person;
  if (person === null) return renderWho(answer, { view, corpus });
  const page = person.mentions.slice(offset, offset + MENTIONS_PAGE);
  const head: KnownBlock[] = [header(`${person.name}: mentions`)];
  if (page.length === 0) head.push(section(`No more mentions: all ${person.mentions.length} are on the earlier pages.`));
  const items = runsBySource(page, (m) => m.articleId).map((run): Item => ({
    body: run.map((m) => ({ type: 'section', text: mrkdwn(fitText(m.text, LIMITS.sectionText)) }) satisfies SectionBlock),
    tail: [contextMrkdwn([citationMrkdwn(run[0]!)])],
  }));
  const state = (at: number): ButtonState => ({ command: 'mentions', query: answer.query, offset: at });
  const buttons: Array<Button | StaticSelect> = [];
  if (offset === 0) buttons.push(button('Back to profile', ACTIONS.previous, { command: 'who', query: answer.query, offset: 0 }));
  else buttons.push(button('Previous', ACTIONS.previous, state(Math.max(0, offset - MENTIONS_PAGE))));
  if (offset + MENTIONS_PAGE < person.mentions.length) buttons.push(button('More', ACTIONS.more, state(offset + MENTIONS_PAGE)));
  const label = page.length > 0 ? pageLabel('Mentions', offset, page.length, person.mentions.length) : '';
  const first = page[0];
  return compose({
    text: first ? gist(`${person.name}: ${first.text}`, citationLine(first, false)) : gist(`${person.name}: no more mentions`),
    head,
    items,
    foot: [context([[label, corpus ? corpusLine(corpus) : ''].filter(Boolean).join(' · ') || ' '])],
    buttons,
    share: page.length > 0 ? button('Share in channel', ACTIONS.share, state(offset)) : null,
    view,
    noun: 'mention',
  });
}

/** /who with no name: the people the articles mention most, a page at a time, with a menu to open one. */
function renderDirectory(answer: WhoAnswer, people: PersonListing[], { offset = 0, view = PRIVATE, corpus }: RenderOptions): SlackMessage {
  const head: KnownBlock[] = [header('People in the articles')];
  if (answer.message) head.push(section(answer.message));
  const lines = people.map((p) => `• *${fitText(p.name, 80)}*${p.role ? ` — ${fitText(p.role, 100)}` : ''} · ${plural(p.mentions, 'mention')}`);
  const items = chunks(lines, 15).map((group): Item => ({ body: [{ type: 'section', text: mrkdwn(cutMrkdwn(group.join('\n'), LIMITS.sectionText)) }], tail: [] }));
  const state = (at: number): ButtonState => ({ command: 'people', query: '', offset: at });
  const buttons: Array<Button | StaticSelect> = pagingButtons(offset, people.length, answer.next ?? null, state, DIRECTORY_PAGE);
  // A name too long for an option's value is left out of the menu (it is still listed).
  const options = people
    .map((p) => ({ name: p.name, value: encodeState({ command: 'who', query: p.name, offset: 0 }, LIMITS.optionValue) }))
    .filter((o) => decodeState(o.value)?.query === o.name)
    .slice(0, 100)
    .map((o) => ({ text: { type: 'plain_text' as const, text: plainLabel(o.name, LIMITS.optionText) || '…', emoji: false }, value: o.value }));
  if (options.length > 0) buttons.push({ type: 'static_select', action_id: ACTIONS.pick, placeholder: { type: 'plain_text', text: 'Open a profile', emoji: false }, options });
  const label = people.length > 0 ? pageLabel('People', offset, people.length, undefined) : 'No people';
  const firstPerson = people[0];
  return compose({
    text: gist(firstPerson ? `People in the articles: ${people.map((p) => p.name).join(', ')}` : (answer.message ?? 'No people in the articles')),
    head,
    items,
    foot: [context([[label, corpus ? corpusLine(corpus) : ''].filter(Boolean).join(' · ')])],
    buttons,
    share: people.length > 0 ? button('Share in channel', ACTIONS.share, state(offset)) : null,
    view,
    noun: 'line',
  });
}

/** /timeline: events in order, dated at their precision, the citation once for a run of one article's events. */
export function renderTimeline(answer: TimelineAnswer, { offset = 0, view = PRIVATE, corpus, explore }: RenderOptions = {}): SlackMessage {
  const title = answer.query ? `Timeline: ${answer.query}` : 'Timeline';
  const head: KnownBlock[] = [header(title)];
  const state = (at: number): ButtonState => ({ command: 'timeline', query: answer.query, offset: at });
  if (answer.events.length === 0) {
    const lines = [answer.message ?? `No dated events${answer.query ? ` for "${answer.query}"` : ''}.`];
    if (!answer.message && answer.periods.length > 0) lines.push(`Periods with events: ${answer.periods.map((p) => `${p.period} (${p.events})`).join(', ')}`);
    head.push(section(lines.join('\n')));
    // The core lists the nearest periods first, then the largest.
    const buttons = answer.periods.length > 0 ? answer.periods.slice(0, 5).map((p, i) => button(`${p.period} (${p.events})`, `${ACTIONS.open}_${i}`, { command: 'timeline', query: p.period, offset: 0 })) : exploreButtons(explore, 'periods');
    if (offset > 0) buttons.unshift(button('Previous', ACTIONS.previous, state(Math.max(0, offset - 10))));
    return compose({ text: gist(lines[0]!), head, items: [], foot: footer(corpus), buttons, share: null, view, noun: 'event' });
  }
  if (answer.message) head.push(section(answer.message));
  const items = runsBySource(answer.events, eventSourceKey).map((run): Item => {
    const sections = run.map((event): SectionBlock => {
      const date = `*${escapeText(formatEventDate(event))}*  `;
      return { type: 'section', text: mrkdwn(date + fitText(event.text, LIMITS.sectionText - date.length)) };
    });
    const first = run[0]!;
    const others = uniqueCitations(run.flatMap((e) => e.sources)).filter((s) => s.articleId !== first.articleId);
    const lines = [citationMrkdwn(articleCitation(first))];
    if (others.length > 0) lines.push(`Also in: ${others.map((c) => citationMrkdwn(c, 80)).join('; ')}`);
    return { body: sections, tail: [contextMrkdwn(lines)] };
  });
  const label = pageLabel('Events', offset, answer.events.length, answer.total);
  const first = answer.events[0]!;
  return compose({
    text: gist(`${formatEventDate(first)}: ${first.text}`, citationLine(articleCitation(first), false)),
    head,
    items,
    foot: [context([[label, corpus ? corpusLine(corpus) : ''].filter(Boolean).join(' · ')])],
    buttons: pagingButtons(offset, answer.events.length, answer.next, state, 10),
    share: button('Share in channel', ACTIONS.share, state(offset)),
    view,
    noun: 'event',
  });
}

/** Which spellings the help shows: the slash commands, or text after an @mention or in a direct message. */
export type HelpStyle = 'slash' | 'message';

/** The help: what the corpus covers, the commands with examples that answer, tips, and where to start. */
export function renderHelp(content: HelpContent, notice?: string, style: HelpStyle = 'slash'): SlackMessage {
  const blocks: KnownBlock[] = [header('briefbot')];
  if (notice) blocks.push(section(notice));
  blocks.push(...helpBlocks(content, style));
  blocks.push(...exploreBlocks({ people: content.people, periods: content.periods }));
  return { text: fitText(notice ?? `briefbot: ${content.coverage}`, LIMITS.fallbackText), blocks: withinTotal(blocks, LIMITS.blocks) };
}

/** The App Home tab: what the bot covers, how fresh it is, the commands with examples, where to ask, tips. */
export function renderHome(content: HelpContent): types.HomeView {
  const blocks: KnownBlock[] = [header('briefbot'), ...helpBlocks(content, 'home')];
  return { type: 'home', blocks: withinTotal(blocks, LIMITS.homeBlocks) };
}

/** A short private message for a request that could not be served. */
export function renderFailure(message: string): SlackMessage {
  return { text: fitText(message, LIMITS.fallbackText), blocks: [section(message)] };
}

// --- Adding and removing articles ---------------------------------------------------------

const EDIT_HEADERS: Record<EditAnswer['status'], string> = { added: 'Added to the corpus', duplicate: 'Already in the corpus', removed: 'Removed from the corpus', refused: '' };

/**
 * /brief add and /brief remove: what happened, then the article's card (its first passage, its
 * citation, how many passages it gave, its id) with Share; a refusal says why, and to someone
 * who may not edit, who may.
 */
export function renderEdit(answer: EditAnswer, { view = PRIVATE }: RenderOptions = {}): SlackMessage {
  const title = EDIT_HEADERS[answer.status] || (answer.command === 'add' ? 'Not added' : 'Not removed');
  const head: KnownBlock[] = [header(title), section(answer.message)];
  const editors = answer.editors.filter((id) => SLACK_USER.test(id)).slice(0, 20);
  if (answer.reason === 'not-editor' && editors.length > 0) head.push(contextMrkdwn([`Editors here: ${editors.map((id) => `<@${id}>`).join(', ')}`]));
  const article = answer.article;
  const shareable = article !== null && answer.status !== 'removed';
  return compose({
    text: gist(answer.message),
    head,
    items: article ? [articleItem(article)] : [],
    foot: [],
    buttons: [],
    share: shareable ? button('Share in channel', ACTIONS.share, { command: 'article', query: article.articleId, offset: 0 }) : null,
    view,
    noun: 'passage',
  });
}

/** An article of the corpus as a card: its headline, first passage, citation and passage count (what Share posts). */
export function renderArticle(article: AddedArticle, { view = PRIVATE }: RenderOptions = {}): SlackMessage {
  return compose({
    text: gist(article.firstPassage?.text ?? article.title ?? article.articleId, citationLine(article, false)),
    head: [header(article.title ?? publisherOf(article))],
    items: [articleItem(article)],
    foot: [],
    buttons: [],
    share: button('Share in channel', ACTIONS.share, { command: 'article', query: article.articleId, offset: 0 }),
    view,
    noun: 'passage',
  });
}

function articleItem(article: AddedArticle): Item {
  const facts = [`\`${escapeText(article.articleId.replace(/`/g, "'"))}\``, plural(article.passages, 'passage')];
  if (article.addedBy) facts.push(`added by ${fitText(article.addedBy, 200)}${article.addedAt ? ` on ${escapeText(formatDate(article.addedAt.slice(0, 10)))}` : ''}`);
  const tail = contextMrkdwn([citationMrkdwn(article), facts.join(' · ')]);
  const first = article.firstPassage;
  // An item shows nothing without a body: a card without a passage is its citation alone.
  return { body: [first ? { type: 'section', text: mrkdwn(fitText(first.text, LIMITS.sectionText)) } : tail], tail: first ? [tail] : [] };
}

// Slack: user ids start with U (or W in Enterprise Grid); the only mentions this module writes.
const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;

function helpBlocks(content: HelpContent, style: HelpStyle | 'home'): KnownBlock[] {
  const covers = [`*What it covers:* ${escapeText(content.coverage)} ${escapeText(content.freshness)}`];
  if (content.people.length > 0) covers.push(`Most mentioned: ${escapeText(content.people.map((p) => p.value).join(', '))}.`);
  if (content.periods.length > 0) covers.push(`Busiest periods: ${escapeText(content.periods.map((p) => `${p.value} (${plural(p.count, 'event')})`).join(', '))}.`);
  const own = content.commands.filter((c) => c.name !== 'help');
  const spelled = (text: string) => (style === 'message' ? text.replace(/^\//, '') : text);
  const commands = own.map((c) => `• \`${escapeText(spelled(c.usage))}\` ${escapeText(c.description)}${c.example ? `, e.g. \`${escapeText(spelled(c.example))}\`` : ''}`);
  const where = [
    '*Where to ask:*',
    '• A slash command anywhere: the answer is private until you press *Share in channel*.',
    `• Where /${escapeText(own.map((c) => c.name).join(', /'))} are taken by another app: \`/brief ${escapeText(own[0]?.name ?? 'ask')} …\` (and \`/brief help\`).`,
    '• Mention @briefbot in a channel or a thread: it answers in the thread. The words after the mention are a command (`who …`, `timeline …`, `help`) or a question.',
    '• A direct message to briefbot: it answers there.',
    '• Editors add an article with `/brief add <link>` or by sharing its file (.html, .txt, .md) with briefbot, and remove one with `/brief remove <id>`.',
  ];
  const tips = ['*Tips:*', ...content.tips.map((tip) => `• ${escapeText(tip)}`)];
  return [section(covers.join('\n'), false), section(`*Commands:*\n${commands.join('\n')}`, false), section(where.join('\n'), false), section(tips.join('\n'), false)];
}

// --- The /who profile -----------------------------------------------------------------------

/** How much of a profile to show; the first that fits a phone's first screen wins. */
interface ProfileLevel {
  aliases: number;
  roles: number;
  sourcesPerRole: number;
  quotes: number;
  quoteChars: number;
  statements: number;
  articles: number;
  related: number;
  notes: number;
  noteChars: number;
}

const PROFILE_LEVELS: ProfileLevel[] = [
  { aliases: 5, roles: 4, sourcesPerRole: 2, quotes: 3, quoteChars: 220, statements: 2, articles: 5, related: 5, notes: 3, noteChars: 300 },
  { aliases: 4, roles: 3, sourcesPerRole: 2, quotes: 2, quoteChars: 180, statements: 2, articles: 4, related: 4, notes: 2, noteChars: 250 },
  { aliases: 3, roles: 3, sourcesPerRole: 1, quotes: 2, quoteChars: 150, statements: 1, articles: 3, related: 3, notes: 2, noteChars: 200 },
  { aliases: 2, roles: 2, sourcesPerRole: 1, quotes: 1, quoteChars: 130, statements: 1, articles: 2, related: 3, notes: 1, noteChars: 160 },
  { aliases: 1, roles: 1, sourcesPerRole: 1, quotes: 1, quoteChars: 100, statements: 0, articles: 1, related: 2, notes: 1, noteChars: 120 },
];

/**
 * Name, other names, roles (each once, with its sources), first and last mention, the people
 * named with them; then a few quotes, reported statements (labelled, no quotation marks) and
 * the mentions as counts per article. Cut down until the first screen fits a phone.
 */
function profileBlocks(person: PersonProfile, note: string | undefined): KnownBlock[] {
  let blocks: KnownBlock[] = [];
  for (const level of PROFILE_LEVELS) {
    blocks = profileAt(person, note, level);
    if (shownLength(blocks) <= LIMITS.firstScreen) break;
  }
  return blocks;
}

function profileAt(person: PersonProfile, note: string | undefined, level: ProfileLevel): KnownBlock[] {
  const blocks: KnownBlock[] = [header(person.name || 'Who')];
  // A correction of what was typed ("showing Xi Jinping") comes first.
  if (note) blocks.push(context([fitText(note, level.noteChars)]));
  const facts: string[] = [];
  if (person.aliases.length > 0) facts.push(`Also called: ${withRest(person.aliases.slice(0, level.aliases).map((a) => fitText(a, 60)), person.aliases.length - level.aliases).join(', ')}`);
  const roles = rolesWithSources(person.roles);
  for (const { role, sources } of roles.slice(0, level.roles)) {
    const shown = sources.slice(0, level.sourcesPerRole).map((s) => sourceMrkdwn(s));
    facts.push(`• ${fitText(role, 100)} — _${withRest(shown, sources.length - shown.length).join('; ')}_`);
  }
  if (roles.length > level.roles) facts.push(`• …and ${plural(roles.length - level.roles, 'other role')}`);
  const articles = mentionsByArticle(person.mentions);
  if (person.firstMentioned && person.lastMentioned) {
    const span = person.firstMentioned === person.lastMentioned ? `on ${formatDate(person.firstMentioned)}` : `from ${formatDate(person.firstMentioned)} to ${formatDate(person.lastMentioned)}`;
    facts.push(`Mentioned ${span} in ${plural(articles.length, 'article')}`);
  }
  const related = person.related ?? [];
  if (related.length > 0) facts.push(`Often named with: ${withRest(related.slice(0, level.related).map((r) => fitText(r.name, 60)), related.length - level.related).join(', ')}`);
  for (const n of (person.notes ?? []).slice(0, level.notes)) facts.push(`_Note: ${fitText(n, level.noteChars)}_`);
  if (facts.length > 0) blocks.push(section(facts.join('\n'), false));

  const { quotes, statements } = sayings(person, level);
  if (quotes.length > 0) blocks.push(section([`*Quotes*`, ...quotes.map((q) => `“${fitText(q.text, level.quoteChars)}” — _${sourceMrkdwn(q)}_`)].join('\n'), false));
  if (statements.length > 0) blocks.push(section([`*Statements* (reported, not their own words)`, ...statements.map((s) => `• ${fitText(s.text, level.quoteChars)} — _${sourceMrkdwn(s)}_`)].join('\n'), false));
  if (articles.length > 0) {
    const lines = articles.slice(0, level.articles).map(({ citation, count }) => `• ${citationMrkdwn(citation, 70)} (${plural(count, 'mention')})`);
    if (articles.length > level.articles) lines.push(`• …and ${plural(articles.length - level.articles, 'other article')}`);
    blocks.push(section([`*Mentions* (${person.mentions.length})`, ...lines].join('\n'), false));
  }
  if (blocks.length === 1) blocks.push(section('The articles name this person but say little more.'));
  return blocks;
}

// --- Pieces -----------------------------------------------------------------------------------

/** "Publisher · 19 Apr 2023 · <url|Headline> · translated from Chinese", escaped; the headline cut to `titleMax`. */
function citationMrkdwn(citation: Citation, titleMax = 150): string {
  const target = linkTarget(citation.url);
  const publisher = fitText(publisherOf(citation), 100);
  const parts = [target && !citation.title ? `<${target}|${publisher}>` : publisher, escapeText(formatCitationDate(citation))];
  if (citation.title) {
    const title = fitText(citation.title, titleMax);
    parts.push(target ? `<${target}|${title}>` : title);
  }
  const translated = translationNote(citation);
  if (translated) parts.push(fitText(translated, 80));
  return parts.join(' · ');
}

/** "Publisher · 19 Apr 2023", the publisher linked to the article when its address is known. */
function sourceMrkdwn(citation: Citation): string {
  const target = linkTarget(citation.url);
  const publisher = fitText(publisherOf(citation), 60);
  return `${target ? `<${target}|${publisher}>` : publisher} · ${escapeText(formatCitationDate(citation))}`;
}

/** An event's article, dated when it appeared (the event's own date is when it happened). */
function articleCitation(event: TimelineEvent): Citation {
  return { ...event, date: event.articleDate };
}

function eventSourceKey(event: TimelineEvent): string {
  return [event.articleId, event.articleDate, ...event.sources.map((s) => s.articleId)].join('\n');
}

function uniqueCitations(citations: Citation[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const c of citations) if (!seen.has(c.articleId)) seen.set(c.articleId, c);
  return [...seen.values()];
}

/** A list cut into groups of at most `size`. */
function chunks<T>(list: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < list.length; i += size) groups.push(list.slice(i, i + size));
  return groups;
}

/** Previous and More for a page of `shown` results at `offset`. */
function pagingButtons(offset: number, shown: number, next: number | null, state: (offset: number) => ButtonState, pageSize = 3): Button[] {
  const buttons: Button[] = [];
  if (offset > 0) buttons.push(button('Previous', ACTIONS.previous, state(Math.max(0, offset - Math.max(pageSize, shown)))));
  if (next !== null) buttons.push(button('More', ACTIONS.more, state(next)));
  return buttons;
}

/** Buttons for where to start: the most-mentioned people, then the busiest periods. */
function exploreButtons(explore: RenderOptions['explore'], only?: 'people' | 'periods'): Button[] {
  if (!explore) return [];
  const people = only === 'periods' ? [] : explore.people.slice(0, only ? 5 : 3).map((p): [string, ButtonState] => [p.value, { command: 'who', query: p.value, offset: 0 }]);
  const periods = only === 'people' ? [] : explore.periods.slice(0, only ? 5 : 2).map((p): [string, ButtonState] => [`${p.value} (${p.count})`, { command: 'timeline', query: p.value, offset: 0 }]);
  return [...people, ...periods].map(([label, state], i) => button(label, `${ACTIONS.open}_${i}`, state));
}

function exploreBlocks(explore: RenderOptions['explore']): KnownBlock[] {
  const buttons = exploreButtons(explore);
  return buttons.length > 0 ? [context(['Start with the people mentioned most or the busiest periods:']), { type: 'actions', elements: buttons } satisfies ActionsBlock] : [];
}

// --- Block builders -----------------------------------------------------------------------

/** Blocks shown together: passages (`body`, cut from the end at the limits) and their citation (`tail`). */
interface Item {
  body: KnownBlock[];
  tail: KnownBlock[];
}

interface Parts {
  /** The answer's gist, for notifications and screen readers, escaped (see gist()). */
  text: string;
  head: KnownBlock[];
  items: Item[];
  foot: KnownBlock[];
  /** Paging and open buttons, shown where the message is not a shared copy. */
  buttons: Array<Button | StaticSelect>;
  /** Shown on private answers only. */
  share: Button | null;
  view: View;
  noun: string;
}

function compose({ text, head, items, foot, buttons, share, view, noun }: Parts): SlackMessage {
  const top: KnownBlock[] = view.kind === 'shared' ? [sharedBy(view.userId), ...head] : [...head];
  const controls = view.kind === 'shared' ? [] : [...buttons, ...(view.kind === 'private' && share ? [share] : [])];
  const tail: KnownBlock[] = [...foot];
  if (controls.length > 0) tail.push({ type: 'actions', elements: controls.slice(0, 25) } satisfies ActionsBlock);
  const blocks = [...top];
  // One block and some text are kept for the "not shown" note.
  let room = LIMITS.blocks - blocks.length - tail.length - 1;
  let textLeft = LIMITS.messageText - textLength([...top, ...tail]) - 200;
  let left = items.reduce((sum, item) => sum + item.body.length, 0);
  for (const item of items) {
    let kept = 0;
    let size = textLength(item.tail);
    while (kept < item.body.length && kept + 1 + item.tail.length <= room && size + textLength([item.body[kept]!]) <= textLeft) {
      size += textLength([item.body[kept]!]);
      kept += 1;
    }
    if (kept === 0) break;
    blocks.push(...item.body.slice(0, kept), ...item.tail);
    room -= kept + item.tail.length;
    textLeft -= size;
    left -= kept;
    if (kept < item.body.length) break;
  }
  if (left > 0) blocks.push(context([`${plural(left, `more ${noun}`)} not shown (a Slack message holds only so much).`]));
  blocks.push(...tail);
  return { text, blocks: withinTotal(blocks, LIMITS.blocks) };
}

/**
 * The notification text: the answer's gist (its first passage, event or role) with its source,
 * escaped, within 300 characters; the source is kept whole and the gist cut to fit.
 */
function gist(body: string, source?: string): string {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  if (source === undefined) return fitText(oneLine(body), LIMITS.fallbackText);
  const tail = ` (${fitText(oneLine(source), 150)})`;
  return `${fitText(oneLine(body), LIMITS.fallbackText - tail.length)}${tail}`;
}

/** At most `max` blocks and within the message's total text, the last blocks (the buttons) kept. */
function withinTotal(blocks: KnownBlock[], max: number): KnownBlock[] {
  let out = blocks.slice(0, max);
  while (out.length > 1 && textLength(out) > LIMITS.messageText) out = [...out.slice(0, -2), out.at(-1)!];
  return out;
}

function header(raw: string): HeaderBlock {
  const text = plainLabel(raw, LIMITS.headerText);
  return { type: 'header', text: { type: 'plain_text', text: text || '…', emoji: false } };
}

/** A section of text, escaped and cut (`escape` false: already mrkdwn, only cut). */
function section(raw: string, escape = true): SectionBlock {
  return { type: 'section', text: mrkdwn(escape ? fitText(raw, LIMITS.sectionText) : cutMrkdwn(raw, LIMITS.sectionText)) };
}

function mrkdwn(text: string) {
  // verbatim: Slack must not auto-link names or parse mentions in article text.
  return { type: 'mrkdwn' as const, text: text || ' ', verbatim: true };
}

function context(lines: string[]): ContextBlock {
  const elements = lines.slice(0, LIMITS.contextElements).map((line) => mrkdwn(fitText(line, LIMITS.contextText)));
  return { type: 'context', elements };
}

/** A context of lines already in mrkdwn (citations with links). */
function contextMrkdwn(lines: string[]): ContextBlock {
  return { type: 'context', elements: lines.slice(0, LIMITS.contextElements).map((line) => mrkdwn(cutMrkdwn(line, LIMITS.contextText))) };
}

/**
 * Cuts mrkdwn this module built (escaped text, links, bold) to `limit` at a line end, else
 * drops it for "…": a cut inside a link or an entity would break the markup.
 */
function cutMrkdwn(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const lines = text.split('\n');
  let out = '';
  for (const line of lines) {
    if (out.length + line.length + 3 > limit) break;
    out += (out ? '\n' : '') + line;
  }
  return `${out}${out ? '\n' : ''}…`;
}

function button(label: string, actionId: string, state: ButtonState): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: plainLabel(label, LIMITS.buttonText) || '…', emoji: false },
    action_id: actionId,
    value: encodeState(state),
  };
}

/** Plain text (headers, buttons, options): one line, escaped like all text, cut with "…". */
function plainLabel(raw: string, limit: number): string {
  return fitText(raw.replace(/\s+/g, ' ').trim(), limit);
}

/** The one mention this app ever writes: the asker, from the payload's own user id. */
function sharedBy(userId: string): ContextBlock {
  const mention = /^[UW][A-Z0-9]{1,30}$/.test(userId) ? `<@${userId}>` : 'someone';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by ${mention}` }] };
}

function footer(corpus: CorpusInfo | undefined): KnownBlock[] {
  return corpus ? [context([corpusLine(corpus)])] : [];
}

/** The characters of text a message's blocks hold, as Slack counts them towards its total. */
export function textLength(blocks: readonly KnownBlock[]): number {
  let total = 0;
  const add = (text: unknown) => {
    if (typeof text === 'string') total += text.length;
  };
  for (const block of blocks as unknown as Array<Record<string, any>>) {
    add(block.text?.text);
    for (const field of block.fields ?? []) add(field.text);
    for (const element of block.elements ?? []) {
      add(typeof element.text === 'string' ? element.text : element.text?.text);
      add(element.placeholder?.text);
      for (const option of element.options ?? []) add(option.text?.text);
    }
  }
  return total;
}

/** What a reader sees of the blocks: links as their text, entities as one character, no markup. */
export function shownLength(blocks: readonly KnownBlock[]): number {
  let total = 0;
  for (const block of blocks as unknown as Array<Record<string, any>>) {
    const texts = [block.text?.text, ...(block.elements ?? []).map((e: Record<string, any>) => (typeof e.text === 'string' ? e.text : undefined))];
    for (const text of texts) if (typeof text === 'string') total += text.replace(/<[^|<>]*\|([^<>]*)>/g, '$1').replace(/&(?:amp|lt|gt);/g, '&').replace(/[*_\u2060]/g, '').length;
  }
  return total;
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
