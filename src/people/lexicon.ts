/**
 * The word lists person detection reads from data/people-*.txt: they are data, so a user
 * can extend them for a corpus without touching the rules.
 */
import { readJson, readList, readVariantGroups } from '../data.js';
import { normalizeWord, words } from '../search/terms.js';

const lower = (name: string) => new Set(readList(name).map((entry) => entry.toLowerCase()));

const pinyin = readJson<{ initials: string[]; finals: string[] }>('people-pinyin.json');
const syllable = `(?:${pinyin.initials.join('|')})?(?:${pinyin.finals.join('|')})`;

export const lexicon = {
  titles: lower('people-titles.txt'),
  honorifics: lower('people-honorifics.txt'),
  roleModifiers: lower('people-role-modifiers.txt'),
  organisationWords: lower('people-organisation-words.txt'),
  places: lower('people-places.txt'),
  nonNames: lower('people-non-names.txt'),
  nationalities: lower('people-nationalities.txt'),
  particles: lower('people-particles.txt'),
  stopWords: lower('stopwords.txt'),
  abbreviations: lower('abbreviations.txt'),
  chineseSurnames: lower('people-chinese-surnames.txt'),
  givenNames: lower('people-given-names.txt'),
  speechVerbs: readList('people-speech-verbs.txt').map((verb) => verb.toLowerCase()),
  /** One or two pinyin syllables, the shape of a Chinese given name. */
  pinyinGivenName: new RegExp(`^${syllable}(?:${syllable})?$`),
};

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
