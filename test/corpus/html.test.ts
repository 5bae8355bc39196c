import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/briefing.js';
import { inspectArticle, loadCorpus, parseArticle, readHtmlPage } from '../../src/corpus/index.js';

// Pages written for these tests: a news page with its chrome, and pages that hold no article.
const PARAGRAPHS = [
  'The harbour of Nordby reopened on Monday after a winter of repairs that closed it to every ship for four months, the port authority said.',
  'Engineers rebuilt the north wall, which storms had cracked in two places, and dredged the channel to its old depth so that ferries can dock again.',
  'The first ferry of the season left for the islands at seven in the morning with forty passengers and a lorry of timber on board.',
  'Fishing boats will return to the inner basin next week, once the last of the cranes has been taken down and the pontoons checked.',
];

function newsPage(options: { head?: string; body?: string } = {}): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour reopens after winter | Nordby Post</title>
  ${options.head ?? `<meta property="og:title" content="Harbour reopens after winter">
  <meta property="og:site_name" content="Nordby Post">
  <link rel="canonical" href="/news/harbour-reopens">
  <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour reopens after winter","datePublished":"2024-03-11T07:30:00+01:00","author":[{"@type":"Person","name":"Ana Vale"},{"@type":"Person","name":"Tom Roe"}],"publisher":{"@type":"Organization","name":"The Nordby Post"}}</script>`}
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  <script>globalThis.pageScriptRan = true;</script>
  <article>
    <h1>Harbour reopens after winter</h1>
    ${options.body ?? `<p>${PARAGRAPHS[0]}</p>
    <figure><img src="wall.jpg"><figcaption>The rebuilt north wall at dawn.</figcaption></figure>
    <p>${PARAGRAPHS[1]}</p>
    <h2>The first crossing</h2>
    <p>${PARAGRAPHS[2]}</p>
    <p>The timetable for the spring:</p>
    <ul><li>Nordby to Vik, three times a day</li><li>Nordby to Lund, twice a day</li><li>Vik to Lund, on Sundays</li></ul>
    <p>${PARAGRAPHS[3]}</p>
    <p>Results of the regatta<br>Nordby d. Vik 70-44<br>Lund d. Berg 55-51</p>`}
  </article>
  <aside><h3>Most read</h3><ul><li><a href="/a">Ferry fares to rise in spring</a></li><li><a href="/b">Town elects a new mayor</a></li></ul></aside>
  <footer><p>© 2024 Nordby Post. All rights reserved.</p></footer>
