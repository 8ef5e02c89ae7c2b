import { defineConfig } from 'vitest/config';

// One config: Vite builds the dashboard (served by the collector at /dashboard/),
// Vitest runs every test under test/.
export default defineConfig({
  root: 'dashboard',
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Source maps only when asked (DNI_SOURCEMAPS=1): served, they hand anyone the dashboard's source.
  build: { outDir: '../dist/dashboard', emptyOutDir: true, sourcemap: process.env.DNI_SOURCEMAPS === '1' },
  test: {
    root: '.',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
