/** Discord messages for /brief add and /brief remove: what each answer shows, and limits and mentions over any answer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderArticle, renderEdit, totalLength, type DiscordMessage, type Encode } from '../../adapters/discord/render.js';
import { answer, article, hostileAnswer, hostileArticle } from '../ingest/answers.js';
import { checkMessage } from './fake-discord.js';

const buttons: Encode = (state) => {
  const id = `bb1:${state.action}:${state.command}:${state.offset}:q:${state.query}`;
  return id.length <= 100 ? id : null;
};

function expectDeliverable(message: DiscordMessage): void {
  expect(checkMessage({ ...message })).toBeNull();
  expect(totalLength(message.embeds)).toBeLessThanOrEqual(6000);
}

const mentions = (message: DiscordMessage) => JSON.stringify({ content: message.content, embeds: message.embeds }).match(/<@[!&]?\d+>|<#\d+>|@(everyone|here)/gi) ?? [];

describe('renderEdit (Discord)', () => {
  it('shows what happened, then the card: headline linked, first passage, citation, facts, and Share', () => {
    const message = renderEdit(answer(), buttons);
    expect(message.content).toBe('**Added to the corpus.** Added to the corpus as harbour-at-kvalvik-reopens-8d1f0c2a (3 passages): /ask answers from it now.');
    expect(message.embeds).toEqual([
      {
        color: expect.any(Number),
        title: 'Harbour at Kvalvik reopens',
        url: 'https://fjord-courier.example/news/harbour',
        description: 'The harbour at Kvalvik reopened on Monday.',
        footer: { text: 'Fjord Courier · 18 Mar 2024 · harbour-at-kvalvik-reopens-8d1f0c2a · 3 passages · added by slack U0EDITOR1 on 18 Mar 2024' },
      },
    ]);
    expect(message.components[0]!.components.map((b) => [b.type === 2 ? b.label : '', b.custom_id])).toEqual([['Share', `bb1:share:article:0:q:${article.articleId}`]]);
  });

  it('mentions the Discord editors, roles as roles, for someone who may not edit', () => {
    const refused = renderEdit(answer({ status: 'refused', reason: 'not-editor', article: null, editors: ['U0EDITOR1', '300000000000000001', '300000000000000009'], message: 'Only editors can add articles.' }), buttons, new Set(['300000000000000009']));
    expect(refused.content).toBe('**Not added.** Only editors can add articles.\nEditors here: <@300000000000000001>, <@&300000000000000009>');
    expect(refused.components).toEqual([]);
  });

  it('keeps any answer deliverable, mentioning no one but listed editors', () => {
    fc.assert(
      fc.property(hostileAnswer, (edit) => {
        const message = renderEdit(edit, buttons);
        expectDeliverable(message);
        const allowed = new Set(edit.editors.filter((id) => /^\d{5,25}$/.test(id)).map((id) => `<@${id}>`));
        for (const mention of mentions(message)) expect(edit.reason === 'not-editor' && allowed.has(mention)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('renders an article’s card whatever its fields say', () => {
    fc.assert(
      fc.property(hostileArticle, (card) => {
        const message = renderArticle(card, buttons);
        expectDeliverable(message);
        expect(mentions(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
