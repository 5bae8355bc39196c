/**
 * The slash commands, built from the core's shared definitions, and their registration.
 */
import { REST, Routes, SlashCommandBuilder, type RESTPutAPIApplicationCommandsResult, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordConfig } from '../config.js';
import { BRIEF_COMMAND, COMMANDS, EDIT_COMMANDS } from '../../src/commands.js';

/**
 * The JSON Discord registers: one chat-input command per shared definition, and /brief with a
 * subcommand per edit command (/brief add url: file:, /brief remove article:).
 */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const own = COMMANDS.map((command) => {
    const builder = new SlashCommandBuilder().setName(command.name).setDescription(command.description);
    const option = command.option;
    if (option) {
      builder.addStringOption((o) => o.setName(option.name).setDescription(option.description).setRequired(option.required).setAutocomplete(option.autocomplete));
    }
    return builder.toJSON();
  });
  const brief = new SlashCommandBuilder().setName(BRIEF_COMMAND.name).setDescription(BRIEF_COMMAND.description);
  for (const command of EDIT_COMMANDS) {
    brief.addSubcommand((sub) => {
      sub.setName(command.name).setDescription(command.description);
      for (const option of command.options) {
        // Discord: an attachment option takes a file the user uploads with the command.
        if (option.kind === 'file') sub.addAttachmentOption((o) => o.setName(option.name).setDescription(option.description).setRequired(option.required));
        else sub.addStringOption((o) => o.setName(option.name).setDescription(option.description).setRequired(option.required).setAutocomplete(option.autocomplete));
      }
      return sub;
    });
  }
  return [...own, brief.toJSON()];
}

export interface Deployment {
  scope: 'guild' | 'global';
  guildId: string | null;
  commands: RESTPutAPIApplicationCommandsResult;
  /** The other registration removed (`clearOther`), so the commands do not show twice; null when none was. */
  cleared: 'global' | 'guild' | null;
}

export interface DeployOptions {
  /** Register globally even when DISCORD_GUILD_ID is set (then `clearOther` clears that server's copy). */
  global?: boolean;
  /** Also remove the commands from the other scope: a server that has both shows each command twice. */
  clearOther?: boolean;
}

/**
 * Registers the commands: for one server when `guildId` is set (instant), else globally
 * (Discord may take up to an hour to show them everywhere). Replaces what was registered.
 */
export async function deployCommands(config: DiscordConfig, options: DeployOptions = {}): Promise<Deployment> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const guild = options.global ? null : config.guildId;
  const route = guild ? Routes.applicationGuildCommands(config.appId, guild) : Routes.applicationCommands(config.appId);
  const commands = (await rest.put(route, { body: commandDefinitions() })) as RESTPutAPIApplicationCommandsResult;
  let cleared: Deployment['cleared'] = null;
  if (options.clearOther) {
    if (guild) {
      await rest.put(Routes.applicationCommands(config.appId), { body: [] });
      cleared = 'global';
    } else if (config.guildId) {
      await rest.put(Routes.applicationGuildCommands(config.appId, config.guildId), { body: [] });
      cleared = 'guild';
    }
  }
  return { scope: guild ? 'guild' : 'global', guildId: guild ?? config.guildId, commands, cleared };
}

/** What the deploy script prints. */
export function describeDeployment(deployment: Deployment): string {
  const where = deployment.scope === 'guild' ? `server ${deployment.guildId} (available now)` : 'all servers and DMs with the bot (global; may take up to an hour to appear)';
  const lines = deployment.commands.map((c) => `  /${c.name}  ${c.description}`);
  const out = [`Registered ${deployment.commands.length} commands for ${where}:`, ...lines];
  if (deployment.cleared === 'global') out.push('Removed the global registration, so each command shows once in this server.');
  else if (deployment.cleared === 'guild') out.push(`Removed the registration for server ${deployment.guildId}, so each command shows once there.`);
  else if (deployment.scope === 'guild') out.push('If they were also registered globally, they show twice here: run `npm run discord:deploy -- --clear-other` to remove the global ones.');
  return out.join('\n');
}
