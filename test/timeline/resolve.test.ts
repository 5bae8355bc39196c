import * as chrono from 'chrono-node';
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/timeline/index.js';

// A Wednesday, like the articles these rules were measured on.
const WEDNESDAY = '2023-04-19';

function dates(sentence: string, reference: string | null = WEDNESDAY, month: string | null = null) {
  return findDates(sentence, { reference, month }).mentions.map(({ date, endDate, approximate }) => ({ date, endDate, approximate }));
}

const exact = (date: string, endDate: string | null = null) => ({ date, endDate, approximate: false });
const approx = (date: string, endDate: string | null = null) => ({ date, endDate, approximate: true });

describe('findDates', () => {
  describe('days without a month', () => {
    it('takes the month named earlier in the sentence for "on the 6th"', () => {
      expect(dates('August saw a shift, with forces crossing the border on the 6th and advancing.', '2024-08-23')).toEqual([exact('2024-08-06')]);
    });

    it('carries the month into "on the 19th"', () => {
      expect(dates('Two weeks later on the 19th, the councillor met the minister.', '2024-08-23', '2024-08')).toEqual([exact('2024-08-19')]);
    });

    it('carries the month into "On the 20th" at the start of a sentence', () => {
      expect(dates('On the 20th, the committee met in Moscow.', '2024-08-23', '2024-08')).toEqual([exact('2024-08-20')]);
    });

    it('hands the month on to the next sentence', () => {
      const first = findDates('August saw a shift in the war.', { reference: '2024-08-23', month: null });
      expect(first.month).toBe('2024-08');
      expect(findDates('On the 22nd, the commander met the deputy.', { reference: '2024-08-23', month: first.month }).mentions[0]?.date).toBe('2024-08-22');
    });

    it('takes the latest such day on or before publication when no month was named', () => {
      expect(dates('On the 25th, the talks began.', '2024-08-23')).toEqual([exact('2024-07-25')]);
    });

    it('reads no day in "the 20th century" or "the 3rd floor"', () => {
      expect(dates('On the 3rd floor, people met.', '2024-08-23', '2024-08')).toEqual([]);
      expect(dates('In the 20th century, and on the 3rd floor, people met.', '2024-08-23', '2024-08')).toEqual([exact('1900', '1999')]);
    });

    it('gives no date for "two weeks later", which chrono alone dates from publication', () => {
      expect(chrono.parse('Two weeks later they met.', new Date('2024-08-23T12:00:00Z')).length).toBeGreaterThan(0);
      expect(dates('Two weeks later they met.', '2024-08-23', '2024-08')).toEqual([]);
    });

    it('finds "on the 6th", which chrono alone misses', () => {
      expect(chrono.parse('forces crossed the border on the 6th', new Date('2024-08-23T12:00:00Z'))).toEqual([]);
      expect(dates('Forces crossed the border on the 6th.', '2024-08-23', '2024-08')).toEqual([exact('2024-08-06')]);
    });
  });

  describe('weekdays', () => {
    it('takes the weekday on or before the publication date', () => {
      expect(dates('Wang Yi was in Moscow on Wednesday.', '2023-02-22')).toEqual([exact('2023-02-22')]);
      expect(dates('Qin Gang spoke on Tuesday.', '2023-02-22')).toEqual([exact('2023-02-21')]);
      expect(dates('The ministers met on Thursday.', '2023-02-22')).toEqual([exact('2023-02-16')]);
    });

    it('counts "last Sunday" back from publication', () => {
      expect(dates('Putin met the minister in Moscow last Sunday.')).toEqual([exact('2023-04-16')]);
      expect(dates('They met last Wednesday.')).toEqual([exact('2023-04-12')]);
    });

    it('looks forward for "next Tuesday"', () => {
      expect(dates('They will meet again next Tuesday.')).toEqual([exact('2023-04-25')]);
    });

    it('reads a weekday with its date as one date when they agree', () => {
      expect(dates('On Tuesday (April 18), the minister met Shoigu.')).toEqual([exact('2023-04-18')]);
    });

    it('keeps the date but marks it approximate when the weekday disagrees', () => {
      expect(dates('On Monday (April 18), the minister met Shoigu.')).toEqual([approx('2023-04-18')]);
    });

    it('reads a bare "Wednesday" after a noun', () => {
      expect(dates('Reports portrayed the virtual meeting Wednesday as friendly.', '2021-12-16')).toEqual([exact('2021-12-15')]);
    });
  });

  describe('ranges', () => {
    it('reads "from April 16 to 19" as a start and an end', () => {
      expect(dates('The minister visited Russia from April 16 to 19.')).toEqual([exact('2023-04-16', '2023-04-19')]);
    });

    it('reads "from July 9th to 13th"', () => {
      expect(dates('The chairman visited Russia from July 9th to 13th, meeting Putin.', '2024-08-23')).toEqual([exact('2024-07-09', '2024-07-13')]);
    });

    it('reads a range of days without a month from the context', () => {
      expect(dates('The talks ran from the 16th to the 19th.', WEDNESDAY, '2023-04')).toEqual([exact('2023-04-16', '2023-04-19')]);
    });
  });

  describe('months and years', () => {
    it('reads a month and year at month precision', () => {
      expect(dates('His appointment in March 2023 was welcomed.')).toEqual([exact('2023-03')]);
      expect(dates('Since the invasion in February 2022, China has denied it.')).toEqual([exact('2022-02')]);
    });

    it('takes "last February" as the latest February before the publication month, where chrono alone takes this one', () => {
      const alone = chrono.parse('since last February', new Date('2023-02-22T12:00:00Z'))[0];
      expect(alone?.start.get('year')).toBe(2023);
      expect(dates('Ties have been under scrutiny since last February, when they met.', '2023-02-22')).toEqual([exact('2022-02')]);
      expect(dates('Ties have been under scrutiny since last February.', '2023-11-02')).toEqual([exact('2023-02')]);
    });

    it('takes a month without a year nearest the publication date', () => {
      expect(dates('They will meet at the Olympics in Beijing in February.', '2021-12-16')).toEqual([exact('2022-02')]);
    });

    it('reads bare years after a preposition, which chrono alone misses', () => {
      expect(chrono.parse('Since 2018, he has been sanctioned.', new Date('2023-04-19T12:00:00Z'))).toEqual([]);
      expect(dates('Since 2018, he has been sanctioned.')).toEqual([exact('2018')]);
      expect(dates('The crisis is greater than that In 1991 the Soviet Union collapsed.')).toEqual([exact('1991')]);
      expect(dates('Ukraine has wanted to join NATO since 2002, but Russia objects.')).toEqual([exact('2002')]);
    });

    it('reads no year in a count', () => {
      expect(dates('They share a 2,500-mile border and 2000 troops.')).toEqual([]);
    });

    it('keeps a month named as a verb out of the dates', () => {
      expect(dates('China may march on with its plans.')).toEqual([]);
    });
  });

  describe('seasons and vague spans', () => {
    it('keeps the span of "in the fall" and marks it approximate', () => {
      expect(dates('Officers will start courses in the fall.')).toEqual([approx('2023-09', '2023-11')]);
    });

    it('takes "last winter" as the winter before publication', () => {
      expect(dates('Prices rose last winter.', '2023-06-01')).toEqual([approx('2022-12', '2023-02')]);
    });

    it('reads "last week" and "this week" as Monday-to-Sunday spans', () => {
      expect(dates('Last week, Reuters quoted an adviser.')).toEqual([approx('2023-04-10', '2023-04-16')]);
      expect(dates('Biden made a surprise visit this week.', '2023-02-22')).toEqual([approx('2023-02-20', '2023-02-26')]);
    });

    it('reads "a year ago" as the year before publication, approximate', () => {
      expect(dates('Since the start of the war a year ago, China has refrained.', '2023-02-22')).toEqual([approx('2022')]);
    });

    it('gives no date for "over the past two months", which says how long, not when', () => {
      expect(dates('Over the past two months, trade grew.', '2024-08-23')).toEqual([]);
    });

    it('lets an exact date in the same sentence stand for the vague span', () => {
      expect(dates('Over the past two months, Xi met Putin on May 16th.', '2024-08-23')).toEqual([exact('2024-05-16')]);
    });

    it('reads "this year" as the publication year, approximate', () => {
      expect(dates('This year, troops massed at the border.', '2021-12-16')).toEqual([approx('2021')]);
    });
  });

  describe('no event', () => {
    it.each([
      'Recently, officials have been visiting Russia.',
      'Earlier, the spokesperson said so.',
      'Xi visited Russia not long ago.',
      'China will release a paper in the coming days.',
      'It now seems the opposite.',
      'Posted 33 minutes ago by the desk.',
      'Several weeks later, the talks resumed.',
    ])('gives no date for %j', (sentence) => {
      expect(dates(sentence)).toEqual([]);
    });

    it('gives no date for "33 minutes ago" or "now", which chrono alone dates', () => {
      expect(chrono.parse('33 minutes ago', new Date('2023-04-19T12:00:00Z')).length).toBe(1);
      expect(dates('Updated 33 minutes ago, the page says China acts now.')).toEqual([]);
    });

    it('skips an article dateline', () => {
      expect(dates('date 2023-04-19 33 minutes ago')).toEqual([]);
      expect(dates('Date: 24 April 2023 Author: Grzegorz')).toEqual([]);
    });
  });

  describe('without a publication date', () => {
    it('keeps only absolute dates', () => {
      expect(dates('Since 2018, he was sanctioned in March 2023, on Tuesday and last week.', null)).toEqual([exact('2018'), exact('2023-03')]);
    });

    it('drops a month without a year', () => {
      expect(dates('They met in February.', null)).toEqual([]);
    });
  });
});

describe('findDates on ordinary prose', () => {
  it('reads no date in a time of day', () => {
    expect(dates('In the kitchen, his wife was reading the morning paper.')).toEqual([]);
    expect(dates('He came home in the evening tired.')).toEqual([]);
  });

  it('reads no date in a kind of weekday', () => {
    expect(dates('A Sunday evening program provides lectures.')).toEqual([]);
    expect(dates('They meet every Tuesday at the hall.')).toEqual([]);
  });

  it('still reads "yesterday" as the day before publication', () => {
    expect(dates('The ambassador yesterday described the crisis.')).toEqual([exact('2023-04-18')]);
  });
});
