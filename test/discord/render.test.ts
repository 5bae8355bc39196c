import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boldPassage, escapeMarkdown, neutraliseMentions, renderAsk, renderChoices, renderHelp, renderMentions, renderShared, renderSharedCopy, renderTimeline, renderWho, safe, totalLength, type DiscordMessage, type Encode } from '../../adapters/discord/render.js';
import type { ButtonState } from '../../adapters/discord/state.js';
import type { HelpContent } from '../../src/help.js';
import type { AskAnswer, AskHit, Citation, CorpusInfo, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';
import { anyText } from '../hardening/hostile.js';
import { checkMessage } from './fake-discord.js';

const corpus: CorpusInfo = { articles: 5, from: '2021-12-16', to: '2024-08-23' };
/** Button ids as the adapter makes them when the query fits inline; `decode` reads them back. */
const buttons: Encode = (state) => {
  const id = `bb1:${state.action}:${state.command}:${state.offset}:q:${state.query}`;
  return id.length <= 100 ? id : null;
};

function decode(id: string): ButtonState {
  const [, action, command, offset, , ...query] = id.split(':');
  return { action, command, offset: Number(offset), query: query.join(':') } as ButtonState;
}

/** The buttons of a message, label and what each does. */
function controls(message: DiscordMessage): Array<[string, ButtonState]> {
  return message.components.flatMap((row) => row.components).flatMap((c) => (c.type === 2 ? [[c.label ?? '', decode(c.custom_id)] as [string, ButtonState]] : []));
}

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

const linked: Citation = { articleId: 'q1', title: 'Harbour (reopens) *soon*', source: null, date: '2024-03-02', dateEstimated: false, url: 'https://www.quill-gazette.example/a(1)?x=@everyone', translatedFrom: 'zh' };

describe('discord render', () => {
  it('puts the matched words in one bold run and cites publisher and date', () => {
    const text = 'Washington has accused Beijing of providing non-lethal military aid to Russia.';
    const message = renderAsk({ ...ask([hit(text, [[55, 63], [64, 67]])]), total: 7 }, 0, buttons);
    expect(message.embeds[0]!.description).toBe('Washington has accused Beijing of providing non-lethal **military aid** to Russia.');
    expect(message.embeds[0]!.footer!.text).toBe('NBC News · 19 Apr 2023');
    expect(message.embeds[0]!.title).toBe('Headline');
    expect(message.content).toBe('Passages 1 of 7 for “china aid”. Searched 5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(controls(message)).toEqual([
      ['More', { action: 'more', command: 'ask', query: 'china aid', offset: 3 }],
      ['Share', { action: 'share', command: 'ask', query: 'china aid', offset: 0 }],
    ]);
  });

  it('shows a run of one article’s passages in one embed, cited once', () => {
    const other = { articleId: 'b', source: 'CNBC', title: 'Other' };
    const message = renderAsk(ask([hit('One.', []), hit('Two.', []), hit('Three.', [], other)]), 0, buttons);
    expect(message.embeds.map((e) => [e.title, e.description, e.footer!.text])).toEqual([
      ['Headline', 'One.\n\nTwo.', 'NBC News · 19 Apr 2023'],
      ['Other', 'Three.', 'CNBC · 19 Apr 2023'],
    ]);
    expect(message.content).toMatch(/^Passages 1-3 for/);
  });

  it('pages with Previous beside More', () => {
    const message = renderAsk({ ...ask([hit('Aid.', [[0, 3]])]), next: 6, total: 9 }, 3, buttons);
    expect(message.content).toMatch(/^Passages 4 of 9 for/);
    expect(controls(message).map(([label, state]) => [label, state.offset])).toEqual([
      ['Previous', 0],
      ['More', 6],
      ['Share', 3],
    ]);
  });

  it('links the headline, names the domain for an unknown publisher and says it was translated', () => {
    const message = renderAsk(ask([hit('Text.', [], linked)]), 0);
    expect(message.embeds[0]).toMatchObject({ title: 'Harbour (reopens) \\*soon\\*', url: 'https://www.quill-gazette.example/a%281%29?x=%40everyone', footer: { text: 'quill-gazette.example · 2 Mar 2024 · translated from Chinese' } });
    expect(renderAsk(ask([hit('Text.', [], { ...linked, url: 'javascript:alert(1)' })]), 0).embeds[0]!.url).toBeUndefined();
  });

  it('marks an estimated date in the footer', () => {
    const message = renderAsk(ask([hit('Text.', [], { date: '2024-08-23', dateEstimated: true, source: null })]), 0);
    expect(message.embeds[0]!.footer!.text).toBe('Unknown publisher · ~23 Aug 2024 (estimated)');
  });

  it('offers the most-mentioned people and busiest periods when nothing answers', () => {
    const explore = { people: [{ label: 'Ada Quill — harbour master', value: 'Ada Quill', count: 9 }], periods: [{ label: 'March 2024 — 4 events', value: 'march 2024', count: 4 }] };
    const message = renderAsk({ ...ask([]), message: 'Nothing in the 5 articles answers "risotto".' }, 0, buttons, explore);
    expect(controls(message)).toEqual([
      ['Ada Quill', { action: 'open', command: 'who', query: 'Ada Quill', offset: 0 }],
      ['march 2024 (4)', { action: 'open', command: 'timeline', query: 'march 2024', offset: 0 }],
    ]);
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

  it('keeps three long passages of three articles within 6000 characters in all', () => {
    const long = 'A sentence that goes on. '.repeat(400);
    const message = renderAsk(ask([hit(long, []), hit(long, [], { articleId: 'b' }), hit(long, [], { articleId: 'c' })]), 0, buttons);
    expect(message.embeds).toHaveLength(3);
    expectDeliverable(message);
  });

  it('shares with who shared it first, no buttons; the private copy says it was shared', () => {
    const answer = renderAsk(ask([hit('Text.', [])]), 0, buttons);
    const message = renderShared(answer, '123456789012345678');
    expect(message.content).toMatch(/^Shared by <@123456789012345678>\nPassages/);
    expect(message.components).toEqual([]);
    const copy = renderSharedCopy(answer);
    expect(copy.content).toMatch(/^✓ Shared in the channel\.\nPassages/);
    expect(copy.components).toEqual([]);
    expect(copy.embeds).toEqual(answer.embeds);
  });

  it('offers at most 25 autocomplete choices of at most 100 characters', () => {
    const choices = renderChoices(Array.from({ length: 40 }, (_, i) => ({ label: `August 2024 — ${i} events ${'x'.repeat(200)}`, value: `august 2024 ${i}` })));
    expect(choices).toHaveLength(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('shows the candidates when a name is ambiguous, each a button that opens the person', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }, { name: 'Li Hui', mentions: 2 }], suggestions: [] }, corpus, buttons);
    expect(message.embeds[0]!.title).toBe('Which person?');
    expect(message.embeds[0]!.description).toMatch(/\*\*Li Shangfu\*\* — 4 mentions/);
    expect(controls(message)).toEqual([
      ['Li Shangfu', { action: 'open', command: 'who', query: 'Li Shangfu', offset: 0 }],
      ['Li Hui', { action: 'open', command: 'who', query: 'Li Hui', offset: 0 }],
    ]);
  });

  it('offers buttons for the suggestions when no one has the name', () => {
    const message = renderWho({ command: 'who', query: 'Li Shangfo', person: null, candidates: [], suggestions: ['Li Shangfu'] }, corpus, buttons);
    expect(controls(message).map(([label]) => label)).toEqual(['Li Shangfu']);
  });

  const person: WhoAnswer = {
    command: 'who',
    query: 'ada quill',
    person: {
      name: 'Ada Quill',
      aliases: ['Quill'],
      roles: [
        { ...linked, role: 'harbour master' },
        { ...linked, articleId: 'q2', source: 'Tern Times', url: null, role: 'Harbour Master' },
      ],
      mentions: [
        { ...linked, id: 'q1#p1', text: 'Ada Quill opened the harbour.' },
        { ...linked, id: 'q1#p2', text: 'Quill spoke.' },
        { ...linked, articleId: 'q2', source: 'Tern Times', title: 'Tides', url: null, id: 'q2#p1', text: 'Quill left.' },
      ],
      quotes: [{ ...linked, text: 'The tide waits for no one.' }],
      statements: [{ ...linked, text: 'Quill said the harbour would reopen in May.' }],
      firstMentioned: '2024-03-02',
      lastMentioned: '2024-03-09',
      related: [{ name: 'Bo Tern', mentions: 2 }],
    },
    candidates: [],
    suggestions: [],
    message: 'No one is named "Ada Quil"; showing Ada Quill.',
  };

  it('renders a compact profile: the correction first, each role once with its sources, quotes, labelled statements, mentions per article', () => {
    const message = renderWho(person, corpus, buttons);
    const embed = message.embeds[0]!;
    expect(embed.description!.split('\n')).toEqual(['*No one is named "Ada Quil"; showing Ada Quill.*', 'Also called: Quill', 'Mentioned from 2 Mar 2024 to 9 Mar 2024 in 2 articles', 'Often named with: Bo Tern']);
    expect(embed.fields!.map((f) => f.name)).toEqual(['Roles', 'Quotes', 'Statements (reported, not their own words)', 'Mentions (3)']);
    expect(embed.fields![0]!.value).toBe('• harbour master — [quill-gazette.example](https://www.quill-gazette.example/a%281%29?x=%40everyone) · 2 Mar 2024; Tern Times · 2 Mar 2024');
    expect(embed.fields![1]!.value).toMatch(/^“The tide waits for no one\.” — \[quill-gazette\.example\]/);
    expect(embed.fields![2]!.value).toMatch(/^• Quill said the harbour would reopen in May\. — /);
    expect(embed.fields![3]!.value).toBe(
      '• quill-gazette.example · 2 Mar 2024 · [Harbour (reopens) \\*soon\\*](https://www.quill-gazette.example/a%281%29?x=%40everyone) · translated from Chinese (2 mentions)\n• Tern Times · 2 Mar 2024 · Tides · translated from Chinese (1 mention)',
    );
    expect(controls(message).map(([label, state]) => [label, state.action, state.command])).toEqual([
      ['More mentions', 'open', 'mentions'],
      ['Share', 'share', 'who'],
    ]);
    expectDeliverable(message);
    expectNoMention(shown(message));
  });

  it('pages a person’s mentions, each article cited once, back to the profile from the first page', () => {
    const many = { ...person, person: { ...person.person!, mentions: Array.from({ length: 7 }, (_, i) => ({ ...person.person!.mentions[0]!, id: `m${i}`, text: `Mention ${i}.` })) } };
    const first = renderMentions(many, corpus, 0, buttons);
    expect(first.embeds[0]!.title).toBe('Ada Quill: mentions');
    expect(first.embeds[0]!.description!.match(/^— /gm)).toHaveLength(1);
    expect(first.embeds[0]!.footer!.text).toMatch(/^Mentions 1-5 of 7 · /);
    expect(controls(first).map(([label, state]) => [label, state.command, state.offset])).toEqual([
      ['Back to profile', 'who', 0],
      ['More', 'mentions', 5],
      ['Share', 'mentions', 0],
    ]);
    expect(controls(renderMentions(many, corpus, 5, buttons)).map(([label]) => label)).toEqual(['Previous', 'Share']);
  });

  it('lists the people directory, paged, with a menu that opens a profile', () => {
    const people = Array.from({ length: 10 }, (_, i) => ({ name: `Person ${i}`, mentions: 20 - i, role: i === 0 ? 'harbour master' : null }));
    const message = renderWho({ command: 'who', query: '', person: null, candidates: [], suggestions: [], people, next: 20 }, corpus, buttons, { offset: 10 });
    expect(message.embeds[0]!.title).toBe('People in the articles');
    expect(message.embeds[0]!.description!.split('\n')[0]).toBe('• **Person 0** — harbour master · 20 mentions');
    expect(message.embeds[0]!.footer!.text).toMatch(/^People 11-20 · /);
    expect(controls(message).map(([label, state]) => [label, state.offset])).toEqual([
      ['Previous', 0],
      ['More', 20],
      ['Share', 10],
    ]);
    const menu = message.components[1]!.components[0]!;
    expect(menu).toMatchObject({ type: 3, custom_id: 'bb1:pick:who:0:q:', placeholder: 'Open a profile' });
    expect((menu as { options: Array<{ value: string }> }).options.map((o) => o.value)).toEqual(people.map((p) => p.name));
    expectDeliverable(message);
  });

  it('renders events in order, each run of one article cited once, with Previous, More and the total', () => {
    const answer: TimelineAnswer = {
      command: 'timeline',
      query: 'march 2024',
      events: [
        { ...linked, id: 'q1#p1', date: '2024-03-01', endDate: null, approximate: false, text: 'The harbour closed.', articleDate: '2024-03-02', sources: [linked] },
        { ...linked, id: 'q1#p2', date: '2024-03-02', endDate: null, approximate: false, text: 'Talks began.', articleDate: '2024-03-02', sources: [linked] },
        { ...linked, articleId: 'q2', source: 'Tern Times', url: null, id: 'q2#p1', date: '2024-03', endDate: null, approximate: true, text: 'Tides rose.', articleDate: '2024-03-09', sources: [] },
      ],
      periods: [],
      next: 13,
      total: 14,
    };
    const message = renderTimeline(answer, corpus, 3, buttons);
    const fields = message.embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['1 Mar 2024', '2 Mar 2024', '~Mar 2024']);
    expect(fields[0]!.value).toBe('The harbour closed.');
    expect(fields[1]!.value).toMatch(/^Talks began\.\n— quill-gazette\.example · 2 Mar 2024 · \[Harbour/);
    expect(fields[2]!.value).toBe('Tides rose.\n— Tern Times · 9 Mar 2024 · Harbour (reopens) \\*soon\\* · translated from Chinese');
    expect(message.embeds[0]!.footer!.text).toMatch(/^Events 4-6 of 14 · /);
    expect(controls(message).map(([label]) => label)).toEqual(['Previous', 'More', 'Share']);
  });

  it('offers the periods of an empty timeline as buttons, in the core’s order', () => {
    const message = renderTimeline({ command: 'timeline', query: '1950', events: [], periods: [{ period: '1991', events: 1 }, { period: '2023', events: 13 }], next: null, message: 'No events in 1950.' }, corpus, 0, buttons);
    expect(controls(message)).toEqual([
      ['1991 (1)', { action: 'open', command: 'timeline', query: '1991', offset: 0 }],
      ['2023 (13)', { action: 'open', command: 'timeline', query: '2023', offset: 0 }],
    ]);
  });

  it('renders the help with coverage, commands, tips and places to start', () => {
    const content: HelpContent = {
      coverage: '3 articles, 2 Mar 2024 to 9 Mar 2024.',
      freshness: 'Newest article 9 Mar 2024.',
      people: [{ label: 'Ada Quill', value: 'Ada Quill', count: 9 }],
      periods: [],
      commands: [{ name: 'who', usage: '/who <name>', description: 'Who a person is', example: '/who Ada Quill' }],
      tips: ['Full names work best.'],
    };
    const message = renderHelp(content, buttons);
    const fields = message.embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['What it covers', 'Commands', 'How answers work', 'Tips']);
    expect(fields[0]!.value).toContain('3 articles, 2 Mar 2024 to 9 Mar 2024. Newest article 9 Mar 2024.');
    expect(fields[1]!.value.split('\n')).toEqual([
      '• `/who <name>` Who a person is — e.g. `/who Ada Quill`',
      '• `/brief add url: file:` Add an article from a link or a file (editors only)',
      '• `/brief remove article:` Remove an article added from chat, the terminal or a feed (editors only)',
    ]);
    expect(controls(message).map(([label]) => label)).toEqual(['Ada Quill']);
  });
});