</body>
</html>`;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readHtmlPage', () => {
  it('keeps the paragraphs, headings and list items as the page marks them', () => {
    const page = readHtmlPage(newsPage());
    const kinds = page.blocks.map((block) => [block.kind, block.text]);
    expect(kinds).toContainEqual(['heading', 'The first crossing']);
    expect(kinds).toContainEqual(['paragraph', PARAGRAPHS[0]]);
    expect(kinds).toContainEqual(['item', 'Nordby to Lund, twice a day']);
    expect(kinds).toContainEqual(['caption', 'The rebuilt north wall at dawn.']);
    expect(kinds).toContainEqual(['paragraph', 'Results of the regatta\nNordby d. Vik 70-44\nLund d. Berg 55-51']);
    expect(page.text).not.toMatch(/Most read|Ferry fares|All rights reserved|Sport/);
  });

  it('runs no script of the page', () => {
    readHtmlPage(newsPage());
    expect((globalThis as { pageScriptRan?: boolean }).pageScriptRan).toBeUndefined();
  });

  it('reads the metadata and says where each field came from', () => {
    const page = readHtmlPage(newsPage(), 'https://post.example/today');
    expect(page.metadata).toEqual({
      title: 'Harbour reopens after winter',
      source: 'The Nordby Post',
      date: '2024-03-11',
      author: 'Ana Vale, Tom Roe',
      url: 'https://post.example/news/harbour-reopens',
      language: 'en-GB',
    });
    expect(page.found).toEqual({
      title: 'og:title',
      source: 'JSON-LD publisher',
      date: 'JSON-LD datePublished',
      author: 'JSON-LD author',
      url: '<link rel="canonical">',
      language: '<html lang>',
    });
  });

  it('falls back to meta tags and <time datetime> without JSON-LD', () => {
    const head = `<meta property="og:site_name" content="Nordby Post"><meta name="author" content="By Ana Vale">`;
    const body = `<p><time datetime="2024-03-09T18:00:00Z">9 March</time></p>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`;
    const page = readHtmlPage(newsPage({ head, body }));
    expect(page.metadata).toMatchObject({ source: 'Nordby Post', author: 'Ana Vale', date: '2024-03-09', url: null });
    expect(page.found).toMatchObject({ source: 'og:site_name', author: 'author', date: '<time datetime>' });
    const published = readHtmlPage(newsPage({ head: `${head}<meta property="article:published_time" content="2024-03-10">`, body }));
    expect(published.metadata.date).toBe('2024-03-10');
    expect(published.found.date).toBe('article:published_time');
  });

  it('refuses a page with no article', () => {
    const menu = `<html><body><nav><ul>${['Home', 'News', 'Sport', 'Weather'].map((item) => `<li><a href="/${item}">${item}</a></li>`).join('')}</ul></nav></body></html>`;
    expect(() => readHtmlPage(menu)).toThrow(/no article found in the page/);
  });

  it('refuses a page nested absurdly deep before building it', () => {
    const depth = 100_000;
    const deep = `<html><body>${'<div>'.repeat(depth)}<p>${PARAGRAPHS[0]}</p>${'</div>'.repeat(depth)}</body></html>`;
    expect(() => readHtmlPage(deep)).toThrow(/nested more than 512 elements deep/);
  });

  it('refuses a page of more elements than an article has', () => {
    const flat = `<html><body>${'<span>x</span>'.repeat(250_000)}</body></html>`;
    expect(() => readHtmlPage(flat)).toThrow(/more than 200,000 elements/);
  });
});

describe('parseArticle on a web page', () => {
  it('gives the article its passages and the page’s metadata', () => {
    const { article } = parseArticle('news/harbour.html', bytes(newsPage()));
    expect(article).toMatchObject({ articleId: 'harbour', title: 'Harbour reopens after winter', source: 'The Nordby Post', date: '2024-03-11', author: 'Ana Vale, Tom Roe', language: 'en-GB' });
    // No base URL in a corpus folder: a relative canonical link cannot be made absolute.
    expect(article.url).toBeNull();
    const texts = article.paragraphs.map((p) => p.text);
    expect(texts).toEqual([
      PARAGRAPHS[0],
      PARAGRAPHS[1],
      PARAGRAPHS[2],
      'The timetable for the spring:\nNordby to Vik, three times a day\nNordby to Lund, twice a day\nVik to Lund, on Sundays',
      PARAGRAPHS[3],
      'Results of the regatta\nNordby d. Vik 70-44\nLund d. Berg 55-51',
    ]);
    expect(article.paragraphs[2]!.heading).toBe('The first crossing');
  });

  it('prefers front matter, and takes a dateline from the text when the page has no date', () => {
    const head = '<link rel="canonical" href="https://post.example/news/harbour">';
    const body = `<p>Published: 11 March 2024</p>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}`;
    const { article } = parseArticle('harbour.htm', bytes(newsPage({ head, body })));
    expect(article).toMatchObject({ date: '2024-03-11', url: 'https://post.example/news/harbour', title: 'Harbour reopens after winter | Nordby Post' });
    const framed = parseArticle('harbour.html', bytes(`---\ntitle: Harbour reopened\nsource: Nordby Post\ntranslated_from: no\n---\n${newsPage()}`)).article;
    expect(framed).toMatchObject({ title: 'Harbour reopened', source: 'Nordby Post', translatedFrom: 'no', date: '2024-03-11' });
  });

  it('decodes a page in the encoding its <meta charset> names', () => {
    const page = newsPage({ body: `<p>${PARAGRAPHS[0]} The café on the quay opens again.</p>` }).replace('charset="utf-8"', 'charset="windows-1252"');
    const latin1 = Uint8Array.from([...page].map((char) => char.charCodeAt(0)));
    expect(parseArticle('cafe.html', latin1).article.paragraphs[0]!.text).toMatch(/The café on the quay/);
  });

  it('carries the canonical URL into citations', () => {
    const head = '<meta property="og:site_name" content="Nordby Post"><link rel="canonical" href="https://post.example/news/harbour">';
    const briefing = buildBriefing([parseArticle('harbour.html', bytes(newsPage({ head }))).article]);
    const [hit] = briefing.ask('ferry timber islands').hits;
    expect(hit).toMatchObject({ articleId: 'harbour', source: 'Nordby Post', url: 'https://post.example/news/harbour', translatedFrom: null });
  });
});

describe('loadCorpus with web pages', () => {
  async function folder(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefbot-html-'));
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    return dir;
  }

  it('reads .html and .htm pages beside text articles, and skips bad pages with a warning naming each', async () => {
    const deep = `<html><body>${'<div>'.repeat(5_000)}<p>${PARAGRAPHS[0]}</p>${'</div>'.repeat(5_000)}</body></html>`;
    const dir = await folder({
      'harbour.html': newsPage(),
      'ferry.htm': newsPage({ body: PARAGRAPHS.map((p) => `<p>${p.replace('harbour', 'port')}</p>`).join('') }),
      'notes.txt': 'The council met on Monday to talk about the harbour and the ferries.',
      'menu.html': '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>',
      'deep.html': deep,
      'huge.html': `<html><body><p>${'a'.repeat(6 * 1024 * 1024)}</p></body></html>`,
    });
    const { articles, warnings } = await loadCorpus(dir);
    expect(articles.map((a) => a.articleId).sort()).toEqual(['ferry', 'harbour', 'notes']);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/skipped menu\.html: no article found in the page/),
        expect.stringMatching(/skipped deep\.html: a page nested more than 512 elements deep/),
        expect.stringMatching(/skipped huge\.html: larger than 5 MB/),
      ]),
    );
  });

  it('serves a folder of web pages only', async () => {
    const dir = await folder({ 'harbour.html': newsPage() });
    const { articles } = await loadCorpus(dir);
    expect(articles).toHaveLength(1);
  });
});

describe('inspectArticle on a web page', () => {
  it('names the page’s source of each field and the blocks it dropped', () => {
    const report = inspectArticle('harbour.html', bytes(newsPage()));
    expect(report.metadata.date).toEqual({ value: '2024-03-11', from: 'the page: JSON-LD datePublished' });
    expect(report.metadata.source).toEqual({ value: 'The Nordby Post', from: 'the page: JSON-LD publisher' });
    expect(report.dropped).toContainEqual(expect.objectContaining({ text: 'The rebuilt north wall at dawn.', reason: 'a caption' }));
    expect(report.headings).toEqual(['The first crossing']);
  });
});
