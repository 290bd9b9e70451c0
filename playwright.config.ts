import { existsSync } from 'node:fs'

import { defineConfig, devices } from '@playwright/test'

import { CHROMIUM_FLAGS, chromiumPath } from './tooling/chromium'

/**
 * Browser tests run against a production build (`next build` + `next start`) that
 * `npm run test:e2e` (tests/runE2E.ts) starts on a throwaway database and passes in as BASE_URL.
 * Browsers are never downloaded: the machine's Chromium is used (Debian's /usr/bin/chromium, or
 * CHROMIUM_PATH).
 */
const baseURL = process.env.BASE_URL
if (!baseURL) {
  throw new Error('BASE_URL is not set. Run the browser tests with `npm run test:e2e` (it starts the server).')
}

const executablePath = process.env.CHROMIUM_PATH || (existsSync(chromiumPath()) ? chromiumPath() : undefined)

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          args: [...CHROMIUM_FLAGS],
        },
      },
    },
  ],
})
