import { describe, expect, it } from 'vitest';
import { line, progressBar } from '../../adapters/console/progress.js';

function terminal() {
  const writes: string[] = [];
  return { writes, stream: Object.assign(new (class {})(), { columns: 100, write: (chunk: string) => writes.push(chunk) > 0 }) as unknown as NodeJS.WritableStream };
}

describe('progressBar', () => {
  it('shows the stage, articles done, the rate and the time left', () => {
    expect(line('Indexing articles', 2_000, 8_000, 4)).toBe('Indexing articles [██████░░░░░░░░░░░░░░░░░░] 2,000/8,000 · 500/s · 12 s left');
    expect(line('Indexing articles', 100, 10_000, 1)).toMatch(/ 100\/10,000 · 100\/s · 1 min 39 s left$/);
    expect(line('Merging people and events', 1, 2, 3)).toBe('Merging people and events [████████████░░░░░░░░░░░░]');
  });

  it('redraws in place at most ten times a second, always at the end of a stage, and clears its line', () => {
    const { writes, stream } = terminal();
    let now = 0;
    const bar = progressBar(stream, () => now);
    for (let done = 1; done <= 1_000; done += 1) {
      now += 1;
      bar.update('indexing', done, 1_000);
    }
    expect(writes.length).toBeLessThanOrEqual(11);
    expect(writes.at(-1)).toMatch(/^\rIndexing articles \[█{24}\] 1,000\/1,000 · 1,00\d\/s\x1b\[K$/);
    bar.clear();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('keeps the line within the terminal width', () => {
    const { writes, stream } = terminal();
    (stream as { columns?: number }).columns = 30;
    progressBar(stream).update('reading', 5, 10);
    expect(writes[0]!.replace('\r', '').replace('\x1b[K', '').length).toBeLessThan(30);
  });
});
