import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

/**
 * One run, two projects: component tests in happy-dom, and browser tests that drive the system
 * Chromium against the real API (started by e2e/global-setup.ts). `pnpm test` runs both;
 * `pnpm test:unit` and `pnpm test:e2e` run one each.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'component',
            environment: 'happy-dom',
            include: ['src/**/*.test.ts'],
            restoreMocks: true,
            unstubGlobals: true,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['e2e/**/*.e2e.test.ts'],
            globalSetup: ['e2e/global-setup.ts'],
            // A whole journey through a real browser and API; CI machines are often busy.
            testTimeout: 90_000,
            // Starting the API may mean building it and starting an embedded PostgreSQL.
            hookTimeout: 180_000,
            // Two cores: one browser at a time is plenty, and keeps timings honest.
            fileParallelism: false,
          },
        },
      ],
    },
  }),
);
