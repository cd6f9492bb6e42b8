import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Everything the app needs is served from its own origin: geodata/demo files are
// imported with `?url` so vite fingerprints and emits them with the build.
export default defineConfig({
  plugins: [vue()],
  server: { fs: { allow: ['.'] } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60000,
    setupFiles: ['tests/unit/fast-check-seed.ts'],
  },
})
