import { describe, expect, it } from 'vitest';
import { isQuestion, parseQuery } from '../../src/search/ask.js';
import { normalizeWord, words } from '../../src/search/terms.js';
import { indexOf, tiny } from './fixtures.js';

const FILLER = [
  'The river port reopened on Monday after six months of dredging work.',
  'Farmers in the valley sold more apples this autumn than last year.',
  'The city council voted to build a new library near the old market.',
  'Heavy rain closed two mountain roads for most of the weekend.',
].join('\n\n');

const normal = (text: string) => words(text).map(({ word }) => normalizeWord(word));

describe('ask answer kinds', () => {
  it('reads the kind of answer a question asks for from its question words', () => {
    const index = indexOf({ 'a.txt': `The Quillmere canal links the two lakes.\n\n${FILLER}\n` });
    expect(parseQuery(index, 'In what year was the Quillmere canal dug?').answer).toBe('date');
    expect(parseQuery(index, 'When was the Quillmere canal dug?').answer).toBe('date');
    expect(parseQuery(index, 'How many locks does the Quillmere canal have?').answer).toBe('number');
    expect(parseQuery(index, 'Who dug the Quillmere canal?').answer).toBe('name');
    expect(parseQuery(index, 'Where does the Quillmere canal end?').answer).toBe('place');
    expect(parseQuery(index, 'Why was the Quillmere canal dug?').answer).toBeUndefined();
  });

  it('ranks first the passage whose sentence on the question also holds a year, when a date is asked for', () => {
    const briefing = tiny({
      'a.txt': [
        'The Quillmere canal was dug by the lake villages.',
        'The Quillmere canal was dug in 1788 to carry timber from the upper lake to the sawmills of the coast.',
        FILLER,
      ].join('\n\n'),
    });
    expect(briefing.ask('When was the Quillmere canal dug?').hits[0]!.text).toMatch(/1788/);
  });

  it('ranks first the passage holding a number when a number is asked for', () => {
    const briefing = tiny({
      'a.txt': [
        'Boats on the Quillmere canal pass through locks built of grey stone from the hills.',
        'Boats on the Quillmere canal pass through 14 locks on their way down to the lower lake.',
        FILLER,
      ].join('\n\n'),
    });
    expect(briefing.ask('How many locks do boats on the Quillmere canal pass through?').hits[0]!.text).toMatch(/14 locks/);
  });
});

describe('ask closeness', () => {
  it('ranks first the passage holding the question in one sentence over one that spreads it over the paragraph', () => {
    const briefing = tiny({
      'a.txt': [
        'Frost came early to Brantwick. The old wheel did crack.',
        'At Brantwick the old wheel did crack when the first hard frost came, the miller wrote in the long diary he kept of every year.',
        FILLER,
      ].join('\n\n'),
    });
    expect(briefing.ask('Did the wheel crack when the frost came to Brantwick?').hits[0]!.text).toMatch(/^At Brantwick/);
  });

  it('ranks first the passage where the question words stand side by side, in order', () => {
    const briefing = tiny({
      'a.txt': [
        'The Dornhollow market sells cheese from the hills; a red barn there stores the carts.',
        'The red cheese market of Dornhollow sells from barns in the hills and the carts wait outside.',
        FILLER,
      ].join('\n\n'),
    });
    expect(briefing.ask('What does the red cheese market of Dornhollow sell?').hits[0]!.text).toMatch(/^The red cheese market/);
  });

  it('ranks first the passage writing the question words as the question does, over one sharing only their stems', () => {
    const briefing = tiny({
      'a.txt': ['The elections for the Harnby council were held in the hall.', 'The villagers elected the Harnby council by a show of hands in the hall.', FILLER].join('\n\n'),
    });
    expect(briefing.ask('Who elected the Harnby council?').hits[0]!.text).toMatch(/villagers/);
  });
});

describe('ask names', () => {
  it('does not take a common word for a name the question capitalises', () => {
    const briefing = tiny({
      'a.txt': [
        'The swallow sails from the Kelderby harbour.',
        'The Swallow, a fishing boat from the north, sails from the Kelderby harbour with its nets and its crew.',
        FILLER,
      ].join('\n\n'),
    });
    expect(briefing.ask('Why does the Swallow sail from the Kelderby harbour?').hits[0]!.text).toMatch(/fishing boat/);
  });
});

describe('ask searches and questions', () => {
  it('tells a question from a search of a few words', () => {
    expect(isQuestion('Who built the mill?', normal('Who built the mill?'))).toBe(true);
    expect(isQuestion('the mill was built by whom', normal('the mill was built by whom'))).toBe(true);
    expect(isQuestion('is there a mill on the river', normal('is there a mill on the river'))).toBe(true);
    expect(isQuestion('Brantwick mill fire', normal('Brantwick mill fire'))).toBe(false);
  });

  it('lets a word the corpus lacks weigh less in a search than in a question', () => {
    const index = indexOf({ 'a.txt': `The Brantwick mill burned down in the spring.\n\n${FILLER}\n` });
    const unknown = (text: string) => parseQuery(index, text).concepts.find((concept) => concept.words.includes('offensive'))!;
    expect(unknown('Brantwick offensive').known).toBe(false);
    expect(unknown('Brantwick offensive').weight).toBeLessThan(unknown('What was the Brantwick offensive?').weight);
  });

  it('answers a search of two words when one is a word the corpus lacks', () => {
    const briefing = tiny({ 'a.txt': `The Brantwick mill burned down in the spring, and Brantwick families rebuilt it.\n\n${FILLER}\n` });
    expect(briefing.ask('Brantwick offensive').hits[0]?.text).toMatch(/Brantwick mill/);
  });
});
