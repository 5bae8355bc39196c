import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boldPassage, escapeMarkdown, neutraliseMentions, renderAsk, renderChoices, renderShared, renderTimeline, renderWho, safe, totalLength, type DiscordMessage } from '../../adapters/discord/render.js';
import type { AskAnswer, AskHit, CorpusInfo, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';
import { anyText } from '../hardening/hostile.js';
import { checkMessage } from './fake-discord.js';

const corpus: CorpusInfo = { articles: 5, from: '2021-12-16', to: '2024-08-23' };
const buttons = { share: 'bb1:share:ask:0:q:x', more: 'bb1:more:ask:3:q:x' };

function hit(text: string, highlights: Array<[number, number]>, over: Partial<AskHit> = {}): AskHit {
  return { id: 'a#p1', articleId: 'a', title: 'Headline', source: 'NBC News', date: '2023-04-19', dateEstimated: false, url: null, translatedFrom: null, text, highlights, matched: [], score: 1, alsoIn: [], ...over };
}

function ask(hits: AskHit[], query = 'china aid'): AskAnswer {
  return { command: 'ask', query, hits, corpus, next: 3 };
}

/** Every string Discord shows, for the mention check. */
function shown(message: DiscordMessage): string {
  return JSON.stringify({ content: message.content, embeds: message.embeds });
}

function expectDeliverable(message: DiscordMessage): void {
  expect(checkMessage({ ...message })).toBeNull();
  expect(message.content.length).toBeLessThanOrEqual(2000);
  expect(message.embeds.length).toBeLessThanOrEqual(10);
  expect(totalLength(message.embeds)).toBeLessThanOrEqual(6000);
  for (const embed of message.embeds) {
    for (const text of [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])]) {
      if (text !== undefined) expect(text.trim().length).toBeGreaterThan(0);
    }
  }
  for (const row of message.components) for (const c of row.components) expect(c.custom_id.length).toBeLessThanOrEqual(100);
}

function expectNoMention(text: string): void {
  expect(text).not.toMatch(/@(everyone|here)/i);
  expect(text).not.toMatch(/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>/);
}

describe('discord render', () => {
  it('puts the matched words in bold and cites publisher and date', () => {
    const text = 'Washington has accused Beijing of providing non-lethal military aid to Russia.';
    const message = renderAsk(ask([hit(text, [[55, 63], [64, 67]])]), 0, buttons);
    expect(message.embeds[0]!.description).toBe('Washington has accused Beijing of providing non-lethal **military** **aid** to Russia.');
    expect(message.embeds[0]!.footer!.text).toBe('NBC News · 19 Apr 2023');
    expect(message.embeds[0]!.title).toBe('Headline');
    expect(message.content).toMatch(/^Passages 1–1 for “china aid”\. Searched 5 articles, 16 Dec 2021 to 23 Aug 2024\.$/);
    expect(message.components[0]!.components.map((c) => c.label)).toEqual(['Share', 'More']);
  });

  it('marks an estimated date in the footer', () => {
    const message = renderAsk(ask([hit('Text.', [], { date: '2024-08-23', dateEstimated: true, source: null })]), 0);
    expect(message.embeds[0]!.footer!.text).toBe('Unknown publisher · ~23 Aug 2024 (estimated)');
  });

  it('escapes article Markdown but keeps its own bold', () => {
    const text = '*Not* _italic_ ~~struck~~ `code` ||spoiler|| [link](http://x)\n> quote\n# heading\n- item';
    const description = boldPassage(text, [[1, 4]], 4096);
    expect(description).toBe('\\***Not**\\* \\_italic\\_ \\~\\~struck\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[link\\](http://x)\n\\> quote\n\\# heading\n\\- item');
  });

  it('neutralises @everyone, @here, user, role, channel and command mentions', () => {
    const text = '@everyone @here <@123> <@!123> <@&456> <#789> </ask:42>';
    expectNoMention(neutraliseMentions(text));
    expectNoMention(safe(text, 2000));
  });

  it('cuts a long passage at a sentence with an ellipsis', () => {
    const sentence = 'China has given Russia a lot of support. ';
    const text = sentence.repeat(200);
    const description = boldPassage(text, [[0, 5]], 500);
    expect(description.length).toBeLessThanOrEqual(500);
    expect(description).toMatch(/support\. …$/);
    expect(description.startsWith('**China**')).toBe(true);
  });

  it('keeps three long passages within 6000 characters in all', () => {
    const long = 'A sentence that goes on. '.repeat(400);
    const message = renderAsk(ask([hit(long, []), hit(long, []), hit(long, [])]), 0, buttons);
    expect(message.embeds).toHaveLength(3);
    expectDeliverable(message);
  });

  it('shares with who shared it, no buttons', () => {
    const message = renderShared(renderAsk(ask([hit('Text.', [])]), 0, buttons), '123456789012345678');
    expect(message.content).toMatch(/^Shared by <@123456789012345678>\nPassages/);
    expect(message.components).toEqual([]);
  });

  it('offers at most 25 autocomplete choices of at most 100 characters', () => {
    const choices = renderChoices(Array.from({ length: 40 }, (_, i) => ({ label: `August 2024 — ${i} events ${'x'.repeat(200)}`, value: `august 2024 ${i}` })));
    expect(choices).toHaveLength(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('shows the candidates when a name is ambiguous', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }, { name: 'Li Hui', mentions: 2 }], suggestions: [] }, corpus);
    expect(message.embeds[0]!.title).toBe('Which person?');
    expect(message.embeds[0]!.description).toMatch(/\*\*Li Shangfu\*\* — 4 mentions/);
  });
});

