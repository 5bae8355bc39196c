/** The preview page: the renderers' messages as HTML, every article text escaped. */
import { describe, expect, it } from 'vitest';
import * as discord from '../../adapters/discord/render.js';
import { previewPage } from '../../adapters/preview.js';
import * as slack from '../../adapters/slack/render.js';
import type { AskAnswer } from '../../src/types.js';

const hostile = 'Aid <script>alert(1)</script> & <img src=x onerror=alert(2)> "quoted" **bold**';
const answer: AskAnswer = {
  command: 'ask',
  query: hostile,
  hits: [{ articleId: 'a', title: hostile, source: 'Quill Gazette', date: '2024-03-02', dateEstimated: false, url: 'https://news.example/a"onmouseover=x', translatedFrom: null, id: 'a#p1', text: hostile, highlights: [[0, 3]], matched: [], score: 1, alsoIn: [] }],
  corpus: { articles: 1, from: '2024-03-02', to: '2024-03-02' },
  next: null,
  total: 1,
};

describe('previewPage', () => {
  const page = previewPage([{ title: hostile, slack: slack.renderAsk(answer), discord: discord.renderAsk(answer, 0) }]);

  it('escapes every text from the corpus and the question', () => {
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).not.toMatch(/"onmouseover/);
    expect(page).toContain('&lt;script&gt;');
  });

  it('shows links, bold words and the count of characters before the first button', () => {
    expect(page).toContain('<a href="https://news.example/a%22onmouseover=x">');
    expect(page).toContain('<b>Aid</b>');
    expect(page).toMatch(/Slack: \d+ characters before the first button/);
  });
});
