/** Block Kit rendering of hand-made records: content, escaping, limits, and properties over any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, escapeText, fitText, renderAsk, renderFailure, renderHelp, renderTimeline, renderWho } from '../../adapters/slack/render.js';
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

describe('renderAsk', () => {
  it('shows each passage with its matches in bold and its citation, then the corpus and buttons', () => {
    const message = renderAsk(ask([hit('China gave military aid to Russia.', [[11, 19], [20, 23]]), hit('Aid was given.', [[0, 3]], estimated)], { next: 2 }));
    const blocks = blocksOf(message as unknown as Record<string, unknown>);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'section', 'context', 'context', 'actions']);
    expect(blocks[1]!.text!.text).toBe('China gave *military aid* to Russia.');
    expect(textsOf(message)).toContain('BBC News · 19 Apr 2023 · China and Russia');
    expect(textsOf(message)).toContain('Radio Free Asia · ~23 Aug 2024 (estimated)');
    expect(textsOf(message)).toContain('Searched 5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(buttonsOf(message).map((b) => [b.action_id, decodeState(b.value)])).toEqual([
      ['briefbot_more', { command: 'ask', query: 'military aid', offset: 2 }],
      ['briefbot_share', { command: 'ask', query: 'military aid', offset: 0 }],
    ]);
  });

  it('names the asker instead of showing buttons when shared', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]])]), { view: { kind: 'shared', userId: 'U0042' } });
    expect(buttonsOf(message)).toEqual([]);
    expect(textsOf(message)).toContain('shared by <@U0042>');
  });

  it('refuses to build a mention from anything but a user id', () => {
    const message = renderAsk(ask([hit('Aid.', [[0, 3]])]), { view: { kind: 'shared', userId: '!channel' } });
    expect(textsOf(message)).toContain('shared by someone');
  });

  it('keeps 40 passages of 5000 characters within 50 blocks and 3000-character sections', () => {
    const long = 'Military aid was discussed at length. '.repeat(130);
    const message = renderAsk(ask(Array.from({ length: 40 }, () => hit(long, [[0, 8]]))));
    expectWithinLimits(message);
    expect(textsOf(message).some((t) => t.includes('not shown'))).toBe(true);
    const passage = blocksOf(message as unknown as Record<string, unknown>)[1]!.text!.text;
    expect(passage).toMatch(/at length\. …$/);
  });

  it('lists the other articles that carry the same passage', () => {
    const message = renderAsk(ask([{ ...hit('Aid.', [[0, 3]]), alsoIn: [estimated] }]));
    expect(textsOf(message)).toContain('Also in: Radio Free Asia · ~23 Aug 2024 (estimated)');
  });
});

describe('renderWho', () => {
  const who: WhoAnswer = {
    command: 'who',
    query: 'li shangfu',
    person: {
      name: 'Li Shangfu',
      aliases: ['General Li', 'Li'],
      roles: [{ ...bbc, role: 'Chinese defence minister' }],
      mentions: [{ ...bbc, id: '003#p4', text: 'Li Shangfu met Sergei Shoigu in Moscow.' }],
      quotes: [{ ...estimated, text: 'We will strengthen military cooperation.' }],
      firstMentioned: '2023-04-19',
      lastMentioned: '2024-08-23',
      related: [{ name: 'Sergei Shoigu', mentions: 3 }],
    },
    candidates: [],
    suggestions: [],
  };

  it('shows the name, other names, roles, quotes and where they appear, with sources', () => {
    const message = renderWho(who, { corpus });
    const texts = textsOf(message);
    expect(blocksOf(message as unknown as Record<string, unknown>)[0]).toMatchObject({ type: 'header', text: { text: 'Li Shangfu' } });
    const all = texts.join('\n');
    expect(all).toContain('Also called: General Li, Li');
    expect(all).toContain('Mentioned from 19 Apr 2023 to 23 Aug 2024');
    expect(all).toContain('• Chinese defence minister — _BBC News · 19 Apr 2023 · China and Russia_');
    expect(all).toContain('“We will strengthen military cooperation.” — _Radio Free Asia · ~23 Aug 2024 (estimated)_');
    expect(all).toContain('*Where they appear*');
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual(['briefbot_share']);
  });

  it('offers the candidates when the name is ambiguous', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }, { name: 'Li Hui', mentions: 2 }], suggestions: [] });
    expect(textsOf(message).join('\n')).toContain('Did you mean: Li Shangfu (4 mentions), Li Hui (2 mentions)?');
    expect(buttonsOf(message).map((b) => [b.text.text, decodeState(b.value)])).toEqual([
      ['Li Shangfu', { command: 'who', query: 'Li Shangfu', offset: 0 }],
      ['Li Hui', { command: 'who', query: 'Li Hui', offset: 0 }],
    ]);
  });

  it('shows the core’s message instead of repeating the candidates', () => {
    const message = renderWho({ command: 'who', query: 'Li', person: null, candidates: [{ name: 'Li Shangfu', mentions: 4 }], suggestions: [], message: '"Li" may be any of 1 people: Li Shangfu.' });
    expect(textsOf(message).join('\n')).not.toContain('Did you mean');
    expect(textsOf(message).join('\n')).toContain('"Li" may be any of 1 people: Li Shangfu.');
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['Li Shangfu']);
  });

  it('says when it shows someone else than the name typed', () => {
    const message = renderWho({ ...who, message: 'No one is named "Li Shangfo"; showing Li Shangfu.' });
    expect(textsOf(message)).toContain('No one is named "Li Shangfo"; showing Li Shangfu.');
  });

  it('cuts a long list of roles with a count of the rest', () => {
    const roles = Array.from({ length: 200 }, (_, i) => ({ ...bbc, role: `role number ${i} of a very busy official` }));
    const message = renderWho({ ...who, person: { ...who.person!, roles } });
    expectWithinLimits(message);
    expect(textsOf(message).join('\n')).toMatch(/…and \d+ more/);
  });
});

describe('renderTimeline', () => {
  it('shows the events in order with dates at their precision and their sources', () => {
    const answer: TimelineAnswer = {
      command: 'timeline',
      query: 'april 2023',
      events: [event('2023-04-16', 'Li Shangfu visited Moscow.', { endDate: '2023-04-19', articleDate: '2023-04-21' }), event('2023-04', 'Talks continued.', { approximate: true, sources: [bbc, estimated] })],
      periods: [],
      next: 2,
    };
    const message = renderTimeline(answer, { corpus });
    const sections = blocksOf(message as unknown as Record<string, unknown>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections).toEqual(['*16-19 Apr 2023*  Li Shangfu visited Moscow.', '*~Apr 2023*  Talks continued.']);
    // Under each event, the article it came from and when that appeared.
    expect(textsOf(message)).toContain('BBC News · 21 Apr 2023 · China and Russia');
    expect(textsOf(message)).toContain('Also in: Radio Free Asia · ~23 Aug 2024 (estimated)');
    expect(buttonsOf(message).map((b) => decodeState(b.value))).toEqual([
      { command: 'timeline', query: 'april 2023', offset: 2 },
      { command: 'timeline', query: 'april 2023', offset: 0 },
    ]);
  });

  it('offers the periods that have events when the period is empty', () => {
    const message = renderTimeline({ command: 'timeline', query: 'march 1999', events: [], periods: [{ period: 'Apr 2023', events: 5 }], next: null });
    expect(textsOf(message).join('\n')).toContain('Periods with events: Apr 2023 (5)');
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['Apr 2023']);
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
const citation: fc.Arbitrary<Citation> = fc.record({ articleId: text, title: fc.option(text, { nil: null }), source: fc.option(text, { nil: null }), date, dateEstimated: fc.boolean(), url: fc.constant(null), translatedFrom: fc.constant(null) });
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

  it('renders any /who answer within limits without a mention', () => {
    const person = fc.record({
      name: long,
      aliases: fc.array(text, { maxLength: 5 }),
      roles: fc.array(fc.tuple(citation, text).map(([c, role]) => ({ ...c, role })), { maxLength: 30 }),
      mentions: fc.array(fc.tuple(citation, text).map(([c, t]) => ({ ...c, id: 'x', text: t })), { maxLength: 30 }),
      quotes: fc.array(fc.tuple(citation, text).map(([c, t]) => ({ ...c, text: t })), { maxLength: 30 }),
      firstMentioned: date,
      lastMentioned: date,
      related: fc.array(fc.record({ name: text, mentions: fc.nat() }), { maxLength: 5 }),
      notes: fc.array(text, { maxLength: 60 }),
    });
    const answer: fc.Arbitrary<WhoAnswer> = fc.record({
      command: fc.constant('who' as const),
      query: long,
      person: fc.option(person, { nil: null }),
      candidates: fc.array(fc.record({ name: text, mentions: fc.nat() }), { maxLength: 10 }),
      suggestions: fc.array(text, { maxLength: 10 }),
    });
    fc.assert(
      fc.property(answer, view, (a, v) => expectWithinLimits(renderWho(a, { view: v, corpus }), v.kind === 'shared' ? `<@${v.userId}>` : undefined)),
      RUNS,
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

  it('keeps help and failure notes within limits', () => {
    fc.assert(
      fc.property(long, (notice) => {
        expectWithinLimits(renderHelp(notice));
        expectWithinLimits(renderFailure(notice));
      }),
      RUNS,
    );
  });

  it('handles a 100,000-character question', () => {
    const query = `<!channel> ${'x'.repeat(100_000)}`;
    expectWithinLimits(renderAsk({ command: 'ask', query, hits: [hit(query, [[0, 50_000]])], corpus, next: 3 }));
  });
});
