import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import { parseCommand } from '../../src/commands.js';
import { cleanArticle, cutPassages, repairText } from '../../src/corpus/index.js';

/** Text people (and attackers) type: any Unicode, markup, mentions, regex metacharacters, very long runs. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('@everyone', '@here', '<@123>', '<!here>', '<!channel>', '**bold**', '`code`', '(.*+?)[]{}|\\^$', '\u202eevil', '\u200b\u200d', '\ud800', 'Li Shangfu', 'august 2024', '2023-04-01..2023-04-30'),
  fc.tuple(fc.constantFrom('a', 'Kursk ', 'é', '𝕏', '\u0000'), fc.integer({ min: 1, max: 100_000 })).map(([unit, times]) => unit.repeat(times).slice(0, 100_000)),
);
const RUNS = { numRuns: 1_000 };

let briefing: Briefing;
beforeAll(async () => {
  briefing = await createBriefing({ corpusDir: 'corpus' });
});

describe('core entry points under hostile input', () => {
  it('parses or refuses any command line with a message, never throwing anything else', () => {
    fc.assert(
      fc.property(hostile, (line) => {
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
      { numRuns: 300 },
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
      fc.property(fc.array(hostile, { maxLength: 6 }), (paragraphs) => {
        const cleaned = cleanArticle(repairText(paragraphs.join('\n\n')));
        for (const passage of cutPassages({ articleId: 'x', paragraphs: cleaned.paragraphs })) {
          expect(passage.text.length <= 700 || !/\s/.test(passage.text)).toBe(true);
          expect(passage.text).not.toMatch(/[\u0000-\u0008\u200b\ufffd]/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
