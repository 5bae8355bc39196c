/**
 * `npm run load`: the chat adapters under load, through the real Bolt and discord.js code
 * against the local stand-ins of Slack and Discord on 127.0.0.1 (test/slack/fake-slack.ts,
 * test/discord/fake-discord.ts). Three runs over the bundled corpus:
 *
 *   Slack HTTP, 50 clients   1,000 signed slash commands (/ask, /who, /timeline) from 50
 *                            concurrent HTTP clients over 500 user ids, so the rate limit is
 *                            not what is measured
 *   Slack HTTP, one user     100 commands from one user id: the first 20 answered, the rest told
 *                            privately to slow down, each still answered exactly once
 *   Discord, 50 in flight    1,000 slash-command interactions over the gateway, 50 awaiting
 *                            their answer at any time, over 500 user ids
 *
 * For each run: acks within 3 s, commands answered exactly once, duplicates, missing, errors,
 * and latency percentiles of the ack and of the answer, both from the moment the command was
 * sent. Prints a table, writes the same figures as JSON to <cache>/bench/load-<timestamp>.json
 * (cache: BRIEFBOT_CACHE_DIR, default .cache), and exits 1 when a command was not acked within
 * 3 s or not answered exactly once.
 *
 *   npm run load
 *   npm run load -- --commands 2000 --clients 100 --users 1000 --one-user 200
 *   npm run load -- --cold    Slack clients open connections during the burst (fetch's pool)
 *
 * The bot runs in a child process of its own, as in production; the stand-ins and the clients
 * share this one, so their work is not counted as the bot's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { BUNDLED_CORPUS, PROJECT_DIR } from '../adapters/config.js';
import { startDiscord } from '../adapters/discord/index.js';
import { startSlack } from '../adapters/slack/index.js';
import { createBriefing } from '../src/briefing.js';
import { APP_ID, FakeDiscord, type Captured } from '../test/discord/fake-discord.js';
import { FakeSlack, formBody, postSigned, sign, slashCommand } from '../test/slack/fake-slack.js';
import { describeMachine, percentile, printTable, round } from './report.js';

// Slack and Discord: a command not acknowledged within 3 seconds has failed for the user.
const ACK_DEADLINE_MS = 3_000;
const RATE_LIMIT_PER_MINUTE = 20;
/** How long to wait for answers still missing once every command is sent, after the last arrival. */
const GRACE_MS = 5_000;
/** How long to keep listening after the last expected answer, so a late duplicate is seen. */
const SETTLE_MS = 1_000;
/** How long one Discord client waits for an answer before it sends its next interaction. */
const DISCORD_WAIT_MS = 10_000;
const SIGNING_SECRET = 'load-test-signing-secret';
const SLOW_DOWN = 'Slow down:';
const BOT_FLAG = '--serve-bot';

type Command = 'ask' | 'who' | 'timeline';
type Mix = (index: number) => { command: Command; query: string };

interface Settings {
  commands: number;
  clients: number;
  users: number;
  oneUser: number;
  /** Slack clients open connections as they go (fetch's pool) instead of holding one each from the start. */
  cold: boolean;
}

/** What the bot process is told: where the stand-ins are. */
interface BotOptions {
  slackApiUrl: string;
  discordApiUrl: string;
}

/** What the bot process tells: that it is ready (and what the corpus offers), an error it logged, that it stopped. */
type BotMessage = { type: 'ready'; slackPort: number; names: string[]; periods: string[] } | { type: 'logged'; message: string } | { type: 'stopped' };

/** One command as sent, and everything that came back for it. */
interface Sent {
  command: Command;
  query: string;
  user: string;
  sentAt: number;
  /** Milliseconds from sending to the accepted ack; null when none came. */
  ackMs: number | null;
  acks: number;
  /** Each accepted answer: milliseconds from sending, and whether it was the rate limit's "slow down". */
  answers: Array<{ ms: number; slowDown: boolean }>;
  errors: string[];
}

