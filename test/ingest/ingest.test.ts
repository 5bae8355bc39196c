import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../adapters/ingest/article.js';
import { addressProblem, urlKey, type Requester } from '../../adapters/ingest/index.js';
import { createBriefing } from '../../src/briefing.js';
import { HARBOUR, LocalWeb, newsPage, TUNNEL } from './local-web.js';
import { EDITOR, eventually, liveCorpus, type LiveCorpus } from './setup.js';

let web: LocalWeb;
let live: LiveCorpus;
const editor: Requester = { label: `slack ${EDITOR}`, ids: [EDITOR] };
const stranger: Requester = { label: 'slack U0STRANGER', ids: ['U0STRANGER'] };

beforeAll(async () => {
  web = await new LocalWeb().start();
  live = await liveCorpus();
});

afterAll(async () => {
  await live?.close();
  await web?.close();
});

describe('adding a link', () => {
  it('saves the page as Markdown with its metadata and provenance, and answers once /ask finds it', async () => {
    const answer = await live.ingest.addLink(web.url('/news/harbour'), editor);
    expect(answer).toMatchObject({ command: 'add', status: 'added', reason: null, indexed: true });
    const article = answer.article!;
    expect(article).toMatchObject({ title: HARBOUR.title, source: 'Fjord Courier', date: '2024-03-18', author: 'Maren Solberg', url: web.url('/news/harbour-reopens'), passages: 3, addedBy: `slack ${EDITOR}` });
    expect(article.articleId).toMatch(/^harbour-at-kvalvik-reopens-after-the-winter-[0-9a-f]{8}$/);
    expect(article.firstPassage).toEqual({ id: `${article.articleId}#p1`, text: HARBOUR.paragraphs[0] });
    expect(answer.message).toBe(`Added to the corpus as ${article.articleId} (3 passages): /ask answers from it now.`);

    const saved = matter(await readFile(path.join(live.dir, article.file), 'utf8'), {});
    expect(article.file).toBe(path.join('added', `${article.articleId}.md`));
    expect(saved.data).toMatchObject({ title: HARBOUR.title, source: 'Fjord Courier', date: '2024-03-18', author: 'Maren Solberg', url: web.url('/news/harbour-reopens'), language: 'en', added_by: `slack ${EDITOR}` });
    expect(Date.parse(saved.data.added_at)).not.toBeNaN();
    expect(saved.content.trim().split('\n\n')).toEqual(HARBOUR.paragraphs);

    const hits = live.briefing.ask('Kvalvik breakwater').hits;
    expect(hits[0]).toMatchObject({ articleId: article.articleId, source: 'Fjord Courier', url: web.url('/news/harbour-reopens') });
  });

  it('does not add the same canonical URL twice, and names the article already there', async () => {
    const first = live.briefing.articles().find((a) => a.title === HARBOUR.title)!;
    // Another address of the same page: its canonical URL is the one already in the corpus.
    const again = await live.ingest.addLink(web.url('/go/harbour'), editor);
    expect(again).toMatchObject({ status: 'duplicate', reason: null, article: { articleId: first.articleId, title: HARBOUR.title, addedBy: `slack ${EDITOR}` } });
    expect(again.message).toBe(`That page is already in the corpus, as ${first.articleId}: Fjord Courier · 18 Mar 2024 · ${HARBOUR.title}. It was not added again.`);
    // The canonical address itself is known without fetching.
    const before = web.seen.length;
    expect((await live.ingest.addLink(web.url('/news/harbour-reopens?utm_source=chat#top'), editor)).status).toBe('duplicate');
    expect(web.seen.length).toBe(before);
    expect((await readdir(path.join(live.dir, 'added'))).filter((f) => !f.startsWith('.'))).toHaveLength(1);
  });

  it('does not add the same text under another address', async () => {
    web.page('/mirror/harbour', newsPage({ ...HARBOUR, site: 'Mirror Site', canonical: '/mirror/harbour' }));
    const copy = await live.ingest.addLink(web.url('/mirror/harbour'), editor);
    expect(copy.status).toBe('duplicate');
    expect(copy.message).toMatch(/^The same text is already in the corpus, as harbour-at-kvalvik/);
  });

  it('does not add a near copy: the same story with a line more, on another site', async () => {
    web.page('/syndicated/harbour', newsPage({ title: 'Kvalvik harbour open again', site: 'Coast Wire', paragraphs: [...HARBOUR.paragraphs, 'Read more local news.'], canonical: '/syndicated/harbour' }));
    const copy = await live.ingest.addLink(web.url('/syndicated/harbour'), editor);
    expect(copy.status).toBe('duplicate');
    expect(copy.message).toMatch(/^The same text is already in the corpus, as harbour-at-kvalvik-reopens/);
    // Another report of the same event is another article.
    web.page('/other/harbour', newsPage({ title: 'Fishing boats return to Kvalvik', site: 'Coast Wire', paragraphs: ['Fishing boats returned to Kvalvik on Monday as the harbour opened again after the storm repairs.', 'Skipper Arne Dahl said the crews had waited three weeks in Lunde for the breakwater to be fixed.'] }));
    expect((await live.ingest.addLink(web.url('/other/harbour'), editor)).status).toBe('added');
  });

  it('finds a duplicate among articles saved but not yet indexed', async () => {
    const [one, two] = await Promise.all([live.ingest.addLink(web.url('/news/tunnel'), editor), live.ingest.addLink(web.url('/news/tunnel'), editor)]);
    expect([one.status, two.status].sort()).toEqual(['added', 'duplicate']);
    expect(one.article!.articleId).toBe(two.article!.articleId);
  });

  it('dates an article whose page gives no date with the feed’s date', async () => {
    web.page('/news/undated', newsPage({ title: 'Lighthouse keeper retires at Skarvøy', paragraphs: ['The keeper of the Skarvøy lighthouse retired on Friday after thirty-one years on the island.', 'The light has run on its own since 2019, and the keeper stayed on to look after the buildings.'], date: null }));
    const answer = await live.ingest.addLink(web.url('/news/undated'), { label: 'feed http://127.0.0.1/feed', ids: [], trusted: true }, { feedDate: 'Tue, 02 Apr 2024 06:00:00 GMT' });
    expect(answer.article).toMatchObject({ date: '2024-04-02', addedBy: 'feed http://127.0.0.1/feed' });
  });

  it('reads a plain text page, its first line the headline', async () => {
    const answer = await live.ingest.addLink(web.url('/notes/ferry.txt'), editor);
    expect(answer.article).toMatchObject({ title: 'Ferry to Lunde runs again', url: web.url('/notes/ferry.txt'), passages: 2 });
    expect(live.briefing.ask('Lunde ferry engine sea trials').hits[0]!.articleId).toBe(answer.article!.articleId);
  });

  it('answers each refusal with its reason and a message, and saves nothing', async () => {
    const before = (await readdir(path.join(live.dir, 'added'))).length;
    const cases: Array<[string, string, RegExp]> = [
      [web.url('/missing'), 'not-found', /^Nothing was found at .*\/missing \(404 Not Found\)\.$/],
      [web.url('/big/declared'), 'too-large', /^The page is larger than 5 MB\.$/],
      [web.url('/image.png'), 'not-article', /is not a web page or plain text \(it is image\/png\)\.$/],
      [web.url('/menu'), 'not-article', /^No article found in the page\.$/],
      [web.url('/hop/7'), 'too-many-redirects', /^The link redirects more than 5 times\.$/],
      [web.url('/down'), 'http-error', /^127\.0\.0\.1 answered 503 Service Unavailable\.$/],
      ['gopher://example.org/', 'invalid', /^Only http and https links can be added, not gopher: links\.$/],
    ];
    for (const [url, reason, message] of cases) {
      const answer = await live.ingest.addLink(url, editor);
      expect(answer, url).toMatchObject({ status: 'refused', reason, article: null });
      expect(answer.message, url).toMatch(message);
    }
    expect((await readdir(path.join(live.dir, 'added'))).length).toBe(before);
  });

  it('times out on a slow page', async () => {
    const answer = await live.ingest.addLink(web.url('/slow'), editor);
    expect(answer).toMatchObject({ status: 'refused', reason: 'timeout', message: '127.0.0.1 did not answer within 2 s.' });
  });

  it('tells someone who is no editor who can add', async () => {
    const before = web.seen.length;
    const answer = await live.ingest.addLink(web.url('/news/harbour'), stranger);
    expect(answer).toMatchObject({ status: 'refused', reason: 'not-editor', editors: expect.arrayContaining([EDITOR]) });
    expect(answer.message).toMatch(/^Only editors can add articles\./);
    expect(web.seen.length).toBe(before);
  });
});