// ---------------------------------------------------------------------------------------------

// Hostile text (markup, mentions, any Unicode); one time in ten a run of up to 100,000 characters.
const text = anyText();
const date = fc.option(fc.constantFrom('2023-04-19', '2024-08', '2021', 'garbage'), { nil: null });
const citation = fc.record({ articleId: fc.string({ maxLength: 10 }), title: fc.option(text, { nil: null }), source: fc.option(text, { nil: null }), date, dateEstimated: fc.boolean(), url: fc.constant(null), translatedFrom: fc.constant(null) });
const span = fc.tuple(fc.integer({ min: -10, max: 120_000 }), fc.integer({ min: -10, max: 120_000 }));

const askHit = fc.record({ citation, text, highlights: fc.array(span, { maxLength: 20 }), alsoIn: fc.array(citation, { maxLength: 3 }) }).map(
  ({ citation, text, highlights, alsoIn }): AskHit => ({ ...citation, id: 'x', text, highlights, matched: [], score: 1, alsoIn }),
);

const event = fc.record({ citation, text, date: fc.constantFrom('2024-08-06', '2024-08', '2024'), endDate: fc.constantFrom(null, '2024-08-19', '2024-09'), approximate: fc.boolean(), sources: fc.array(citation, { maxLength: 3 }) }).map(
  ({ citation, text, date, endDate, approximate, sources }): TimelineEvent => ({ ...citation, id: 'x', date, endDate, approximate, text, articleDate: citation.date, sources }),
);

const who = fc.record({
  query: text,
  name: text,
  aliases: fc.array(text, { maxLength: 5 }),
  roles: fc.array(fc.record({ citation, role: text }), { maxLength: 8 }),
  quotes: fc.array(fc.record({ citation, text }), { maxLength: 5 }),
  mentions: fc.array(fc.record({ citation, text }), { maxLength: 12 }),
  candidates: fc.array(fc.record({ name: text, mentions: fc.nat() }), { maxLength: 5 }),
  suggestions: fc.array(text, { maxLength: 5 }),
  known: fc.boolean(),
  message: fc.option(text, { nil: undefined }),
}).map(
  (w): WhoAnswer => ({
    command: 'who',
    query: w.query,
    person: w.known
      ? {
          name: w.name,
          aliases: w.aliases,
          roles: w.roles.map((r) => ({ ...r.citation, role: r.role })),
          quotes: w.quotes.map((q) => ({ ...q.citation, text: q.text })),
          mentions: w.mentions.map((m, i) => ({ ...m.citation, id: String(i), text: m.text })),
          related: w.candidates,
          notes: w.suggestions,
        }
      : null,
    candidates: w.candidates,
    suggestions: w.suggestions,
    ...(w.message === undefined ? {} : { message: w.message }),
  }),
);

const runs = { numRuns: 2_000 };

describe('discord render, any input', () => {
  it('keeps /ask pages deliverable and mention-free', () => {
    fc.assert(
      fc.property(fc.array(askHit, { maxLength: 4 }), text, fc.option(text, { nil: undefined }), fc.nat({ max: 1000 }), (hits, query, message, offset) => {
        const answer: AskAnswer = { ...ask(hits, query), ...(message === undefined ? {} : { message }) };
        const rendered = renderAsk(answer, offset, buttons);
        expectDeliverable(rendered);
        expectNoMention(shown(rendered));
        expectDeliverable(renderShared(rendered, '123'));
      }),
      runs,
    );
  });

  it('keeps /who profiles deliverable and mention-free', () => {
    fc.assert(
      fc.property(who, (answer) => {
        const rendered = renderWho(answer, corpus, buttons);
        expectDeliverable(rendered);
        expectNoMention(shown(rendered));
      }),
      runs,
    );
  });

  it('keeps /timeline pages deliverable and mention-free', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), text, fc.array(fc.record({ period: text, events: fc.nat() }), { maxLength: 50 }), fc.option(text, { nil: undefined }), (events, query, periods, message) => {
        const answer: TimelineAnswer = { command: 'timeline', query, events, periods, next: 10, ...(message === undefined ? {} : { message }) };
        const rendered = renderTimeline(answer, corpus, 0, buttons);
        expectDeliverable(rendered);
        expectNoMention(shown(rendered));
      }),
      runs,
    );
  });

  it('escapes and cuts any text without throwing, within the limit', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5000 }), (input, max) => {
        const out = safe(input, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expectNoMention(out);
        expect(() => escapeMarkdown(input)).not.toThrow();
      }),
      runs,
    );
  });

  it('offers valid autocomplete choices for any suggestions', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: text, value: text }), { maxLength: 40 }), (suggestions) => {
        const choices = renderChoices(suggestions);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) {
          expect(c.name.length).toBeGreaterThan(0);
          expect(c.name.length).toBeLessThanOrEqual(100);
          expect(c.value.length).toBeLessThanOrEqual(100);
          expectNoMention(c.name);
        }
      }),
      runs,
    );
  });
});
