// The server tests: real PostgreSQL (one throw-away cluster for the run, started by
// global-setup.ts), so they stay out of `npm run test:unit` and run as `npm run test:server`.
import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/server/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/server/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // one cluster on a 2-core machine: files one after another keep its load predictable
    fileParallelism: false,
  },
})
