/**
 * The commands, as data: the Discord deploy script, the Slack manifest, the console's help and
 * the parser below all read this one list.
 */
export const COMMANDS = [
  {
    name: 'ask',
    description: 'Find the passages that answer a question, with source and date',
    option: { name: 'question', description: 'What you want to know, e.g. what military aid has China given', required: true, autocomplete: false },
    example: 'what military aid has China given',
  },
  {
    name: 'who',
    description: 'Who a person is: roles, other names, quotes, where they appear',
    option: { name: 'name', description: 'A person’s name, any spelling, e.g. Li Shangfu (none: the people the articles name)', required: false, autocomplete: true },
    example: 'Li Shangfu',
  },
  {
    name: 'timeline',
    description: 'Dated events in order, for a period, a topic or both',
    option: { name: 'period', description: 'A month, year, date range or topic, e.g. august, april 2023, Kursk', required: false, autocomplete: true },
    example: 'august',
  },
  {
    name: 'help',
    description: 'What the bot can do and how to ask',
    option: null,
    example: '',
  },
] as const;

/**
 * The commands that change the corpus, for editors only: subcommands of /brief in Slack and
 * Discord ("/brief add <link>"), `briefbot add` and `briefbot remove` in the terminal. An option
 * is a link, a file (Discord's attachment; Slack takes a file shared with the bot) or text.
 */
export const EDIT_COMMANDS = [
  {
    name: 'add',
    description: 'Add an article from a link or a file (editors only)',
    options: [
      { name: 'url', kind: 'link', description: 'The article’s address, e.g. https://example.org/news/harbour-reopens', required: false, autocomplete: false },
      { name: 'file', kind: 'file', description: 'A saved page or text (.html, .htm, .txt, .md), at most 5 MB', required: false, autocomplete: false },
    ],
    example: 'https://example.org/news/harbour-reopens',
  },
  {
    name: 'remove',
    description: 'Remove an article added from chat, the terminal or a feed (editors only)',
    options: [{ name: 'article', kind: 'text', description: 'The article’s id, shown when it was added, e.g. harbour-reopens-3f9a1c2b', required: true, autocomplete: true }],
    example: 'harbour-reopens-3f9a1c2b',
  },
] as const;

/** The command that carries the edit commands in Slack and Discord. */
export const BRIEF_COMMAND = { name: 'brief', description: 'Add or remove articles (editors only)' } as const;

export type EditCommandName = (typeof EDIT_COMMANDS)[number]['name'];

export type CommandName = (typeof COMMANDS)[number]['name'];
export type CommandDefinition = (typeof COMMANDS)[number];

export interface ParsedCommand {
  command: CommandName;
  query: string;
}

/**
 * Reads a command line as typed in the console or a batch file: "/ask what ...", "ask ...".
 * Throws, naming the command, for an unknown one.
 */
export function parseCommand(line: string): ParsedCommand {
  const match = /^\s*\/?([\p{L}]+)(?:\s+([\s\S]*))?$/u.exec(line);
  const name = match?.[1]?.toLowerCase();
  const command = COMMANDS.find((definition) => definition.name === name);
  if (!command) {
    const shown = (name ?? line.trim().split(/\s+/)[0] ?? '').slice(0, 40);
    throw new Error(`unknown command "${shown}": use ${COMMANDS.map((c) => `/${c.name}`).join(', ')}`);
  }
  return { command: command.name, query: (match?.[2] ?? '').trim() };
}

/** The help text every adapter shows, one line a command. */
export function helpLines(prefix = '/'): string[] {
  return COMMANDS.map((c) => `${prefix}${c.name}${c.option ? ` <${c.option.name}>` : ''}: ${c.description}${c.example ? ` (e.g. ${prefix}${c.name} ${c.example})` : ''}`);
}

/** The edit commands' help lines, as the console shows them: "/add <url|file>: Add an article ...". */
export function editHelpLines(prefix = '/'): string[] {
  return EDIT_COMMANDS.map((c) => `${prefix}${c.name} <${c.options.map((o) => o.name).join('|')}>: ${c.description} (e.g. ${prefix}${c.name} ${c.example})`);
}
