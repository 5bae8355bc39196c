/**
 * Button state in a custom_id (Discord: at most 100 characters), so Share and More work after a
 * restart. A query too long to travel inline is kept under a short key in a small JSON file in
 * the cache folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** share: post in the channel; more: another page (Previous too); open: a person or period; pick: the profile chosen in a menu. */
export type ButtonAction = 'share' | 'more' | 'open' | 'pick';
/**
 * The commands, two views of /who: `mentions` (a page of a person's mentions) and `people` (the
 * directory), and `article`: an added article's card (the query is its id).
 */
export type PagedCommand = 'ask' | 'who' | 'timeline' | 'mentions' | 'people' | 'article';
const COMMANDS: readonly PagedCommand[] = ['ask', 'who', 'timeline', 'mentions', 'people', 'article'];

export interface ButtonState {
  action: ButtonAction;
  command: PagedCommand;
  offset: number;
  query: string;
}

const PREFIX = 'bb1';
const MAX_CUSTOM_ID = 100;
// Oldest keys go first beyond this; a key that is gone answers "press the command again".
const MAX_ENTRIES = 5_000;

interface Entry {
  command: PagedCommand;
  query: string;
}

export class QueryStore {
  private entries = new Map<string, Entry>();
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly file: string;

  /** `onError` hears of a write that failed (the buttons it keeps then last until a restart). */
  constructor(
    private readonly dir: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    this.file = path.join(dir, 'discord-queries.json');
  }

  /** Reads what earlier runs kept; call once before keep(). */
  open(): Promise<void> {
    return this.load();
  }

  /**
   * Keeps the query (written to disk in the background; flush() waits for it) and returns its
   * key: the same query always gets the same key.
   */
  keep(command: PagedCommand, query: string): string {
    const key = createHash('sha256').update(`${command}\0${query}`).digest('base64url').slice(0, 16);
    if (!this.entries.has(key)) {
      this.entries.set(key, { command, query });
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= MAX_ENTRIES) break;
        this.entries.delete(oldest);
      }
      void this.save();
    }
    return key;
  }

  async get(key: string): Promise<Entry | null> {
    await this.load();
    return this.entries.get(key) ?? null;
  }

  /** Resolves once pending writes are on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private load(): Promise<void> {
    this.loaded ??= readFile(this.file, 'utf8').then(
      (text) => {
        const data = JSON.parse(text) as Record<string, Entry>;
        for (const [key, entry] of Object.entries(data)) {
          if (typeof entry?.query === 'string' && isPaged(entry.command)) this.entries.set(key, entry);
        }
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw new Error(`briefbot: cannot read ${this.file}: ${error.message}`);
      },
    );
    return this.loaded;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(Object.fromEntries(this.entries));
    // Write then rename, so a crash mid-write never leaves a half file.
    this.writing = this.writing
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        const temp = `${this.file}.${process.pid}.tmp`;
        await writeFile(temp, text, 'utf8');
        await rename(temp, this.file);
      })
      .catch((error: Error) => this.onError(error));
    return this.writing;
  }
}

/** A custom_id for a button: the query inline when it fits, else its key in the store (opened). */
export function encodeButton(state: ButtonState, store: QueryStore): string | null {
  const head = `${PREFIX}:${state.action}:${state.command}:${state.offset}:`;
  const inline = `${head}q:${state.query}`;
  if (inline.length <= MAX_CUSTOM_ID) return inline;
  const keyed = `${head}k:${store.keep(state.command, state.query)}`;
  return keyed.length <= MAX_CUSTOM_ID ? keyed : null;
}

/** The state in a custom_id; null when it is not ours or its stored query is gone. */
export async function decodeButton(customId: string, store: QueryStore): Promise<ButtonState | null> {
  const match = /^bb1:(share|more|open|pick):(ask|who|timeline|mentions|people|article):(\d{1,6}):([qk]):([\s\S]*)$/.exec(customId);
  if (!match) return null;
  const [, action, command, offset, kind, rest] = match as unknown as [string, ButtonAction, PagedCommand, string, 'q' | 'k', string];
  if (kind === 'q') return { action, command, offset: Number(offset), query: rest };
  const entry = await store.get(rest);
  if (!entry || entry.command !== command) return null;
  return { action, command, offset: Number(offset), query: entry.query };
}

function isPaged(command: unknown): command is PagedCommand {
  return (COMMANDS as readonly unknown[]).includes(command);
}