interface Percentiles {
  median: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

interface RunReport {
  name: string;
  commands: number;
  clients: number;
  users: number;
  /** From the first command sent to the last ack or answer. */
  seconds: number;
  ackedInTime: number;
  answeredOnce: number;
  answersReceived: number;
  /** Answers that were the rate limit's "slow down" note. */
  slowDowns: number;
  duplicates: number;
  missing: number;
  /** Commands with a failed ack, a refused answer or a request that threw, plus error lines the bot logged. */
  errors: number;
  ack: Percentiles | null;
  answer: Percentiles | null;
  /** The first few distinct error messages, for the reader. */
  errorSamples: string[];
}

/** Error lines the bot logged, in order; each run counts those that arrived while it ran. */
const loggedErrors: string[] = [];

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const startedAt = new Date();
  const machine = describeMachine();
  console.log(`briefbot load test, ${startedAt.toISOString()}`);
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB memory, Node ${machine.node}; load average ${machine.loadAverage.join(', ')}`);
  console.log(`rate limit ${RATE_LIMIT_PER_MINUTE} commands a minute a user; ack deadline ${ACK_DEADLINE_MS / 1000} s; the bot in its own process`);

  const slack = await new FakeSlack().start();
  const discord = new FakeDiscord();
  await discord.start();
  const bot = await startBot({ slackApiUrl: slack.apiUrl, discordApiUrl: discord.apiUrl });
  const runs: RunReport[] = [];
  try {
    const mix = commandMix(bot.names, bot.periods);
    const endpoint = `http://127.0.0.1:${bot.slackPort}/slack/events`;
    const users = (index: number) => `U${String(index % settings.users).padStart(6, '0')}`;
    runs.push(await runSlack(`Slack HTTP, ${settings.clients} clients`, slack, endpoint, mix, settings.commands, settings, users));
    runs.push(await runSlack('Slack HTTP, one user', slack, endpoint, mix, settings.oneUser, settings, () => 'U9999999'));
    runs.push(await runDiscord(`Discord, ${settings.clients} in flight`, discord, mix, settings));
  } finally {
    await bot.stop();
    await slack.close();
    await discord.close();
  }

  console.log('');
  printReport(runs);

  const dir = path.join(process.env.BRIEFBOT_CACHE_DIR ?? path.join(PROJECT_DIR, '.cache'), 'bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, settings, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, runs }, null, 2)}\n`);
  console.log(`\nfigures written to ${path.relative(process.cwd(), file)}`);

  const failed = runs.filter((run) => run.ackedInTime < run.commands || run.answeredOnce < run.commands);
  if (failed.length > 0) {
    console.log(`FAILED: ${failed.map((run) => run.name).join('; ')}: not every command was acked within ${ACK_DEADLINE_MS / 1000} s and answered exactly once`);
    process.exitCode = 1;
  } else console.log(`every command acked within ${ACK_DEADLINE_MS / 1000} s and answered exactly once`);
}

/** Starts this script again as the bot process and waits until both adapters are up. */
async function startBot(options: BotOptions): Promise<{ slackPort: number; names: string[]; periods: string[]; stop(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [BOT_FLAG, JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`briefbot: the bot process exited early (code ${code})`))));
  exited.catch(() => {});
  const stopped = new Promise<void>((resolve) => child.on('message', (message: BotMessage) => message.type === 'stopped' && resolve()));
  child.on('message', (message: BotMessage) => {
    if (message.type === 'logged') loggedErrors.push(message.message);
  });
  const ready = new Promise<Extract<BotMessage, { type: 'ready' }>>((resolve) => child.on('message', (message: BotMessage) => message.type === 'ready' && resolve(message)));
  const { slackPort, names, periods } = await Promise.race([ready, exited]);
  return {
    slackPort,
    names,
    periods,
    async stop() {
      child.send('stop');
      await Promise.race([stopped, exited.catch(() => {})]);
      child.disconnect();
    },
  };
}

/**
 * The bot process: both adapters over the bundled corpus, with the rate limit and the logger
 * the entry would give them. Error lines go to the parent, to be counted against the run.
 */
