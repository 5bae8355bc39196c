/**
 * The Discord adapter: a discord.js client (Guilds intent only) that answers the slash
 * commands privately, with Share and More buttons, over the core's briefing object.
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageMentionOptions,
} from 'discord.js';
import type pino from 'pino';
import type { DiscordConfig } from '../config.js';
import { CommandLog, RateLimiter, slowDownMessage } from '../guard.js';
import type { Briefing } from '../../src/briefing.js';
import { renderAsk, renderChoices, renderHelp, renderNotice, renderShared, renderTimeline, renderWho, type DiscordMessage } from './render.js';
import { QueryStore, decodeButton, encodeButton, type PagedCommand } from './state.js';

export { commandDefinitions, deployCommands, describeDeployment, type Deployment } from './commands.js';

export interface DiscordOptions {
  briefing: Briefing;
  config: DiscordConfig;
  logger: pino.Logger;
  /** Where button state for long queries is kept (created when missing). */
  cacheDir: string;
  /** Commands (and button presses) one user may send a minute; default 20. */
  rateLimitPerMinute?: number;
}

export interface DiscordAdapter {
  /** Stops taking commands, lets those in flight finish (a few seconds at most), disconnects. */
  stop(): Promise<void>;
  client: Client;
}

// Nothing a user types or an article says may ping anyone.
const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };
const STOP_GRACE_MS = 5_000;

/** Logs in and resolves once the gateway is ready. Does not register commands (see deploy.ts). */
export async function startDiscord(options: DiscordOptions): Promise<DiscordAdapter> {
  const { config, logger } = options;
  await mkdir(options.cacheDir, { recursive: true });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const handler = createHandler(options);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    const handled = handler(interaction);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  client.on(Events.Error, (error) => logger.error({ platform: 'discord', err: errorFields(error) }, 'discord: client error'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ platform: 'discord', code: event.code }, 'discord: gateway disconnected'));
  client.on(Events.ShardReconnecting, () => logger.info({ platform: 'discord' }, 'discord: reconnecting to the gateway'));

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`briefbot: cannot connect to Discord: ${(error as Error).message}`);
  }
  logger.info({ platform: 'discord', user: client.user?.tag }, 'discord: connected');

  return {
    client,
    async stop() {
      stopping = true;
      const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      await client.destroy();
      await handler.store.flush();
      logger.info({ platform: 'discord' }, 'discord: stopped');
    },
  };
}

type Handler = ((interaction: Interaction) => Promise<void>) & { store: QueryStore };

