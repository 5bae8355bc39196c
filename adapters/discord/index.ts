/**
 * The Discord adapter: a discord.js client (Guilds intent only) that answers the slash
 * commands privately (in servers and in DMs with the bot), with Previous, More and Share
 * buttons and buttons that open a suggested person or period, over the core's briefing object.
 * Editors add articles with /brief add (a link or an attached file) and remove them with
 * /brief remove.
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
  type StringSelectMenuInteraction,
} from 'discord.js';
import type pino from 'pino';
import type { DiscordConfig } from '../config.js';
import { CommandLog, RateLimiter, slowDownMessage } from '../guard.js';
import type { Briefing } from '../../src/briefing.js';
import { BRIEF_COMMAND } from '../../src/commands.js';
import { helpContent, isHelpRequest, startingPoints } from '../../src/help.js';
import type { Ingest, Requester } from '../ingest/index.js';
import { DIRECTORY_PAGE, renderArticle, renderAsk, renderChoices, renderEdit, renderHelp, renderMentions, renderNotice, renderShared, renderSharedCopy, renderTimeline, renderWho, type DiscordMessage, type Encode } from './render.js';
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
  /** Adds and removes articles (/brief add, /brief remove); without it they answer that adding is not set up. */
  ingest?: Ingest;
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
  await handler.store.open();
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

/** How long a share is remembered, so a double click posts once. */
const SHARED_TTL_MS = 15 * 60_000;

