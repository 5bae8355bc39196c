/**
 * Text repair: undo the damage scraping does to characters, before any cleaning.
 */

// "xe2x80x99": the bytes of a UTF-8 character written out as text, a scraper's artefact.
const HEX_BYTES = /(?:x[0-9a-f]{2}){2,}/gi;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes runs of `xHH` byte notation that spell valid UTF-8, and leaves everything else.
 * @example decodeHexBytes('wonxe2x80x99t') // 'won’t'
 */
export function decodeHexBytes(text: string): string {
  return text.replace(HEX_BYTES, (run) => decodeRun(run));
}

/** Decodes as many whole characters as the run holds, left to right; the rest stays as it was. */
function decodeRun(run: string): string {
  const bytes = run.match(/x([0-9a-f]{2})/gi)!.map((b) => parseInt(b.slice(1), 16));
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i]!);
    const chunk = bytes.slice(i, i + length);
    const char = length > 1 && chunk.length === length ? tryDecode(chunk) : null;
    if (char === null) {
      out += run.slice(i * 3, i * 3 + 3);
      i += 1;
    } else {
      out += char;
      i += length;
    }
  }
  return out;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

function tryDecode(bytes: number[]): string | null {
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

// Zero-width and control characters carry nothing a reader sees; tabs and newlines stay.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\ufffd]/g;
const SPACES = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Repairs a whole file's text: UTF-8 written as hex, invisible characters, odd spaces,
 * Windows line ends. Returns NFC text with `\n` line ends.
 */
export function repairText(text: string): string {
  return decodeHexBytes(text)
    .replace(/\r\n?/g, '\n')
    .replace(SPACES, ' ')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '')
    .normalize('NFC');
}
