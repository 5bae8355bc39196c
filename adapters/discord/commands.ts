/**
 * The slash commands, built from the core's shared definitions, and their registration.
 */
import { REST, Routes, SlashCommandBuilder, type RESTPutAPIApplicationCommandsResult, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordConfig } from '../config.js';
import { COMMANDS } from '../../src/commands.js';

/** The JSON Discord registers: one chat-input command per shared definition. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((command) => {
    const builder = new SlashCommandBuilder().setName(command.name).setDescription(command.description);
    const option = command.option;
    if (option) {
      builder.addStringOption((o) => o.setName(option.name).setDescription(option.description).setRequired(option.required).setAutocomplete(option.autocomplete));
    }
    return builder.toJSON();
  });
}

export interface Deployment {
  scope: 'guild' | 'global';
  guildId: string | null;
  commands: RESTPutAPIApplicationCommandsResult;
}

/**
 * Registers the commands: for one server when `guildId` is set (instant), else globally
 * (Discord may take up to an hour to show them everywhere). Replaces what was registered.
 */
export async function deployCommands(config: DiscordConfig): Promise<Deployment> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.appId, config.guildId) : Routes.applicationCommands(config.appId);
  const commands = (await rest.put(route, { body: commandDefinitions() })) as RESTPutAPIApplicationCommandsResult;
  return { scope: config.guildId ? 'guild' : 'global', guildId: config.guildId, commands };
}

/** What the deploy script prints. */
export function describeDeployment(deployment: Deployment): string {
  const where = deployment.scope === 'guild' ? `server ${deployment.guildId} (available now)` : 'all servers (global; may take up to an hour to appear)';
  const lines = deployment.commands.map((c) => `  /${c.name}  ${c.description}`);
  return [`Registered ${deployment.commands.length} commands for ${where}:`, ...lines].join('\n');
}
