/** Reading Block Kit back in tests: the texts, the buttons, the checks every message must pass. */
import { expect } from 'vitest';

export interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; text?: string | { type: string; text: string }; action_id?: string; value?: string }>;
}

export function blocksOf(message: Record<string, unknown>): Block[] {
  return message.blocks as Block[];
}

/** Every text in the message, in order, with the fallback text first (and button values, unless told). */
export function textsOf(message: { text?: unknown; blocks?: unknown }, withValues = true): string[] {
  const texts: string[] = typeof message.text === 'string' ? [message.text] : [];
  for (const block of (message.blocks ?? []) as Block[]) {
    if (block.text) texts.push(block.text.text);
    for (const element of block.elements ?? []) {
      if (typeof element.text === 'string') texts.push(element.text);
      else if (element.text) texts.push(element.text.text);
      if (element.value && withValues) texts.push(element.value);
    }
  }
  return texts;
}

export function buttonsOf(message: { blocks?: unknown }): Array<{ action_id: string; value: string; text: { text: string } }> {
  return ((message.blocks ?? []) as Block[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button') as Array<{ action_id: string; value: string; text: { text: string } }>;
}

/**
 * Slack's limits (those the stand-in enforces, the 13,000 characters of text in all included),
 * a fallback text of at most 300 characters, and no mention of anyone but (optionally) the one
 * allowed asker.
 */
export function expectWithinLimits(message: { text?: unknown; blocks?: unknown }, allowedMention?: string, maxBlocks = 50): void {
  const blocks = (message.blocks ?? []) as Block[];
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  if (typeof message.text === 'string') expect(message.text.length).toBeLessThanOrEqual(300);
  expect(textsOf(message, false).join('').length - (typeof message.text === 'string' ? message.text.length : 0)).toBeLessThanOrEqual(13_000);
  for (const block of blocks.filter((b) => b.type === 'actions')) {
    const ids = block.elements!.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  }
  for (const block of blocks) {
    if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'context') expect(block.elements!.length).toBeLessThanOrEqual(10);
    for (const element of block.elements ?? []) {
      if (element.type === 'button') {
        expect(element.value!.length).toBeLessThanOrEqual(2000);
        expect((element.text as { text: string }).text.length).toBeLessThanOrEqual(75);
        // Values are never shown, but keep them free of markup all the same.
        expect(element.value).not.toMatch(/[&<>]/);
      }
    }
  }
  expectNoMention(textsOf(message, false).join('\n').replaceAll(allowedMention ?? '\u0000', ''));
}

export function expectNoMention(text: string): void {
  expect(text).not.toMatch(/<[!@#]/);
  expect(text).not.toMatch(/@(here|channel|everyone)/i);
}
