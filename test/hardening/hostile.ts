/**
 * Text people (and attackers) type, for the property tests: any Unicode (emoji, right-to-left
 * text, zero-width and control characters, lone surrogates), Markdown and Slack/Discord markup,
 * mention syntax, regex metacharacters, and very long runs.
 */
import fc from 'fast-check';

/** Pieces that have broken, or could break, a parser, a regex, a renderer or a mention guard. */
export const NASTY = [
  // Mentions, Slack and Discord.
  '@everyone', '@here', '@channel', '@EVERYONE', '@everyoneſ', '@HEREby', '<!here>', '<!channel>', '<!everyone>', '<!subteam^S1>', '<!date^1392734382^{date}|x>',
  '<@123>', '<@!123>', '<@&456>', '<#789>', '</ask:1>', '<@U123>', '<@W123|ana>', '<#C123|general>', '<https://e.test|link>',
  // Markdown and mrkdwn.
  '**', '__', '~~', '`', '```', '||', '*bold*', '_it_', '~gone~', '> ', '>>> ', '\n# ', '\n- ', '\n1. ', '[x](http://e.test)', '\\', '&amp;', '&lt;', '&gt;', '&', '<', '>',
  // Regex metacharacters.
  '.*+?()[]{}|^$\\', '(?<x>', '\\b', '$&', '$1',
  // Unicode: emoji, right-to-left, zero-width, joiners, lone surrogates, controls, line separators.
  '😀', '👩‍👩‍👧', '🇺🇦', '🏳️‍🌈', 'é', 'e\u0301', '𝕏', 'مرحبا بالعالم', 'שלום', '\u202e', '\u200f', '\u2067', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff',
  '\ud800', '\udc00', '\udbff\ud800', '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\u0085', '\u2028', '\u2029', '\ufffd',
  // Words the corpus knows, so answers are not always empty.
  'Li Shangfu', 'China', 'military aid', 'Kursk', 'august 2024', '2023-04-01..2023-04-30', 'april', '.', '!', '. ', '! ', '\n\n', ' ',
] as const;

/** Any UTF-16 code unit, lone surrogates included (fast-check's 'binary' unit leaves them out). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Short hostile text: any code points, any code units, and soups of the pieces above. */
export function hostileText(maxLength = 200): fc.Arbitrary<string> {
  const pieces = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 40 });
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'grapheme', maxLength, size: 'medium' }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength, size: 'medium' }), weight: 2 },
    { arbitrary: fc.string({ unit: codeUnit, maxLength, size: 'medium' }), weight: 2 },
    { arbitrary: pieces.map((parts) => parts.join('')), weight: 4 },
  );
}

/** One piece, or a short string, repeated to a length of up to 100,000 characters. */
export const longText: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.constantFrom(...NASTY), fc.string({ minLength: 1, maxLength: 30 })), fc.integer({ min: 1, max: 100_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Short hostile text, and one time in `oneIn` a run of up to 100,000 characters. */
export function anyText(oneIn = 10): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: hostileText(), weight: oneIn - 1 }, { arbitrary: longText, weight: 1 });
}
