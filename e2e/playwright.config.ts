import { defineConfig, devices } from '@playwright/test';

// Run by `npm test` (scripts/run.ts), which starts the app on BASE_URL against demo data.
const baseURL = process.env.BASE_URL;
if (!baseURL) throw new Error('BASE_URL is not set: run the journeys with `npm test` (or `npm test -- e2e`)');

// `npm test` runs the journeys one file after another beside the integration tests (scripts/run.ts);
// `npm test -- e2e <files>` runs the files asked for.

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // A trace records every action's DOM and screen, for a file nobody reads in CI; with 2× pixels it
    // was a fifth of the axe walk's time on two cores. MINYI_E2E_TRACE=1 keeps one per failed journey.
    trace: process.env.MINYI_E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // This machine's network is closed: keep Chromium from reaching out.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Representatives vote on phones: the journeys run at 360 px wide, at 1× pixels (2× quadruples
    // Chromium's painting and changes nothing axe or a locator sees); docs/screens/ keeps 2×.
    {
      name: 'phone',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 780 }, deviceScaleFactor: process.env.MINYI_SCREENS ? 2 : 1 },
      testIgnore: [/nojs\.spec\.ts/],
      // `npm run screens` (MINYI_SCREENS=1) runs only the screenshot capture, never part of `npm test`
      testMatch: process.env.MINYI_SCREENS ? /screens\.capture\.ts/ : /\.spec\.ts$/,
    },
    // Everything must work without JavaScript (old phones).
    {
      name: 'no-js',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 780 }, javaScriptEnabled: false },
      testMatch: /nojs\.spec\.ts/,
    },
  ],
});
