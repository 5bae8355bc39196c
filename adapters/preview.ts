/**
 * npm run preview: renders sample answers over the corpus as Slack Block Kit and Discord embeds
 * and writes them to one HTML page (BRIEFBOT_CACHE_DIR/preview.html), side by side in a
 * 400-pixel phone column and a desktop one, to look at them as a user would. Each Slack card
 * says how many characters come before its first button (a phone shows about 1,200 at once).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import 'dotenv/config';
import { readConfig } from './config.js';
import * as discord from './discord/render.js';
import * as slack from './slack/render.js';
import { createBriefing, type Briefing } from '../src/briefing.js';
import { helpContent, startingPoints } from '../src/help.js';
import type { EditAnswer } from '../src/types.js';
import { describeArticle } from './ingest/index.js';

/** One sample: what was asked, and how each platform shows it. */
export interface Sample {
  title: string;
  slack: { text?: string; blocks: unknown[] };
  discord: discord.DiscordMessage | null;
}

/** The HTML page for the samples; every text from the corpus is escaped for HTML. */
export function previewPage(samples: Sample[]): string {
  const cards = samples
    .map((sample) => {
      const blocks = sample.slack.blocks as Array<Record<string, any>>;
      const before = blocks.findIndex((b) => b.type === 'actions');
      const shown = slack.shownLength((before === -1 ? blocks : blocks.slice(0, before)) as never);
      const slackHtml = blocks.map(slackBlock).join('');
      const discordHtml = sample.discord ? discordMessage(sample.discord) : '<p class="none">(not on Discord)</p>';
      const fallback = sample.slack.text ? `<p class="fallback">Notification: ${html(sample.slack.text)}</p>` : '';
      const columns = ['phone', 'desktop']
        .map((width) => `<div class="${width}"><div class="slack">${slackHtml}</div>${fallback}<div class="discord">${discordHtml}</div></div>`)
        .join('');
      return `<section><h2>${html(sample.title)} <small>Slack: ${shown} characters before the first button</small></h2><div class="row">${columns}</div></section>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>briefbot preview</title><style>${STYLE}</style></head><body><h1>briefbot preview</h1>${cards}</body></html>\n`;
}

const STYLE = `
body { font: 15px/1.45 -apple-system, "Segoe UI", sans-serif; margin: 1.5em; background: #f4f4f4; }
section { margin-bottom: 3em; } h2 small { font-weight: normal; color: #666; font-size: 0.7em; }
.row { display: flex; gap: 2em; align-items: flex-start; } .phone { width: 400px; } .desktop { width: 760px; }
.slack { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px; }
.discord { background: #313338; color: #dbdee1; border-radius: 8px; padding: 12px; margin-top: 1em; }
.header { font-weight: 700; font-size: 1.15em; margin: 0.2em 0 0.5em; } .section { margin: 0.4em 0; white-space: normal; }
.context { color: #616061; font-size: 0.85em; margin: 0.3em 0; } .actions button, .components button { margin: 0.3em 0.4em 0 0; padding: 0.3em 0.8em; border-radius: 4px; border: 1px solid #bbb; background: #fff; }
.components button { background: #4e5058; color: #fff; border: 0; } .components button.primary { background: #5865f2; }
.embed { border-left: 4px solid #2b6cb0; background: #2b2d31; padding: 8px 12px; margin: 6px 0; border-radius: 4px; }
.embed .title { font-weight: 700; color: #fff; } .embed .field-name { font-weight: 700; margin-top: 0.5em; } .embed .footer { font-size: 0.8em; color: #b5bac1; margin-top: 0.5em; }
.fallback { font-size: 0.8em; color: #888; } a { color: #1264a3; } .discord a { color: #00a8fc; } select { margin-top: 0.4em; }
`;

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack mrkdwn as HTML: links, mentions, bold, italics, code; its own entities kept as they are. */
function mrkdwn(text: string): string {
  const parts: string[] = [];
  const rest = text.replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_all, target: string, label: string | undefined) => {
    parts.push(target.startsWith('@') ? `<b>@user</b>` : `<a href="${html(decode(target))}">${inline(label ?? target)}</a>`);
    return `\u0000${parts.length - 1}\u0000`;
  });
  return inline(rest).replace(/\u0000(\d+)\u0000/g, (_all, i: string) => parts[Number(i)]!);
}

function inline(text: string): string {
  return html(decode(text))
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/\n/g, '<br>');
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function slackBlock(block: Record<string, any>): string {
  switch (block.type) {
    case 'header':
      return `<div class="header">${html(decode(block.text.text))}</div>`;
    case 'section':
      return `<div class="section">${mrkdwn(block.text.text)}</div>`;
    case 'context':
      return `<div class="context">${block.elements.map((e: { text: string }) => mrkdwn(e.text)).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${block.elements
        .map((e: Record<string, any>) => (e.type === 'button' ? `<button>${html(decode(e.text.text))}</button>` : `<select><option>${html(e.placeholder?.text ?? '')}</option>${(e.options ?? []).map((o: any) => `<option>${html(decode(o.text.text))}</option>`).join('')}</select>`))
        .join('')}</div>`;
    default:
      return '';
  }
}

/** Discord Markdown as HTML: escapes undone, masked links, bold, italics, code. */
function markdown(text: string): string {
  const parts: string[] = [];
  const rest = text.replace(/\[((?:\\.|[^\]\\])*)\]\((https?:[^)\s]+)\)/g, (_all, label: string, url: string) => {
    parts.push(`<a href="${html(url)}">${emphasis(label)}</a>`);
    return `\u0000${parts.length - 1}\u0000`;
  });
  return emphasis(rest).replace(/\u0000(\d+)\u0000/g, (_all, i: string) => parts[Number(i)]!);
}

