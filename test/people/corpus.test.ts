import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBriefing, type Briefing } from '../../src/briefing.js';
import { cutPassages, loadCorpus } from '../../src/corpus/index.js';
import { extractPeople } from '../../src/people/index.js';
import { toCitation } from '../../src/search/index.js';

type Expected = Record<string, Record<string, string[]>>;
const expected = JSON.parse(readFileSync(new URL('./expected-people.json', import.meta.url), 'utf8')) as Expected & { _comment?: string };
delete expected._comment;

let briefing: Briefing;
beforeAll(async () => {
  briefing = await createBriefing({ corpusDir: 'corpus' });
});

describe('people of the bundled corpus', () => {
  it('finds the hand-listed people with precision and recall of at least 0.9', async () => {
    const { articles } = await loadCorpus('corpus');
    const misses: string[] = [];
    const wrong: string[] = [];
    let found = 0;
    let right = 0;
    let listed = 0;
    let recalled = 0;
    for (const article of articles) {
      const want = expected[article.articleId] ?? {};
      const extracted = extractPeople({ article, citation: toCitation(article), passages: cutPassages(article) });
      for (const person of extracted.people) {
        found += 1;
        const name = briefing.who(person.name).person?.name ?? person.name;
        if (name in want) right += 1;
        else wrong.push(`${article.articleId}: ${person.name}`);
      }
      for (const name of Object.keys(want)) {
        listed += 1;
        const profile = briefing.who(name).person;
        const seen = profile?.name === name && (profile.mentions.some((m) => m.articleId === article.articleId) || profile.roles.some((r) => r.articleId === article.articleId));
        if (seen) recalled += 1;
        else misses.push(`${article.articleId}: ${name}`);
      }
    }
    const precision = right / found;
    const recall = recalled / listed;
    console.log(`people: precision ${precision.toFixed(3)} (${right}/${found}), recall ${recall.toFixed(3)} (${recalled}/${listed})`);
    if (misses.length > 0 || wrong.length > 0) console.log('missed:', misses, 'not people:', wrong);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('finds the hand-listed roles in their articles', () => {
    const misses: string[] = [];
    let listed = 0;
    for (const [articleId, people] of Object.entries(expected)) {
      for (const [name, roles] of Object.entries(people)) {
        const found = (briefing.who(name).person?.roles ?? []).filter((r) => r.articleId === articleId).map((r) => r.role.toLowerCase());
        for (const role of roles) {
          listed += 1;
          if (!found.some((text) => text.includes(role.toLowerCase()))) misses.push(`${articleId}: ${name} as ${role}`);
        }
      }
    }
    const recall = 1 - misses.length / listed;
    console.log(`roles: recall ${recall.toFixed(3)} (${listed - misses.length}/${listed})`);
    if (misses.length > 0) console.log('missed roles:', misses);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('Briefing.who', () => {
  it('names Li Shangfu as defence minister with his mentions in both articles on his visit and what he said', () => {
    const answer = briefing.who('Li Shangfu');
    const person = answer.person!;
    expect(person.name).toBe('Li Shangfu');
    expect(person.roles.some((r) => /defen[cs]e minister/i.test(r.role))).toBe(true);
    const articles = new Set(person.mentions.map((m) => m.articleId));
    expect(articles).toEqual(new Set(['002_9f294f71c50883f9', '003_309af3e99c88b27b']));
    expect(person.mentions.every((m) => m.text.length > 0 && m.id.startsWith(m.articleId))).toBe(true);
    // The articles report what he said; they quote no sentence of his.
    expect(person.statements!.length).toBeGreaterThan(0);
    expect(person.statements![0]).toMatchObject({ articleId: '003_309af3e99c88b27b', source: 'BBC News Chinese', date: '2023-04-19' });
    expect(person.statements![0]!.text).toMatch(/^Li Shangfu said that/);
    expect(person.firstMentioned).toBe('2023-04-19');
    expect(person.lastMentioned).toBe('2023-04-24');
  });

  it('finds Shoigu by his surname with his role', () => {
    const person = briefing.who('Shoigu').person!;
    expect(person.name).toBe('Sergei Shoigu');
    expect(person.roles.map((r) => r.role)).toContain('Russian Defense Minister');
    expect(person.aliases).toContain('Shoigu');
  });

  it('finds Angela Stent with her role and quotes', () => {
    const person = briefing.who('angela stent').person!;
    expect(person.name).toBe('Angela Stent');
    expect(person.roles.some((r) => r.role.includes('Georgetown University'))).toBe(true);
    expect(person.quotes.length).toBeGreaterThanOrEqual(2);
  });

  it('finds Torrigian under the usual spelling Torigian', () => {
    const person = briefing.who('Torigian').person!;
    expect(person.name).toBe('Joseph Torigian');
    expect(person.aliases).toContain('Joseph Torrigian');
    expect(person.roles[0]?.role).toContain('American University');
    expect(briefing.who('Joseph Torrigian').person?.name).toBe('Joseph Torigian');
  });

  it('finds people under their variant and flipped spellings', () => {
    expect(briefing.who('Cheng Chen').person?.name).toBe('Cheng Chen');
    expect(briefing.who('Chen Cheng').person?.name).toBe('Cheng Chen');
    expect(briefing.who('Shi Yiqin').person?.name).toBe('Shen Yiqin');
    expect(briefing.who('Zelenskyy').person?.name).toBe('Volodymyr Zelensky');
  });

  it('finds a person by title and name, and by a possessive', () => {
    expect(briefing.who('President Xi').person?.name).toBe('Xi Jinping');
    expect(briefing.who("Putin's").person?.name).toBe('Vladimir Putin');
  });

  it('lists the candidates for a surname that several people share', () => {
    const answer = briefing.who('Wang');
    expect(answer.person).toBeNull();
    expect(answer.candidates.map((c) => c.name).sort()).toEqual(['Wang Wenbin', 'Wang Yi', 'Zheng Wang']);
    expect(answer.candidates[0]!.mentions).toBeGreaterThanOrEqual(answer.candidates[1]!.mentions);
    expect(answer.message).toMatch(/Wang Yi/);
  });

  it('keeps Li Keqiang apart from Li Shangfu and the other Lis', () => {
    expect(briefing.who('Li Keqiang').person?.name).toBe('Li Keqiang');
    expect(briefing.who('Li Shangfu').person?.aliases).not.toContain('Li Keqiang');
  });

  it('finds the person despite a one-letter typo', () => {
    expect(briefing.who('Shoigo').person?.name).toBe('Sergei Shoigu');
    expect(briefing.who('Li Shangfo').person?.name).toBe('Li Shangfu');
    expect(briefing.who('Angela Stant').person?.name).toBe('Angela Stent');
  });

  it('answers an unknown name with a message and close suggestions', () => {
    const answer = briefing.who('Angelo Stentz Mercer');
    expect(answer.person).toBeNull();
    expect(answer.message).toMatch(/No person named/);
    expect(answer.suggestions.length).toBeLessThanOrEqual(5);
    const unknown = briefing.who('Xavier Quimby');
    expect(unknown.person).toBeNull();
    expect(unknown.message).toMatch(/Xavier Quimby/);
  });

  it('lists related people mentioned in the same passages', () => {
    const related = briefing.who('Li Shangfu').person?.related?.map((r) => r.name) ?? [];
    expect(related).toContain('Vladimir Putin');
  });
});

describe('Briefing.suggestPeople', () => {
  it('ranks names by mentions and labels them with a role', () => {
    const all = briefing.suggestPeople('');
    expect(all.length).toBeLessThanOrEqual(25);
    expect(all.map((s) => s.count)).toEqual([...all.map((s) => s.count)].sort((a, b) => b - a));
    const li = briefing.suggestPeople('li sh');
    expect(li[0]).toMatchObject({ value: 'Li Shangfu' });
    expect(li[0]!.label).toMatch(/^Li Shangfu — .*Defense Minister/i);
    for (const suggestion of all) expect(suggestion.label.length).toBeLessThan(100);
  });

  it('completes a surname prefix', () => {
    expect(briefing.suggestPeople('sho').map((s) => s.value)).toContain('Sergei Shoigu');
    expect(briefing.suggestPeople('w').map((s) => s.value)).toEqual(expect.arrayContaining(['Wang Yi', 'Wang Wenbin']));
  });
});
