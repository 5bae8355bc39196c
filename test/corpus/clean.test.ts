import { describe, expect, it } from 'vitest';
import { cleanArticle, cutPassages, cutText, parseArticle, splitSentences } from '../../src/corpus/index.js';

const texts = (article: ReturnType<typeof cleanArticle>) => article.paragraphs.map((p) => p.text);

describe('cleanArticle', () => {
  it('drops debris lines: players, sharing labels, comment forms, advertisements', () => {
    const cleaned = cleanArticle(
      ['Listen to this article', '', 'shared this story', '', 'The council met on Monday.', '', '- Advertisement -', '', 'It voted to close the bridge.'].join('\n'),
    );
    expect(texts(cleaned)).toEqual(['The council met on Monday.', 'It voted to close the bridge.']);
  });

  it('cuts a site footer that starts in the last half of the text', () => {
    const body = 'The harbour reopened after a long winter of repairs and arguments about money. '.repeat(3);
    const cleaned = cleanArticle([body, '', 'Support Us', '', 'If you like our work, give what you can.', '', 'TAGS: harbour, city'].join('\n'));
    expect(texts(cleaned)).toEqual([body.trim()]);
  });

  it('removes relative time stamps and image caption lines', () => {
    const cleaned = cleanArticle(['Rain fell for a week. 12 minutes ago', '', 'image captiontext, The mayor (left)', '', 'Roads closed.'].join('\n'));
    expect(texts(cleaned)).toEqual(['Rain fell for a week.', 'Roads closed.']);
  });

  it('keeps "10 days ago" inside a sentence, where it is a date and no stamp', () => {
    const cleaned = cleanArticle(['The harbour master resigned 10 days ago, the council said.', '', '3 days ago'].join('\n'));
    expect(texts(cleaned)).toEqual(['The harbour master resigned 10 days ago, the council said.']);
  });

  it('keeps headings as context for the paragraphs under them, not as paragraphs', () => {
    const cleaned = cleanArticle(['The vote was close.', '', 'What comes next', '', 'A second vote follows in May.'].join('\n'));
    expect(texts(cleaned)).toEqual(['The vote was close.', 'A second vote follows in May.']);
    expect(cleaned.paragraphs[1]!.heading).toBe('What comes next');
  });

  it('takes a headline line and a date header from the text when there is no metadata', () => {
    const cleaned = cleanArticle(['Date: 24 April 2023 Author: Jan Nowak', '', 'Harbour Reopens After Winter', '', 'The harbour reopened.'].join('\n'));
    expect(cleaned.title).toBe('Harbour Reopens After Winter');
    expect(cleaned.date).toBe('2023-04-24');
    expect(cleaned.author).toBe('Jan Nowak');
    expect(texts(cleaned)).toEqual(['The harbour reopened.']);
  });

  it('drops copies of the known headline and a breadcrumb ending with it', () => {
    const cleaned = cleanArticle(['HomeWorld newsHarbour reopens after winter', '', 'Harbour reopens after winter', '', 'The harbour reopened.'].join('\n'), 'Harbour reopens after winter');
    expect(texts(cleaned)).toEqual(['The harbour reopened.']);
  });

  it('drops a paragraph that repeats another, such as a pull quote or a key-points bullet', () => {
    const quote = 'We will rebuild the bridge before the winter comes, whatever it costs the city.';
    const cleaned = cleanArticle(
      ['Key Points', '  • We will rebuild the bridge before the winter comes, said the mayor, Ann Lee.', '', `“${quote}” said the mayor, Ann Lee, on Friday.`, '', quote, 'Ann Lee', 'mayor of the city', '', 'Work starts in June.'].join('\n'),
    );
    expect(texts(cleaned)).toEqual([`“${quote}” said the mayor, Ann Lee, on Friday.`, 'Work starts in June.']);
    expect(cleaned.lines).toContain('mayor of the city');
  });

  it('numbers paragraphs over the cleaned text', () => {
    const cleaned = cleanArticle(['Advertisement', '', 'One.', '', 'Two.'].join('\n'));
    expect(cleaned.paragraphs.map((p) => p.number)).toEqual([1, 2]);
  });

  it('joins hard-wrapped lines into one paragraph', () => {
    const cleaned = cleanArticle(
      ['The committee met for the third time this month to discuss', 'the budget of the city and the plans for the new bridge', 'that the council approved last year after a long debate.'].join('\n'),
    );
    expect(cleaned.paragraphs).toHaveLength(1);
  });
});

