/**
 * The terminal's edits: `briefbot add <link or file>`, `briefbot remove <id>` and
 * `briefbot feeds`. The terminal is an editor. Nothing watches the corpus folder here, so the
 * answer says a running bot reads the new file within seconds, and one started later at start.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestConfig } from '../config.js';
import { createFeedPoller, createIngest, feedStatePath, type FeedLogger, type Ingest, type Requester } from '../ingest/index.js';
import type { Briefing } from '../../src/briefing.js';
import type { EditAnswer } from '../../src/types.js';
import type { CliArgs, ConsoleEdit, Io } from './cli.js';
import { renderEdit, renderFeeds } from './render.js';

export interface EditContext {
  briefing: Briefing;
  corpusDir: string;
  cacheDir: string;
  ingest: IngestConfig;
  io: Io;
  /** Where warnings go (a feed that failed). */
  warn: (line: string) => void;
}

const TERMINAL: Requester = { label: 'terminal', ids: [], trusted: true };

/** `briefbot add|remove|feeds`; returns the exit code (1 when something was refused or failed). */
export async function runEdit(args: CliArgs, context: EditContext): Promise<number> {
  const ingest = createIngest({ briefing: context.briefing, corpusDir: context.corpusDir, editors: context.ingest.editors, policy: { allowPrivate: context.ingest.allowPrivateUrls }, indexTimeoutMs: 0 });
  const print = (text: string) => context.io.output.write(`${text}\n`);
  if (args.mode === 'feeds') {
    if (context.ingest.feeds.length === 0) {
      context.warn('briefbot: no feeds to poll: set FEEDS (in .env or the environment) to RSS or Atom URLs separated by commas, or to a file that lists them.');
      return 1;
    }
    const logger: FeedLogger = { info: () => {}, warn: (fields, message) => context.warn(`${message}: ${String(fields.feed ?? '')}${fields.item ? ` (${String(fields.item)})` : ''}${fields.err ? `: ${String(fields.err)}` : ''}`) };
    const poller = createFeedPoller({ feeds: context.ingest.feeds, ingest, stateFile: feedStatePath(context.cacheDir, context.corpusDir), intervalMs: context.ingest.feedsIntervalMinutes * 60_000, policy: { allowPrivate: context.ingest.allowPrivateUrls }, logger });
    const states = await poller.pollAll();
    const shown = states.map(({ seen: _seen, etag: _etag, lastModified: _lastModified, ...state }) => state);
    print(args.json ? JSON.stringify(shown, null, 2) : renderFeeds(shown, { color: context.io.color }));
    return states.some((state) => state.lastResult === 'failed') ? 1 : 0;
  }
  const answer = await edit(ingest, args.mode === 'remove' ? 'remove' : 'add', args.query);
  print(args.json ? JSON.stringify(answer, null, 2) : renderEdit(answer, { color: context.io.color, links: context.io.links ?? false }));
  return answer.status === 'refused' ? 1 : 0;
}

/** The console's "/add <link or file>" and "/remove <id>", over the running bot's adder. */
export function consoleEdit(ingest: Ingest, io: Pick<Io, 'color' | 'links'>): ConsoleEdit {
  return async (line) => {
    const match = /^\/(add|remove)(?:\s+([\s\S]*))?$/i.exec(line.trim());
    if (!match) return null;
    const answer = await edit(ingest, match[1]!.toLowerCase() as 'add' | 'remove', (match[2] ?? '').trim());
    return renderEdit(answer, { color: io.color, links: io.links ?? false });
  };
}

/** Adds a link or a file (a path that names one), or removes an article. */
async function edit(ingest: Ingest, command: 'add' | 'remove', target: string): Promise<EditAnswer> {
  if (command === 'remove') return ingest.remove(target, TERMINAL);
  const isFile = !/^https?:\/\//i.test(target) && target !== '' && (await stat(target).then((info) => info.isFile(), () => false));
  if (isFile) return ingest.addFile({ name: path.basename(target), bytes: await readFile(target) }, TERMINAL);
  return ingest.addLink(target, TERMINAL);
}