async function serveBot(options: BotOptions): Promise<void> {
  const send = (message: BotMessage) => process.send!(message);
  const logger = pino({ level: 'warn', base: undefined }, {
    write(line: string) {
      const record = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((record.level ?? 0) >= 50) send({ type: 'logged', message: `logged: ${record.msg ?? ''}${record.err?.message ? `: ${record.err.message}` : ''}` });
      process.stderr.write(line);
    },
  });
  const briefing = await createBriefing({ corpusDir: BUNDLED_CORPUS, onWarning: (message) => process.stderr.write(`${message}\n`) });
  const slack = await startSlack({
    briefing,
    config: { botToken: 'xoxb-load', signingSecret: SIGNING_SECRET, appToken: null, port: 0, apiUrl: options.slackApiUrl },
    logger,
    host: '127.0.0.1',
    retries: 0,
    rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
  });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-load-'));
  const discord = await startDiscord({
    briefing,
    config: { token: 'load.bot.token', appId: APP_ID, guildId: null, apiUrl: options.discordApiUrl },
    logger,
    cacheDir,
    rateLimitPerMinute: RATE_LIMIT_PER_MINUTE,
  });
  const address = slack.server?.address();
  send({
    type: 'ready',
    slackPort: address && typeof address === 'object' ? address.port : 0,
    names: briefing.suggestPeople('').map((s) => s.value),
    periods: briefing.suggestPeriods('').map((s) => s.value),
  });
  process.once('message', async () => {
    await slack.stop();
    await discord.stop();
    rmSync(cacheDir, { recursive: true, force: true });
    send({ type: 'stopped' });
    // Whatever a library still holds open must not keep the process alive.
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}

/**
 * Sends `count` slash commands from concurrent clients; each waits for its ack only, as Slack
 * does. Each client holds one keep-alive connection, opened before the clock starts: Node
 * accepts one new connection per event-loop turn, and a turn also answers every command already
 * read, so connections opened in the middle of a burst wait behind it (see --cold).
 */
async function runSlack(name: string, fake: FakeSlack, endpoint: string, mix: Mix, count: number, settings: Settings, userOf: (index: number) => string): Promise<RunReport> {
  const clients = Math.min(settings.clients, count);
  const agents = Array.from({ length: clients }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  if (!settings.cold) await Promise.all(agents.map((agent) => request(agent, endpoint.replace('/slack/events', '/healthz'), 'GET', {})));
  process.stdout.write(`${name}: sending ${count} commands...`);
  const byId = new Map<string, Sent>();
  const records: Sent[] = [];
  const arrivals = { last: performance.now() };
  const stopListening = fake.onResponse(({ id, body }, status) => {
    const sent = byId.get(id);
    if (!sent) return;
    arrivals.last = performance.now();
    if (status !== 200) sent.errors.push(`the response_url refused an answer with ${status}`);
    else sent.answers.push({ ms: performance.now() - sent.sentAt, slowDown: JSON.stringify(body).includes(SLOW_DOWN) });
  });
  const logged = loggedErrors.length;
  try {
    await pool(count, clients, async (index, client) => {
      const { command, query } = mix(index);
      const user = userOf(index);
      const { id, fields } = slashCommand(fake, `/${command}`, query, { user_id: user, user_name: `user${index}` });
      const sent = newSent(command, query, user);
      byId.set(id, sent);
      records.push(sent);
      try {
        const body = formBody(fields);
        const timestamp = Math.floor(Date.now() / 1000);
        const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SIGNING_SECRET, timestamp, body) };
        const status = settings.cold ? (await postSigned(endpoint, body, { secret: SIGNING_SECRET, timestamp })).status : await request(agents[client]!, endpoint, 'POST', headers, body);
        if (status === 200) {
          sent.ackMs = performance.now() - sent.sentAt;
          sent.acks += 1;
        } else sent.errors.push(`ack with status ${status}`);
      } catch (error) {
        sent.errors.push(`the request failed: ${(error as Error).message}`);
      }
    });
    process.stdout.write(' waiting for answers...');
    await settle(records, arrivals);
  } finally {
    stopListening();
    for (const agent of agents) agent.destroy();
  }
  console.log(' done');
  return summarise(name, records, clients, loggedErrors.slice(logged));
}

/** One request on a client's own connection; resolves with the status once the body is read. */
function request(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A closed loop of clients, each sending its next interaction once the last is answered. */
async function runDiscord(name: string, fake: FakeDiscord, mix: Mix, settings: Settings): Promise<RunReport> {
  process.stdout.write(`${name}: sending ${settings.commands} interactions...`);
  const byId = new Map<string, Sent & { done: () => void }>();
  const records: Sent[] = [];
  const arrivals = { last: performance.now() };
  const stopListening = fake.onRequest((request: Captured) => {
    const sent = request.interactionId === null ? undefined : byId.get(request.interactionId);
    if (!sent) return;
    arrivals.last = performance.now();
    const ms = performance.now() - sent.sentAt;
    const callback = request.path.endsWith('/callback');
    if (request.status >= 400) {
      // The stand-in refuses what Discord refuses: a first callback after 3 s, a second one, a message over the limits.
      sent.errors.push(`${callback ? 'the interaction callback' : `a webhook ${request.method}`} was refused with ${request.status}`);
      sent.done();
      return;
    }
    if (callback) {
      sent.acks += 1;
      sent.ackMs ??= ms;
      // A deferral (type 5) is answered by the edit that follows; a reply (type 4) is the answer.
      if (request.body?.type !== 4) return;
    }
    sent.answers.push({ ms, slowDown: JSON.stringify(request.body).includes(SLOW_DOWN) });
    sent.done();
  });
  const logged = loggedErrors.length;
  try {
    await pool(settings.commands, settings.clients, async (index) => {
      const { command, query } = mix(index);
      const user = String(300_000_000_000_000_000n + BigInt(index % settings.users));
      let done = () => {};
      const answered = new Promise<void>((resolve) => (done = resolve));
      const sent = { ...newSent(command, query, user), done };
      records.push(sent);
      const id = fake.command(command, query === '' ? [] : [{ name: DISCORD_OPTION[command], value: query }], user);
      byId.set(id, sent);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, DISCORD_WAIT_MS)))]);
      clearTimeout(timer);
    });
    process.stdout.write(' waiting for answers...');
    await settle(records, arrivals);
  } finally {
    stopListening();
  }
  console.log(' done');
  return summarise(name, records, settings.clients, loggedErrors.slice(logged));
}

