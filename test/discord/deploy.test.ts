import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions, deployCommands, describeDeployment } from '../../adapters/discord/index.js';
import { COMMANDS, EDIT_COMMANDS } from '../../src/commands.js';
import { APP_ID, FakeDiscord, GUILD_ID } from './fake-discord.js';

const run = promisify(execFile);
const fake = new FakeDiscord();
let emptyDir: string;

beforeAll(async () => {
  await fake.start();
  emptyDir = await mkdtemp(path.join(os.tmpdir(), 'briefbot-deploy-'));
});

afterAll(async () => {
  await fake.close();
  await rm(emptyDir, { recursive: true, force: true });
});

describe('discord deploy', () => {
  it('builds one command per shared definition, autocomplete where the core offers it', () => {
    const definitions = commandDefinitions();
    expect(definitions.map((d) => d.name)).toEqual([...COMMANDS.map((c) => c.name), 'brief']);
    const who = definitions.find((d) => d.name === 'who')!;
    expect(who.options).toEqual([expect.objectContaining({ name: 'name', type: 3, required: false, autocomplete: true })]);
    const timeline = definitions.find((d) => d.name === 'timeline')!;
    expect(timeline.options).toEqual([expect.objectContaining({ name: 'period', required: false, autocomplete: true })]);
    expect(definitions.find((d) => d.name === 'help')!.options).toEqual([]);
  });

  it('builds /brief with a subcommand per edit command: add with a link or an attachment, remove with an article id', () => {
    const brief = commandDefinitions().find((d) => d.name === 'brief')!;
    expect(brief.options!.map((o) => [o.name, o.type])).toEqual(EDIT_COMMANDS.map((c) => [c.name, 1]));
    const [add, remove] = brief.options as unknown as Array<{ options: Array<Record<string, unknown>> }>;
    expect(add!.options).toEqual([expect.objectContaining({ name: 'url', type: 3, required: false }), expect.objectContaining({ name: 'file', type: 11, required: false })]);
    expect(remove!.options).toEqual([expect.objectContaining({ name: 'article', type: 3, required: true, autocomplete: true })]);
  });

  it('registers the commands for one server when a guild id is set', async () => {
    const deployment = await deployCommands({ token: 'fake.bot.token', appId: APP_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl });
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)!;
    expect(put.status).toBe(200);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'who', 'timeline', 'help', 'brief']);
    expect(deployment.scope).toBe('guild');
    expect(describeDeployment(deployment)).toMatch(new RegExp(`^Registered 5 commands for server ${GUILD_ID} \\(available now\\):\\n  /ask `));
  });

  it('says how to remove a global copy after registering for a server, and removes it when told', async () => {
    const config = { token: 'fake.bot.token', appId: APP_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl };
    expect(describeDeployment(await deployCommands(config))).toMatch(/show twice here: run `npm run discord:deploy -- --clear-other`/);
    const before = fake.requests.length;
    const deployment = await deployCommands(config, { clearOther: true });
    const puts = fake.requests.slice(before).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.path, r.body.length])).toEqual([
      [`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, 5],
      [`/applications/${APP_ID}/commands`, 0],
    ]);
    expect(describeDeployment(deployment)).toMatch(/Removed the global registration, so each command shows once in this server\.$/);
  });

  it('registers globally with --global and clears the server’s copy with --clear-other', async () => {
    const before = fake.requests.length;
    const deployment = await deployCommands({ token: 'fake.bot.token', appId: APP_ID, guildId: GUILD_ID, apiUrl: fake.apiUrl }, { global: true, clearOther: true });
    const puts = fake.requests.slice(before).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.path, r.body.length])).toEqual([
      [`/applications/${APP_ID}/commands`, 5],
      [`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, 0],
    ]);
    expect(deployment.scope).toBe('global');
    expect(describeDeployment(deployment)).toMatch(/^Registered 5 commands for all servers and DMs with the bot/);
  });

  it('registers the commands globally without a guild id', async () => {
    const deployment = await deployCommands({ token: 'fake.bot.token', appId: APP_ID, guildId: null, apiUrl: fake.apiUrl });
    expect(fake.requests.some((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/commands`)).toBe(true);
    expect(describeDeployment(deployment)).toMatch(/^Registered 5 commands for all servers/);
  });

  it('exits 1 naming the missing keys when the token and application id are not set', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DISCORD_') && !key.startsWith('SLACK_')));
    const script = path.resolve('adapters/discord/deploy.ts');
    const tsx = path.resolve('node_modules/.bin/tsx');
    const failure = await run(tsx, [script], { cwd: emptyDir, env }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/DISCORD_TOKEN and DISCORD_APP_ID are not set/);
  });

  it('registers through the script against the stand-in, clearing the other scope when told', async () => {
    const env = { ...process.env, DISCORD_TOKEN: 'fake.bot.token', DISCORD_APP_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID, DISCORD_API_URL: fake.apiUrl };
    const { stdout } = await run(path.resolve('node_modules/.bin/tsx'), [path.resolve('adapters/discord/deploy.ts'), '--clear-other'], { cwd: emptyDir, env });
    expect(stdout).toMatch(/^Registered 5 commands for server/);
    expect(stdout).toMatch(/Removed the global registration/);
    expect(stdout).not.toContain('fake.bot.token');
  });
});
