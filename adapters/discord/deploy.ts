/**
 * npm run discord:deploy: registers the slash commands with Discord, for the server in
 * DISCORD_GUILD_ID when set, globally otherwise. Starting the bot never registers them.
 *   --global        register globally even when DISCORD_GUILD_ID is set
 *   --clear-other   also remove the other registration (global, or DISCORD_GUILD_ID's), so no
 *                   command shows twice
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig, SETTINGS } from '../config.js';
import { deployCommands, describeDeployment } from './commands.js';

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseArgs({ args: process.argv.slice(2), options: { global: { type: 'boolean', default: false }, 'clear-other': { type: 'boolean', default: false } } }).values;
  } catch (error) {
    console.error(`briefbot: ${(error as Error).message}\nUsage: npm run discord:deploy [-- --global] [-- --clear-other]`);
    return 2;
  }
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`briefbot: cannot deploy the Discord commands:\n${error.message}`);
      return 1;
    }
    throw error;
  }
  if (config.discord === null) {
    console.error(
      [
        'briefbot: cannot deploy the Discord commands: DISCORD_TOKEN and DISCORD_APP_ID are not set (in .env or the environment).',
        `  DISCORD_TOKEN: ${SETTINGS.DISCORD_TOKEN}`,
        `  DISCORD_APP_ID: ${SETTINGS.DISCORD_APP_ID}`,
      ].join('\n'),
    );
    return 1;
  }
  try {
    console.log(describeDeployment(await deployCommands(config.discord, { global: flags.global, clearOther: flags['clear-other'] })));
    return 0;
  } catch (error) {
    // The REST error names the status and Discord's message; never the token.
    console.error(`briefbot: Discord refused the commands: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
