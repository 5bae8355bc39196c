/** The Slack app manifest stays true to the shared command definitions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, EDIT_COMMANDS } from '../../src/commands.js';

interface SlashCommandEntry {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
}

const manifest = JSON.parse(readFileSync(new URL('../../adapters/slack/manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: SlashCommandEntry[]; bot_user: { display_name: string }; app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean; event_subscriptions: { request_url: string; bot_events: string[] } };
};
const readme = readFileSync(new URL('../../adapters/slack/README.md', import.meta.url), 'utf8');
const commands = manifest.features.slash_commands;
const own = COMMANDS.filter((c) => c.option !== null);

describe('slack manifest', () => {
  it('declares exactly the shared commands plus /brief', () => {
    expect(commands.map((c) => c.command).sort()).toEqual([...own.map((c) => `/${c.name}`), '/brief'].sort());
  });

  it('takes each description and usage hint from the command definitions', () => {
    for (const definition of own) {
      const entry = commands.find((c) => c.command === `/${definition.name}`)!;
      expect(entry.description).toBe(definition.description);
      expect(entry.usage_hint).toBe(`[${definition.option.name}] e.g. ${definition.example}`);
    }
  });

  it('lists every subcommand in /brief’s usage hint', () => {
    const brief = commands.find((c) => c.command === '/brief')!;
    for (const definition of [...COMMANDS, ...EDIT_COMMANDS]) expect(brief.usage_hint).toContain(definition.name);
  });

  it('points every command, interactivity and the events at the receiver’s endpoint', () => {
    for (const entry of commands) expect(new URL(entry.url).pathname).toBe('/slack/events');
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
  });

  it('asks only for the scopes and events the adapter uses, with interactivity on and Socket Mode off', () => {
    // Sharing goes through the response_url: no chat:write.public, and no channel membership.
    // files:read: downloading a file shared with the bot to add it as an article.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:read', 'im:history']);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('turns on the Home tab and the Messages tab people can write in', () => {
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });

  it('justifies each scope and event in the README', () => {
    for (const name of [...manifest.oauth_config.scopes.bot, ...manifest.settings.event_subscriptions.bot_events]) expect(readme).toMatch(new RegExp(`^\\| \`${name.replace('.', '\\.')}\` \\| .{20,}`, 'm'));
  });

  it('leaves text as typed (Slack still escapes &, < and >, which the adapter decodes)', () => {
    for (const entry of commands) expect(entry.should_escape).toBe(false);
  });
});
