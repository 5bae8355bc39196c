/**
 * The terminal side: `briefbot ask|who|timeline "<query>" [--json]`, `briefbot batch`,
 * `briefbot inspect <file>`, and the console (interactive in a terminal, one command a line
 * from a pipe).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Briefing } from '../../src/briefing.js';
import { parseCommand } from '../../src/commands.js';
import { inspectFile } from '../../src/corpus/index.js';
import { corpusLine } from '../../src/format.js';
import { helpContent, isHelpRequest } from '../../src/help.js';
import type { Answer, ErrorAnswer, PageOptions } from '../../src/types.js';
import { renderAnswer, renderHelp, renderInspect } from './render.js';

export const MODES = ['ask', 'who', 'timeline', 'batch', 'index', 'inspect', 'add', 'remove', 'feeds', 'help'] as const;
export type Mode = (typeof MODES)[number] | 'bot';

export interface CliArgs {
  mode: Mode;
  query: string;
  /** The files named after `inspect`. */
  files: string[];
  json: boolean;
  page: PageOptions;
  corpus: string | null;
}

export const USAGE = `Usage:
  briefbot                         start the bot (Slack/Discord when configured, else this terminal)
  briefbot ask "<question>"        the passages that answer a question
  briefbot who "<name>"            who a person is: roles, other names, quotes, mentions
  briefbot who                     the people the articles name, by mentions, each with their main role
  briefbot timeline "<period>"     dated events: august, "april 2023", 2021, 2023-04-01..2023-04-30, a topic
  briefbot batch                   one command a line from stdin (/ask ..., /who ..., /timeline ...), one JSON object a line out
  briefbot index                   build the index snapshot ahead of time
  briefbot inspect <file>...       how an article file is read: metadata and its sources, passages, dropped lines and why
  briefbot add <link or file>      fetch a page (or read a saved .html, .htm, .txt or .md file) and add it to the corpus
  briefbot remove <article id>     remove an article added from chat, the terminal or a feed
  briefbot feeds                   poll every feed in FEEDS once now, add what is new, and print each feed's state
Options:
  --json            print the answer as JSON
  --limit N         how many passages, events or people (ask: 3, timeline: 10, who: 25)
  --offset N        start at this result (the "next" value of an earlier answer)
  --corpus DIR      the folder of articles (default: CORPUS_DIR, else the bundled corpus)`;

/** Reads the command line. Throws with a message for a malformed one. */
export function parseCli(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      offset: { type: 'string' },
      corpus: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [first, ...rest] = positionals;
  let mode: Mode = 'bot';
  if (values.help) mode = 'help';
  else if (first !== undefined) {
    if (!(MODES as readonly string[]).includes(first)) throw new Error(`unknown command "${first.slice(0, 40)}"`);
    mode = first as Mode;
  }
  return {
    mode,
    query: rest.join(' ').trim(),
    files: rest,
    json: values.json ?? false,
    page: { limit: count('--limit', values.limit), offset: count('--offset', values.offset) },
    corpus: values.corpus ?? null,
  };
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new Error(`${flag} takes a whole number, not "${value.slice(0, 20)}"`);
  return Number(value);
}

export interface Io {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  color: boolean;
  /** The terminal shows OSC 8 hyperlinks. */
  links?: boolean;
}

/** Answers one command from the command line; returns the exit code. */
export function runOnce(briefing: Briefing, args: CliArgs, io: Io): number {
  const answer = briefing.run(`/${args.mode} ${args.query}`, args.page);
  io.output.write(`${args.json ? JSON.stringify(answer, null, 2) : renderAnswer(answer, { color: io.color, links: io.links ?? false, offset: args.page.offset ?? 0 })}\n`);
  return 'error' in answer ? 1 : 0;
}

/**
 * `briefbot inspect <file>...`: how each file is read. One file: a report (or one JSON
 * object); several: one after another (one JSON object a line). A file that cannot be read
 * answers `{"file", "error"}` and the rest go on; the exit code is then 1.
 */
export async function runInspect(files: string[], io: Io & { json: boolean }): Promise<number> {
  if (files.length === 0) {
    io.output.write('briefbot inspect: name one or more article files, e.g. briefbot inspect corpus/000.txt\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const report = await inspectFile(file).catch((error: Error) => ({ file, error: error.message }));
    failed ||= 'error' in report;
    if (io.json) io.output.write(`${JSON.stringify(report, null, files.length === 1 ? 2 : undefined)}\n`);
    else io.output.write(`${'error' in report ? `briefbot: cannot read ${file}: ${report.error}` : renderInspect(report, { color: io.color })}\n${files.length > 1 ? '\n' : ''}`);
  }
  return failed ? 1 : 0;
}

/** Reads one command a line and writes one JSON object a line, in order. */
export async function runBatch(briefing: Briefing, io: Io): Promise<number> {
  for await (const line of createInterface({ input: io.input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    io.output.write(`${JSON.stringify(answerLine(briefing, line))}\n`);
  }
  return 0;
}

function answerLine(briefing: Briefing, line: string): Answer | ErrorAnswer {
  try {
    return briefing.run(line);
  } catch (error) {
    return { command: '', error: (error as Error).message };
  }
}

/**
 * The console: in a terminal a prompt with /help; from a pipe, one command a line, each
 * answered in turn, ending at the end of input.
 */
export async function runConsole(briefing: Briefing, io: Io & { interactive: boolean; hint?: string; edit?: ConsoleEdit }): Promise<number> {
  const write = (text: string) => io.output.write(`${text}\n`);
  if (io.interactive) {
    write(`briefbot: ${corpusLine(briefing.corpus)} Type /help for the commands, /quit to leave.`);
    if (io.hint) write(io.hint);
  }
  const lines = createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive, crlfDelay: Infinity });
  if (io.interactive) {
    lines.setPrompt('> ');
    lines.prompt();
  }
  let answered = 0;
  for await (const line of lines) {
    const text = line.trim();
    if (/^\/?(quit|exit)$/i.test(text)) break;
    if (text !== '') {
      // From a pipe, a blank line parts one answer from the next, as the prompt does in a terminal.
      if (!io.interactive && answered++ > 0) write('');
      // "/add <link or file>" and "/remove <id>" when the console may edit (the running bot's).
      const edited = io.edit ? await io.edit(text) : null;
      write(edited ?? answerConsoleLine(briefing, text, io));
    }
    if (io.interactive) {
      write('');
      lines.prompt();
    }
  }
  lines.close();
  return 0;
}

/** Answers a console line that adds or removes an article; null for any other line. */
export type ConsoleEdit = (line: string) => Promise<string | null>;

function answerConsoleLine(briefing: Briefing, text: string, io: Io): string {
  let command;
  try {
    command = parseCommand(text.startsWith('/') ? text : `/ask ${text}`);
  } catch (error) {
    return `${(error as Error).message}. Type /help.`;
  }
  // "/ask" alone or "/ask help" asks for the help, not for passages holding "help".
  if (command.command === 'help' || (command.command === 'ask' && isHelpRequest(command.query))) return renderHelp(helpContent(briefing));
  return renderAnswer(answerLine(briefing, text.startsWith('/') ? text : `/ask ${text}`), { color: io.color, links: io.links ?? false });
}
