/**
 * The terminal's edits: `briefbot add <link or file>`, `briefbot remove <id>` and
 * `briefbot feeds`. The terminal is an editor. Nothing watches the corpus folder here, so the
 * answer says a running bot reads the new file within seconds, and one started later at start.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestConfig } from '../config.js';
import { createFeedPoller, createIngest, feedStatePath, type FeedLogger, type Requester } from '../ingest/index.js';
import type { Briefing } from '../../src/briefing.js';
import type { EditAnswer } from '../../src/types.js';
import type { CliArgs, Io } from './cli.js';
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
  const target = args.query;
  let answer: EditAnswer;
  if (args.mode === 'remove') answer = await ingest.remove(target, TERMINAL);
  else if (!/^https?:\/\//i.test(target) && target !== '' && (await stat(target).then((info) => info.isFile(), () => false))) {
    answer = await ingest.addFile({ name: path.basename(target), bytes: await readFile(target) }, TERMINAL);
  } else answer = await ingest.addLink(target, TERMINAL);
  print(args.json ? JSON.stringify(answer, null, 2) : renderEdit(answer, { color: context.io.color, links: context.io.links ?? false }));
  return answer.status === 'refused' ? 1 : 0;
}