describe('splitSentences', () => {
  it('does not break after abbreviations and initials', () => {
    const sentences = splitSentences('U.S. Treasury Secretary Janet Yellen spoke. Prof. Ann Lee and J. Smith agreed. It rained.');
    expect(sentences.map((s) => s.text)).toEqual(['U.S. Treasury Secretary Janet Yellen spoke.', 'Prof. Ann Lee and J. Smith agreed.', 'It rained.']);
  });

  it('splits a paragraph of hundreds of thousands of characters as it splits a short one, offsets included', () => {
    const written = Array.from({ length: 6_000 }, (_, i) => `Dr. Vale filed report ${i} on the ${i % 7 === 0 ? 'U.S.' : 'harbour'} works today.`);
    const text = written.join(' ');
    expect(text.length).toBeGreaterThan(300_000);
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(written);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });
});

describe('cutPassages', () => {
  const sentence = (n: number) => `Sentence number ${n} tells a little more of the long story of the harbour and its town.`;
  const long = Array.from({ length: 24 }, (_, i) => sentence(i)).join(' ');

  it('keeps short paragraphs whole with readable ids', () => {
    const passages = cutPassages({ articleId: '007', paragraphs: [{ number: 1, text: 'Short.', heading: null }] });
    expect(passages.map((p) => p.id)).toEqual(['007#p1']);
  });

  it('cuts a long paragraph at sentence ends into parts of 300 to 700 characters', () => {
    const parts = cutText(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeGreaterThanOrEqual(300);
      expect(part.length).toBeLessThanOrEqual(700);
      expect(part).toMatch(/\.$/);
    }
    expect(parts.join(' ')).toBe(long);
  });

  it('cuts a paragraph of tiny sentences into parts within the limits', () => {
    const parts = cutText('Yes! No? '.repeat(5_000).trim());
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(700);
    expect(parts.join(' ')).toBe('Yes! No? '.repeat(5_000).trim());
  });

  it('numbers the parts of a cut paragraph', () => {
    const passages = cutPassages({ articleId: '007', paragraphs: [{ number: 2, text: long, heading: null }] });
    expect(passages[0]!.id).toBe('007#p2.1');
    expect(passages[1]!.part).toBe(2);
  });
});

describe('parseArticle', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads front matter into the citation', () => {
    const { article } = parseArticle('a/x.md', bytes('---\ntitle: "T"\nsource: Daily\ndate: 2023-04-19\ndate_estimated: true\n---\nBody text.\n'));
    expect(article).toMatchObject({ articleId: 'x', title: 'T', source: 'Daily', date: '2023-04-19', dateEstimated: true });
  });

  it('ignores malformed front matter with a warning and keeps the text', () => {
    const { article, warnings } = parseArticle('x.txt', bytes('---\ntitle: [unclosed\n---\nBody text.\n'));
    expect(article.paragraphs[0]!.text).toBe('Body text.');
    expect(warnings[0]).toMatch(/x\.txt: front matter ignored/);
  });

  it('warns about a date that is not YYYY-MM-DD', () => {
    const { article, warnings } = parseArticle('x.txt', bytes('---\ndate: last week\n---\nBody text.\n'));
    expect(article.date).toBeNull();
    expect(warnings[0]).toMatch(/not YYYY-MM-DD/);
  });

  it('refuses empty, binary and invalid UTF-8 files with the reason', () => {
    expect(() => parseArticle('e.txt', bytes(''))).toThrow(/empty/);
    expect(() => parseArticle('b.txt', Uint8Array.from([65, 0, 66]))).toThrow(/binary/);
    expect(() => parseArticle('u.txt', Uint8Array.from([0x41, 0xc3, 0x28]))).toThrow(/UTF-8/);
  });
});
