import { defineConfig, devices } from '@playwright/test';

// Run by `npm test` (scripts/run.ts), which starts the app on BASE_URL against demo data.
const baseURL = process.env.BASE_URL;
if (!baseURL) throw new Error('BASE_URL is not set: run the journeys with `npm test` (or `npm test -- e2e`)');

// `npm test` runs the journeys in two lanes (scripts/run.ts), each one file after another: lane `b`
// beside the integration tests, lane `a` after them. Lane `a`: the journeys on the e2e community
// 快测社区 and the axe walk; lane `b`: the journeys on the demo communities, each of which changes
// only what it created or what no journey of lane `a` asserts on (the axe walk only reads, and holds
// any page to the same rules whatever its content), the appraisal's on its own community 评议社区
// and the empty installation's (its own app and database). Unset (`npm test -- e2e <files>`): the
// files asked for, in one lane.
const lane = process.env.MINYI_E2E_LANE;
const LANE_A = /[\\/](motion|meeting|notify|notify\.nojs|access)\.spec\.ts$/;
const laneIgnore = lane === 'b' ? [LANE_A] : [];
const laneMatch = (all: RegExp) => (lane === 'a' ? [LANE_A] : [all]);

export default defineConfig({
  testDir: '.',
  outputDir: lane ? `../test-results/${lane}` : '../test-results',
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
    // A trace records every action's DOM and screen: about a fifth of the journeys' time on two cores,
    // for a file nobody reads in CI. MINYI_E2E_TRACE=1 keeps one per failed journey.
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
    // Representatives vote on phones: the journeys run at 360 px wide (at 1× pixels: 2× quadruples
    // Chromium's painting and changes nothing axe or a locator sees).
    {
      name: 'phone',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 },
      testIgnore: [/nojs\.spec\.ts/, ...laneIgnore],
      // `npm run screens` (MINYI_SCREENS=1) runs only the screenshot capture, never part of `npm test`
      testMatch: process.env.MINYI_SCREENS ? /screens\.capture\.ts/ : laneMatch(/\.spec\.ts$/),
    },
    // Everything must work without JavaScript (old phones).
    {
      name: 'no-js',
      use: { ...devices['Desktop Chrome'], viewport: { width: 360, height: 780 }, javaScriptEnabled: false },
      testMatch: lane === 'a' ? [/notify\.nojs\.spec\.ts$/] : /nojs\.spec\.ts/,
      testIgnore: laneIgnore,
    },
  ],
});
