/** The terminal's add, remove and feeds output. */
import { describe, expect, it } from 'vitest';
import { renderEdit, renderFeeds } from '../../adapters/console/render.js';
import { answer, article } from '../ingest/answers.js';

describe('renderEdit (terminal)', () => {
  it('prints the message, the citation, the first passage and the facts', () => {
    expect(renderEdit(answer(), { color: false }).split('\n')).toEqual([
      'Added to the corpus as harbour-at-kvalvik-reopens-8d1f0c2a (3 passages): /ask answers from it now.',
      '',
      '  Fjord Courier · 18 Mar 2024 · Harbour at Kvalvik reopens',
      '  The harbour at Kvalvik reopened on Monday.',
      '  harbour-at-kvalvik-reopens-8d1f0c2a · 3 passages · added/harbour-at-kvalvik-reopens-8d1f0c2a.md · added by slack U0EDITOR1 on 18 Mar 2024',
    ]);
  });

  it('takes out the control characters a page could use to steer the terminal', () => {
    const hostile = { ...article, title: 'Harbour\u001b]8;;https://evil.example\u001b\\ reopens\u0007', firstPassage: { id: 'x#p1', text: 'Quay\u001b[2J cleared.' } };
    const out = renderEdit(answer({ article: hostile, message: 'Added\u001b[31m.' }), { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(out).toContain('Quay[2J cleared.');
  });
});

describe('renderFeeds', () => {
  it('prints each feed’s last fetch, what it added, its last error and its next poll', () => {
    const out = renderFeeds(
      [
        { url: 'https://valley.example/rss', lastFetchAt: '2024-03-18T09:00:00.000Z', lastResult: 'fetched', itemsInFeed: 12, lastAdded: 2, itemsAdded: 9, lastError: null, failures: 0, nextAt: '2024-03-18T09:30:00.000Z' },
        { url: 'https://gone.example/atom', lastFetchAt: '2024-03-18T09:00:00.000Z', lastResult: 'failed', itemsInFeed: 0, lastAdded: 0, itemsAdded: 0, lastError: 'gone.example could not be found (no such name).', failures: 3, nextAt: '2024-03-18T13:00:00.000Z' },
      ],
      { color: false },
    );
    expect(out).toBe(
      [
        'https://valley.example/rss',
        '  last fetch:   18 Mar 2024, 09:00 UTC: 2 new items added (12 items in the feed)',
        '  added in all: 9 items',
        '  last error:   none',
        '  next poll:    18 Mar 2024, 09:30 UTC',
        '',
        'https://gone.example/atom',
        '  last fetch:   18 Mar 2024, 09:00 UTC: failed (3 times in a row)',
        '  added in all: 0 items',
        '  last error:   gone.example could not be found (no such name).',
        '  next poll:    18 Mar 2024, 13:00 UTC',
      ].join('\n'),
    );
  });
});
