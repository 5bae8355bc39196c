/**
 * The bench's questions: what readers would type about the generated passages, for /ask,
 * /who, /timeline and both autocompletes. Deterministic for a seed and passage set.
 */
import type { Passage } from '../src/types.js';
import type { GeneratedPerson } from './generate.js';

/** Words no generated article holds: questions about something the corpus lacks. */
export const OFF_TOPIC = ['cryptocurrency', 'smartphone', 'blockchain', 'podcast', 'emoji', 'bitcoin', 'selfie', 'hashtag', 'wifi', 'drone', 'streaming', 'vaccine', 'pandemic', 'lockdown', 'algorithm', 'chatbot', 'ransomware', 'startup', 'influencer', 'microchip'];
const QUESTION_STARTS = ['what', 'what did', 'who said', 'when was', 'why did', 'how many', 'what is the', 'tell me about', 'is there', 'where did the'];

export interface Questions {
  ask: string[];
  who: string[];
  timeline: string[];
  peoplePrefixes: string[];
  periodPrefixes: string[];
}

/**
 * Questions of 2-8 words drawn from the passages' own words, as a reader would ask about what
 * they read: some with a typo, some with stop words around, some with words no article has.
 */
export function makeQuestions(passages: Passage[], cast: GeneratedPerson[], count: number, seed: number): Questions {
  const random = createRandom(seed * 7919 + passages.length);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const contentWords = (text: string) => (text.match(/[A-Za-z][A-Za-z'’-]{2,}/g) ?? []).filter((word) => word.length >= 4);
  // People who are in these passages: the cast's front, which the articles draw on most.
  const byName = new Map(cast.map((person) => [person.name, person]));
  const found = new Set<GeneratedPerson>();
  for (const passage of passages) {
    for (const [name] of passage.text.matchAll(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/g)) {
      const person = byName.get(name);
      if (person !== undefined) found.add(person);
    }
  }
  const inCorpus = [...found].slice(0, 300);
  const people = inCorpus.length > 0 ? inCorpus : cast.slice(0, 50);

  const ask = Array.from({ length: count }, () => {
    const length = 2 + Math.floor(random() * 7);
    const source = contentWords(pick(passages).text);
    let words = Array.from({ length }, () => (source.length > 0 ? pick(source) : pick(OFF_TOPIC)));
    if (chance(0.3)) words[Math.floor(random() * words.length)] = typo(pick(words), random);
    if (chance(0.15)) words[Math.floor(random() * words.length)] = pick(OFF_TOPIC);
    if (chance(0.05)) words = words.map(() => pick(OFF_TOPIC));
    if (chance(0.4)) words = [...pick(QUESTION_STARTS).split(' '), ...words].slice(0, 8);
    return words.join(' ');
  });
  const who = Array.from({ length: count }, () => {
    const person = pick(people);
    if (chance(0.1)) return `${pick(OFF_TOPIC)} ${pick(OFF_TOPIC)}`;
    if (chance(0.2)) return person.last;
    if (chance(0.1)) return typo(person.name, random);
    return person.name;
  });
  const years = Array.from({ length: 11 }, (_, i) => String(2015 + i));
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const timeline = Array.from({ length: count }, () => {
    const topic = contentWords(pick(passages).text);
    switch (Math.floor(random() * 5)) {
      case 0:
        return pick(years);
      case 1:
        return `${pick(months)} ${pick(years)}`;
      case 2:
        return pick(people).name;
      case 3:
        return `${pick(topic.length > 0 ? topic : OFF_TOPIC)} ${pick(years)}`;
      default:
        return pick(topic.length > 0 ? topic : OFF_TOPIC);
    }
  });
  const peoplePrefixes = Array.from({ length: count }, () => {
    const name = chance(0.7) ? pick(people).name : pick(people).last;
    return name.slice(0, 1 + Math.floor(random() * 5));
  });
  const periodPrefixes = Array.from({ length: count }, () => {
    const period = chance(0.5) ? pick(years) : chance(0.5) ? `${pick(years)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}` : `${pick(months)} ${pick(years)}`;
    return period.slice(0, 1 + Math.floor(random() * period.length));
  });
  return { ask, who, timeline, peoplePrefixes, periodPrefixes };
}

/** One slip of the keys: a letter dropped, doubled, swapped with the next, or replaced. */
function typo(word: string, random: () => number): string {
  if (word.length < 5) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    case 2:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default:
      return word.slice(0, at) + 'etaoinshrdlu'[Math.floor(random() * 12)] + word.slice(at + 1);
  }
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
