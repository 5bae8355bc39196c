import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'briefbot-bench-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

// A smoke run only: the figures themselves belong to `npm run bench`, never to assertions.
// Generous time: the smoke run shares this machine with the rest of the suite.
describe('npm run bench --quick', { timeout: 180_000 }, () => {
  it('prints the table and writes the same figures as JSON', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], {
      env: { ...process.env, BRIEFBOT_CACHE_DIR: cacheDir },
      timeout: 170_000,
    });
    expect(stdout).toMatch(/^machine: \d+ × .+, [\d.]+ GB memory, Node v\d+/m);
    expect(stdout).toMatch(/^\/ask briefbot +\S+ ms/m);
    expect(stdout).toMatch(/^\/ask MiniSearch default +\S+ ms/m);
    expect(stdout).toMatch(/^\/ask MiniSearch fuzzy 0\.2 \+ prefix +\S+ ms/m);
    expect(stdout).toMatch(/^\/who +/m);
    expect(stdout).toMatch(/^\/timeline +/m);
    expect(stdout).toMatch(/^build +≤ 40 s +\S+ s +(met|MISSED)$/m);
    expect(stdout).toMatch(/^snapshot: .+; rewritten in slices in \S+ m?s, longest question wait \S+ m?s; a start from it in a fresh process: \S+ m?s, heap \d+ MB, array buffers \d+ MB, RSS \d+ MB/m);
    expect(stdout).toMatch(/^live updates \(.+\): added answered in \S+ m?s \(longest question wait \S+ m?s\), changed answered in .+, removed answered in /m);
    expect(stdout).toMatch(/^live update answered +≤ 1000 ms +\S+ m?s +(met|MISSED)$/m);
    expect(stdout).toMatch(/^heap after start-up +≤ 500 MB +\d+ MB +(met|MISSED)$/m);

    const [file] = readdirSync(path.join(cacheDir, 'bench'));
    expect(file).toMatch(/^bench-.+\.json$/);
    expect(stdout).toContain(path.join(cacheDir, 'bench', file!));
    const figures = JSON.parse(readFileSync(path.join(cacheDir, 'bench', file!), 'utf8'));
    expect(Object.keys(figures)).toEqual(['startedAt', 'machine', 'settings', 'runs']);
    expect(figures.machine.gc).toBe(true);
    expect(figures.runs).toHaveLength(1);
    const [size] = figures.runs;
    expect(size.passages).toBeGreaterThanOrEqual(300);
    expect(Object.keys(size.build)).toEqual(['briefbot', 'miniSearch']);
    expect(Object.keys(size.build.briefbot)).toEqual(['ms', 'heapUsedMB', 'heapAddedMB', 'rssMB']);
    expect(Object.keys(size.latency).sort()).toEqual(['ask', 'askMiniSearchDefault', 'askMiniSearchFuzzy', 'suggestPeople', 'suggestPeriods', 'timeline', 'who']);
    for (const key of ['ask', 'askMiniSearchDefault', 'askMiniSearchFuzzy']) {
      expect(size.latency[key]).toMatchObject({ count: 100, median: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) });
    }
    expect(Object.keys(size.ratios)).toEqual(['miniSearchDefault', 'miniSearchFuzzy']);
    expect(size.snapshot).toMatchObject({ available: true, rewriteMs: expect.any(Number), startup: { loadMs: expect.any(Number), hashMs: expect.any(Number), heapUsedMB: expect.any(Number), rssMB: expect.any(Number) } });
    expect(size.updates).toMatchObject({ added: { answerMs: expect.any(Number), stallMs: expect.any(Number) }, removed: { answerMs: expect.any(Number) } });
    expect(size.targets.map((t: { name: string }) => t.name)).toContain('/ask p99');
  });
});
