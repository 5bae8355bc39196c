/**
 * A progress bar for long builds in a terminal: the stage, a bar, articles done, the rate and
 * the time left, redrawn in place at most ten times a second.
 */
import type { Progress } from '../../src/briefing.js';

const WIDTH = 24;
const REDRAW_MS = 100;
const LABELS = { reading: 'Reading articles', indexing: 'Indexing articles', merging: 'Merging people and events' } as const;

export interface ProgressBar {
  update: Progress;
  /** Clears the bar, so what follows starts on a clean line. */
  clear(): void;
}

/**
 * @example const bar = progressBar(process.stderr); createBriefing({ ..., onProgress: bar.update }); bar.clear();
 */
export function progressBar(stream: NodeJS.WritableStream & { columns?: number }, now: () => number = Date.now): ProgressBar {
  let stage: keyof typeof LABELS | null = null;
  let started = 0;
  let drawn = 0;
  let shown = false;
  return {
    update(next, done, total) {
      const time = now();
      if (next !== stage) [stage, started, drawn] = [next, time, 0];
      if (time - drawn < REDRAW_MS && done < total) return;
      drawn = time;
      shown = true;
      stream.write(`\r${line(LABELS[next], done, total, (time - started) / 1000).slice(0, (stream.columns ?? 80) - 1)}\x1b[K`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** "Indexing articles [██████░░░░] 4,200/8,800 · 310/s · 15 s left" */
export function line(label: string, done: number, total: number, seconds: number): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * WIDTH);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}]`;
  // A stage of a few steps (the merges) shows the bar alone: a rate of steps tells nothing.
  if (total <= 2) return `${label} ${bar}`;
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 && done < total ? ` · ${duration((total - done) / rate)} left` : '';
  const speed = rate > 0 ? ` · ${Math.round(rate).toLocaleString('en-US')}/s` : '';
  return `${label} ${bar} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${speed}${left}`;
}

function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
