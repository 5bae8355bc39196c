import { describe, expect, it } from 'vitest';
import { clauseShape, clauseTense } from '../../src/timeline/tense.js';

function tenseOf(sentence: string, words: string) {
  const start = sentence.indexOf(words);
  return clauseTense(sentence, start, start + words.length);
}

describe('clauseTense', () => {
  it('takes the nearest cue before the date in its clause', () => {
    expect(tenseOf('The council will vote Monday, officials said.', 'Monday')).toBe('future');
    expect(tenseOf('The council voted Monday, officials say.', 'Monday')).toBe('past');
    expect(tenseOf('The mill, which closed in June, will reopen in March.', 'June')).toBe('past');
    expect(tenseOf('The mill, which closed in June, will reopen in March.', 'March')).toBe('future');
  });

  it('looks after the date when nothing before it in its clause tells', () => {
    expect(tenseOf('On Monday, the council approved the budget.', 'Monday')).toBe('past');
    expect(tenseOf('In March, the council will approve the budget.', 'March')).toBe('future');
  });

  it('reads an auxiliary that looks ahead into the verb form after it', () => {
    expect(tenseOf('The study is due to be published in May.', 'May')).toBe('future');
    expect(tenseOf('The road will have reopened by June.', 'June')).toBe('future');
    expect(tenseOf('Figures are released Monday.', 'Monday')).toBe('present');
  });

  it('reads schedules and copulas apart', () => {
    expect(tenseOf('The lease expires Nov. 15.', 'Nov. 15')).toBe('present');
    expect(tenseOf('The final hearing is Wednesday.', 'Wednesday')).toBe('stative');
  });

  it('takes no adjective ending in -ed and no capitalised name for a verb', () => {
    expect(tenseOf('Cadets will begin advanced courses in the fall.', 'fall')).toBe('future');
    expect(tenseOf('The Fed meets Tuesday.', 'Tuesday')).toBe('present');
    expect(tenseOf('Will Harding spoke Tuesday.', 'Tuesday')).toBe('past');
  });

  it('takes no noun after a determiner or a possessive for a verb', () => {
    expect(tenseOf('The minister has met the envoy twice – once on May 16 during the envoy’s visit to Rome.', 'May 16')).toBe('past');
    expect(tenseOf('The will of the voters was clear on Tuesday.', 'Tuesday')).toBe('past');
    expect(tenseOf('The upcoming vote on Tuesday is close.', 'Tuesday')).toBe('future');
  });

  it('reads an infinitive bounded by a date as looking ahead', () => {
    expect(tenseOf('The council said it had picked three firms for the scheme to run through June.', 'June')).toBe('future');
    expect(tenseOf('The council agreed to sell its stake to Varga Holdings in October.', 'October')).toBe('past');
    expect(tenseOf('The strike lasted through June.', 'June')).toBe('past');
  });

  it('reads multi-word cues', () => {
    expect(tenseOf('She looked forward to meeting him in February.', 'February')).toBe('future');
  });

  it('gives null when the sentence has no cue', () => {
    expect(tenseOf('A busy March for the port.', 'March')).toBeNull();
  });
});

describe('clauseShape', () => {
  it('tells a clause with a verb and a subject from one without', () => {
    expect(clauseShape('and the new one was launched in 1955.')).toEqual({ hasVerb: true, opensWithVerb: false });
    expect(clauseShape('retired in 1990')).toEqual({ hasVerb: true, opensWithVerb: true });
    expect(clauseShape('and again on July 3rd in Astana.')).toEqual({ hasVerb: false, opensWithVerb: false });
  });
});
