/**
 * Configuration: every setting is an environment variable (a `.env` file is read first by
 * index.ts). Read once, validated here, handed to the core and the adapters as plain values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLED_CORPUS = path.join(PROJECT_DIR, 'corpus');

export interface SlackConfig {
  botToken: string;
  /** Verifies Slack's HTTP requests; not needed in Socket Mode, where no request comes in. */
  signingSecret: string | null;
  /** With an app-level token the app uses Socket Mode (no public URL). */
  appToken: string | null;
  port: number;
  /** Base URL of Slack's Web API, e.g. for a proxy; null for Slack itself. */
  apiUrl: string | null;
}

export interface DiscordConfig {
  token: string;
  appId: string;
  guildId: string | null;
  /** REST base URL including `/api`; null for Discord itself. */
  apiUrl: string | null;
}

/** Adding articles from chat, the terminal and feeds. */
export interface IngestConfig {
  /** Slack user ids and Discord user or role ids that may add and remove articles. */
  editors: string[];
  /** Lets links reach private, loopback and link-local addresses: tests and intranets only. */
  allowPrivateUrls: boolean;
  /** RSS or Atom feeds to poll. */
  feeds: string[];
  feedsIntervalMinutes: number;
}

export interface Config {
  corpusDir: string;
  cacheDir: string;
  /** The cache folder holds a snapshot built ahead of time: used as it is, never written. */
  cacheReadOnly: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  healthPort: number | null;
  rateLimitPerMinute: number;
  slack: SlackConfig | null;
  discord: DiscordConfig | null;
  ingest: IngestConfig;
}

/** What each setting means and where to get it: used in error messages and kept true to .env.example. */
export const SETTINGS = {
  CORPUS_DIR: 'the folder of articles (default: the bundled corpus/)',
  BRIEFBOT_CACHE_DIR: 'where index snapshots are kept (default: .cache/ in the project)',
  BRIEFBOT_CACHE_READ_ONLY: 'true to use the snapshot in the cache folder as it is and never write there (default: false)',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent (default: info)',
  HEALTH_PORT: 'a port for GET /healthz, 1-65535 (optional)',
  RATE_LIMIT_PER_MINUTE: 'commands one user may send a minute (default: 20)',
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-...) from your Slack app’s "OAuth & Permissions" page',
  SLACK_SIGNING_SECRET: 'the Signing Secret from your Slack app’s "Basic Information" page (not needed with SLACK_APP_TOKEN, in Socket Mode)',
  SLACK_APP_TOKEN: 'an app-level token (xapp-...) with connections:write, to use Socket Mode (optional)',
  SLACK_PORT: 'the port the Slack HTTP endpoint listens on (default: 3000)',
  SLACK_API_URL: 'a base URL for Slack’s Web API, e.g. for a proxy (optional)',
  DISCORD_TOKEN: 'the bot token from the Discord Developer Portal, "Bot" page',
  DISCORD_APP_ID: 'the Application ID from the Discord Developer Portal, "General Information" page',
  DISCORD_GUILD_ID: 'a server id, to register commands for that server only (optional)',
  DISCORD_API_URL: 'a REST base URL including /api, e.g. for a proxy (optional)',
  BRIEFBOT_EDITORS: 'the Slack user ids (U…) and Discord user or role ids that may add and remove articles, separated by commas (optional; the terminal always may)',
  BRIEFBOT_ALLOW_PRIVATE_URLS: 'true to let links and feeds reach private, loopback and link-local addresses: for tests and intranets only (default: false)',
  FEEDS: 'RSS or Atom feed URLs separated by commas, or the path of a file that lists them one a line (optional)',
  FEEDS_INTERVAL_MINUTES: 'how often the feeds are polled, in minutes, 1-10080 (default: 30)',
} as const;

type Key = keyof typeof SETTINGS;

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blank, z.string().trim().optional());
const port = (fallback?: number) =>
  z.preprocess(blank, z.coerce.number().int().min(1).max(65535).optional()).transform((value) => value ?? fallback ?? null);
const url = z.preprocess(blank, z.url({ protocol: /^https?$/ }).optional());

const schema = z.object({
  CORPUS_DIR: optionalText,
  BRIEFBOT_CACHE_DIR: optionalText,
  BRIEFBOT_CACHE_READ_ONLY: z.preprocess(blank, z.enum(['true', 'false', '1', '0']).optional()).transform((value) => value === 'true' || value === '1'),
  LOG_LEVEL: z.preprocess(blank, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  HEALTH_PORT: port(),
  RATE_LIMIT_PER_MINUTE: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(20)),
  SLACK_BOT_TOKEN: z.preprocess(blank, z.string().trim().startsWith('xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.preprocess(blank, z.string().trim().startsWith('xapp-').optional()),
  SLACK_PORT: port(3000),
  SLACK_API_URL: url,
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: z.preprocess(blank, z.string().trim().regex(/^\d{5,25}$/).optional()),
  DISCORD_GUILD_ID: z.preprocess(blank, z.string().trim().regex(/^\d{5,25}$/).optional()),
  DISCORD_API_URL: url,
  BRIEFBOT_EDITORS: z.preprocess(
    blank,
    z
      .string()
      .transform((value) => value.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^([UW][A-Z0-9]{2,30}|\d{5,25})$/)))
      .default([]),
  ),
  BRIEFBOT_ALLOW_PRIVATE_URLS: z.preprocess(blank, z.enum(['true', 'false']).default('false')).transform((value) => value === 'true'),
  FEEDS: optionalText,
  FEEDS_INTERVAL_MINUTES: z.preprocess(blank, z.coerce.number().int().min(1).max(10_080).default(30)),
});

