/**
 * Live corpus updates: an article file added, changed or removed while the bot runs replaces
 * only that article in the briefing, within a few seconds, without a restart.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';
import type { Briefing } from '../src/briefing.js';
import { isArticleFile, readArticle } from '../src/corpus/index.js';

export interface CorpusWatcher {
  close(): Promise<void>;
  /** Resolves once the initial scan is done and changes are being watched. */
  ready: Promise<void>;
}

export interface WatchOptions {
  onWarning: (message: string) => void;
  onUpdate?: (change: { file: string; kind: 'set' | 'removed' }) => void;
}

/** Watches a corpus folder and keeps the briefing in step with it. */
export async function watchCorpus(briefing: Briefing, dir: string, options: WatchOptions): Promise<CorpusWatcher> {
  const root = await realpath(dir);
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    // A file being written is read once its size has held still for a moment.
    awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 100 },
    ignored: (file, stats) => path.basename(file).startsWith('.') || (stats?.isFile() === true && !isArticleFile(file)),
  });
  const articleId = (file: string) => path.basename(file, path.extname(file));

  const update = async (file: string) => {
    const relative = path.relative(root, file);
    try {
      const { article, warnings, stamp, hash } = await readArticle(root, relative);
      warnings.forEach(options.onWarning);
      briefing.setArticle(article, { stamp, hash });
      options.onUpdate?.({ file: relative, kind: 'set' });
    } catch (error) {
      options.onWarning(`briefbot: skipped ${relative} until it is valid: ${(error as Error).message}`);
    }
  };
  watcher.on('add', update);
  watcher.on('change', update);
  watcher.on('unlink', (file) => {
    if (!isArticleFile(file)) return;
    briefing.removeArticle(articleId(file));
    options.onUpdate?.({ file: path.relative(root, file), kind: 'removed' });
  });
  watcher.on('error', (error) => options.onWarning(`briefbot: watching ${dir} failed: ${(error as Error).message}`));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
