import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import { parseCommand } from '../../src/commands.js';
import { cleanArticle, cutPassages, repairText } from '../../src/corpus/index.js';
import * as discord from '../../adapters/discord/render.js';
import * as slack from '../../adapters/slack/render.js';
import { checkMessage } from '../discord/fake-discord.js';
import { expectWithinLimits } from '../slack/blocks.js';
import { anyText, hostileText } from './hostile.js';

/** Text people (and attackers) type, now and then 100,000 characters long; and command lines made of it. */
const hostile = anyText();
const commandLine = fc.tuple(fc.constantFrom('', '/ask ', '/who ', '/timeline ', '/help', 'ask ', '/ASK ', '/brief ask ', '/unknown ', ' /who\t'), hostile).map(([command, text]) => command + text);
const RUNS = { numRuns: 2_000 };

let briefing: Briefing;
beforeAll(async () => {
  briefing = await createBriefing({ corpusDir: 'corpus' });
});

describe('core entry points under hostile input', () => {
  it('parses or refuses any command line with a message, never throwing anything else', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, commandLine), (line) => {
        try {
          parseCommand(line);
        } catch (error) {
          expect((error as Error).message).toMatch(/^unknown command/);
        }
      }),
      RUNS,
    );
  });

  it('answers any /ask, /who and /timeline with a record, and bounds the echoed query', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const ask = briefing.ask(text);
        expect(ask.query.length).toBeLessThanOrEqual(500);
        for (const hit of ask.hits) {
          for (const [start, end] of hit.highlights) {
            expect(start).toBeLessThan(end);
            expect(end).toBeLessThanOrEqual(hit.text.length);
          }
        }
        expect(briefing.who(text).query.length).toBeLessThanOrEqual(200);
        expect(briefing.timeline(text).query.length).toBeLessThanOrEqual(200);
        expect(briefing.run(`/ask ${text}`).command).toBe('ask');
      }),
      RUNS,
    );
  });

  it('offers at most 25 autocomplete choices for any prefix', () => {
    fc.assert(
      fc.property(hostile, (prefix) => {
        expect(briefing.suggestPeople(prefix).length).toBeLessThanOrEqual(25);
        expect(briefing.suggestPeriods(prefix).length).toBeLessThanOrEqual(25);
      }),
      RUNS,
    );
  });

  it('cleans and cuts any text into passages of at most 700 characters (a single unbroken word aside)', () => {
    fc.assert(
      // Long runs one paragraph in 40: cutting 100,000 characters of tiny sentences takes up to a second.
      fc.property(fc.array(anyText(40), { maxLength: 6 }), (paragraphs) => {
        const cleaned = cleanArticle(repairText(paragraphs.join('\n\n')));
        for (const passage of cutPassages({ articleId: 'x', paragraphs: cleaned.paragraphs })) {
          expect(passage.text.length <= 700 || !/\s/.test(passage.text)).toBe(true);
          expect(passage.text).not.toMatch(/[\u0000-\u0008\u200b\ufffd]/);
        }
      }),
      RUNS,
    );
  });
});

describe('real answers to hostile questions, rendered', () => {
  // Button ids as the adapter makes them when the query fits inline (longer ones go to its store).
  const buttons: discord.Encode = (state) => {
    const id = `bb1:${state.action}:${state.command}:${state.offset}:q:${state.query}`;
    return id.length <= 100 ? id : null;
  };
  // Words the corpus answers, alone or among hostile text, so that many answers have passages, a person or events.
  const known = fc.constantFrom('China military aid', 'Li Shangfu', 'Li', 'Shoigu', 'Kursk', 'Russia Ukraine war', 'Putin', 'Xi Jinping', 'drones', 'sanctions', 'august 2024', 'april 2023', '2023');
  const question = fc.oneof(hostile, known, fc.tuple(hostileText(), known, hostileText()).map(([before, words, after]) => `${before} ${words} ${after}`));

  function expectDeliverable(message: discord.DiscordMessage): void {
    expect(checkMessage({ ...message })).toBeNull();
    const shown = JSON.stringify({ content: message.content, embeds: message.embeds });
    expect(shown).not.toMatch(/@(everyone|here)/i);
    expect(shown).not.toMatch(/<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>/);
  }

  it('keeps every Slack and Discord message within limits and mention-free', () => {
    fc.assert(
      fc.property(question, (text) => {
        const ask = briefing.ask(text);
        const who = briefing.who(text);
        const timeline = briefing.timeline(text);
        expectWithinLimits(slack.renderAsk(ask));
        expectWithinLimits(slack.renderWho(who, { corpus: briefing.corpus }));
        expectWithinLimits(slack.renderTimeline(timeline, { corpus: briefing.corpus }));
        expectDeliverable(discord.renderAsk(ask, 0, buttons));
        expectDeliverable(discord.renderWho(who, briefing.corpus, buttons));
        expectDeliverable(discord.renderTimeline(timeline, briefing.corpus, 0, buttons));
        const failed = briefing.run(text);
        if ('error' in failed) {
          expectWithinLimits(slack.renderFailure(failed.error));
          expectDeliverable(discord.renderNotice(failed.error));
        }
      }),
      RUNS,
    );
  });
});
