/**
 * The entry: read the configuration once, build the briefing, start the adapters that have
 * credentials (the terminal console when none has), or answer one command line.
 */
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import dotenv from 'dotenv';
import pino from 'pino';
import supportsHyperlinks from 'supports-hyperlinks';
import { ConfigError, readConfig, type Config } from './adapters/config.js';
import { USAGE, parseCli, runBatch, runConsole, runInspect, runOnce, type CliArgs, type Io } from './adapters/console/cli.js';
import { consoleEdit, runEdit } from './adapters/console/edit.js';
import { progressBar } from './adapters/console/progress.js';
import { startDiscord } from './adapters/discord/index.js';
import { startHealthServer } from './adapters/health.js';
import { createFeedPoller, createIngest, feedStatePath, prepareAddedFolder } from './adapters/ingest/index.js';
import { startSlack } from './adapters/slack/index.js';
import { watchCorpus } from './adapters/watch.js';
import { createBriefing, type Briefing } from './src/briefing.js';
import { snapshotPath } from './src/snapshot.js';
import { corpusLine } from './src/format.js';

const CONNECT_HINT =
  'To answer in Slack or Discord instead, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or DISCORD_TOKEN and DISCORD_APP_ID, in .env (see .env.example).';

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (error) {
    process.stderr.write(`briefbot: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.mode === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // One file at a time, no corpus or index needed.
  if (args.mode === 'inspect') return runInspect(args.files, { input: process.stdin, output: process.stdout, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, json: args.json });

  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`briefbot: the configuration (.env or environment) needs fixing:\n${error.message}\n`);
    return 1;
  }

  const corpusDir = args.corpus ?? config.corpusDir;
  if (args.mode === 'index' && config.cacheReadOnly) {
    process.stderr.write('briefbot: BRIEFBOT_CACHE_READ_ONLY is set, and `briefbot index` writes the snapshot: unset it to build one.\n');
    return 1;
  }
  // A large corpus takes a while to build: show how far it has got when someone is watching.
  const bar = process.stderr.isTTY ? progressBar(process.stderr) : null;
  const started = performance.now();
  let briefing: Briefing;
  try {
    briefing = await createBriefing({
      corpusDir,
      cacheDir: config.cacheDir,
      readOnlyCache: config.cacheReadOnly,
      onWarning: (message) => {
        bar?.clear();
        process.stderr.write(`${message}\n`);
      },
      onProgress: bar?.update,
    });
  } catch (error) {
    bar?.clear();
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  bar?.clear();

  const io = { input: process.stdin, output: process.stdout, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, links: supportsHyperlinks.stdout };
  switch (args.mode) {
    case 'ask':
    case 'who':
    case 'timeline':
      return runOnce(briefing, args, io);
    case 'batch':
      return runBatch(briefing, io);
    case 'add':
    case 'remove':
    case 'feeds':
      return runEdit(args, { briefing, corpusDir, cacheDir: config.cacheDir, ingest: config.ingest, io, warn: (line) => process.stderr.write(`${line}\n`) });
    case 'index':
      process.stdout.write(`${await indexSummary(briefing, snapshotPath(config.cacheDir, corpusDir), performance.now() - started)}\n`);
      return 0;
    case 'bot':
      return runBot(briefing, config, corpusDir, io);
  }
}

/** "Built the index snapshot .cache/index-….snapshot (1.2 MB) in 3.4 s: 5 articles, August 2021 to August 2024." */
async function indexSummary(briefing: Briefing, file: string, ms: number): Promise<string> {
  const size = await stat(file).then(
    (info) => ` (${(info.size / 1024 / 1024).toFixed(1)} MB)`,
    () => '',
  );
  const what = briefing.build.fromSnapshot ? `The index snapshot ${file}${size} is up to date; loaded` : `Built the index snapshot ${file}${size}`;
  return `${what} in ${(ms / 1000).toFixed(1)} s: ${corpusLine(briefing.corpus).replace(/^Searched /, '')}`;
}

/**
 * Starts every chat adapter that has credentials (the console when none has), the corpus
 * watcher and the health endpoint; SIGINT/SIGTERM stop them in order and exit 0.
 */
async function runBot(briefing: Briefing, config: Config, corpusDir: string, io: Io): Promise<number> {
  const logger = pino({ level: config.logLevel, base: undefined }, pino.destination(2));
  const closers: Array<() => Promise<unknown>> = [];
  const states: Record<string, () => string> = {};
  const startedAt = new Date().toISOString();
  await prepareAddedFolder(corpusDir).catch((error: Error) => logger.warn(`briefbot: adding articles will fail: ${error.message}`));
  const watcher = await watchCorpus(briefing, corpusDir, {
    onWarning: (message) => logger.warn(message),
    onUpdate: (change) => logger.info(change, 'corpus updated'),
  });
  // An add waits for the watcher to read the saved file, so /ask answers from it at once.
  const ingest = createIngest({ briefing, corpusDir, editors: config.ingest.editors, policy: { allowPrivate: config.ingest.allowPrivateUrls }, indexTimeoutMs: 15_000, watching: watcher.ready });
  closers.push(() => watcher.close());
  let feedStates: () => unknown[] = () => [];
  if (config.ingest.feeds.length > 0) {
    const feeds = createFeedPoller({
      feeds: config.ingest.feeds,
      ingest,
      stateFile: feedStatePath(config.cacheDir, corpusDir),
      intervalMs: config.ingest.feedsIntervalMinutes * 60_000,
      policy: { allowPrivate: config.ingest.allowPrivateUrls },
      logger,
    });
    feeds.start();
    feedStates = () => feeds.states().map(({ url, lastFetchAt, lastResult, itemsAdded, lastError, nextAt }) => ({ url, lastFetchAt, lastResult, itemsAdded, lastError, nextAt }));
    // Before the watcher closes: an item being added still finds it.
    closers.unshift(() => feeds.stop());
    logger.info({ feeds: config.ingest.feeds.length, everyMinutes: config.ingest.feedsIntervalMinutes }, 'polling feeds');
  }

  const report = () => ({
    corpus: briefing.corpus,
    index: { fromSnapshot: briefing.build.fromSnapshot, builtAt: briefing.build.at, ageSeconds: Math.round((Date.now() - Date.parse(briefing.build.at)) / 1000) },
    startedAt,
    adapters: Object.fromEntries(Object.entries(states).map(([name, state]) => [name, state()])),
    feeds: feedStates(),
  });

  try {
    if (config.slack) {
      const slack = await startSlack({ briefing, config: config.slack, logger, rateLimitPerMinute: config.rateLimitPerMinute, health: report, ingest });
      closers.unshift(() => slack.stop());
      states.slack = () => 'running';
    }
    if (config.discord) {
      const discord = await startDiscord({ briefing, config: config.discord, logger, cacheDir: config.cacheDir, rateLimitPerMinute: config.rateLimitPerMinute, ingest });
      closers.unshift(() => discord.stop());
      states.discord = () => (discord.client.isReady() ? 'connected' : 'reconnecting');
      logger.info('Discord adapter started');
    }
  } catch (error) {
    logger.error(`briefbot: a chat adapter could not start: ${(error as Error).message}`);
    await Promise.allSettled(closers.map((close) => close()));
    return 1;
  }

  let health: http.Server | null = null;
  if (config.healthPort !== null) {
    health = await startHealthServer(config.healthPort, report);
    closers.push(() => new Promise((resolve) => health!.close(resolve)));
  }

  if (Object.keys(states).length === 0) {
    const code = await runConsole(briefing, { ...io, interactive: Boolean(process.stdin.isTTY), hint: CONNECT_HINT, edit: consoleEdit(ingest, io) });
    await Promise.allSettled(closers.map((close) => close()));
    return code;
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: finishing commands in flight');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Whatever a library still holds open after this must not keep the process from exiting.
  setTimeout(() => process.exit(0), 5_000).unref();
  for (const close of closers) await close().catch((error) => logger.warn(`briefbot: while stopping: ${(error as Error).message}`));
  logger.info('stopped');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
