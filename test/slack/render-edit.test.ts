/** Block Kit for /brief add and /brief remove: what each answer shows, and limits and mentions over any answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, renderArticle, renderEdit } from '../../adapters/slack/render.js';
import { answer, article, hostileAnswer, hostileArticle } from '../ingest/answers.js';
import { blocksOf, buttonsOf, expectWithinLimits, textsOf } from './blocks.js';

describe('renderEdit (Slack)', () => {
  it('shows what happened, the first passage, the citation with the headline linked, the facts and Share', () => {
    const message = renderEdit(answer());
    expect(blocksOf(message as never).map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(textsOf(message, false)).toEqual([
      'Added to the corpus as harbour-at-kvalvik-reopens-8d1f0c2a (3 passages): /ask answers from it now.',
      'Added to the corpus',
      'Added to the corpus as harbour-at-kvalvik-reopens-8d1f0c2a (3 passages): /ask answers from it now.',
      'The harbour at Kvalvik reopened on Monday.',
      'Fjord Courier · 18 Mar 2024 · <https://fjord-courier.example/news/harbour|Harbour at Kvalvik reopens>',
      '`harbour-at-kvalvik-reopens-8d1f0c2a` · 3 passages · added by slack U0EDITOR1 on 18 Mar 2024',
      'Share in channel',
    ]);
    expect(decodeState(buttonsOf(message)[0]!.value)).toEqual({ command: 'article', query: article.articleId, offset: 0 });
  });

  it('mentions the Slack editors for someone who may not edit, and offers no Share on a refusal or a removal', () => {
    const refused = renderEdit(answer({ status: 'refused', reason: 'not-editor', article: null, editors: ['U0EDITOR1', '300000000000000001', 'W0GRID2'], message: 'Only editors can add articles.' }));
    expect(textsOf(refused, false)).toContain('Editors here: <@U0EDITOR1>, <@W0GRID2>');
    expect(blocksOf(refused as never)[0]!.text!.text).toBe('Not added');
    expect(buttonsOf(refused)).toEqual([]);
    expect(buttonsOf(renderEdit(answer({ command: 'remove', status: 'removed' })))).toEqual([]);
  });

  it('keeps any answer within Slack’s limits, mentioning no one but listed editors and the sharer', () => {
    fc.assert(
      fc.property(hostileAnswer, fc.constantFrom<'private' | 'public' | 'shared'>('private', 'public', 'shared'), (edit, kind) => {
        const view = kind === 'shared' ? { kind, userId: 'U0SHARER' } : { kind };
        const message = renderEdit(edit, { view });
        const allowed = new Set([...edit.editors.filter((id) => /^[UW][A-Z0-9]{2,30}$/.test(id)).map((id) => `<@${id}>`), '<@U0SHARER>']);
        const text = textsOf(message, false).join('\n');
        for (const mention of text.match(/<@[^>]*>/g) ?? []) expect(allowed.has(mention)).toBe(true);
        let json = JSON.stringify(message);
        for (const mention of allowed) json = json.replaceAll(mention, '');
        expectWithinLimits(JSON.parse(json));
        const shared = renderArticle(edit.article ?? article, { view });
        expectWithinLimits(shared, '<@U0SHARER>');
      }),
      { numRuns: 300 },
    );
  });

  it('renders an article’s card whatever its fields say', () => {
    fc.assert(
      fc.property(hostileArticle, (card) => {
        const message = renderArticle(card);
        expectWithinLimits(message);
        expect(decodeState(buttonsOf(message).at(-1)!.value)?.command).toBe('article');
      }),
      { numRuns: 300 },
    );
  });
});
