import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/temp.ts'],
    // The property tests render 2,000 hostile answers each: on a busy 2-core machine one takes
    // well over 30 s. A hang still fails, at two minutes.
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
