import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/timeline/index.js';

// A Thursday and a Friday: wire copy of two years, dated by the desk that filed it.
const THURSDAY = '1989-11-02';
const FRIDAY = '1998-02-06';

function dates(sentence: string, reference: string | null = THURSDAY, month: string | null = null) {
  return findDates(sentence, { reference, month }).mentions.map(({ date, endDate, approximate }) => ({ date, endDate, approximate }));
}

/** The dates with the words each was read from. */
function read(sentence: string, reference: string | null = THURSDAY) {
  return findDates(sentence, { reference, month: null }).mentions.map((m) => [sentence.slice(m.start, m.end).trim(), m.date, m.endDate]);
}

const exact = (date: string, endDate: string | null = null) => ({ date, endDate, approximate: false });
const approx = (date: string, endDate: string | null = null) => ({ date, endDate, approximate: true });

describe('findDates on wire copy', () => {
  describe('a month or day without a year', () => {
    it('takes the latest such month on or before the article when the clause narrates the past', () => {
      expect(dates('The treasurer of Halvorsen Mills stepped down in March after a dispute.')).toEqual([exact('1989-03')]);
      expect(dates('Deliveries resumed in early August.', '2013-03-22')).toEqual([exact('2012-08')]);
      expect(dates('The mill closed in November.')).toEqual([exact('1989-11')]);
    });

    it('takes the next such month when the clause looks ahead', () => {
      expect(dates('The Ostrava plant will reopen in March.')).toEqual([exact('1990-03')]);
      expect(dates('A second report is due in March.')).toEqual([exact('1990-03')]);
      expect(dates('The vote was postponed until next March.')).toEqual([exact('1990-03')]);
      expect(dates('The council wants the bridge finished by October.', '2024-08-23')).toEqual([exact('2024-10')]);
    });

    it('places a day without a year by the same rule', () => {
      expect(dates('The contract was signed Oct. 30.')).toEqual([exact('1989-10-30')]);
      expect(dates('The contract was signed Dec. 30.')).toEqual([exact('1988-12-30')]);
      expect(dates('Deliveries will begin Dec. 1.')).toEqual([exact('1989-12-01')]);
      expect(dates('The offer expires Jan. 15.')).toEqual([exact('1990-01-15')]);
    });

    it('takes the year a sentence names before the date', () => {
      expect(dates('In 1958, the club was 3-10 on May 1.')).toEqual([exact('1958-05-01')]);
      expect(dates('Last year, sales peaked in March, and this year they will peak in June.')).toEqual([exact('1988-03'), exact('1989-06')]);
    });

    it('takes the nearer date when a copula tells no side', () => {
      expect(dates('The deadline is Nov. 15.')).toEqual([exact('1989-11-15')]);
      expect(dates('Unemployment is 5.3%, up from 5.1% in September.')).toEqual([exact('1989-09')]);
    });

    it('reads a list of days as days of one month, not a day and a year', () => {
      expect(dates('The races were held Sept. 23, 24 and 30.')).toEqual([exact('1989-09-23')]);
      expect(dates('The show, which runs through Dec. 3, is free.')).toEqual([exact('1989-12-03')]);
    });

    it('lends no fiscal year to a day, since a fiscal year starts in the year before', () => {
      expect(dates('In fiscal 1990, which began Oct. 1, the mill plans to hire.')).toEqual([exact('1990'), exact('1989-10-01')]);
    });

    it('reads the tense of the clause that holds the date, not of the sentence', () => {
      expect(read('The mill, which closed in June, will reopen in March.')).toEqual([
        ['June', '1989-06', null],
        ['March', '1990-03', null],
      ]);
    });
  });

  describe('a weekday by the tense of its clause', () => {
    it('takes the weekday after the article when the clause looks ahead', () => {
      expect(dates('Mr. Okafor will meet the envoy Monday in Lagos, aides said.', FRIDAY)).toEqual([exact('1998-02-09')]);
      expect(dates('The two delegations meet Tuesday.', FRIDAY)).toEqual([exact('1998-02-10')]);
      expect(dates('The final hearing is Wednesday.', FRIDAY)).toEqual([exact('1998-02-11')]);
    });

    it('takes the weekday before it when the clause narrates the past', () => {
      expect(dates('Mr. Okafor met the envoy Monday in Lagos.', FRIDAY)).toEqual([exact('1998-02-02')]);
      expect(dates('The delegations had agreed on Tuesday to keep talking.', FRIDAY)).toEqual([exact('1998-02-03')]);
    });

    it('gives each weekday of a sentence its own clause', () => {
      expect(read('The company said Friday it would report results Monday.')).toEqual([
        ['Friday', '1989-10-27', null],
        ['Monday', '1989-11-06', null],
      ]);
    });

    it('takes "this Sunday" as the coming one and a plan in the present as ahead', () => {
      expect(dates('Organisers said this Sunday will be the last market.', FRIDAY)).toEqual([exact('1998-02-08')]);
      expect(dates('The Harriers have a home game Saturday.', FRIDAY)).toEqual([exact('1998-02-07')]);
      expect(dates('The Harriers have played at home since Saturday.', FRIDAY)).toEqual([exact('1998-01-31')]);
    });

    it('takes the publication day for its own weekday either way', () => {
      expect(dates('The board voted Friday.', FRIDAY)).toEqual([exact(FRIDAY)]);
      expect(dates('The board will vote Friday.', FRIDAY)).toEqual([exact(FRIDAY)]);
    });
  });

  describe('a weekday with a part of the day', () => {
    it('reads "Friday night" and "Tuesday morning" as their days', () => {
      expect(dates('The envoy landed Friday night and left Tuesday morning.', FRIDAY)).toEqual([exact('1998-02-06'), exact('1998-02-03')]);
      expect(dates('Talks resume Tuesday morning.', FRIDAY)).toEqual([exact('1998-02-10')]);
    });

    it('reads "last night" and "this morning" against the article', () => {
      expect(dates('Last night, rebels shelled the port.')).toEqual([exact('1989-11-01')]);
      expect(dates('This morning the exchange opened lower.')).toEqual([exact(THURSDAY)]);
    });
  });

  describe('bare years', () => {
    it('reads a year that qualifies a noun, a fiscal year and a year of a period', () => {
      expect(dates('A 1986 law set the quotas.')).toEqual([exact('1986')]);
      expect(dates('The 1962 grain embargo still stands.')).toEqual([exact('1962')]);
      expect(dates('Earnings for fiscal 1989 rose 12%.')).toEqual([exact('1989')]);
      expect(dates("The crash of 1987 and 1987's panic are remembered.")).toEqual([exact('1987'), exact('1987')]);
    });

    it('reads a range of years, with a short end', () => {
      expect(dates('The drought of 1983-1985 emptied the valley.')).toEqual([exact('1983', '1985')]);
      expect(dates('The survey of 1931-32 mapped the coast.')).toEqual([exact('1931', '1932')]);
      expect(dates('Prices were stable between 1980 and 1984.')).toEqual([exact('1980', '1984')]);
    });

    it('reads no year in a count, a measure, a price, a number or a clock time', () => {
      expect(dates('The floods killed 1,996 people and cost $1996 a household.')).toEqual([]);
      expect(dates('The home side ran up a score of 1998 points.')).toEqual([]);
      expect(dates('About 2000 protesters marched, some 1900 miles from the capital.')).toEqual([]);
      expect(dates('The passengers of Flight 1990 and No. 1988 landed safely.')).toEqual([]);
      expect(dates('The patrol left at 2100 GMT.')).toEqual([]);
      expect(dates('The index closed at 1988.26.')).toEqual([]);
    });

    it('lets a year that qualifies a noun yield to the date of what the sentence tells', () => {
      expect(read('The last surviving member of the 1956 crew died in May.')).toEqual([['May', '1989-05', null]]);
      expect(read('The last surviving member of the 1956 crew died in May.', null)).toEqual([]);
    });
  });

  describe('fractions and scores', () => {
    it('reads no date in a price or a fraction', () => {
      expect(dates('Brandt Holdings shares fell 7/8 Thursday to 32 1/2.')).toEqual([exact('1989-11-02')]);
      expect(dates('Output is 2 1/2 times higher than in 3/4 of the plants.')).toEqual([]);
    });

    it('still reads a numeric date with its year', () => {
      expect(dates('The filing is dated 8/15/89.')).toEqual([exact('1989-08-15')]);
    });
  });

  describe('capitalised words that are no date', () => {
    it('reads no weekday in a company name, an abbreviation or a verb', () => {
      expect(dates("Sun's results disappointed analysts.")).toEqual([]);
      expect(dates('The pair wed in a small chapel.')).toEqual([]);
      expect(dates('Black Monday still haunts the floor.')).toEqual([]);
    });

    it('reads no season in a verb or a name', () => {
      expect(dates('Old empires will fall to dust.')).toEqual([]);
      expect(dates('After the fall of the city, trade stopped.')).toEqual([]);
      expect(dates('Clocks change at the start of British Summer Time.')).toEqual([]);
    });

    it('reads no month in a name, a noun or an adjective', () => {
      expect(dates('May said the plan would work.')).toEqual([]);
      expect(dates('The March on the capital drew thousands.')).toEqual([]);
      expect(dates('He joined an August body of scholars.')).toEqual([]);
    });

    it('still reads the month where a preposition or a verb shows it', () => {
      expect(dates('Trading slowed in May.')).toEqual([exact('1989-05')]);
      expect(dates('March was the wettest month on record.')).toEqual([exact('1989-03')]);
      expect(dates('Prices fell in the spring.')).toEqual([approx('1989-03', '1989-05')]);
    });
  });

  describe('dates against the article date', () => {
    it('keeps the year of "June last year" and "March 3 next year"', () => {
      expect(dates('Prices peaked in June last year.')).toEqual([exact('1988-06')]);
      expect(dates('The line opens March 3 next year.')).toEqual([exact('1990-03-03')]);
    });

    it('takes "last April" as the latest April before the article month', () => {
      expect(dates('Sales rose last April.')).toEqual([exact('1989-04')]);
      expect(dates('Sales rose last April.', '1989-03-15')).toEqual([exact('1988-04')]);
    });

    it('reads "a year earlier" and "the previous week" against the article', () => {
      expect(dates('Net income was $5 million, up from $4 million a year earlier.')).toEqual([approx('1988')]);
      expect(dates('Output fell the previous week.')).toEqual([approx('1989-10-23', '1989-10-29')]);
    });

    it('counts "a year earlier" from a year the sentence names before it', () => {
      expect(dates('In 1975 the dam failed; a year earlier, engineers had warned of cracks.')).toEqual([exact('1975'), approx('1974')]);
    });

    it('gives no date for a comparison or a count from another event', () => {
      expect(dates('The season began a month earlier than usual.')).toEqual([]);
      expect(dates('Sales that month were up 2.5% from the month before.')).toEqual([]);
      expect(dates('The next day, the crew sailed home.')).toEqual([]);
    });
  });

  describe('"N units ago"', () => {
    it('gives the unit its own precision', () => {
      expect(dates('The firm was founded two years ago.')).toEqual([approx('1987')]);
      expect(dates('The strike began three months ago.')).toEqual([approx('1989-08')]);
      expect(dates('The strike began three weeks ago.')).toEqual([approx('1989-10-09', '1989-10-15')]);
      expect(dates('The mayor resigned 10 days ago, officials said.')).toEqual([exact('1989-10-23')]);
    });
  });

  describe('quarters, halves, seasons, weeks and weekends', () => {
    it('reads a quarter as its three months, in the year named or the one the clause means', () => {
      expect(dates('Profit rose in the third quarter.')).toEqual([exact('1989-07', '1989-09')]);
      expect(dates('The company expects fourth-quarter earnings to improve.')).toEqual([exact('1989-10', '1989-12')]);
      expect(dates('Shipments will pick up in the first quarter.')).toEqual([exact('1990-01', '1990-03')]);
      expect(dates('Sales in the second quarter of 1987 fell.')).toEqual([exact('1987-04', '1987-06')]);
      expect(dates("Revenue for Q3 2024 beat 2023's third quarter.")).toEqual([exact('2024-07', '2024-09'), exact('2023-07', '2023-09')]);
      expect(dates('The loss widened in the quarter ended Sept. 30.')).toEqual([exact('1989-07', '1989-09')]);
    });

    it('reads the current, last and next quarter against the article', () => {
      expect(dates('Margins narrowed last quarter and will widen this quarter.')).toEqual([exact('1989-07', '1989-09'), exact('1989-10', '1989-12')]);
    });

    it('reads a half as its six months', () => {
      expect(dates('Sales fell in the first half.')).toEqual([exact('1989-01', '1989-06')]);
      expect(dates('Growth will slow in the second half of 1990.')).toEqual([exact('1990-07', '1990-12')]);
      expect(dates('They led in the first half of the match.')).toEqual([]);
    });

    it('reads weekends as Saturday and Sunday', () => {
      expect(dates('Crowds gathered this weekend.', FRIDAY)).toEqual([exact('1998-02-07', '1998-02-08')]);
      expect(dates('Trading was light over the weekend.', FRIDAY)).toEqual([exact('1998-01-31', '1998-02-01')]);
      expect(dates('The talks will go on over the weekend.', FRIDAY)).toEqual([exact('1998-02-07', '1998-02-08')]);
      expect(dates('Fans rioted last weekend.', FRIDAY)).toEqual([exact('1998-01-31', '1998-02-01')]);
    });

    it('reads "the week of" a day as that Monday-to-Sunday week', () => {
      expect(dates('The vote is set for the week of Nov. 13.')).toEqual([exact('1989-11-13', '1989-11-19')]);
    });

    it('reads seasons by the tense of their clause', () => {
      expect(dates('Work will start in the spring.')).toEqual([approx('1990-03', '1990-05')]);
      expect(dates('A summit could be held in the spring.')).toEqual([approx('1990-03', '1990-05')]);
      expect(dates('Fighting went on through the summer and into the fall.')).toEqual([approx('1989-06', '1989-08'), approx('1989-09', '1989-11')]);
    });

    it('reads decades and centuries as their years', () => {
      expect(dates('In the 1970s the port grew.')).toEqual([exact('1970', '1979')]);
      expect(dates("The rule dates from the '60s.")).toEqual([exact('1960', '1969')]);
      expect(dates('The hall opened in the mid-1980s.')).toEqual([approx('1980', '1989')]);
      expect(dates('The 19th-century mill burned down.')).toEqual([exact('1800', '1899')]);
      expect(dates("The building boom of the 1920's beat 1960's record.")).toEqual([exact('1920', '1929'), exact('1960')]);
    });

    it('reads the end of the year by the tense of its clause', () => {
      expect(dates('Rates will rise by the end of the year.')).toEqual([approx('1989')]);
      expect(dates('Rates rose at the end of the year.', '1990-02-10')).toEqual([approx('1989')]);
    });
  });

  describe('durations', () => {
    it('gives no date for a span that says how long', () => {
      expect(dates('Over the past two years, the mill doubled its output.')).toEqual([]);
      expect(dates('Prices will climb over the next decade.')).toEqual([]);
    });

    it('reads "in the past week" as last week', () => {
      expect(dates('Six cases were reported in the past week.')).toEqual([approx('1989-10-23', '1989-10-29')]);
    });
  });

  describe('sentences of the story', () => {
    it('reads a sentence that opens with "Published" as a sentence, not a dateline', () => {
      expect(dates('Published reports said Monday that the mill would close.')).toEqual([exact('1989-10-30')]);
    });
  });

  describe('an article without a date', () => {
    it('places no expression that needs the publication date', () => {
      for (const sentence of [
        'The ambassador left yesterday.',
        'The talks resume Tuesday morning.',
        'Crowds gathered this weekend.',
        'Profit rose in the third quarter.',
        'The mill closed in November.',
        'The strike began three weeks ago.',
        'Prices peaked in June last year.',
        'Rates will rise by the end of the year.',
        'Net income was $5 million, up from $4 million a year earlier.',
      ]) {
        expect(dates(sentence, null)).toEqual([]);
      }
    });

    it('still places the dates that carry their own year', () => {
      expect(dates('Profit rose in the third quarter of 1987, as it had in the 1970s.', null)).toEqual([exact('1987-07', '1987-09'), exact('1970', '1979')]);
      expect(dates('A 1986 law set the quotas.', null)).toEqual([exact('1986')]);
    });
  });
});
