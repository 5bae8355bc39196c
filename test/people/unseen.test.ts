import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/briefing.js';
import { extractPeople } from '../../src/people/index.js';
import type { Article } from '../../src/types.js';
import { sourceOf } from './helpers.js';

const namesIn = (text: string, lines?: string[]) => extractPeople(sourceOf(text, { lines })).people.map((person) => person.name);
const personIn = (text: string, name: string) => extractPeople(sourceOf(text)).people.find((person) => person.name === name);

/** An article as the corpus reader gives it: its lines, and the paragraphs among them (lines that end a sentence). */
function article(id: string, lines: string[]): Article {
  const paragraphs = lines.filter((line) => /[.!?”"]$/.test(line)).map((text, index) => ({ number: index + 1, text, heading: null }));
  return {
    articleId: id,
    file: `${id}.txt`,
    title: `Wire ${id}`,
    source: 'Test Wire',
    date: '2024-06-01',
    dateEstimated: false,
    author: null,
    url: null,
    translatedFrom: null,
    language: 'en',
    paragraphs,
    lines,
  };
}

describe('extractPeople on wire news', () => {
  it('finds names with no cue at all by their shape, when a name list or the family name alone confirms them', () => {
    expect(namesIn('Tomasz Wielgus scored the winner after Kaito Nishimura hit the post. Nishimura limped off.')).toEqual(['Tomasz Wielgus', 'Kaito Nishimura']);
    // Two words English never writes in lower case, and nothing else: a title of a work as likely as a name.
    expect(namesIn('The choir sang Laudate Pueros before the interval.')).toEqual([]);
  });

  it('reads a lower-case position before a name as its role', () => {
    expect(personIn('The visitors lost goalkeeper Rafik Haddadi to a knee injury.', 'Rafik Haddadi')?.roles).toEqual(['goalkeeper']);
    expect(personIn('Ohio Valley left tackle Brandon Okafor signed on Monday.', 'Brandon Okafor')?.roles).toEqual(['Ohio Valley left tackle']);
  });

  it('keeps a title that is also a given name in the name when nothing makes it a title', () => {
    const batsman = personIn('The innings rested on batsman Dean Whitcombe, who made 90.', 'Dean Whitcombe');
    expect(batsman?.roles).toEqual(['batsman']);
    const dean = extractPeople(sourceOf('The university named Faculty Dean Oriel Marchetti to the panel.')).people;
    expect(dean.map((person) => person.name)).toEqual(['Oriel Marchetti']);
    expect(dean[0]!.roles).toEqual(['Faculty Dean']);
  });

  it('reads a given name that is also a common word as a name, but not any common word that some locale gives as a name', () => {
    expect(namesIn('The side fielded Tony Brackwell and Teddy Osgrave.')).toEqual(['Tony Brackwell', 'Teddy Osgrave']);
    expect(namesIn('Tickets for the Summer Paralympics sold out.')).toEqual([]);
  });

  it('reads a stop word capitalised inside a sentence before a name as a given name', () => {
    expect(namesIn('The side missed the injured Will Brackenthorpe all season.')).toEqual(['Will Brackenthorpe']);
  });

  it('takes nationality nouns, positions and ranks off the front of a name', () => {
    expect(namesIn('Swede Henrik Lundqvar equalised late.')).toEqual(['Henrik Lundqvar']);
    expect(personIn('Defender Marek Szabo was sent off.', 'Marek Szabo')?.roles).toEqual(['Defender']);
    expect(personIn('Lieutenant-General Armand Duroc took command.', 'Armand Duroc')?.roles).toEqual(['Lieutenant-General']);
  });

  it('finds a name behind a long title of capitalised words', () => {
    const bishop = personIn('Roman Catholic Bishop Tomas Ximenes Soares spoke to the crowd.', 'Tomas Ximenes Soares');
    expect(bishop?.roles).toEqual(['Roman Catholic Bishop']);
  });

  it('gives the role with its affiliation and its office as the text writes them', () => {
    expect(personIn('Trade and Industry Secretary Miriam Holloway said exports rose.', 'Miriam Holloway')?.roles).toEqual(['Trade and Industry Secretary']);
    expect(personIn('Gareth Pryce, MP for Ashbourne, asked the question.', 'Gareth Pryce')?.roles).toEqual(['MP for Ashbourne']);
    expect(personIn('Ines Barreto, Bishop of Maliana, led the prayers.', 'Ines Barreto')?.roles).toEqual(['Bishop of Maliana']);
    expect(personIn('Noted scholar Prof. Hollis Varga from the University of Eastern Wales believes prices will rise.', 'Hollis Varga')?.roles).toEqual(['Noted scholar at the University of Eastern Wales']);
  });

  it('keeps Korean and Malaysian names whole, family name first', () => {
    const people = extractPeople(sourceOf('Ko Jeong Woon and Lim Kit Siang met Moon Jae-in. Ko said little.')).people;
    expect(people.map((person) => person.name)).toEqual(['Ko Jeong Woon', 'Lim Kit Siang', 'Moon Jae-in']);
    expect(people[0]!.surname).toBe('ko');
    expect(people[0]!.passages).toEqual(['a1#p1']);
  });

  it('never takes places, firms or newspapers for people', () => {
    const text = [
      'Exporters in Ivory Coast and Santa Fe said prices were firm, La Stampa and El Mundo reported.',
      'Salomon Brothers and Dow Jones said in Prince Rupert that trade was slow.',
    ].join('\n\n');
    expect(namesIn(text)).toEqual([]);
  });

  it('counts the names on lines that are no passages, with the line as the mention', () => {
    const text = 'The final was played on Sunday.';
    const lines = [text, '1. Ilkka Rautavaara (Finland) 2:10.41', '2. Pedro Albuquerque Nunes (Portugal) 2:11.02'];
    const found = extractPeople(sourceOf(text, { lines }));
    expect(found.people.map((person) => person.name)).toEqual(['Ilkka Rautavaara', 'Pedro Albuquerque Nunes']);
    expect(found.people[0]!.passages).toEqual(['a1#l2']);
    expect(found.lines).toEqual([
      { id: 'a1#l2', text: lines[1] },
      { id: 'a1#l3', text: lines[2] },
    ]);
  });
});

describe('Briefing.who on wire news', () => {
  const briefing = buildBriefing([
    article('w1', [
      'Australia beat Sri Lanka by five wickets in Colombo on Sunday.',
      'Opener Stuart Kellaway made 74 before he was caught. Kellaway said the pitch had been slow.',
      'SCORES',
      'Australia 231-5 (S. Kellaway 74, M. Fenwright 51)',
    ]),
    article('w2', ['The State Law and Order Restoration Council said the talks would go on. Shares on the Dow Jones index rose.', 'Note - all times are local.']),
    article('w3', ['Army spokesman General Ahmed Abdel-Rahman said the border was calm.', 'Rebel leader Benjamin Kaluzi rejected the offer.']),
    article('w4', ['Delegates met in Oslo. Tjalmar Brekkvist spoke for the fishermen.', 'The hall applauded the fishermen.']),
  ]);

  it('attaches a bare surname to a person only where the context is a person’s', () => {
    const kellaway = briefing.who('Stuart Kellaway').person!;
    expect(new Set(kellaway.mentions.map((mention) => mention.articleId))).toEqual(new Set(['w1']));
    expect(briefing.who('Law').person?.name ?? null).not.toBe('Stuart Kellaway');
    for (const word of ['Law', 'Jones', 'Note']) {
      const answer = briefing.who(word);
      expect(answer.person?.mentions.some((mention) => mention.articleId === 'w2') ?? false, word).toBe(false);
    }
  });

  it('counts a results line as a mention, with the line as its text', () => {
    const fenwright = briefing.who('M. Fenwright').person!;
    expect(fenwright.mentions).toEqual([expect.objectContaining({ articleId: 'w1', id: 'w1#l4', text: 'Australia 231-5 (S. Kellaway 74, M. Fenwright 51)' })]);
    expect(briefing.who('Stuart Kellaway').person!.mentions.map((mention) => mention.id)).toContain('w1#l4');
  });

  it('finds a person by the name with or without the title the text gives', () => {
    expect(briefing.who('General Ahmed Abdel-Rahman').person?.name).toBe('Ahmed Abdel-Rahman');
    expect(briefing.who('Ahmed Abdel-Rahman').person?.name).toBe('Ahmed Abdel-Rahman');
    expect(briefing.who('Ahmed Abdel Rahman').person?.name).toBe('Ahmed Abdel-Rahman');
  });

  it('suggests, but does not answer, a person whose name contradicts the initials or the surname asked for', () => {
    const answer = briefing.who('K. Benjamin');
    expect(answer.person).toBeNull();
    expect(answer.message).toMatch(/No person named "K. Benjamin"/);
    expect(briefing.who('B. Kaluzi').person?.name).toBe('Benjamin Kaluzi');
    expect(briefing.who('Benjamin Kaluzy').person?.name).toBe('Benjamin Kaluzi');
  });

  it('answers a name the articles never describe with its mentions, not with no one', () => {
    const answer = briefing.who('Tjalmar Brekkvist');
    expect(answer.person?.name).toBe('Tjalmar Brekkvist');
    expect(answer.person?.mentions.map((mention) => mention.id)).toEqual(['w4#p1']);
    expect(answer.message).toMatch(/not described in the articles; mentioned in 1 passage/);
    expect(briefing.who('Oslo').person).toBeNull();
  });

  it('lists only people in the directory', () => {
    const names = briefing.who('', { limit: 100 }).people!.map((person) => person.name);
    expect(names).toEqual(expect.arrayContaining(['Stuart Kellaway', 'Ahmed Abdel-Rahman', 'Benjamin Kaluzi']));
    for (const thing of ['Law', 'Dow Jones', 'Jones', 'Note', 'Sri Lanka', 'Colombo', 'Oslo', 'State Law']) expect(names).not.toContain(thing);
  });
});

describe('Briefing.who on a line-up', () => {
  it('answers a name found only on a line that is no passage with that line', () => {
    const briefing = buildBriefing([article('t1', ['The squads were named on Friday.', 'Squad: Vardaxis Ormerud, Quennel Ysoldo (captain)'])]);
    const answer = briefing.who('Quennel Ysoldo');
    expect(answer.person?.mentions).toEqual([expect.objectContaining({ id: 't1#l2', text: 'Squad: Vardaxis Ormerud, Quennel Ysoldo (captain)' })]);
    expect(answer.message).toMatch(/not described in the articles/);
  });
});

describe('Briefing.who on names written with brackets, quotes or "of"', () => {
  const briefing = buildBriefing([
    article('b1', [
      'The panel heard that voters backed [Tormod] Arnesen in 1996 and [Harald T.] Vik in 2000.',
      'The series starred Karin "Kari" Dahlvang as the lawyer.',
      'The monks copied the letters of Olav of Lundemark for the abbey.',
    ]),
  ]);

  it('finds a name an editor wrote partly in brackets, and shows it without them', () => {
    expect(briefing.who('Tormod Arnesen').person?.name).toBe('Tormod Arnesen');
    expect(briefing.who('Harald T. Vik').person?.mentions.map((mention) => mention.id)).toEqual(['b1#p1']);
  });

  it('finds a name with a nickname in quotes inside it', () => {
    expect(briefing.who('Karin Kari Dahlvang').person?.mentions.map((mention) => mention.id)).toEqual(['b1#p2']);
  });

  it('finds a name joined to its place by "of"', () => {
    expect(briefing.who('Olav of Lundemark').person?.mentions.map((mention) => mention.id)).toEqual(['b1#p3']);
    expect(briefing.who('of Lundemark').person).toBeNull();
  });
});

describe('Briefing.who on names with common words, numerals or hyphenated given names in them', () => {
  const briefing = buildBriefing([
    article('c1', [
      'The army of Tsar Vasilko I crossed the river, historian Sigrun Breivik Hill wrote in her book.',
      'Councillor Brede Or was elected, as was Chan Kwok-wai from the harbour district.',
      'The novel was drawn by illustrator Tomas Christmas over two years.',
    ]),
  ]);

  it('finds each as the text writes it, capitalised, with its mentions', () => {
    for (const [name, id] of [['Vasilko I', 'c1#p1'], ['Sigrun Breivik Hill', 'c1#p1'], ['Brede Or', 'c1#p2'], ['Chan Kwok-wai', 'c1#p2'], ['Tomas Christmas', 'c1#p3']] as const) {
      expect(briefing.who(name).person?.mentions.map((mention) => mention.id), name).toEqual([id]);
    }
  });

  it('still answers no one for words the text does not write as a name', () => {
    expect(briefing.who('river historian').person).toBeNull();
    expect(briefing.who('Christmas').person).toBeNull();
    expect(briefing.who('the harbour').person).toBeNull();
  });
});
