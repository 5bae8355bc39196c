/**
 * What help says, built from the corpus itself: what it covers (articles, dates, the people it
 * mentions most, its busiest periods), the commands with examples that answer, and tips.
 * Plain text; each adapter styles it and adds its own platform's tips.
 */
import type { Briefing } from './briefing.js';
import { COMMANDS } from './commands.js';
import { formatDate, plural } from './format.js';
import type { Suggestion } from './types.js';

export interface HelpContent {
  /** "5 articles, 16 Dec 2021 to 23 Aug 2024." */
  coverage: string;
  /** "Newest article 23 Aug 2024; index built 12 Jan 2026, 10:04 UTC." */
  freshness: string;
  /** The most-mentioned people and the busiest periods, most first: starting points for buttons. */
  people: Suggestion[];
  periods: Suggestion[];
  commands: Array<{ name: string; usage: string; description: string; example: string | null }>;
  tips: string[];
}

export type HelpSource = Pick<Briefing, 'corpus' | 'build' | 'ask' | 'timeline' | 'suggestPeople' | 'suggestPeriods'>;

const STARTING_POINTS = 3;

/**
 * The help for this corpus; examples are checked to answer ("/who" with its most-mentioned
 * person, "/timeline" with that person's busiest month).
 * @example helpContent(briefing).tips[0] // 'Full names work best: /who Ada Quill finds one person; "Quill" may fit several.'
 */
export function helpContent(briefing: HelpSource, prefix = '/'): HelpContent {
  const { corpus } = briefing;
  const { people, periods } = startingPoints(briefing);
  const span = corpus.from && corpus.to ? `, ${formatDate(corpus.from)} to ${formatDate(corpus.to)}` : '';
  const coverage = `${plural(corpus.articles, 'article')}${span}.`;
  const built = new Date(briefing.build.at);
  const builtText = Number.isNaN(built.getTime()) ? '' : `index built ${formatDate(built.toISOString().slice(0, 10))}, ${built.toISOString().slice(11, 16)} UTC`;
  const freshness = [corpus.to ? `Newest article ${formatDate(corpus.to)}` : '', builtText].filter(Boolean).join('; ') + '.';

  const person = people[0]?.value ?? null;
  const month = person ? busiestPeriod(briefing, person) : null;
  const examples: Record<string, string | null> = {
    ask: askExample(briefing, person),
    who: person ?? exampleOf('who'),
    timeline: periods[0]?.value ?? exampleOf('timeline'),
    help: null,
  };
  const commands = COMMANDS.map((c) => ({
    name: c.name,
    usage: `${prefix}${c.name}${c.option ? ` <${c.option.name}>` : ''}`,
    description: c.description,
    example: examples[c.name] ? `${prefix}${c.name} ${examples[c.name]}` : null,
  }));

  const tips: string[] = [];
  const words = person?.split(/\s+/) ?? [];
  if (person && words.length > 1) tips.push(`Full names work best: ${prefix}who ${person} finds one person; "${words.at(-1)}" may fit several.`);
  if (person && month) tips.push(`A period and a name narrow a timeline: ${prefix}timeline ${month} ${person}.`);
  tips.push('A period is a month ("august", every year), a month and year ("april 2023"), a year, or dates ("2023-04-01..2023-04-30").');
  tips.push('Ask in plain words; the words that matched show in bold, and every passage names its source.');
  return { coverage, freshness, people, periods, commands, tips };
}

/** Where to start when nothing was found: the people mentioned most and the busiest periods, most first. */
export function startingPoints(briefing: Pick<Briefing, 'suggestPeople' | 'suggestPeriods'>): { people: Suggestion[]; periods: Suggestion[] } {
  return { people: mostFirst(briefing.suggestPeople('')).slice(0, STARTING_POINTS), periods: mostFirst(briefing.suggestPeriods('')).slice(0, STARTING_POINTS) };
}

/** True when what follows /ask asks for help: nothing, or the word "help" alone. */
export function isHelpRequest(query: string): boolean {
  return /^\s*(?:help|\?)?\s*$/i.test(query);
}

function mostFirst(suggestions: Suggestion[]): Suggestion[] {
  return [...suggestions].sort((a, b) => b.count - a.count);
}

/** The month (else the period) with most of the person's dated events. */
function busiestPeriod(briefing: HelpSource, person: string): string | null {
  const answer = briefing.timeline(person);
  // Without events, `periods` are suggestions, not the person's.
  if (answer.events.length === 0) return null;
  const periods = answer.periods;
  const months = periods.filter((p) => /\s/.test(p.period));
  const best = mostFirst((months.length > 0 ? months : periods).map((p) => ({ label: p.period, value: p.period, count: p.events })))[0];
  return best && best.count > 0 ? best.value : null;
}

/** The shared example when the corpus answers it, else a question about its most-mentioned person. */
function askExample(briefing: HelpSource, person: string | null): string | null {
  const shared = exampleOf('ask');
  if (shared && briefing.ask(shared).hits.length > 0) return shared;
  return person ? `what did ${person} say` : shared;
}

function exampleOf(name: string): string | null {
  return COMMANDS.find((c) => c.name === name)?.example || null;
}
