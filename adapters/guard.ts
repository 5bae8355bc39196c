/**
 * What every chat adapter does around a command: a per-user rate limit, one structured log line
 * per command, and a count of commands in flight so a shutdown can wait for them.
 */
import type { Logger } from 'pino';
import type { Answer, ErrorAnswer } from '../src/types.js';

/** A token bucket per user: `perMinute` commands a minute, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for the user; when none is left, says how many seconds until one is. */
  take(user: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(user) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(user, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now, rate);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
  }

  /** Users whose bucket has refilled carry no state worth keeping. */
  private forgetFull(now: number, rate: number): void {
    for (const [user, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * rate >= this.perMinute) this.buckets.delete(user);
    }
  }
}

export function slowDownMessage(retryAfterSeconds: number): string {
  return `Slow down: you have sent a lot of commands. Try again in ${retryAfterSeconds} s.`;
}

export interface CommandRecord {
  platform: string;
  command: string;
  user: string;
  query: string;
}

/** Tracks the commands in flight and logs one line for each when it ends. */
export class CommandLog {
  private inFlight = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Runs a command's handling, then logs command, platform, latency and result count (the
   * message text only at debug level). Rethrows after logging.
   */
  async run<T>(record: CommandRecord, handle: () => Promise<T>, countOf: (result: T) => number | null = () => null): Promise<T> {
    const started = performance.now();
    const work = handle();
    this.inFlight.add(work);
    try {
      const result = await work;
      this.write(record, started, { results: countOf(result) });
      return result;
    } catch (error) {
      this.write(record, started, { error: (error as Error).message });
      throw error;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Resolves when every command in flight has ended, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
  }

  private write(record: CommandRecord, started: number, extra: Record<string, unknown>): void {
    const line = { platform: record.platform, command: record.command, user: record.user, latencyMs: Math.round(performance.now() - started), ...extra };
    if (this.logger.isLevelEnabled('debug')) this.logger.debug({ ...line, query: record.query }, 'command');
    else this.logger.info(line, 'command');
  }
}

/** How many results an answer carries, for the log. */
export function resultCount(answer: Answer | ErrorAnswer): number | null {
  if ('error' in answer) return null;
  switch (answer.command) {
    case 'ask':
      return answer.hits.length;
    case 'who':
      return answer.person ? 1 : 0;
    case 'timeline':
      return answer.events.length;
  }
}