const DISCORD_OPTION: Record<Command, string> = { ask: 'question', who: 'name', timeline: 'period' };

/**
 * The commands to send, varied: the labelled questions of the search tests for /ask; the
 * people and periods the corpus has (as autocomplete offers them) and a few typed variants
 * for /who and /timeline. Half /ask, a quarter each /who and /timeline.
 */
function commandMix(people: string[], corpusPeriods: string[]): Mix {
  const labelled = JSON.parse(readFileSync(path.join(PROJECT_DIR, 'test/search/questions.json'), 'utf8')) as { questions: Array<{ question: string }> };
  const questions = [...labelled.questions.map((q) => q.question), 'how do I cook a risotto', 'China <!channel> & Russia'];
  const names = [...people, 'Li', 'putin', 'Shoigu', 'Zorblax Quint'];
  const periods = [...corpusPeriods, '', 'august', 'Kursk', 'march 1990', 'april 2023 drones'];
  return (index) => {
    const round = Math.floor(index / 4);
    switch (index % 4) {
      case 2:
        return { command: 'who', query: pick(names, round) };
      case 3:
        return { command: 'timeline', query: pick(periods, round) };
      default:
        return { command: 'ask', query: pick(questions, index) };
    }
  };
}

/** Steps through a list with a stride, so neighbouring commands differ. */
function pick(list: string[], index: number): string {
  return list[(index * 7) % list.length] ?? '';
}

function newSent(command: Command, query: string, user: string): Sent {
  return { command, query, user, sentAt: performance.now(), ackMs: null, acks: 0, answers: [], errors: [] };
}

/** Runs `job` for the indexes 0 to count - 1 on `clients` concurrent loops, telling it which loop runs it. */
async function pool(count: number, clients: number, job: (index: number, client: number) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async (client: number) => {
    for (let index = next++; index < count; index = next++) await job(index, client);
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, (_, client) => loop(client)));
}

/**
 * Waits until every command has an answer (or failed before its ack), or until nothing has
 * arrived for GRACE_MS; then listens SETTLE_MS more, so an answer sent twice is counted.
 */
async function settle(records: Sent[], arrivals: { last: number }): Promise<void> {
  const over = () => records.every((r) => r.answers.length > 0 || (r.errors.length > 0 && r.acks === 0));
  while (!over() && performance.now() - arrivals.last < GRACE_MS) await sleep(20);
  await sleep(SETTLE_MS);
}

