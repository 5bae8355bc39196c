/**
 * Adding and removing articles through the real Bolt app (HTTP mode) against the local Slack
 * stand-in: /brief add with a link from the local web, files shared in a DM and with an
 * @mention (downloaded with the bot token), Share, /brief remove, and every refusal.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHandle } from '../../adapters/slack/index.js';
import { HARBOUR, LocalWeb, newsPage, TUNNEL } from '../ingest/local-web.js';
import { EDITOR, fetchModes, liveCorpus, type LiveCorpus } from '../ingest/setup.js';
import { blocksOf, buttonsOf, expectNoMention, expectWithinLimits, textsOf } from './blocks.js';
import { FakeSlack, actionBody, buttonClick, eventCallback, formBody, postSigned, slashCommand, userMessage } from './fake-slack.js';

const SECRET = 'test-signing-secret';
let slack: FakeSlack;
let web: LocalWeb;
let live: LiveCorpus;
let app: SlackHandle;
let endpoint: string;
let modes: ReturnType<typeof fetchModes>;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  web = await new LocalWeb().start();
  live = await liveCorpus();
  modes = fetchModes(live);
  app = await startSlack({
    briefing: live.briefing,
    config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, port: 0, apiUrl: slack.apiUrl },
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    retries: 0,
    rateLimitPerMinute: 10_000,
    ingest: modes.ingest,
  });
  endpoint = `http://127.0.0.1:${(app.server!.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await live?.close();
  await web?.close();
});

async function brief(text: string, user = EDITOR) {
  const { id, fields } = slashCommand(slack, '/brief', text, { user_id: user });
  const ack = await postSigned(endpoint, formBody(fields), { secret: SECRET });
  const answer = await slack.responseAt(id);
  return { ack, answer };
}

async function deliver(event: Record<string, unknown>, method: 'chat.postMessage' | 'chat.postEphemeral') {
  const before = slack.callsTo(method).length;
  const res = await postSigned(endpoint, JSON.stringify(eventCallback(event)), { secret: SECRET, contentType: 'application/json' });
  expect(res.status).toBe(200);
  await slack.until(() => slack.callsTo(method).length > before);
  return slack.callsTo(method).at(-1)!.params;
}

const header = (message: Record<string, unknown>) => blocksOf(message).find((b) => b.type === 'header')!.text!.text;
const sections = (message: Record<string, unknown>) => blocksOf(message).filter((b) => b.type === 'section').map((b) => b.text!.text);
const contexts = (message: Record<string, unknown>) => blocksOf(message).filter((b) => b.type === 'context').map((b) => b.elements!.map((e) => e.text as string).join(' '));

describe('slack /brief add', () => {
  it('acks at once, then answers privately with the citation, the first passage, the passage count and Share', async () => {
    const { ack, answer } = await brief(`add <${web.url('/news/harbour')}>`);
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'ephemeral', text: 'Reading the link…' });
    expect(answer.response_type).toBe('ephemeral');
    expect(header(answer)).toBe('Added to the corpus');
    const id = live.briefing.articles().find((a) => a.title === HARBOUR.title)!.articleId;
    expect(sections(answer)).toEqual([`Added to the corpus as ${id} (3 passages): /ask answers from it now.`, HARBOUR.paragraphs[0]]);
    const [citation, facts] = contexts(answer)[0]!.split(/ (?=`)/);
    expect(citation).toBe(`Fjord Courier · 18 Mar 2024 · <${web.url('/news/harbour-reopens')}|${HARBOUR.title}>`);
    expect(facts).toMatch(new RegExp(`^\`${id}\` · 3 passages · added by slack ${EDITOR} on \\d+ \\w+ \\d{4}$`));
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['Share in channel']);
    expectWithinLimits(answer);

    // Answerable at once: /ask cites it.
    const { id: askId, fields } = slashCommand(slack, '/ask', 'Kvalvik breakwater repairs');
    await postSigned(endpoint, formBody(fields), { secret: SECRET });
    expect(contexts(await slack.responseAt(askId)).some((c) => c.startsWith('Fjord Courier · 18 Mar 2024 · '))).toBe(true);
  });

  it('shares the card in the channel and deletes the private copy', async () => {
    const { answer } = await brief(`add ${web.url('/news/tunnel')}`);
    const share = buttonsOf(answer).find((b) => b.text.text === 'Share in channel')!;
    const { id, payload } = buttonClick(slack, share, EDITOR);
    await postSigned(endpoint, actionBody(payload), { secret: SECRET });
    const shared = await slack.responseAt(id);
    expect(shared).toMatchObject({ response_type: 'in_channel' });
    expect(contexts(shared)[0]).toBe(`Shared by <@${EDITOR}>`);
    expect(header(shared)).toBe(TUNNEL.title);
    expect(sections(shared)).toEqual([TUNNEL.paragraphs[0]]);
    expect(buttonsOf(shared)).toEqual([]);
    expect(await slack.responseAt(id, 1)).toEqual({ delete_original: true });
    expectWithinLimits(shared, `<@${EDITOR}>`);
  });

  it('names the article already there for the same page', async () => {
    const { answer } = await brief(`add ${web.url('/go/harbour')}`);
    expect(header(answer)).toBe('Already in the corpus');
    expect(sections(answer)[0]).toMatch(/^That page is already in the corpus, as harbour-at-kvalvik-reopens-after-the-winter-[0-9a-f]{8}: Fjord Courier · 18 Mar 2024 · Harbour at Kvalvik/);
    expect(buttonsOf(answer).map((b) => b.text.text)).toEqual(['Share in channel']);
  });

  it('tells someone who is no editor who can, and fetches nothing', async () => {
    const before = web.seen.length;
    const { ack, answer } = await brief(`add ${web.url('/news/other')}`, 'U0STRANGER');
    // Nothing is fetched for them, so the ack promises nothing.
    expect(ack).toEqual({ status: 200, text: '' });
    expect(header(answer)).toBe('Not added');
    expect(sections(answer)[0]).toMatch(/^Only editors can add articles\./);
    expect(contexts(answer)).toContain(`Editors here: <@${EDITOR}>`);
    expect(buttonsOf(answer)).toEqual([]);
    expect(web.seen.length).toBe(before);
  });

  it('answers each refusal in its own words', async () => {
    const refusals: Array<[string, RegExp]> = [
      ['add', /^Give the link of the article to add/],
      ['add not-a-link', /is not a web address/],
      [`add ${web.url('/missing')}`, /^Nothing was found at .*\(404 Not Found\)\.$/],
      [`add ${web.url('/big/streamed')}`, /^The page is larger than 5 MB\.$/],
      [`add ${web.url('/image.png')}`, /is not a web page or plain text \(it is image\/png\)\.$/],
      [`add ${web.url('/slow')}`, /^127\.0\.0\.1 did not answer within 2 s\.$/],
      [`add ${web.url('/hop/6')}`, /^The link redirects more than 5 times\.$/],
    ];
    for (const [text, message] of refusals) {
      const { answer } = await brief(text);
      expect(header(answer), text).toBe('Not added');
      expect(sections(answer)[0], text).toMatch(message);
      expectWithinLimits(answer);
    }
  });

  it('refuses a private address, a name resolving to 127.0.0.1 and a redirect into a private address without the allow flag', async () => {
    try {
      modes.use('guarded');
      expect(sections((await brief(`add ${web.url('/news/harbour')}`)).answer)[0]).toBe('127.0.0.1 is a loopback address. briefbot fetches only from the public web.');
      expect(sections((await brief(`add http://localhost:${web.port}/news/harbour`)).answer)[0]).toMatch(/^localhost resolves to .*, a loopback address\./);
      expect(sections((await brief('add http://10.20.30.40/wiki/')).answer)[0]).toBe('10.20.30.40 is a private address. briefbot fetches only from the public web.');
      modes.use('publicWeb');
      expect(sections((await brief(`add ${web.url('/go/intranet')}`)).answer)[0]).toBe('The link redirects to an address briefbot does not fetch from: 10.20.30.40 is a private address. briefbot fetches only from the public web.');
      expect(sections((await brief(`add ${web.url('/go/metadata')}`)).answer)[0]).toMatch(/169\.254\.169\.254 is a cloud metadata address/);
    } finally {
      modes.use('open');
    }
  });

  it('keeps what a hostile page says from mentioning anyone or breaking the message', async () => {
    web.page('/news/loud', newsPage({ title: '&lt;!channel&gt; @everyone *Read this* &lt;@U0ADMIN&gt;', paragraphs: ['@here &lt;!everyone&gt; The Kvalvik ferry is late again, &lt;https://evil.example|click here&gt; for *details* &amp; more.', 'Passengers waited two hours at the quay.'] }));
    const { answer } = await brief(`add ${web.url('/news/loud')}`);
    expect(header(answer)).toBe('Added to the corpus');
    expectWithinLimits(answer);
    expectNoMention(textsOf(answer, false).join('\n'));
    expect(sections(answer)[1]).toBe('@\u2060here &lt;!everyone&gt; The Kvalvik ferry is late again, &lt;https://evil.example|click here&gt; for *details* &amp; more.');
    expect(contexts(answer)[0]).toContain('|&lt;!channel&gt; @\u2060everyone *Read this* &lt;@U0ADMIN&gt;>');
  });
});

describe('slack add in a mention', () => {
  it('reads the link Slack marked up, not its label, and answers the editor privately', async () => {
    web.page('/news/mention', newsPage({ title: 'Nesset school gets its own bus', paragraphs: ['Pupils at Nesset will ride their own school bus from August, the county decided on Tuesday.'] }));
    const link = web.url('/news/mention');
    const reply = await deliver(userMessage('app_mention', `<@UBOT0001> add <${link}|${link.replace('http://', '')}>`, { user: EDITOR, thread_ts: '1700000000.000100' }), 'chat.postEphemeral');
    expect(reply).toMatchObject({ channel: 'C0001', user: EDITOR, thread_ts: '1700000000.000100' });
    expect(header(reply)).toBe('Added to the corpus');
    expect(sections(reply)[1]).toBe('Pupils at Nesset will ride their own school bus from August, the county decided on Tuesday.');
  });
});

describe('slack files shared with the bot', () => {
  const markdown = '---\ntitle: Snow closes the Vestby pass\ndate: 2024-03-25\n---\nHeavy snow closed the mountain pass above Vestby on Sunday night, and the road agency expects to reopen it by Wednesday.\n';

  it('adds a file shared in a DM, downloaded with the bot token, and answers in the DM', async () => {
    slack.files.set('F0PASS', { body: markdown, type: 'text/markdown' });
    const event = userMessage('im', '', { user: EDITOR, subtype: 'file_share', files: [{ id: 'F0PASS', name: 'pass.md', size: markdown.length, mimetype: 'text/markdown', url_private: slack.fileUrl('F0PASS'), url_private_download: slack.fileUrl('F0PASS') }] });
    const reply = await deliver(event, 'chat.postMessage');
    expect(reply.channel).toBe('D0001');
    expect(header(reply)).toBe('Added to the corpus');
    expect(sections(reply)[1]).toMatch(/^Heavy snow closed the mountain pass above Vestby/);
    expect(contexts(reply)[0]).toMatch(/^Unknown publisher · 25 Mar 2024 · Snow closes the Vestby pass `snow-closes-the-vestby-pass-[0-9a-f]{8}` · 1 passage · added by slack U0EDITOR1/);
    // In a DM everyone who sees it already does: no Share.
    expect(buttonsOf(reply)).toEqual([]);
    expect(slack.downloads.at(-1)).toEqual({ id: 'F0PASS', authorization: 'Bearer xoxb-test' });
    expect(live.briefing.ask('Vestby pass snow').hits[0]!.title).toBe('Snow closes the Vestby pass');
  });

  it('adds a file shared with an @mention, answering the editor privately with Share', async () => {
    const page = newsPage({ title: 'Ice breaks up on the Isdal river early', paragraphs: ['The ice on the Isdal river broke up two weeks earlier than usual, the water authority said on Friday.', 'Farmers along the river were told to watch for flooding in the low fields.'] });
    slack.files.set('F0ICE', { body: page, type: 'text/html' });
    const event = userMessage('app_mention', '<@UBOT0001> for the corpus', { user: EDITOR, files: [{ id: 'F0ICE', name: 'ice.html', size: page.length, url_private_download: slack.fileUrl('F0ICE') }] });
    const reply = await deliver(event, 'chat.postEphemeral');
    expect(reply).toMatchObject({ channel: 'C0001', user: EDITOR });
    // Not in a thread the mention would start: Slack would not show it there.
    expect(reply.thread_ts).toBeUndefined();
    expect(header(reply)).toBe('Added to the corpus');
    expect(buttonsOf(reply).map((b) => b.text.text)).toEqual(['Share in channel']);
  });

  it('refuses a file of another type, too large, or from someone who is no editor', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ id: 'F0PDF', name: 'report.pdf', size: 2_000, url_private_download: slack.fileUrl('F0PDF') }, EDITOR, /^Only \.html, \.htm, \.txt, \.md files can be added; "report\.pdf" is not one\.$/],
      [{ id: 'F0BIG', name: 'big.txt', size: 6 * 1024 * 1024, url_private_download: slack.fileUrl('F0BIG') }, EDITOR, /^The file is larger than 5 MB\.$/],
      [{ id: 'F0PASS', name: 'pass.md', size: 200, url_private_download: slack.fileUrl('F0PASS') }, 'U0STRANGER', /^Only editors can add articles\./],
    ];
    for (const [file, user, message] of cases) {
      const before = slack.downloads.length;
      const reply = await deliver(userMessage('im', '', { user, subtype: 'file_share', files: [file] }), 'chat.postMessage');
      expect(header(reply)).toBe('Not added');
      expect(sections(reply)[0]).toMatch(message);
      expect(slack.downloads.length).toBe(before);
    }
  });
});

describe('slack /brief remove', () => {
  it('removes an added article and answers with what it removed; others may not, and a hand-made one stays', async () => {
    const id = live.briefing.articles().find((a) => a.title === 'Snow closes the Vestby pass')!.articleId;
    const refused = (await brief(`remove ${id}`, 'U0STRANGER')).answer;
    expect(header(refused)).toBe('Not removed');
    expect(sections(refused)[0]).toMatch(/^Only editors can remove articles\./);

    const { answer } = await brief(`remove ${id}`);
    expect(header(answer)).toBe('Removed from the corpus');
    expect(sections(answer)[0]).toBe(`Removed ${id} from the corpus: Unknown publisher · 25 Mar 2024 · Snow closes the Vestby pass.`);
    expect(buttonsOf(answer)).toEqual([]);
    expect(live.briefing.articles().some((a) => a.articleId === id)).toBe(false);

    expect(sections((await brief('remove salmon')).answer)[0]).toMatch(/^salmon was not added from chat, the terminal or a feed, so it stays/);
    expect(sections((await brief(`remove ${id}`)).answer)[0]).toMatch(/^No article has the id/);
  });

  it('shares an article no longer there as a short note', async () => {
    const value = JSON.stringify({ c: 'article', q: 'gone-article-00000000', o: 0 });
    const { id, payload } = buttonClick(slack, { action_id: 'briefbot_share', value }, EDITOR);
    await postSigned(endpoint, actionBody(payload), { secret: SECRET });
    expect(sections(await slack.responseAt(id))).toEqual(['That article is no longer in the corpus.']);
  });
});