function emphasis(text: string): string {
  const escaped: string[] = [];
  const marked = text.replace(/\\(.)/g, (_all, c: string) => {
    escaped.push(c);
    return `\u0001${escaped.length - 1}\u0001`;
  });
  return html(marked)
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\*([^*]+)\*/g, '<i>$1</i>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\n/g, '<br>')
    .replace(/\u0001(\d+)\u0001/g, (_all, i: string) => html(escaped[Number(i)]!));
}

function discordMessage(message: discord.DiscordMessage): string {
  const content = message.content ? `<div>${markdown(message.content)}</div>` : '';
  const embeds = message.embeds
    .map((e) => {
      const title = e.title ? `<div class="title">${e.url ? `<a href="${html(e.url)}">${markdown(e.title)}</a>` : markdown(e.title)}</div>` : '';
      const description = e.description ? `<div>${markdown(e.description)}</div>` : '';
      const fields = (e.fields ?? []).map((f) => `<div class="field-name">${markdown(f.name)}</div><div>${markdown(f.value)}</div>`).join('');
      const footer = e.footer ? `<div class="footer">${html(e.footer.text)}</div>` : '';
      return `<div class="embed">${title}${description}${fields}${footer}</div>`;
    })
    .join('');
  const components = message.components
    .map((row) => `<div class="components">${row.components.map((c) => (c.type === 2 ? `<button class="${c.style === 1 ? 'primary' : ''}">${html(c.label ?? '')}</button>` : `<select><option>${html(c.placeholder ?? '')}</option>${c.options.map((o) => `<option>${html(o.label)}</option>`).join('')}</select>`)).join('')}</div>`)
    .join('');
  return content + embeds + components;
}

/** The sample answers, rendered for both platforms as the adapters render them. */
export function samples(briefing: Briefing): Sample[] {
  const corpus = briefing.corpus;
  const explore = startingPoints(briefing);
  const options = { corpus, explore };
  const encode: discord.Encode = (state) => {
    const id = `bb1:${state.action}:${state.command}:${state.offset}:q:${state.query}`;
    return id.length <= 100 ? id : null;
  };
  const help = helpContent(briefing);
  const person = help.people[0]?.value ?? '';
  const out: Sample[] = [];
  for (const question of ['what military aid has China given', 'Kursk', 'how do I cook a risotto']) {
    const answer = briefing.ask(question);
    out.push({ title: `/ask ${question}`, slack: slack.renderAsk(answer, options), discord: discord.renderAsk(answer, 0, encode, explore) });
  }
  const second = briefing.ask('what military aid has China given', { offset: 3 });
  out.push({ title: '/ask what military aid has China given, after More', slack: slack.renderAsk(second, { ...options, offset: 3 }), discord: discord.renderAsk(second, 3, encode, explore) });
  for (const name of [person, person.slice(0, -1), person.split(' ').at(-1) ?? person]) {
    const answer = briefing.who(name);
    out.push({ title: `/who ${name}`, slack: slack.renderWho(answer, options), discord: discord.renderWho(answer, corpus, encode, { explore }) });
  }
  const profile = briefing.who(person);
  out.push({ title: `/who ${person}, More mentions`, slack: slack.renderMentions(profile, options), discord: discord.renderMentions(profile, corpus, 0, encode) });
  out.push({ title: `/who ${person}, shared`, slack: slack.renderWho(profile, { ...options, view: { kind: 'shared', userId: 'U0001' } }), discord: discord.renderShared(discord.renderWho(profile, corpus, encode), '100000000000000005') });
  for (const period of [help.periods[0]?.value ?? '', 'august', '1950']) {
    const answer = briefing.timeline(period);
    out.push({ title: `/timeline ${period}`, slack: slack.renderTimeline(answer, options), discord: discord.renderTimeline(answer, corpus, 0, encode, explore) });
  }
  const first = briefing.articles()[0];
  if (first) {
    const article = describeArticle(first, { addedBy: 'slack U0001', addedAt: new Date().toISOString() });
    const added: EditAnswer = { command: 'add', query: first.url ?? first.articleId, status: 'added', reason: null, article, indexed: true, editors: [], message: `Added to the corpus as ${article.articleId} (${article.passages} passages): /ask answers from it now.` };
    out.push({ title: '/brief add <link>', slack: slack.renderEdit(added), discord: discord.renderEdit(added, encode) });
    const refused: EditAnswer = { ...added, status: 'refused', reason: 'not-editor', article: null, editors: ['U0001', '100000000000000005'], message: "Only editors can add articles. Ask one of them, or the bot's operator, who lists editors in BRIEFBOT_EDITORS." };
    out.push({ title: '/brief add <link>, not an editor', slack: slack.renderEdit(refused), discord: discord.renderEdit(refused, encode) });
  }
  out.push({ title: '/ask help', slack: slack.renderHelp(help), discord: discord.renderHelp(help, encode) });
  out.push({ title: 'Slack App Home', slack: slack.renderHome(help), discord: null });
  return out;
}

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const briefing = await createBriefing({ corpusDir: config.corpusDir, cacheDir: config.cacheDir, onWarning: (message) => console.error(message) });
  const file = path.join(config.cacheDir, 'preview.html');
  await mkdir(config.cacheDir, { recursive: true });
  await writeFile(file, previewPage(samples(briefing)), 'utf8');
  console.log(`Wrote ${file}: open it in a browser.`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