function createHandler({ briefing, logger, cacheDir, rateLimitPerMinute = 20, ingest }: DiscordOptions): Handler {
  const store = new QueryStore(cacheDir, (err) => logger.warn({ platform: 'discord', err: errorFields(err) }, 'discord: could not save button state'));
  const limiter = new RateLimiter(rateLimitPerMinute);
  const commandLog = new CommandLog(logger);
  const shared = new Map<string, number>();
  const encode: Encode = (state) => encodeButton(state, store);

  /** Renders one page of a command, with its buttons. */
  async function answer(command: PagedCommand, query: string, offset: number): Promise<{ message: DiscordMessage; results: number }> {
    const explore = startingPoints(briefing);
    switch (command) {
      case 'ask': {
        const result = briefing.ask(query, { offset });
        return { message: renderAsk(result, offset, encode, explore), results: result.hits.length };
      }
      case 'who': {
        const result = briefing.who(query);
        return { message: renderWho(result, briefing.corpus, encode, { explore }), results: result.person ? 1 : 0 };
      }
      case 'mentions': {
        const result = briefing.who(query);
        return { message: renderMentions(result, briefing.corpus, offset, encode), results: result.person ? 1 : 0 };
      }
      case 'people': {
        const result = briefing.who('', { offset, limit: DIRECTORY_PAGE });
        return { message: renderWho(result, briefing.corpus, encode, { offset, explore }), results: result.people?.length ?? 0 };
      }
      case 'timeline': {
        const result = briefing.timeline(query, { offset });
        return { message: renderTimeline(result, briefing.corpus, offset, encode, explore), results: result.events.length };
      }
      case 'article': {
        const article = ingest ? await ingest.describe(query) : null;
        return article ? { message: renderArticle(article, encode), results: 1 } : { message: renderNotice('That article is no longer in the corpus.'), results: 0 };
      }
    }
  }

  /** /brief add (a link or an attached file) and /brief remove, answered privately with the article's card. */
  async function onBrief(interaction: ChatInputCommandInteraction): Promise<void> {
    const sub = interaction.options.getSubcommand();
    const file = sub === 'add' ? interaction.options.getAttachment('file') : null;
    const query = (sub === 'add' ? (file?.name ?? interaction.options.getString('url')) : interaction.options.getString('article')) ?? '';
    if (await refusedForRate(interaction)) return;
    await commandLog.run(
      { platform: 'discord', command: sub, user: interaction.user.id, query },
      async () => {
        // Fetching a page takes longer than Discord waits for a first answer.
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        if (!ingest) {
          await interaction.editReply(editPayload(renderNotice('Adding articles is not set up on this bot.')));
          return 0;
        }
        const roles = roleIdsOf(interaction);
        const requester: Requester = { label: `discord ${interaction.user.id}`, ids: [interaction.user.id, ...roles] };
        const result =
          sub === 'remove'
            ? await ingest.remove(query, requester)
            : file
              ? await ingest.addFile({ name: file.name, size: file.size, url: file.url }, requester)
              : await ingest.addLink(query, requester);
        const known = new Set([...(interaction.guild?.roles.cache.keys() ?? []), ...roles]);
        await interaction.editReply(editPayload(renderEdit(result, encode, known)));
        return result.status === 'refused' ? 0 : 1;
      },
      (results) => results,
    );
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    await store.open();
    if (interaction.commandName === BRIEF_COMMAND.name) return onBrief(interaction);
    const query = interaction.commandName === 'help' ? '' : (interaction.options.getString(OPTION[pagedCommand(interaction.commandName)]) ?? '').trim();
    if (interaction.commandName === 'help' || (interaction.commandName === 'ask' && isHelpRequest(query))) {
      await commandLog.run({ platform: 'discord', command: 'help', user: interaction.user.id, query: '' }, () =>
        interaction.reply({ ...replyPayload(renderHelp(helpContent(briefing), encode)), flags: MessageFlags.Ephemeral }),
      );
      return;
    }
    const named = pagedCommand(interaction.commandName);
    const command: PagedCommand = named === 'who' && query === '' ? 'people' : named;
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
  async function refusedForRate(interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction): Promise<boolean> {
    const verdict = limiter.take(interaction.user.id);
    if (verdict.ok) return false;
    logger.info({ platform: 'discord', user: interaction.user.id, retryAfterSeconds: verdict.retryAfterSeconds }, 'discord: rate limited');
    await interaction.reply({ ...replyPayload(renderNotice(slowDownMessage(verdict.retryAfterSeconds))), flags: MessageFlags.Ephemeral });
    return true;
  }

  /** Discord: a double click sends two interactions; the second share is acknowledged and posts nothing. */
  function firstShare(key: string): boolean {
    const now = Date.now();
    for (const [old, at] of shared) if (now - at > SHARED_TTL_MS) shared.delete(old);
    if (shared.has(key)) return false;
    shared.set(key, now);
    return true;
  }

  async function onButton(interaction: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    await store.open();
    const decoded = await decodeButton(interaction.customId, store);
    // A menu's option is the name to open.
    const state = decoded && interaction.isStringSelectMenu() ? { ...decoded, query: interaction.values[0] ?? '' } : decoded;
    if (state === null || (interaction.isStringSelectMenu() && state.query === '')) {
      await interaction.reply({ ...replyPayload(renderNotice('This button has expired: run the command again.')), flags: MessageFlags.Ephemeral });
      return;
    }
    if (await refusedForRate(interaction)) return;
    await commandLog.run(
      { platform: 'discord', command: `${state.command}:${state.action}`, user: interaction.user.id, query: state.query },
      async () => {
        await interaction.deferUpdate();
        if (state.action === 'share') {
          const key = `${interaction.message.id}:${interaction.customId}`;
          if (!firstShare(key)) return 0;
          const { message, results } = await answer(state.command, state.query, state.offset);
          try {
            await interaction.followUp(replyPayload(renderShared(message, interaction.user.id)));
          } catch (error) {
            // Lets the user press Share again.
            shared.delete(key);
            throw error;
          }
          await interaction.editReply(editPayload(renderSharedCopy(message)));
          return results;
        }
        const { message, results } = await answer(state.command, state.query, state.offset);
        await interaction.editReply(editPayload(message));
        return results;
      },
      (results) => results,
    );
  }

  // Autocomplete runs on every keystroke: neither rate-limited nor logged above debug.
  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const typed = String(interaction.options.getFocused());
    const suggestions =
      interaction.commandName === 'who'
        ? briefing.suggestPeople(typed)
        : interaction.commandName === 'timeline'
          ? briefing.suggestPeriods(typed)
          : interaction.commandName === BRIEF_COMMAND.name
            ? (ingest?.suggestRemovable(typed) ?? [])
            : [];
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
      else if (interaction.isButton() || interaction.isStringSelectMenu()) await onButton(interaction);
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

const OPTION: Record<'ask' | 'who' | 'timeline', string> = { ask: 'question', who: 'name', timeline: 'period' };

function pagedCommand(name: string): 'ask' | 'who' | 'timeline' {
  if (name === 'ask' || name === 'who' || name === 'timeline') return name;
  throw new Error(`briefbot: unknown Discord command "${name.slice(0, 40)}"`);
}

/** The ids of the member's roles: from the cache when the server is cached, else from the payload. */
function roleIdsOf(interaction: ChatInputCommandInteraction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

function describe(interaction: Interaction): Record<string, unknown> {
  const kind = interaction.isAutocomplete() ? 'autocomplete' : interaction.isChatInputCommand() ? 'command' : interaction.isButton() ? 'button' : interaction.isStringSelectMenu() ? 'menu' : 'other';
  const command = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() || interaction.isStringSelectMenu() ? interaction.customId.split(':').slice(1, 3).join(':') : null;
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