function createHandler({ briefing, logger, cacheDir, rateLimitPerMinute = 20 }: DiscordOptions): Handler {
  const store = new QueryStore(cacheDir);
  const limiter = new RateLimiter(rateLimitPerMinute);
  const commandLog = new CommandLog(logger);

  /** Renders one page of a command, with its buttons. */
  async function answer(command: PagedCommand, query: string, offset: number): Promise<{ message: DiscordMessage; results: number }> {
    const button = (action: 'share' | 'more', at: number) => encodeButton({ action, command, offset: at, query }, store);
    switch (command) {
      case 'ask': {
        const result = await briefing.ask(query, { offset });
        const buttons = { share: result.hits.length > 0 ? await button('share', offset) : null, more: result.next !== null ? await button('more', result.next) : null };
        return { message: renderAsk(result, offset, buttons), results: result.hits.length };
      }
      case 'who': {
        const result = await briefing.who(query);
        const buttons = { share: result.person ? await button('share', 0) : null, more: null };
        return { message: renderWho(result, briefing.corpus, buttons), results: result.person ? 1 : 0 };
      }
      case 'timeline': {
        const result = await briefing.timeline(query, { offset });
        const buttons = { share: result.events.length > 0 ? await button('share', offset) : null, more: result.next !== null ? await button('more', result.next) : null };
        return { message: renderTimeline(result, briefing.corpus, offset, buttons), results: result.events.length };
      }
    }
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (interaction.commandName === 'help') {
      await commandLog.run({ platform: 'discord', command: 'help', user: interaction.user.id, query: '' }, () =>
        interaction.reply({ ...replyPayload(renderHelp(briefing.corpus)), flags: MessageFlags.Ephemeral }),
      );
      return;
    }
    const command = pagedCommand(interaction.commandName);
    const query = (interaction.options.getString(OPTION[command]) ?? '').trim();
    if (await refusedForRate(interaction)) return;
    await commandLog.run(
      { platform: 'discord', command, user: interaction.user.id, query },
      async () => {
        // Acknowledge before searching: Discord drops an interaction not answered within 3 s.
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const { message, results } = await answer(command, query, 0);
        await interaction.editReply(editPayload(message));
        return results;
      },
      (results) => results,
    );
  }

  /** Answers "slow down" privately when the user is over the rate limit. */
  async function refusedForRate(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<boolean> {
    const verdict = limiter.take(interaction.user.id);
    if (verdict.ok) return false;
    logger.info({ platform: 'discord', user: interaction.user.id, retryAfterSeconds: verdict.retryAfterSeconds }, 'discord: rate limited');
    await interaction.reply({ ...replyPayload(renderNotice(slowDownMessage(verdict.retryAfterSeconds))), flags: MessageFlags.Ephemeral });
    return true;
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const state = await decodeButton(interaction.customId, store);
    if (state === null) {
      await interaction.reply({ ...replyPayload(renderNotice('This button has expired: run the command again.')), flags: MessageFlags.Ephemeral });
      return;
    }
    if (await refusedForRate(interaction)) return;
    await commandLog.run(
      { platform: 'discord', command: `${state.command}:${state.action}`, user: interaction.user.id, query: state.query },
      async () => {
        await interaction.deferUpdate();
        const { message, results } = await answer(state.command, state.query, state.offset);
        if (state.action === 'more') await interaction.editReply(editPayload(message));
        else await interaction.followUp(replyPayload(renderShared(message, interaction.user.id)));
        return results;
      },
      (results) => results,
    );
  }

  // Autocomplete runs on every keystroke: neither rate-limited nor logged above debug.
  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const typed = String(interaction.options.getFocused());
    const suggestions = interaction.commandName === 'who' ? briefing.suggestPeople(typed) : interaction.commandName === 'timeline' ? briefing.suggestPeriods(typed) : [];
    const choices = renderChoices(suggestions);
    await interaction.respond(choices);
    logger.debug({ platform: 'discord', command: interaction.commandName, choices: choices.length }, 'autocomplete');
  }

  /** The one catch of the adapter: logs, then answers privately; never throws. */
  async function handle(interaction: Interaction): Promise<void> {
    const entry = describe(interaction);
    try {
      if (interaction.isAutocomplete()) await onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isButton()) await onButton(interaction);
    } catch (error) {
      logger.error({ ...entry, err: errorFields(error) }, 'discord: command failed');
      try {
        await answerError(interaction, error);
      } catch (failure) {
        logger.warn({ ...entry, err: errorFields(failure) }, 'discord: could not tell the user about the failure');
      }
    }
  }

  return Object.assign(handle, { store });
}

const OPTION: Record<PagedCommand, string> = { ask: 'question', who: 'name', timeline: 'period' };

function pagedCommand(name: string): PagedCommand {
  if (name === 'ask' || name === 'who' || name === 'timeline') return name;
  throw new Error(`briefbot: unknown Discord command "${name.slice(0, 40)}"`);
}

function describe(interaction: Interaction): Record<string, unknown> {
  const kind = interaction.isAutocomplete() ? 'autocomplete' : interaction.isChatInputCommand() ? 'command' : interaction.isButton() ? 'button' : 'other';
  const command = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() ? interaction.customId.split(':').slice(1, 3).join(':') : null;
  return { platform: 'discord', kind, command, interaction: interaction.id };
}

async function answerError(interaction: Interaction, error: unknown): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const notice = renderNotice(errorText(error));
  if (!interaction.deferred && !interaction.replied) await interaction.reply({ ...replyPayload(notice), flags: MessageFlags.Ephemeral });
  else if (interaction.isChatInputCommand()) await interaction.editReply(editPayload(notice));
  else await interaction.followUp({ ...replyPayload(notice), flags: MessageFlags.Ephemeral });
}

/**
 * What of an error goes in the log. A DiscordAPIError also carries the request URL (with the
 * interaction token in it) and body (with the user's text): neither is logged.
 */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, status } = error as Error & { code?: unknown; status?: unknown };
  return { type: error.name, message: error.message, stack: error.stack, ...(code === undefined ? {} : { code }), ...(status === undefined ? {} : { status }) };
}

function errorText(error: unknown): string {
  const unavailable = /(\/\w+) is not available yet/.exec(error instanceof Error ? error.message : '');
  if (unavailable) return `${unavailable[1]} is not available yet. Meanwhile, /ask finds the passages that answer a question.`;
  return 'Sorry, something went wrong answering that. It has been logged; please try again.';
}

/** A new message (reply, follow-up): empty content is left out. */
function replyPayload(message: DiscordMessage) {
  return { ...(message.content === '' ? {} : { content: message.content }), embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}

/** An edit replaces everything, content included. */
function editPayload(message: DiscordMessage) {
  return { content: message.content, embeds: message.embeds, components: message.components, allowedMentions: NO_MENTIONS };
}
