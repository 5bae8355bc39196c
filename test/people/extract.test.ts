import { describe, expect, it } from 'vitest';
import { createPeopleIndex, extractPeople } from '../../src/people/index.js';
import { sourceOf } from './helpers.js';

const namesIn = (text: string, lines?: string[]) => extractPeople(sourceOf(text, { lines })).people.map((person) => person.name);
const personIn = (text: string, name: string, lines?: string[]) => extractPeople(sourceOf(text, { lines })).people.find((person) => person.name === name);

describe('extractPeople', () => {
  it('takes the role from an apposition after the name', () => {
    const person = personIn('Maria Okonkwo, a professor of economics at the University of Lagos, said prices would rise.', 'Maria Okonkwo');
    expect(person?.roles).toEqual(['professor of economics at the University of Lagos']);
  });

  it('takes the title before the name as its role', () => {
    const person = personIn('Kenyan Finance Minister Odhiambo Mwangi met bankers on Monday.', 'Odhiambo Mwangi');
    expect(person?.roles).toEqual(['Kenyan Finance Minister']);
    expect(person?.forms).toContain('Minister Odhiambo Mwangi');
  });

  it('reads a name line followed by a lower-case role line as a byline block', () => {
    const text = 'Trade will slow next year, the report says.';
    const lines = [text, 'Harriet Lindqvist', 'senior economist, Nordic Credit Bank'];
    expect(personIn(text, 'Harriet Lindqvist', lines)?.roles).toEqual(['senior economist, Nordic Credit Bank']);
  });

  it('gives a surname alone to the person named in full earlier', () => {
    const person = personIn('Analyst Tobias Brennan expects a deal. Brennan said talks would resume in June.', 'Tobias Brennan');
    expect(person?.passages).toEqual(['a1#p1']);
    expect(person?.statements).toContain('Brennan said talks would resume in June.');
    expect(person?.quotes).toEqual([]);
    expect(namesIn('Analyst Tobias Brennan expects a deal. Brennan said talks would resume in June.')).toEqual(['Tobias Brennan']);
  });

  it('attributes a quote to the speaker of the sentence before', () => {
    const text = [
      '“The harvest is the worst in a decade,” said Ingrid Solberg, an analyst at Fjord Research.',
      '“Farmers will need help before the winter comes,” she said.',
    ].join('\n\n');
    expect(personIn(text, 'Ingrid Solberg')?.quotes).toEqual(['The harvest is the worst in a decade', 'Farmers will need help before the winter comes']);
  });

  it('keeps two people who share a surname apart', () => {
    const text = 'Foreign Minister Zhang Wei met Commerce Minister Zhang Hua in Beijing. Zhang Hua said exports were strong.';
    const people = extractPeople(sourceOf(text)).people;
    expect(people.map((person) => person.name)).toEqual(['Zhang Wei', 'Zhang Hua']);
    expect(people[1]!.statements).toHaveLength(1);
    expect(people[0]!.statements).toHaveLength(0);
  });

  it('finds Chinese names without any other cue', () => {
    expect(namesIn('Talks between Liu Jianchao and Zhou Xiaochuan went on until late.')).toEqual(['Liu Jianchao', 'Zhou Xiaochuan']);
  });

  it('reads reported speech as a statement of the speaker, never as a quote', () => {
    const person = personIn('Economist Rafael Ortega believes that rates will fall.', 'Rafael Ortega');
    expect(person?.statements).toEqual(['Economist Rafael Ortega believes that rates will fall.']);
    expect(person?.quotes).toEqual([]);
  });

  it('quotes only the words the article puts in quotation marks', () => {
    const text = 'Mayor Inês Calado said the bridge would open in May. “We have waited long enough for this bridge,” she said.';
    const person = personIn(text, 'Inês Calado');
    expect(person?.quotes).toEqual(['We have waited long enough for this bridge']);
    expect(person?.statements).toEqual(['Mayor Inês Calado said the bridge would open in May.']);
    for (const quote of person?.quotes ?? []) expect(text).toContain(`“${quote},”`);
  });

  it('returns data that survives a JSON round trip', () => {
    const extracted = extractPeople(sourceOf('Prime Minister Alia Haddad said the budget was balanced.'));
    expect(JSON.parse(JSON.stringify(extracted))).toEqual(extracted);
  });
});

describe('extractPeople on news text it has never seen', () => {
  const text = `
GENEVA — Swiss President Viola Amherd opened the conference on Tuesday, while the Kremlin said it would not send a delegation.

Key Points

“We are not here to sign anything,” said Ursula von der Leyen, president of the European Commission. Von der Leyen added that the talks were a first step.

Analysts at Eurasia Group said the absence of Moscow weakened the meeting. Rand Corp said in a note that sanctions were working.

Bonnie Glaser, managing director of the Indo-Pacific program at the German Marshall Fund, pointed out that Beijing stayed away as well. Chinese Foreign Ministry spokesperson Mao Ning said China supported “all efforts conducive to peace.”

Support Us

Former Estonian Prime Minister Kaja Kallas told reporters that Europe must keep helping Ukraine. Kallas, who now leads the EU’s foreign service, spoke after Turkish Foreign Minister Hakan Fidan.
`;
  const expected = ['Viola Amherd', 'Ursula von der Leyen', 'Bonnie Glaser', 'Mao Ning', 'Kaja Kallas', 'Hakan Fidan'];
  const debris = ['Key Points', 'Rand Corp', 'Eurasia Group', 'Kremlin', 'Moscow', 'Support Us', 'Support', 'Geneva', 'GENEVA'];

  it('finds the people with precision and recall of at least 0.9', () => {
    const found = extractPeople(sourceOf(text)).people.map((person) => person.name);
    const hits = found.filter((name) => expected.includes(name));
    const precision = hits.length / Math.max(1, found.length);
    const recall = hits.length / expected.length;
    if (precision < 0.9 || recall < 0.9) {
      console.log('not found:', expected.filter((name) => !found.includes(name)), 'not people:', found.filter((name) => !expected.includes(name)));
    }
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('never takes organisations, places or page debris for people', () => {
    const source = sourceOf(text);
    const index = createPeopleIndex((id) => source.passages.find((passage) => passage.id === id)?.text ?? '');
    index.setArticle(source);
    for (const name of debris) expect(index.who(name).person?.name ?? null, name).toBeNull();
    const found = extractPeople(sourceOf(text)).people.map((person) => person.name.toLowerCase());
    for (const name of debris) expect(found).not.toContain(name.toLowerCase());
  });
});
