import { describe, expect, it } from 'vitest';
import { cleanArticle, parseArticle } from '../../src/corpus/index.js';

// Scraped pages, written for these tests: every visible block of a page on its own line,
// menus, teasers, comments and footers included.
const texts = (cleaned: ReturnType<typeof cleanArticle>) => cleaned.paragraphs.map((p) => p.text);
const page = (...blocks: string[]) => blocks.join('\n\n');

const MENU = ['Home', 'News', 'Sport', 'Weather', 'Business', 'Culture', 'Travel', 'Video', 'Newsletters', 'Search'];
const ARTICLE = [
  'The harbour of Nordby reopened on Monday after a winter of repairs that closed it to every ship for four months.',
  'Engineers rebuilt the north wall, which storms had cracked in two places, and dredged the channel to its old depth so that ferries can dock again.',
  'The first ferry of the season left for the islands at seven in the morning with forty passengers and a lorry of timber on board.',
];
const TEASERS = [
  'Ferry fares to rise in spring',
  '12 March 2024',
  'Town council elects a new mayor',
  '11 March 2024',
  'The council chose a former teacher to lead the town for the next four years.',
  'Lighthouse keeper retires after forty years',
  '10 March 2024',
  'Storm warning for the coast this weekend',
  '9 March 2024',
];

