/** Block Kit rendering of hand-made records: content, escaping, limits, and properties over any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, decodeState, encodeState, escapeText, fitText, renderAsk, renderFailure, renderHelp, renderHome, renderMentions, renderTimeline, renderWho, shownLength, textLength } from '../../adapters/slack/render.js';
import type { HelpContent } from '../../src/help.js';
import type { AskAnswer, AskHit, Citation, CorpusInfo, TimelineAnswer, TimelineEvent, WhoAnswer } from '../../src/types.js';
import { hostileText, longText } from '../hardening/hostile.js';
import { blocksOf, buttonsOf, expectNoMention, expectWithinLimits, textsOf } from './blocks.js';

const corpus: CorpusInfo = { articles: 5, from: '2021-12-16', to: '2024-08-23' };
const bbc: Citation = { articleId: '003', title: 'China and Russia', source: 'BBC News', date: '2023-04-19', dateEstimated: false, url: null, translatedFrom: null };
const estimated: Citation = { articleId: '000', title: null, source: 'Radio Free Asia', date: '2024-08-23', dateEstimated: true, url: null, translatedFrom: null };

function hit(text: string, highlights: Array<[number, number]>, citation: Citation = bbc): AskHit {
  return { ...citation, id: `${citation.articleId}#p1`, text, highlights, matched: [], score: 1, alsoIn: [] };
}

function ask(hits: AskHit[], extra: Partial<AskAnswer> = {}): AskAnswer {
  return { command: 'ask', query: 'military aid', hits, corpus, next: null, ...extra };
}

function event(date: string, text: string, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return { ...bbc, date, endDate: null, approximate: false, text, id: '003#p2', articleDate: bbc.date, sources: [bbc], ...extra };
}

describe('escapeText', () => {
  it('escapes only &, < and > and breaks broadcast words', () => {
    expect(escapeText('a & b <!here> <@U1> "q" \'s\' @channel @everyone')).toBe('a &amp; b &lt;!here&gt; &lt;@U1&gt; "q" \'s\' @\u2060channel @\u2060everyone');
  });

  it('breaks broadcast words glued to other letters, whatever their case', () => {
    // "ſ" folds to "s" under Unicode case-insensitive matching, which once hid the word boundary.
    expect(escapeText('@everyoneſ @HEREby @channels')).toBe('@\u2060everyoneſ @\u2060HEREby @\u2060channels');
  });

  it('replaces lone surrogates and control characters', () => {
    expect(escapeText('a\uD800b\u0007c\n')).toBe('a\uFFFDb c\n');
  });
});

describe('fitText', () => {
  it('cuts after the last whole sentence that fits and marks the cut', () => {
    const text = 'First sentence here. Second sentence here. Third one is long enough to go.';
    expect(fitText(text, 50)).toBe('First sentence here. Second sentence here. …');
  });

  it('falls back to a word when the first sentence is too long', () => {
    expect(fitText('one two three four five six', 16)).toBe('one two three …');
  });

  it('never splits an escape or a bold run', () => {
    const text = 'Aid & arms <b> and aid again. Then more aid follows.';
    const out = fitText(text, 40, [[0, 3], [15, 18], [24, 27]]);
    expect(out.length).toBeLessThanOrEqual(40);
    expect(out).toBe('*Aid* &amp; arms &lt;b&gt; *and* aid …');
  });
});

const linked: Citation = { articleId: '010', title: 'Harbour | reopens > soon', source: null, date: '2024-03-02', dateEstimated: false, url: 'https://www.quill-gazette.example/a(1)?x=<y>', translatedFrom: 'zh' };

describe('renderAsk', () => {
  it('shows each passage with its matches in bold, each article’s citation once, the page, corpus and buttons', () => {
    const message = renderAsk(ask([hit('China gave military aid to Russia.', [[11, 19], [20, 23]]), hit('Aid was given.', [[0, 3]], estimated)], { next: 2, total: 7 }));
    const blocks = blocksOf(message as unknown as Record<string, unknown>);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'section', 'context', 'context', 'actions']);
    expect(blocks[1]!.text!.text).toBe('China gave *military aid* to Russia.');
    expect(textsOf(message)).toContain('BBC News · 19 Apr 2023 · China and Russia');
    expect(textsOf(message)).toContain('Radio Free Asia · ~23 Aug 2024 (estimated)');
    expect(textsOf(message)).toContain('Passages 1-2 of 7 · Searched 5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(buttonsOf(message).map((b) => [b.action_id, decodeState(b.value)])).toEqual([
      ['briefbot_more', { command: 'ask', query: 'military aid', offset: 2 }],
      ['briefbot_share', { command: 'ask', query: 'military aid', offset: 0 }],
    ]);
  });

  it('cites a run of passages from one article once, after the run', () => {
    const message = renderAsk(ask([hit('First.', [[0, 5]]), hit('Second.', [[0, 6]]), hit('Third.', [[0, 5]], estimated), hit('Fourth.', [[0, 6]])]));
    const types = blocksOf(message as unknown as Record<string, unknown>).map((b) => b.type);
    expect(types).toEqual(['header', 'section', 'section', 'context', 'section', 'context', 'section', 'context', 'context', 'actions']);
  });

  it('pages with Previous, the range and the total', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]]), hit('More aid.', [[5, 8]])], { next: 6, total: 9 }), { offset: 3 });
    expect(textsOf(message).join('\n')).toContain('Passages 4-5 of 9');
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)?.offset])).toEqual([
      ['Previous', 0],
      ['More', 6],
      ['Share in channel', 3],
    ]);
    expect(textsOf(renderAsk(ask([hit('Aid.', [[0, 3]])]), { offset: 120 })).join('\n')).toContain('Passages 121 · ');
  });

  it('links the headline, says the article was translated, and names the domain when the publisher is unknown', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]], linked)]));
    const citation = textsOf(message).find((t) => t.startsWith('quill-gazette.example'))!;
    expect(citation).toBe('quill-gazette.example · 2 Mar 2024 · <https://www.quill-gazette.example/a%281%29?x=%3Cy%3E|Harbour | reopens &gt; soon> · translated from Chinese');
    // No headline: the publisher carries the link.
    const untitled = renderAsk(ask([hit('Aid.', [[0, 3]], { ...linked, title: null, source: 'Quill Gazette' })]));
    expect(textsOf(untitled)).toContain('<https://www.quill-gazette.example/a%281%29?x=%3Cy%3E|Quill Gazette> · 2 Mar 2024 · translated from Chinese');
  });

  it('links nothing but http(s) addresses', () => {
    for (const url of ['javascript:alert(1)', 'slack://channel?id=C1', 'https://user:pw@e.example/', 'not a url']) {
      const message = renderAsk(ask([hit('Aid.', [[0, 3]], { ...linked, url })]));
      expect(textsOf(message, false).join('\n')).not.toMatch(/<(?!@)[^<>]*\|/);
    }
  });

  it('gives the notification text the first passage and its source', () => {
    const message = renderAsk(ask([hit(`Aid ${'was sent. '.repeat(60)}`, [[0, 3]])]));
    expect(message.text.length).toBeLessThanOrEqual(300);
    expect(message.text).toMatch(/^Aid was sent\. .* …  ?\(BBC News · 19 Apr 2023\)$|^Aid was sent\..* \(BBC News · 19 Apr 2023\)$/);
  });

  it('says who shared it at the top, with no buttons', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]])]), { view: { kind: 'shared', userId: 'U0042' } });
    expect(buttonsOf(message)).toEqual([]);
    expect(blocksOf(message as unknown as Record<string, unknown>)[0]).toMatchObject({ type: 'context', elements: [{ text: 'Shared by <@U0042>' }] });
  });

  it('pages but offers no Share where everyone sees the answer', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]])], { next: 3 }), { view: { kind: 'public' } });
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['More']);
  });

  it('refuses to build a mention from anything but a user id', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]])]), { view: { kind: 'shared', userId: '!channel' } });
    expect(textsOf(message)).toContain('Shared by someone');
  });

  it('keeps 40 passages of 5000 characters within 50 blocks and Slack’s total', () => {
    const long = 'Military aid was discussed at length. '.repeat(130);
    const message = renderAsk(ask(Array.from({ length: 40 }, () => hit(long, [[0, 8]]))));
    expectWithinLimits(message);
    expect(textLength(message.blocks)).toBeLessThanOrEqual(LIMITS.messageText);
    expect(textsOf(message).some((t) => /^\d+ more passages not shown/.test(t))).toBe(true);
    const passage = blocksOf(message as unknown as Record<string, unknown>)[1]!.text!.text;
    expect(passage).toMatch(/at length\. …$/);
    // The passages shown keep their citation.
    expect(blocksOf(message as unknown as Record<string, unknown>).some((b) => b.type === 'context' && (b.elements![0]!.text as string).startsWith('BBC News'))).toBe(true);
  });

  it('lists the other articles that carry the same passage', () => {
    const message = renderAsk(ask([{ ...hit('Aid.', [[0, 3]]), alsoIn: [estimated] }]));
    expect(textsOf(message)).toContain('Also in: Radio Free Asia · ~23 Aug 2024 (estimated)');
  });

  it('offers the most-mentioned people and busiest periods when nothing answers', () => {
    const explore = { people: [{ label: 'Ada Quill — harbour master', value: 'Ada Quill', count: 9 }], periods: [{ label: 'March 2024 — 4 events', value: 'march 2024', count: 4 }] };
    const message = renderAsk(ask([], { message: 'Nothing in the 5 articles answers "risotto".' }), { explore });
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)])).toEqual([
      ['Ada Quill', { command: 'who', query: 'Ada Quill', offset: 0 }],
      ['march 2024 (4)', { command: 'timeline', query: 'march 2024', offset: 0 }],
    ]);
  });
});

describe('renderWho', () => {
  const who: WhoAnswer = {
    command: 'who',
    query: 'li shangfu',
    person: {
      name: 'Li Shangfu',
      aliases: ['General Li', 'Li'],
      roles: [
        { ...bbc, role: 'Chinese defence minister' },
        { ...estimated, role: 'Chinese Defence Minister' },
        { ...bbc, role: 'general' },
      ],
      mentions: [
        { ...bbc, id: '003#p4', text: 'Li Shangfu met Sergei Shoigu in Moscow.' },
        { ...bbc, id: '003#p5', text: 'Li Shangfu spoke.' },
        { ...estimated, id: '000#p1', text: 'Li was mentioned.' },
      ],
      quotes: [{ ...estimated, text: 'We will strengthen military cooperation.' }],
      statements: [{ ...bbc, text: 'Li said the visit went well.' }],
      firstMentioned: '2023-04-19',
      lastMentioned: '2024-08-23',
      related: [{ name: 'Sergei Shoigu', mentions: 3 }],
    },
    candidates: [],
    suggestions: [],
  };

  it('shows a compact profile: other names, each role once with its sources, span, people named with them, quotes, statements, counts per article', () => {
    const message = renderWho(who, { corpus });
    expect(blocksOf(message as unknown as Record<string, unknown>)[0]).toMatchObject({ type: 'header', text: { text: 'Li Shangfu' } });
    const all = textsOf(message).join('\n');
    expect(all).toContain('Also called: General Li, Li');
    expect(all).toContain('• Chinese defence minister — _BBC News · 19 Apr 2023; Radio Free Asia · ~23 Aug 2024 (estimated)_');
    expect(all).toContain('• general — _BBC News · 19 Apr 2023_');
    expect(all).toContain('Mentioned from 19 Apr 2023 to 23 Aug 2024 in 2 articles');
    expect(all).toContain('Often named with: Sergei Shoigu');
    expect(all).toContain('*Quotes*\n“We will strengthen military cooperation.” — _Radio Free Asia · ~23 Aug 2024 (estimated)_');
    expect(all).toContain('*Statements* (reported, not their own words)\n• Li said the visit went well. — _BBC News · 19 Apr 2023_');
    expect(all).toContain('*Mentions* (3)\n• BBC News · 19 Apr 2023 · China and Russia (2 mentions)\n• Radio Free Asia · ~23 Aug 2024 (estimated) (1 mention)');
    expect(all).not.toContain('Li Shangfu met Sergei Shoigu');
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)])).toEqual([
      ['More mentions', { command: 'mentions', query: 'li shangfu', offset: 0 }],
      ['Share in channel', { command: 'who', query: 'li shangfu', offset: 0 }],
    ]);
    expect(message.text).toBe('Li Shangfu: Chinese defence minister (BBC News · 19 Apr 2023)');
  });

  it('prints a statement that repeats a quote once', () => {
    const message = renderWho({ ...who, person: { ...who.person!, statements: [{ ...bbc, text: 'We will strengthen military cooperation.' }] } });
    expect(textsOf(message).join('\n').match(/We will strengthen/g)).toHaveLength(1);
  });

  it('offers the candidates when the name is ambiguous, each a button of its own', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }, { name: 'Li Hui', mentions: 2 }], suggestions: [] });
    expect(textsOf(message).join('\n')).toContain('Did you mean: Li Shangfu (4 mentions), Li Hui (2 mentions)?');
    expect(buttonsOf(message).map((b) => [b.action_id, b.text.text, decodeState(b.value)])).toEqual([
      ['briefbot_open_0', 'Li Shangfu', { command: 'who', query: 'Li Shangfu', offset: 0 }],
      ['briefbot_open_1', 'Li Hui', { command: 'who', query: 'Li Hui', offset: 0 }],
    ]);
  });

  it('shows the core’s message instead of repeating the candidates', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }], suggestions: [], message: '"Li" may be any of 1 people: Li Shangfu.' });
    expect(textsOf(message).join('\n')).not.toContain('Did you mean');
    expect(textsOf(message).join('\n')).toContain('"Li" may be any of 1 people: Li Shangfu.');
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['Li Shangfu']);
  });

  it('says first when it shows someone else than the name typed', () => {
    const message = renderWho({ ...who, message: 'No one is named "Li Shangfo"; showing Li Shangfu.' });
    expect(blocksOf(message as unknown as Record<string, unknown>)[1]).toMatchObject({ type: 'context', elements: [{ text: 'No one is named "Li Shangfo"; showing Li Shangfu.' }] });
  });

  it('cuts a long list of roles with a count of the rest, within a phone’s first screen', () => {
    const roles = Array.from({ length: 200 }, (_, i) => ({ ...bbc, role: `role number ${i} of a very busy official` }));
    const message = renderWho({ ...who, person: { ...who.person!, roles } });
    expectWithinLimits(message);
    expect(textsOf(message).join('\n')).toMatch(/…and \d+ other roles/);
    expect(shownLength(message.blocks.filter((b) => b.type !== 'actions'))).toBeLessThanOrEqual(LIMITS.firstScreen);
  });

  it('pages the mentions, each article cited once, back to the profile from the first page', () => {
    const mentions = Array.from({ length: 12 }, (_, i) => ({ ...(i < 7 ? bbc : estimated), id: `m${i}`, text: `Mention number ${i}.` }));
    const answer = { ...who, person: { ...who.person!, mentions } };
    const first = renderMentions(answer, { offset: 0, corpus });
    const blocks = blocksOf(first as unknown as Record<string, unknown>);
    expect(blocks.filter((b) => b.type === 'section').map((b) => b.text!.text)).toEqual(['Mention number 0.', 'Mention number 1.', 'Mention number 2.', 'Mention number 3.', 'Mention number 4.']);
    expect(blocks.filter((b) => b.type === 'context')).toHaveLength(2);
    expect(textsOf(first).join('\n')).toContain('Mentions 1-5 of 12');
    expect(buttonsOf(first).map((b) => [b.text.text, decodeState(b.value)])).toEqual([
      ['Back to profile', { command: 'who', query: 'li shangfu', offset: 0 }],
      ['More', { command: 'mentions', query: 'li shangfu', offset: 5 }],
      ['Share in channel', { command: 'mentions', query: 'li shangfu', offset: 0 }],
    ]);
    const last = renderMentions(answer, { offset: 10, corpus });
    expect(textsOf(last).join('\n')).toContain('Mentions 11-12 of 12');
    expect(buttonsOf(last).map((b) => [b.text.text, decodeState(b.value)?.offset])).toEqual([
      ['Previous', 5],
      ['Share in channel', 10],
    ]);
  });

  it('lists the people directory with a menu of their profiles', () => {
    const people = [
      { name: 'Ada Quill', mentions: 9, role: 'harbour master' },
      { name: 'Bo Tern', mentions: 1, role: null },
    ];
    const message = renderWho({ command: 'who', query: '', person: null, candidates: [], suggestions: [], people, next: 12 }, { offset: 10, corpus });
    expect(textsOf(message).join('\n')).toContain('• *Ada Quill* — harbour master · 9 mentions\n• *Bo Tern* · 1 mention');
    expect(textsOf(message).join('\n')).toContain('People 11-12 · Searched 5 articles');
    const actions = blocksOf(message as unknown as Record<string, unknown>).find((b) => b.type === 'actions')!;
    const menu = actions.elements!.find((e) => e.type === 'static_select') as unknown as { options: Array<{ text: { text: string }; value: string }> };
    expect(menu.options.map((o) => [o.text.text, decodeState(o.value)])).toEqual([
      ['Ada Quill', { command: 'who', query: 'Ada Quill', offset: 0 }],
      ['Bo Tern', { command: 'who', query: 'Bo Tern', offset: 0 }],
    ]);
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)?.offset])).toEqual([
      ['Previous', 0],
      ['More', 12],
      ['Share in channel', 10],
    ]);
  });
});

describe('renderTimeline', () => {
  it('shows the events in order with dates at their precision, each run of one article cited once', () => {
    const answer: TimelineAnswer = {
      command: 'timeline',
      query: 'april 2023',
      events: [
        event('2023-04-16', 'Li Shangfu visited Moscow.', { endDate: '2023-04-19', articleDate: '2023-04-21' }),
        event('2023-04-18', 'He met the minister.', { articleDate: '2023-04-21' }),
        event('2023-04', 'Talks continued.', { approximate: true, sources: [bbc, estimated] }),
      ],
      periods: [],
      next: 3,
      total: 14,
    };
    const message = renderTimeline(answer, { corpus });
    const blocks = blocksOf(message as unknown as Record<string, unknown>);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'section', 'context', 'context', 'actions']);
    expect(blocks.filter((b) => b.type === 'section').map((b) => b.text!.text)).toEqual(['*16-19 Apr 2023*  Li Shangfu visited Moscow.', '*18 Apr 2023*  He met the minister.', '*~Apr 2023*  Talks continued.']);
    // Under each run, the article it came from and when that appeared.
    expect(textsOf(message)).toContain('BBC News · 21 Apr 2023 · China and Russia');
    expect(textsOf(message)).toContain('Also in: Radio Free Asia · ~23 Aug 2024 (estimated)');
    expect(textsOf(message)).toContain('Events 1-3 of 14 · Searched 5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(message.text).toBe('16-19 Apr 2023: Li Shangfu visited Moscow. (BBC News · 21 Apr 2023)');
    expect(buttonsOf(message).map((b) => decodeState(b.value))).toEqual([
      { command: 'timeline', query: 'april 2023', offset: 3 },
      { command: 'timeline', query: 'april 2023', offset: 0 },
    ]);
  });

  it('offers the periods the core suggests, in its order, when the period is empty', () => {
    const message = renderTimeline({ command: 'timeline', query: 'march 1999', events: [], periods: [{ period: '2001', events: 1 }, { period: 'Apr 2023', events: 5 }], next: null });
    expect(textsOf(message).join('\n')).toContain('Periods with events: 2001 (1), Apr 2023 (5)');
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)?.query])).toEqual([
      ['2001 (1)', '2001'],
      ['Apr 2023 (5)', 'Apr 2023'],
    ]);
  });
});

describe('renderHelp and renderHome', () => {
  const content: HelpContent = {
    coverage: '3 articles, 2 Mar 2024 to 9 Mar 2024.',
    freshness: 'Newest article 9 Mar 2024; index built 10 Mar 2024, 08:00 UTC.',
    people: [{ label: 'Ada Quill — harbour master', value: 'Ada Quill', count: 9 }],
    periods: [{ label: 'March 2024 — 4 events', value: 'march 2024', count: 4 }],
    commands: [
      { name: 'ask', usage: '/ask <question>', description: 'Find passages', example: '/ask when did the harbour reopen' },
      { name: 'who', usage: '/who <name>', description: 'Who a person is', example: '/who Ada Quill' },
      { name: 'help', usage: '/help', description: 'Help', example: null },
    ],
    tips: ['Full names work best: /who Ada Quill finds one person; "Quill" may fit several.'],
  };

  it('names what the corpus covers, the commands with examples, where to ask and tips, with places to start', () => {
    const message = renderHelp(content);
    const all = textsOf(message, false).join('\n');
    expect(all).toContain('*What it covers:* 3 articles, 2 Mar 2024 to 9 Mar 2024. Newest article 9 Mar 2024');
    expect(all).toContain('• `/ask &lt;question&gt;` Find passages, e.g. `/ask when did the harbour reopen`');
    expect(all).not.toContain('`/help`');
    expect(all).toContain('Full names work best');
    expect(all).toContain('Mention @briefbot in a channel or a thread');
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['Ada Quill', 'march 2024 (4)']);
  });

  it('spells the commands without a slash for messages', () => {
    expect(textsOf(renderHelp(content, undefined, 'message'), false).join('\n')).toContain('`who Ada Quill`');
  });

  it('builds a Home tab within its limits, without buttons', () => {
    const home = renderHome(content);
    expect(home.type).toBe('home');
    expect(buttonsOf(home)).toEqual([]);
    expectWithinLimits(home, undefined, 100);
  });
});

describe('button state', () => {
  it('keeps markup characters out of the value', () => {
    const value = encodeState({ command: 'who', query: '<@U1> & <!here>', offset: 0 });
    expect(value).not.toMatch(/[&<>]/);
    expect(decodeState(value)).toEqual({ command: 'who', query: '<@U1> & <!here>', offset: 0 });
  });

  it('round-trips and stays within 2000 characters', () => {
    const value = encodeState({ command: 'ask', query: '"\\'.repeat(3000), offset: 9 });
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(decodeState(value)).toMatchObject({ command: 'ask', offset: 9 });
  });

  it('rejects values this app did not write', () => {
    for (const value of ['', 'null', '{"c":"rm","q":"","o":0}', '{"c":"ask","q":1,"o":0}', '{"c":"ask","q":"","o":-1}', undefined]) expect(decodeState(value)).toBeNull();
  });
});

// --- Properties: anything in, within limits and mention-free out ---------------------------

// Hostile text everywhere, now and then sentences to cut at; `long` also runs to 100,000 characters.
const sentences = fc.string({ maxLength: 20 }).map((s) => `${s}. `.repeat(400));
const text = fc.array(fc.oneof({ arbitrary: hostileText(), weight: 14 }, { arbitrary: sentences, weight: 1 }), { maxLength: 4 }).map((parts) => parts.join(' '));
const long = fc.oneof({ arbitrary: text, weight: 9 }, { arbitrary: longText, weight: 1 });
const RUNS = { numRuns: 2_000 };
const date = fc.option(fc.constantFrom('2023-04-19', '2023-04', '2023', '1999-12-31'), { nil: null });
const url = fc.option(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text, fc.constantFrom('https://e.test/<!here>|x>', 'https://e.test/@everyone', 'javascript:alert(1)')), { nil: null });
const citation: fc.Arbitrary<Citation> = fc.record({ articleId: text, title: fc.option(text, { nil: null }), source: fc.option(text, { nil: null }), date, dateEstimated: fc.boolean(), url, translatedFrom: fc.option(fc.oneof(fc.constantFrom('zh', 'ru', 'pt-BR'), text), { nil: null }) });
const spans = fc.array(fc.tuple(fc.integer({ min: -5, max: 6000 }), fc.integer({ min: -5, max: 6000 })), { maxLength: 30 });
const askHit: fc.Arbitrary<AskHit> = fc.record({ c: citation, id: fc.string(), text: long, highlights: spans, alsoIn: fc.array(citation, { maxLength: 3 }) }).map(({ c, ...h }) => ({ ...c, ...h, matched: [], score: 1 }));
const userId = fc.oneof(fc.constant('U0042'), fc.string({ maxLength: 20 }));
const view = fc.oneof(fc.constant({ kind: 'private' as const }), userId.map((id) => ({ kind: 'shared' as const, userId: id })));

describe('rendering any input', () => {
  it('renders any /ask answer within limits without a mention', () => {
    fc.assert(
      fc.property(long, fc.array(askHit, { maxLength: 60 }), fc.option(long, { nil: undefined }), fc.option(fc.nat(), { nil: null }), view, (query, hits, message, next, v) => {
        const rendered = renderAsk({ command: 'ask', query, hits, corpus, next, ...(message === undefined ? {} : { message }) }, { view: v });
        expectWithinLimits(rendered, v.kind === 'shared' ? `<@${v.userId}>` : undefined);
      }),
      RUNS,
    );
  });

  const person = fc.record({
    name: long,
    aliases: fc.array(text, { maxLength: 5 }),
    roles: fc.array(fc.tuple(citation, text).map(([c, role]) => ({ ...c, role })), { maxLength: 30 }),
    mentions: fc.array(fc.tuple(citation, text).map(([c, t]) => ({ ...c, id: 'x', text: t })), { maxLength: 30 }),
    quotes: fc.array(fc.tuple(citation, text).map(([c, t]) => ({ ...c, text: t })), { maxLength: 30 }),
    statements: fc.array(fc.tuple(citation, text).map(([c, t]) => ({ ...c, text: t })), { maxLength: 30 }),
    firstMentioned: date,
    lastMentioned: date,
    related: fc.array(fc.record({ name: text, mentions: fc.nat() }), { maxLength: 5 }),
    notes: fc.array(text, { maxLength: 60 }),
  });
  const listing = fc.record({ name: text, mentions: fc.nat(), role: fc.option(text, { nil: null }) });
  const whoAnswer: fc.Arbitrary<WhoAnswer> = fc.record(
    {
      command: fc.constant('who' as const),
      query: long,
      person: fc.option(person, { nil: null }),
      candidates: fc.array(fc.record({ name: text, mentions: fc.nat() }), { maxLength: 10 }),
      suggestions: fc.array(text, { maxLength: 10 }),
      people: fc.array(listing, { maxLength: 30 }),
      next: fc.option(fc.nat(), { nil: null }),
      message: long,
    },
    { requiredKeys: ['command', 'query', 'person', 'candidates', 'suggestions'] },
  );

  it('renders any /who answer (profile, candidates, directory, mentions) within limits without a mention', () => {
    fc.assert(
      fc.property(whoAnswer, view, fc.nat({ max: 40 }), (a, v, offset) => {
        const allowed = v.kind === 'shared' ? `<@${v.userId}>` : undefined;
        expectWithinLimits(renderWho(a, { view: v, corpus, offset }), allowed);
        expectWithinLimits(renderMentions(a, { view: v, corpus, offset }), allowed);
      }),
      RUNS,
    );
  });

  it('fits any profile of everyday sizes on a phone’s first screen', () => {
    const short = fc.string({ minLength: 1, maxLength: 60 });
    const sentence = fc.string({ maxLength: 400 });
    const plainCitation = fc.record({ articleId: short, title: fc.option(fc.string({ maxLength: 200 }), { nil: null }), source: fc.option(short, { nil: null }), date, dateEstimated: fc.boolean(), url, translatedFrom: fc.constantFrom(null, 'zh') });
    const everyday = fc.record({
      name: short,
      aliases: fc.array(short, { maxLength: 8 }),
      roles: fc.array(fc.tuple(plainCitation, fc.string({ maxLength: 120 })).map(([c, role]) => ({ ...c, role })), { maxLength: 30 }),
      mentions: fc.array(fc.tuple(plainCitation, sentence).map(([c, t]) => ({ ...c, id: 'x', text: t })), { maxLength: 40 }),
      quotes: fc.array(fc.tuple(plainCitation, sentence).map(([c, t]) => ({ ...c, text: t })), { maxLength: 10 }),
      statements: fc.array(fc.tuple(plainCitation, sentence).map(([c, t]) => ({ ...c, text: t })), { maxLength: 10 }),
      firstMentioned: date,
      lastMentioned: date,
      related: fc.array(fc.record({ name: short, mentions: fc.nat() }), { maxLength: 10 }),
      notes: fc.array(fc.string({ maxLength: 300 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(everyday, fc.option(fc.string({ maxLength: 200 }), { nil: undefined }), (p, message) => {
        const rendered = renderWho({ command: 'who', query: p.name, person: p, candidates: [], suggestions: [], ...(message === undefined ? {} : { message }) }, { corpus });
        const blocks = rendered.blocks;
        expect(shownLength(blocks.slice(0, blocks.findIndex((b) => b.type === 'actions')))).toBeLessThanOrEqual(LIMITS.firstScreen);
      }),
      { numRuns: 500 },
    );
  });

  it('renders any /timeline answer within limits without a mention', () => {
    const ev: fc.Arbitrary<TimelineEvent> = fc
      .record({ c: citation, date: fc.constantFrom('2023-04-19', '2023-04', '2023'), endDate: fc.option(fc.constantFrom('2023-04-21', '2023-05', '2024'), { nil: null }), approximate: fc.boolean(), text: long, sources: fc.array(citation, { maxLength: 4 }) })
      .map(({ c, ...e }) => ({ ...c, ...e, id: 'x', articleDate: null }));
    const answer: fc.Arbitrary<TimelineAnswer> = fc.record({
      command: fc.constant('timeline' as const),
      query: long,
      events: fc.array(ev, { maxLength: 60 }),
      periods: fc.array(fc.record({ period: text, events: fc.nat() }), { maxLength: 30 }),
      next: fc.option(fc.nat(), { nil: null }),
    });
    fc.assert(
      fc.property(answer, view, (a, v) => expectWithinLimits(renderTimeline(a, { view: v, corpus }), v.kind === 'shared' ? `<@${v.userId}>` : undefined)),
      RUNS,
    );
  });

  it('cuts any text to any budget without splitting a character', () => {
    fc.assert(
      fc.property(long, fc.integer({ min: 1, max: 3000 }), spans, (raw, limit, highlights) => {
        const out = fitText(raw, limit, highlights);
        expect(out.length).toBeLessThanOrEqual(Math.max(limit, 1));
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expectNoMention(out);
      }),
      RUNS,
    );
  });

  it('keeps help, the Home tab and failure notes within limits', () => {
    const suggestion = fc.record({ label: text, value: text, count: fc.nat() });
    const content: fc.Arbitrary<HelpContent> = fc.record({
      coverage: long,
      freshness: text,
      people: fc.array(suggestion, { maxLength: 5 }),
      periods: fc.array(suggestion, { maxLength: 5 }),
      commands: fc.array(fc.record({ name: text, usage: text, description: text, example: fc.option(text, { nil: null }) }), { maxLength: 6 }),
      tips: fc.array(long, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(long, content, fc.constantFrom('slash' as const, 'message' as const), (notice, help, style) => {
        expectWithinLimits(renderHelp(help, notice, style));
        expectWithinLimits(renderHome(help), undefined, 100);
        expectWithinLimits(renderFailure(notice));
      }),
      { numRuns: 500 },
    );
  });

  it('handles a 100,000-character question', () => {
    const query = `<!channel> ${'x'.repeat(100_000)}`;
    expectWithinLimits(renderAsk({ command: 'ask', query, hits: [hit(query, [[0, 50_000]])], corpus, next: 3 }));
  });
});