// ---------------------------------------------------------------------------------------------

// Hostile text (markup, mentions, any Unicode); one time in ten a run of up to 100,000 characters.
const text = anyText();
const date = fc.option(fc.constantFrom('2023-04-19', '2024-08', '2021', 'garbage'), { nil: null });
const url = fc.option(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text, fc.constantFrom('https://e.test/@everyone)', 'https://e.test/<@123>', 'javascript:alert(1)')), { nil: null });
const citation = fc.record({ articleId: fc.string({ maxLength: 10 }), title: fc.option(text, { nil: null }), source: fc.option(text, { nil: null }), date, dateEstimated: fc.boolean(), url, translatedFrom: fc.option(fc.oneof(fc.constantFrom('zh', 'ru'), text), { nil: null }) });
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
  statements: fc.array(fc.record({ citation, text }), { maxLength: 5 }),
  mentions: fc.array(fc.record({ citation, text }), { maxLength: 12 }),
  people: fc.option(fc.array(fc.record({ name: text, mentions: fc.nat(), role: fc.option(text, { nil: null }) }), { maxLength: 12 }), { nil: undefined }),
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
          statements: w.statements.map((q) => ({ ...q.citation, text: q.text })),
          mentions: w.mentions.map((m, i) => ({ ...m.citation, id: String(i), text: m.text })),
          related: w.candidates,
          notes: w.suggestions,
        }
      : null,
    candidates: w.candidates,
    suggestions: w.suggestions,
    ...(w.people === undefined ? {} : { people: w.people, next: 10 }),
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
      fc.property(who, fc.nat({ max: 20 }), (answer, offset) => {
        for (const rendered of [renderWho(answer, corpus, buttons, { offset }), renderMentions(answer, corpus, offset, buttons)]) {
          expectDeliverable(rendered);
          expectNoMention(shown(rendered));
          expectDeliverable(renderSharedCopy(rendered));
        }
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