export class ConfigError extends Error {}

/**
 * Validates the environment. Throws a ConfigError naming each missing or malformed key and
 * what to put there; never echoes a value (they may be secrets).
 */
export function readConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const keys = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))] as Key[];
    throw new ConfigError(keys.map((key) => `${key} is malformed: set it to ${SETTINGS[key]}`).join('\n'));
  }
  const v = parsed.data;
  const problems: string[] = [];
  const slackKeys = { SLACK_BOT_TOKEN: v.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: v.SLACK_SIGNING_SECRET };
  const discordKeys = { DISCORD_TOKEN: v.DISCORD_TOKEN, DISCORD_APP_ID: v.DISCORD_APP_ID };
  // Socket Mode (an app-level token) receives no HTTP request, so it needs no signing secret.
  const slackOn = v.SLACK_APP_TOKEN !== undefined ? requireAll('Slack', { SLACK_BOT_TOKEN: v.SLACK_BOT_TOKEN }, problems) : requireAllOrNone('Slack', slackKeys, problems);
  const discordOn = requireAllOrNone('Discord', discordKeys, problems);
  const feeds = v.FEEDS === undefined ? [] : readFeeds(v.FEEDS, cwd, problems);
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));

  return {
    corpusDir: v.CORPUS_DIR ? path.resolve(cwd, v.CORPUS_DIR) : BUNDLED_CORPUS,
    cacheDir: v.BRIEFBOT_CACHE_DIR ? path.resolve(cwd, v.BRIEFBOT_CACHE_DIR) : path.join(PROJECT_DIR, '.cache'),
    cacheReadOnly: v.BRIEFBOT_CACHE_READ_ONLY,
    logLevel: v.LOG_LEVEL,
    healthPort: v.HEALTH_PORT,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    slack: slackOn
      ? { botToken: v.SLACK_BOT_TOKEN!, signingSecret: v.SLACK_SIGNING_SECRET ?? null, appToken: v.SLACK_APP_TOKEN ?? null, port: v.SLACK_PORT!, apiUrl: v.SLACK_API_URL ?? null }
      : null,
    discord: discordOn
      ? { token: v.DISCORD_TOKEN!, appId: v.DISCORD_APP_ID!, guildId: v.DISCORD_GUILD_ID ?? null, apiUrl: v.DISCORD_API_URL ?? null }
      : null,
    ingest: { editors: v.BRIEFBOT_EDITORS, allowPrivateUrls: v.BRIEFBOT_ALLOW_PRIVATE_URLS, feeds, feedsIntervalMinutes: v.FEEDS_INTERVAL_MINUTES },
  };
}

/**
 * FEEDS: URLs separated by commas or spaces, or a file of them (one a line, `#` comments).
 * A malformed entry is named by its place, not echoed: a feed URL may carry a token.
 */
function readFeeds(value: string, cwd: string, problems: string[]): string[] {
  let entries: string[];
  if (/^https?:\/\//i.test(value)) entries = value.split(/[\s,]+/).filter(Boolean);
  else {
    const file = path.resolve(cwd, value);
    try {
      entries = readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
    } catch (error) {
      problems.push(`FEEDS names a file that cannot be read (${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): set it to ${SETTINGS.FEEDS}`);
      return [];
    }
  }
  entries.forEach((entry, index) => {
    if (!z.url({ protocol: /^https?$/ }).safeParse(entry).success) problems.push(`FEEDS entry ${index + 1} is not an http or https URL: set it to ${SETTINGS.FEEDS}`);
  });
  return [...new Set(entries)];
}

/** True when every key is set, false when none is; half set is a problem. */
function requireAllOrNone(platform: string, keys: Record<string, string | undefined>, problems: string[]): boolean {
  const set = Object.values(keys).filter((value) => value !== undefined).length;
  if (set === 0) return false;
  return requireAll(platform, keys, problems);
}

function requireAll(platform: string, keys: Record<string, string | undefined>, problems: string[]): boolean {
  for (const [key, value] of Object.entries(keys)) {
    if (value === undefined) problems.push(`${key} is missing (${platform} is half configured): set it to ${SETTINGS[key as Key]}`);
  }
  return problems.length === 0;
}
