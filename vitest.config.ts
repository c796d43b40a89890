import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/**/*.test.ts',
      'drivers/**/*.test.ts',
      'gateway/**/*.test.ts',
      'firmware-bridge/**/*.test.ts',
    ],
    // Removes the temp folders tests make with tests/helpers/temp-dir.ts after each file.
    setupFiles: ['tests/helpers/temp-dir-cleanup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
