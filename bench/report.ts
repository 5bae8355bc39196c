/**
 * What the bench scripts share when they report: the machine they ran on, nearest-rank
 * percentiles and a plain-text table.
 */
import os from 'node:os';

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** 1, 5 and 15 minute load averages: above the cpu count, the figures are inflated. */
export function loadAverage(): number[] {
  return os.loadavg().map((load) => round(load, 2));
}

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown cpu',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    gc: typeof globalThis.gc === 'function',
    loadAverage: loadAverage(),
  };
}

/** The nearest-rank percentile `q` (0.5, 0.99) of values sorted ascending; 0 for none. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** A table with a header rule, the first column left-aligned and the rest right-aligned. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