describe('cleanArticle on a scraped page', () => {
  it('drops the menus above the article and the teasers below it', () => {
    const cleaned = cleanArticle(page(...MENU, 'Harbour reopens after winter', ...ARTICLE, 'More from Nordby', ...TEASERS, '© 2024 Nordby Post'), 'Harbour reopens after winter');
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('ends the article at a marker in the first half of the text, when teasers follow it', () => {
    const manyTeasers = Array.from({ length: 6 }, () => TEASERS).flat();
    const cleaned = cleanArticle(page(...ARTICLE, 'Related stories', ...manyTeasers, 'About us', 'Contact'));
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('ends the article at a comment header, though the comments are prose', () => {
    const comments = ['Ana', 'Finally! I have waited all winter to take the boat to see my sister on the island.', 'Reply', 'Tom', 'The new wall looks solid, but the parking by the pier is still a mess every single morning.'];
    const cleaned = cleanArticle(page(...ARTICLE, '2 Comments', ...comments));
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('drops a box of links inside the article and keeps the article below it', () => {
    const more = [
      'The harbour master said the repairs had cost less than planned, because the stone of the old wall could be used again for most of the new one, and the weather in February had been kind to the divers.',
      'Fishing boats will return to the inner basin next week, once the last of the cranes has been taken down and the pontoons have been checked by the coast guard.',
      'A festival to mark the reopening is planned for the first weekend of May, with music on the quay, a market and boat trips around the bay for children.',
    ];
    const cleaned = cleanArticle(page(...ARTICLE, 'Related', 'Ferry fares to rise in spring', 'Lighthouse keeper retires', ...more));
    expect(texts(cleaned)).toEqual([...ARTICLE, ...more]);
  });

  it('ends the article at a sign-up prompt followed by teasers', () => {
    const cleaned = cleanArticle(page(...ARTICLE, 'Want more stories like this?', 'Every day we send the best of the Post to your inbox.', 'Subscribe', ...TEASERS));
    expect(texts(cleaned)).toEqual(ARTICLE);
  });
});

describe('cleanArticle patterns', () => {
  const clean = (...debris: string[]) => texts(cleanArticle(page(ARTICLE[0]!, ...debris, ARTICLE[1]!, ARTICLE[2]!)));

  it('drops cookie notices', () => {
    expect(clean('We use cookies to give you the best experience on our website.', 'By continuing to use this site, you agree to our cookie policy.', 'Accept all cookies')).toEqual(ARTICLE);
  });

  it('drops newsletter prompts beyond short "Sign up" lines', () => {
    expect(
      clean(
        'I agree that the Nordby Post can send me the Morning Tide newsletter.',
        "There's plenty more where that came from. Sign up for the Morning Tide today to get it in your inbox every day.",
        'Thanks for signing up!',
      ),
    ).toEqual(ARTICLE);
  });

  it('drops caption credits', () => {
    expect(
      clean(
        'FILE PHOTO: A ferry leaves the harbour in Nordby, Norway, May 2, 2021. REUTERS/Ana Vale',
        'Credit...Ana Vale/The Nordby Times',
        '(Image credit: Tom Roe)',
        'The rebuilt north wall at dawn (Photo by Ana Vale)',
      ),
    ).toEqual(ARTICLE);
  });

  it('drops a caption next to its photo credit, and a gallery caption said twice', () => {
    const caption = 'Harbour master Ana Vale, left, and engineer Tom Roe walk the new wall in Nordby, Monday, March 11, 2024.';
    expect(clean(caption, 'Photo: Per Lund, AP')).toEqual(ARTICLE);
    expect(clean(caption, 'Image 1 of 4', caption)).toEqual(ARTICLE);
  });

  it('drops a caption marked "Above:" next to an "Image Credit:" line', () => {
    expect(clean('Above: The rebuilt north wall of the harbour at dawn.', 'Image Credit: Nordby Port Authority')).toEqual(ARTICLE);
  });

  it('ends the article at a "Trending News" header followed by teasers', () => {
    const cleaned = cleanArticle(page(...ARTICLE, 'Trending News', ...TEASERS));
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('drops a byline below the first four lines', () => {
    const cleaned = cleanArticle(page(...MENU.slice(0, 6), 'Harbour reopens after winter', 'By Ana Vale and Tom Roe', ...ARTICLE));
    expect(texts(cleaned)).toEqual(ARTICLE);
    expect(cleaned.author).toBe('Ana Vale and Tom Roe');
  });

  it('drops date stamps and reads the first as the date', () => {
    const cleaned = cleanArticle(page('Harbour reopens after winter', 'Updated 4:10 PM EST, Monday, March 11, 2024', ...ARTICLE, 'March 12, 2024 | 9:30am'));
    expect(texts(cleaned)).toEqual(ARTICLE);
    expect(cleaned.date).toBe('2024-03-11');
  });
});

describe('cleanArticle menus and breadcrumbs', () => {
  it('takes menu lines ending in a period for menu lines', () => {
    const cleaned = cleanArticle(page(ARTICLE[0]!, 'U.S.', 'U.N.', 'World', ARTICLE[1]!, ARTICLE[2]!));
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('drops a breadcrumb without separators that ends with the headline, below the third line', () => {
    const title = 'Harbour reopens after a winter of repairs';
    const cleaned = cleanArticle(page('Skip to content', 'Menu', 'Search', 'Log in', `Home News Local News ${title}`, title, ...ARTICLE), title);
    expect(texts(cleaned)).toEqual(ARTICLE);
  });

  it('drops the headline said again in other words above the text', () => {
    const title = 'Nordby harbour reopens after winter repairs';
    const longer = 'Nordby harbour reopens to ferries after winter repairs closed it';
    const cleaned = cleanArticle(page(longer, ...ARTICLE), title, { explain: true });
    expect(texts(cleaned)).toEqual(ARTICLE);
    expect(cleaned.dropped).toContainEqual(expect.objectContaining({ text: longer, reason: 'the headline in other words' }));
  });

  it('keeps a heading below the top that shares the headline’s words', () => {
    const title = 'Nordby harbour reopens after winter repairs';
    const heading = 'After the winter repairs: what Nordby harbour reopens next';
    const later = 'The harbour master said the works came in under budget and a month ahead of the plan drawn up last year.';
    const cleaned = cleanArticle(page(...ARTICLE, heading, later), title);
    expect(cleaned.paragraphs.at(-1)!.heading).toBe(heading);
  });

  it('keeps a first paragraph that merely ends with the headline’s words', () => {
    const first = 'Every morning the harbour office posts a printed table of the day’s tides.';
    const cleaned = cleanArticle(page(first, ...ARTICLE), 'Tides');
    expect(texts(cleaned)).toEqual([first, ...ARTICLE]);
  });
});

describe('cleanArticle lists', () => {
  const intro = ARTICLE[0]!;
  const outro = ARTICLE[1]!;

  it('keeps a run of score lines as one passage', () => {
    const scores = ['Nordby d. Vik 70-44', 'Lund d. Berg 55-51', 'Dal d. Holm 61-60'];
    const cleaned = cleanArticle(page(intro, ...scores, outro));
    expect(texts(cleaned)).toEqual([intro, scores.join('\n'), outro]);
  });

  it('keeps bullet lists and list items', () => {
    const items = ['Nordby (Group A): third title', 'Vik (Group B): first appearance', 'Lund (Group A): fifth appearance'];
    const cleaned = cleanArticle(page(intro, ...items.map((item) => `• ${item}`), outro));
    expect(texts(cleaned)).toEqual([intro, items.join('\n'), outro]);
  });

  it('keeps a lead-in ending with a colon with the steps below it', () => {
    const steps = ['Close the north basin', 'Pump out the channel', 'Rebuild the wall'];
    const cleaned = cleanArticle(page(intro, 'The plan has three steps:', ...steps, outro));
    expect(texts(cleaned)).toEqual([intro, ['The plan has three steps:', ...steps].join('\n'), outro]);
  });

  it('shows a lead-in ending with a colon even with no list below it', () => {
    const cleaned = cleanArticle(page(intro, 'The mayor put it this way:', outro));
    expect(texts(cleaned)).toEqual([intro, 'The mayor put it this way:', outro]);
  });

  it('keeps a list that closes the article when its lines share a shape', () => {
    const items = ['Nordby (Group A): third title', 'Vik (Group B): first appearance', 'Lund (Group C): fifth appearance', 'Berg (Group D): second title'];
    const cleaned = cleanArticle(page(...MENU, ...ARTICLE, 'Qualified teams', ...items, 'Ana Vale', 'Sports writer', 'follow', 'Latest stories', ...TEASERS));
    expect(texts(cleaned)).toEqual([...ARTICLE, items.join('\n')]);
  });

  it('takes a long line in capitals between paragraphs for a heading, not a passage', () => {
    const shouted = 'FERRY FARES TO RISE IN SPRING AS THE COUNCIL WEIGHS THE COST OF THE NEW WALL AND THE CHANNEL: REPORT';
    const cleaned = cleanArticle(page(ARTICLE[0]!, shouted, ARTICLE[1]!, ARTICLE[2]!));
    expect(texts(cleaned)).toEqual(ARTICLE);
    expect(cleaned.paragraphs[1]!.heading).toBe(shouted);
  });

  it('still takes a lone short line between paragraphs for a heading', () => {
    const cleaned = cleanArticle(page(intro, 'What comes next', outro));
    expect(texts(cleaned)).toEqual([intro, outro]);
    expect(cleaned.paragraphs[1]!.heading).toBe('What comes next');
  });
});

describe('cleanArticle in Japanese and Chinese', () => {
  it('recognises 。！？ as sentence ends, so the article is kept', () => {
    const japanese = ['港は月曜日に再開されました。', '冬の間、北の壁が修理されました。市長は「とても嬉しい！」と話しました。', '最初のフェリーは朝七時に出発しました。'];
    const { article } = parseArticle('港.txt', new TextEncoder().encode(page('港の再開', ...japanese)));
    expect(article.paragraphs.map((p) => p.text)).toEqual(japanese);
  });

  it('reads a Chinese scrape the same way', () => {
    const chinese = ['北德比港周一重新开放。', '工程师在冬天修复了北墙，并疏浚了航道。', '第一班渡轮早上七点出发了吗？是的。'];
    const cleaned = cleanArticle(page('首页', '新闻', ...chinese, '版权所有'));
    expect(texts(cleaned)).toEqual(chinese);
  });
});

describe('cleanArticle with explain', () => {
  it('says why each line was dropped and where the metadata came from', () => {
    const text = page('Date: 11 March 2024', 'Harbour reopens after winter', ...ARTICLE, ARTICLE[0]!.slice(0, -1) + ', the port said.', 'Advertisement', 'Related stories', ...TEASERS);
    const cleaned = cleanArticle(text, null, { explain: true });
    const reasons = cleaned.dropped!.map((line) => line.reason);
    expect(reasons).toContain('a date line, read as the date');
    expect(reasons).toContain('debris pattern /^advertis(e)?ments?$/');
    expect(reasons).toContain('a repeat of paragraph 3');
    expect(reasons.filter((reason) => reason.startsWith('the end of the article, from "Related stories"'))).toHaveLength(TEASERS.length + 1);
    expect(cleaned.dropped!.find((line) => line.text === 'Advertisement')!.at).toBe(13);
    expect(cleaned.found).toEqual({ date: 'a date line (1)', title: 'the first line (3)' });
  });

  it('keeps none of it without explain', () => {
    const cleaned = cleanArticle(page('Advertisement', ...ARTICLE));
    expect(cleaned).not.toHaveProperty('dropped');
    expect(cleaned).not.toHaveProperty('found');
  });
});