describe('adding without the allow flag', () => {
  it('refuses the local web, a name resolving to it and a redirect into a metadata address', async () => {
    const guarded = await liveCorpus({ policy: { allowPrivate: false } });
    try {
      expect(await guarded.ingest.addLink(web.url('/news/harbour'), editor)).toMatchObject({ status: 'refused', reason: 'private-address', message: '127.0.0.1 is a loopback address. briefbot fetches only from the public web.' });
      const localhost = await guarded.ingest.addLink(`http://localhost:${web.port}/news/harbour`, editor);
      expect(localhost).toMatchObject({ status: 'refused', reason: 'private-address' });
      expect(localhost.message).toMatch(/^localhost resolves to .*, a loopback address/);
    } finally {
      await guarded.close();
    }
    // The local web standing in for the public web: its redirect into the cloud's metadata is refused.
    const asPublic = await liveCorpus({ policy: { allowPrivate: false, addressProblem: (a) => (a === '127.0.0.1' ? null : addressProblem(a)) } });
    try {
      const answer = await asPublic.ingest.addLink(web.url('/go/metadata'), editor);
      expect(answer).toMatchObject({ status: 'refused', reason: 'private-address' });
      expect(answer.message).toMatch(/redirects to an address briefbot does not fetch from: 169\.254\.169\.254 is a cloud metadata address/);
      expect((await asPublic.ingest.addLink(web.url('/news/harbour'), editor)).status).toBe('added');
    } finally {
      await asPublic.close();
    }
  });
});

