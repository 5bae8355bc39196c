import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's bin, which runs index.ts: what `npx briefbot` runs. */
export const BIN = fileURLToPath(new URL('../../bin/briefbot.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real entry as a user would, from an empty folder (so no developer's .env is read),
 * with no chat credentials unless given.
 */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SLACK|DISCORD|CORPUS_DIR|BRIEFBOT|HEALTH_PORT|LOG_LEVEL|RATE_LIMIT)/.test(key)) env[key] = value;
  }
  const cwd = mkdtempSync(path.join(tmpdir(), 'briefbot-cli-'));
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
