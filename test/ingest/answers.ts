/** Add and remove answers made in the tests, hostile ones included, for the renderers' tests. */
import fc from 'fast-check';
import type { AddedArticle, EditAnswer } from '../../src/types.js';
import { anyText, hostileText } from '../hardening/hostile.js';

export const article: AddedArticle = {
  articleId: 'harbour-at-kvalvik-reopens-8d1f0c2a',
  title: 'Harbour at Kvalvik reopens',
  source: 'Fjord Courier',
  date: '2024-03-18',
  dateEstimated: false,
  url: 'https://fjord-courier.example/news/harbour',
  translatedFrom: null,
  file: 'added/harbour-at-kvalvik-reopens-8d1f0c2a.md',
  author: 'Maren Solberg',
  passages: 3,
  firstPassage: { id: 'harbour-at-kvalvik-reopens-8d1f0c2a#p1', text: 'The harbour at Kvalvik reopened on Monday.' },
  addedBy: 'slack U0EDITOR1',
  addedAt: '2024-03-18T10:00:00.000Z',
};

export function answer(extra: Partial<EditAnswer> = {}): EditAnswer {
  return { command: 'add', query: 'https://fjord-courier.example/news/harbour', status: 'added', reason: null, article, indexed: true, editors: [], message: 'Added to the corpus as harbour-at-kvalvik-reopens-8d1f0c2a (3 passages): /ask answers from it now.', ...extra };
}

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

/** An article whose every field a hostile page could have chosen. */
export const hostileArticle: fc.Arbitrary<AddedArticle> = fc.record({
  articleId: hostileText(80),
  title: maybe(anyText()),
  source: maybe(hostileText()),
  date: fc.constantFrom(null, '2024-03-18', '1999-12-31'),
  dateEstimated: fc.boolean(),
  url: maybe(fc.oneof(hostileText(), fc.constant('https://e.test/a(1)?x=<y>&z=@everyone'))),
  translatedFrom: maybe(fc.constantFrom('zh', 'ru', '<@U1>')),
  file: hostileText(80),
  author: maybe(hostileText()),
  passages: fc.nat(10_000),
  firstPassage: maybe(fc.record({ id: hostileText(40), text: anyText() })),
  addedBy: maybe(hostileText()),
  addedAt: maybe(fc.constantFrom('2024-03-18T10:00:00.000Z', 'not a date')),
});

export const hostileAnswer: fc.Arbitrary<EditAnswer> = fc.record({
  command: fc.constantFrom('add' as const, 'remove' as const),
  query: anyText(),
  status: fc.constantFrom('added' as const, 'duplicate' as const, 'removed' as const, 'refused' as const),
  reason: fc.constantFrom(null, 'not-editor' as const, 'too-large' as const, 'private-address' as const),
  article: maybe(hostileArticle),
  indexed: fc.boolean(),
  editors: fc.array(fc.oneof(fc.constantFrom('U0EDITOR1', '300000000000000001', '<!channel>', '@everyone'), hostileText(20)), { maxLength: 30 }),
  message: anyText(),
});