describe('adding a file', () => {
  it('reads a shared .html file and a .md file with front matter, downloaded or at hand', async () => {
    web.page('/files/F100/lighthouse.html', newsPage({ title: 'Solar panels now power the Skarvøy lighthouse', paragraphs: ['Solar panels now power the Skarvøy light, the coastal administration said on Wednesday.', 'The old diesel generator will be kept as a reserve for the dark months.'], date: '2024-04-10T07:00:00Z' }), 'application/octet-stream');
    const html = await live.ingest.addFile({ name: 'lighthouse.html', size: 600, url: web.url('/files/F100/lighthouse.html') }, editor);
    expect(html).toMatchObject({ status: 'added', article: { title: 'Solar panels now power the Skarvøy lighthouse', date: '2024-04-10', passages: 2 } });
    const markdown = await live.ingest.addFile({ name: 'Notes.MD', bytes: Buffer.from('---\ntitle: Kvalvik quay lights fixed\ndate: 2024-04-11\n---\nThe lights along the Kvalvik quay work again after the county replaced the cables.\n') }, editor);
    expect(markdown).toMatchObject({ status: 'added', article: { title: 'Kvalvik quay lights fixed', date: '2024-04-11', url: null } });
    expect(live.briefing.ask('Kvalvik quay lights cables').hits[0]!.articleId).toBe(markdown.article!.articleId);
  });

  it('refuses a file of another type, an oversize one, one with no text, and a stranger’s', async () => {
    expect(await live.ingest.addFile({ name: 'report.pdf', size: 100, url: web.url('/x') }, editor)).toMatchObject({ status: 'refused', reason: 'not-article', message: 'Only .html, .htm, .txt, .md files can be added; "report.pdf" is not one.' });
    expect(await live.ingest.addFile({ name: 'big.html', size: 6 * 1024 * 1024, url: web.url('/big/declared') }, editor)).toMatchObject({ status: 'refused', reason: 'too-large' });
    expect(await live.ingest.addFile({ name: 'big.html', size: null, url: web.url('/big/streamed') }, editor)).toMatchObject({ status: 'refused', reason: 'too-large' });
    expect(await live.ingest.addFile({ name: 'blank.txt', bytes: Buffer.from('\n\n') }, editor)).toMatchObject({ status: 'refused', reason: 'not-article' });
    expect(await live.ingest.addFile({ name: 'image.txt', bytes: Buffer.from([0x89, 0x50, 0, 0, 1]) }, editor)).toMatchObject({ status: 'refused', reason: 'not-article', message: 'That is not an article: a binary file, not text.' });
    expect(await live.ingest.addFile({ name: 'notes.txt', bytes: Buffer.from('The quay.\n') }, stranger)).toMatchObject({ status: 'refused', reason: 'not-editor' });
  });
});

