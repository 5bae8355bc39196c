/** Help built from the corpus, and what the briefing gives adapters for paging and empty states. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBriefing, type Briefing } from '../src/briefing.js';
import { helpContent, isHelpRequest } from '../src/help.js';

let briefing: Briefing;

beforeAll(async () => {
  briefing = await createBriefing({ corpusDir: 'corpus' });
});

describe('helpContent', () => {
  it('names what the corpus covers and gives examples that answer', () => {
    const help = helpContent(briefing);
    expect(help.coverage).toBe('5 articles, 16 Dec 2021 to 23 Aug 2024.');
    expect(help.freshness).toMatch(/^Newest article 23 Aug 2024; index built \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC\.$/);
    expect(help.people.map((p) => p.value)).toEqual(['Vladimir Putin', 'Xi Jinping', 'Li Shangfu']);
    for (const command of help.commands.filter((c) => c.example)) {
      const answer = briefing.run(command.example!);
      expect('error' in answer ? [] : answer.command === 'ask' ? answer.hits : answer.command === 'who' ? [answer.person].filter(Boolean) : answer.events).not.toHaveLength(0);
    }
    const tip = help.tips.find((t) => t.startsWith('A period and a name'))!;
    const example = /\/(timeline .+)\.$/.exec(tip)![1]!;
    expect(briefing.timeline(example.replace(/^timeline /, '')).events.length).toBeGreaterThan(0);
  });
});

describe('isHelpRequest', () => {
  it('takes nothing, "help" or "?" as asking for help, and nothing else', () => {
    for (const text of ['', '  ', 'help', ' HELP ', '?']) expect(isHelpRequest(text)).toBe(true);
    for (const text of ['help me find aid', 'helpful', 'Kursk']) expect(isHelpRequest(text)).toBe(false);
  });
});

describe('briefing answers for chat', () => {
  it('gives /ask a total that the pages add up to', () => {
    const first = briefing.ask('what military aid has China given');
    let seen = first.hits.length;
    let next = first.next;
    while (next !== null) {
      const page = briefing.ask('what military aid has China given', { offset: next });
      seen += page.hits.length;
      next = page.next;
      if (next === null) expect(page.total).toBe(seen);
    }
    expect(first.total).toBeGreaterThanOrEqual(seen);
  });

  it('gives /timeline the total of its events', () => {
    const page = briefing.timeline('2023');
    expect(page.total).toBe(13);
    expect(briefing.timeline('2023', { offset: 10 }).events).toHaveLength(3);
  });

  it('suggests the nearest periods first, then the largest, for an empty period', () => {
    expect(briefing.timeline('1950').periods.map((p) => p.period).slice(0, 5)).toEqual(['1991', '2002', '2023', '2024', '2021']);
    expect(briefing.timeline('2030').periods.map((p) => p.period).slice(0, 3)).toEqual(['2024', '2023', '2021']);
  });

  it('dates the corpus in a nothing-found answer as the rest of the card does', () => {
    const message = briefing.ask('sourdough risotto').message!;
    expect(message).toContain('(16 Dec 2021 to 23 Aug 2024)');
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