function summarise(name: string, records: Sent[], clients: number, logged: string[]): RunReport {
  const answers = records.flatMap((r) => r.answers);
  const first = Math.min(...records.map((r) => r.sentAt));
  const last = Math.max(...records.map((r) => r.sentAt + Math.max(r.ackMs ?? 0, ...r.answers.map((a) => a.ms))));
  return {
    name,
    commands: records.length,
    clients,
    users: new Set(records.map((r) => r.user)).size,
    seconds: round((last - first) / 1000, 2),
    ackedInTime: records.filter((r) => r.ackMs !== null && r.ackMs < ACK_DEADLINE_MS).length,
    answeredOnce: records.filter((r) => r.answers.length === 1 && r.acks === 1).length,
    answersReceived: answers.length,
    slowDowns: answers.filter((a) => a.slowDown).length,
    duplicates: records.filter((r) => r.answers.length > 1 || r.acks > 1).length,
    missing: records.filter((r) => r.answers.length === 0).length,
    errors: records.filter((r) => r.errors.length > 0).length + logged.length,
    ack: percentiles(records.flatMap((r) => (r.ackMs === null ? [] : [r.ackMs]))),
    answer: percentiles(answers.map((a) => a.ms)),
    errorSamples: [...new Set([...records.flatMap((r) => r.errors), ...logged])].slice(0, 5),
  };
}

/** Nearest-rank percentiles. */
function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(percentile(sorted, p), 1);
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted.at(-1)!, 1), count: sorted.length };
}

function printReport(runs: RunReport[]): void {
  printTable(
    ['run', 'commands', 'users', `acked < ${ACK_DEADLINE_MS / 1000} s`, 'answered once', 'answers', 'slow down', 'duplicates', 'missing', 'errors', 'time', 'commands/s'],
    runs.map((r) => [
      r.name,
      fmt(r.commands),
      fmt(r.users),
      fmt(r.ackedInTime),
      fmt(r.answeredOnce),
      fmt(r.answersReceived),
      fmt(r.slowDowns),
      fmt(r.duplicates),
      fmt(r.missing),
      fmt(r.errors),
      `${r.seconds.toFixed(1)} s`,
      fmt(Math.round(r.commands / Math.max(r.seconds, 0.001))),
    ]),
  );
  console.log('');
  const cells = (p: Percentiles | null) => (p ? [p.median, p.p95, p.p99, p.max].map(fmtMs) : ['-', '-', '-', '-']);
  printTable(
    ['latency', 'ack median', 'p95', 'p99', 'max', 'answer median', 'p95', 'p99', 'max'],
    runs.map((r) => [r.name, ...cells(r.ack), ...cells(r.answer)]),
  );
  console.log('ack: from sending to the HTTP 200 (Slack), or to the interaction callback reaching the stand-in (Discord)');
  console.log('answer: from sending to the answer reaching the response_url (Slack), or the deferred reply being edited (Discord)');
  for (const run of runs) {
    const served = run.answersReceived - run.slowDowns;
    if (run.users === 1) console.log(`${run.name}: ${served} answered, ${run.slowDowns} told to slow down (limit ${RATE_LIMIT_PER_MINUTE} a minute)`);
    else if (run.slowDowns > 0) console.log(`${run.name}: ${run.slowDowns} commands hit the rate limit: spread them over more users (--users)`);
    for (const sample of run.errorSamples) console.log(`${run.name}: error: ${sample}`);
  }
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: { commands: { type: 'string' }, clients: { type: 'string' }, users: { type: 'string' }, 'one-user': { type: 'string' }, cold: { type: 'boolean' } },
  });
  const count = (value: string | undefined, fallback: number, flag: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`briefbot: --${flag} takes a whole number above 0, not "${value}"`);
    return n;
  };
  return {
    commands: count(values.commands, 1_000, 'commands'),
    clients: count(values.clients, 50, 'clients'),
    users: count(values.users, 500, 'users'),
    oneUser: count(values['one-user'], 100, 'one-user'),
    cold: values.cold ?? false,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => n.toLocaleString('en-US');
const fmtMs = (ms: number) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

if (process.argv[2] === BOT_FLAG) await serveBot(JSON.parse(process.argv[3] ?? '{}') as BotOptions);
else await main();
