import { describe, expect, it } from 'vitest';
import { decodeHexBytes, repairText } from '../../src/corpus/index.js';

describe('decodeHexBytes', () => {
  it('decodes UTF-8 written as hex bytes', () => {
    expect(decodeHexBytes('wonxe2x80x99t and xe2x80x9cquotedxe2x80x9d')).toBe('won’t and “quoted”');
  });

  it('decodes runs of several characters in a row', () => {
    expect(decodeHexBytes('end.xe2x80x9dxc2xa0')).toBe('end.”\u00a0');
  });

  it('leaves hex-like text that is not valid UTF-8', () => {
    expect(decodeHexBytes('box xa0xa1 and 0xff')).toBe('box xa0xa1 and 0xff');
  });

  it('decodes four-byte characters', () => {
    expect(decodeHexBytes('flag xf0x9fx87xbaxf0x9fx87xa6')).toBe('flag 🇺🇦');
  });
});

describe('repairText', () => {
  it('turns non-breaking spaces into spaces and drops invisible characters', () => {
    expect(repairText('a\u00a0b\u200bc\r\nd\u0007')).toBe('a bc\nd');
  });

  it('drops lone surrogates', () => {
    expect(repairText('a\ud800b')).toBe('ab');
  });
});