describe('removing an article', () => {
  it('removes an added article’s file and answers once /ask has forgotten it', async () => {
    const added = await live.ingest.addLink(web.url('/notes/ferry.txt').replace('ferry.txt', 'ferry.txt?copy=1'), editor);
    // The same text: it is the ferry note added above.
    expect(added.status).toBe('duplicate');
    const id = added.article!.articleId;
    expect(await live.ingest.remove(id, stranger)).toMatchObject({ status: 'refused', reason: 'not-editor', message: expect.stringMatching(/^Only editors can remove articles\./) });
    const removed = await live.ingest.remove(`\`${id}\``, editor);
    expect(removed).toMatchObject({ command: 'remove', status: 'removed', indexed: true, article: { articleId: id, title: 'Ferry to Lunde runs again' } });
    expect(removed.message).toMatch(new RegExp(`^Removed ${id} from the corpus: `));
    expect(live.briefing.articles().some((a) => a.articleId === id)).toBe(false);
    expect(live.briefing.ask('Lunde ferry engine sea trials').hits.every((h) => h.articleId !== id)).toBe(true);
  });

  it('keeps an article that was not added from chat, and says so for an unknown id', async () => {
    expect(await live.ingest.remove('salmon', editor)).toMatchObject({ status: 'refused', reason: 'not-removable', message: 'salmon was not added from chat, the terminal or a feed, so it stays: remove its file (salmon.md) from the corpus folder on the server.' });
    expect(await live.ingest.remove('no-such-article', editor)).toMatchObject({ status: 'refused', reason: 'unknown-article' });
    expect(await readFile(path.join(live.dir, 'salmon.md'), 'utf8')).toContain('Salmon prices');
  });
});

describe('what was added', () => {
  it('survives a restart: a new briefing over the folder (and its snapshot) answers from it', async () => {
    const added = live.briefing.articles().find((a) => a.title === TUNNEL.title)!;
    const restarted = await createBriefing({ corpusDir: live.dir, cacheDir: live.cacheDir });
    expect(restarted.build.fromSnapshot).toBe(false);
    expect(restarted.ask('Vestby tunnel ridge').hits[0]).toMatchObject({ articleId: added.articleId, title: TUNNEL.title, source: 'Fjord Courier' });
    const again = await createBriefing({ corpusDir: live.dir, cacheDir: live.cacheDir });
    expect(again.build.fromSnapshot).toBe(true);
    expect(again.ask('Vestby tunnel ridge').hits[0]!.articleId).toBe(added.articleId);
  });

  it('keeps whatever a hostile page says as text in its front matter', async () => {
    const title = '@everyone <!channel> **Breaking**: ---\nnew: field';
    web.page('/news/hostile', newsPage({ title: title.replace('\n', ' '), paragraphs: ['<b>@here</b> the <a href="javascript:alert(1)">ferry</a> `code` is &lt;script&gt;alert(1)&lt;/script&gt; late again at Kvalvik.', 'Passengers waited two hours at the quay on Sunday.'] }));
    const answer = await live.ingest.addLink(web.url('/news/hostile'), editor);
    expect(answer.status).toBe('added');
    const saved = matter(await readFile(path.join(live.dir, answer.article!.file), 'utf8'), {});
    expect(saved.data.title).toBe('@everyone <!channel> **Breaking**: --- new: field');
    expect(saved.data.new).toBeUndefined();
    expect(answer.article!.firstPassage!.text).toBe('@here the ferry `code` is <script>alert(1)</script> late again at Kvalvik.');
  });

  it('never takes the id of an article already in the corpus', async () => {
    web.page('/news/ids', newsPage({ title: 'Quay lights at Kvalvik switched back on', paragraphs: ['The county switched the Kvalvik quay lights back on after the cables were replaced.'], canonical: '/news/ids' }));
    const id = articleIdFor('Quay lights at Kvalvik switched back on', urlKey(web.url('/news/ids'))!, '127.0.0.1');
    await writeFile(path.join(live.dir, `${id}.txt`), 'A note about the quay, kept by hand.\n');
    await eventually(() => live.briefing.articles().some((a) => a.articleId === id));
    const answer = await live.ingest.addLink(web.url('/news/ids'), editor);
    expect(answer.article!.articleId).toBe(`${id}-2`);
    expect(live.briefing.articles().find((a) => a.articleId === id)!.file).toBe(`${id}.txt`);
  });

  it('names an added file after its headline, never after a path the page chose', async () => {
    web.page('/news/traversal', newsPage({ title: '../../etc/passwd', paragraphs: ['The Kvalvik ferry timetable changed on Monday for the summer season.'] }));
    const answer = await live.ingest.addLink(web.url('/news/traversal'), editor);
    expect(answer.article!.file).toMatch(/^added\/etc-passwd[a-z0-9-]*-[0-9a-f]{8}\.md$/);
  });
});
