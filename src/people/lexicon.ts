/**
 * The word lists person detection reads from data/people-*.txt: they are data, so a user
 * can extend them for a corpus without touching the rules.
 */
import { readJson, readList, readVariantGroups } from '../data.js';
import { normalizeWord, words } from '../search/terms.js';

const lower = (...names: string[]) => new Set(names.flatMap((name) => readList(name).map((entry) => entry.toLowerCase())));
/** Names of several words, keyed as names are ("St. Louis" -> "st louis"). */
const keyed = (...names: string[]) => new Set(names.flatMap((name) => readList(name).map((entry) => nameKey(entry))));

const pinyin = readJson<{ initials: string[]; finals: string[] }>('people-pinyin.json');
const syllable = `(?:${pinyin.initials.join('|')})?(?:${pinyin.finals.join('|')})`;

export const lexicon = {
  titles: lower('people-titles.txt'),
  /** Title words that are also given names ("Dean"): a title only where the context makes one. */
  ambiguousTitles: lower('people-ambiguous-titles.txt'),
  honorifics: lower('people-honorifics.txt'),
  roleModifiers: lower('people-role-modifiers.txt'),
  organisationWords: lower('people-organisation-words.txt', 'people-organisation-words-large.txt'),
  /** Whole names of organisations and teams ("dow jones"). */
  organisations: keyed('people-organisations.txt'),
  places: lower('people-places.txt'),
  /** Countries, regions and cities by the hundred thousand: a whole run that is one is a place. */
  placesLarge: keyed('people-places.txt', 'people-places-large.txt'),
  nonNames: lower('people-non-names.txt'),
  nationalities: lower('people-nationalities.txt', 'people-demonyms.txt'),
  particles: lower('people-particles.txt'),
  /** Words that open the name of a newspaper, a firm or a place, not of a person ("La Stampa"). */
  articles: lower('people-name-articles.txt'),
  stopWords: lower('stopwords.txt'),
  abbreviations: lower('abbreviations.txt'),
  chineseSurnames: lower('people-chinese-surnames.txt'),
  /** Family names written first in Korean and Malaysian Chinese names too ("Park", "Lim"). */
  familyFirstSurnames: lower('people-chinese-surnames.txt', 'people-korean-surnames.txt'),
  givenNames: lower('people-given-names.txt', 'people-given-names-large.txt', 'people-given-names-world.txt'),
  /** Given names from lists that leave out those that are also common words: a "Tony" is a name even though "tony" is a word. */
  surelyGiven: lower('people-given-names.txt', 'people-given-names-large.txt'),
  surnames: lower('people-surnames.txt'),
  commonWords: lower('people-common-words.txt'),
  /** Words English writes with a capital: names of people and places ("young" as in "President Young"). */
  properNames: lower('people-proper-nouns.txt'),
  speechVerbs: readList('people-speech-verbs.txt').map((verb) => verb.toLowerCase()),
  /** One or two pinyin syllables, the shape of a Chinese given name. */
  pinyinGivenName: new RegExp(`^${syllable}(?:${syllable})?$`),
};

/** Whether English writes the word in lower case: a dictionary word or one of its forms ("gates", "currently"). */
export function isCommonWord(word: string): boolean {
  return lexicon.commonWords.has(word);
}

/** A name's lookup key: its words lower case, without accents or possessive. */
export function nameKey(name: string): string {
  return words(name)
    .map(({ word }) => normalizeWord(word))
    .join(' ');
}

const variantForms = readVariantGroups().map((group) => group.map((form) => ({ form, key: nameKey(form) })));

/** Each spelling variant's key, mapped to the key of its group's first (usual) form. */
const usualKeys = new Map(variantForms.flatMap((group) => group.map(({ key }) => [key, group[0]!.key] as [string, string])));

/** The usual spelling's key for a name key ("torrigian" -> "torigian"), or the key itself. */
export function usualKey(key: string): string {
  return usualKeys.get(key) ?? key;
}

/** The usual spelling as written in data/variants.txt, when the key has variants. */
export function usualSpelling(key: string): string | null {
  const group = variantForms.find((forms) => forms[0]!.key === usualKeys.get(key));
  return group ? group[0]!.form : null;
}

/** Every spelling of the key's variant group, the key's own included. */
export function spellingsOf(key: string): string[] {
  const usual = usualKeys.get(key);
  if (usual === undefined) return [];
  return variantForms.find((forms) => forms[0]!.key === usual)!.map(({ form }) => form);
}
