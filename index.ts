/**
 * The entry: read the configuration once, build the briefing, start the adapters that have
 * credentials (the terminal console when none has), or answer one command line.
 */
import dotenv from 'dotenv';
import { ConfigError, readConfig, type Config } from './adapters/config.js';
import { USAGE, parseCli, runBatch, runConsole, runOnce, type CliArgs } from './adapters/console/cli.js';
import { createBriefing, type Briefing } from './src/briefing.js';

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

  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`briefbot: the configuration (.env or environment) needs fixing:\n${error.message}\n`);
    return 1;
  }

  let briefing: Briefing;
  try {
    briefing = await createBriefing({
      corpusDir: args.corpus ?? config.corpusDir,
      onWarning: (message) => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }

  const io = { input: process.stdin, output: process.stdout, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR };
  switch (args.mode) {
    case 'ask':
    case 'who':
    case 'timeline':
      return runOnce(briefing, args, io);
    case 'batch':
      return runBatch(briefing, io);
    case 'index':
      process.stdout.write(`Indexed: ${briefing.corpus.articles} articles.\n`);
      return 0;
    case 'bot':
      return runConsole(briefing, { ...io, interactive: Boolean(process.stdin.isTTY), hint: CONNECT_HINT });
  }
}

process.exitCode = await main(process.argv.slice(2));
