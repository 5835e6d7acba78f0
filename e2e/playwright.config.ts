// End-to-end tests: Debian's Chromium (never a downloaded browser) against the release build in
// ../dist, served by serve.mjs, which proxies /api/* to a devapi that Playwright starts and stops.
// Deterministic on purpose: one worker per shard (scripts/e2e.sh runs shards side by side), no
// retries, fixed locale, time zone and viewport.
import { defineConfig, devices } from '@playwright/test';
import { fileURLToPath } from 'node:url';

// Commands below run from e2e/, wherever Playwright is started from.
const HERE = fileURLToPath(new URL('.', import.meta.url));

import { API, API2, BUDGET_API, CONSOLE, CORS_API, PORTS, SITE } from './ports';

// The two local regions share a signing secret: one sign-in works in both (a test value).
const JWT_SECRET = '6465766170692d652d7465737473206f6e6c79';
const REGIONS = `--region "local-fr1=Local region 1=${API}" --region "local-fr2=Local region 2=${API2}"`;

// What every server below shares: started fresh from e2e/, its errors shown, stopped cleanly.
const SERVER = {
  cwd: HERE,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
} as const;

export default defineConfig({
  testDir: 'tests',
  // One folder per shard (scripts/e2e.sh runs them side by side).
  outputDir: process.env.E2E_SHARD ? `artifacts/test-results-${process.env.E2E_SHARD}` : 'artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: SITE,
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    // A trace costs every test a third of its time (screens.spec.ts: 93 s with, 64 s without),
    // failing or not: recorded only when asked (E2E_TRACE=1), for the test being debugged.
    trace: process.env.E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // Built beforehand by scripts/test.sh (`cargo build -p devapi`); listens on 127.0.0.1 by default.
      // Bearers from the token exchange live 4 s, so the refresh path runs within a test; a new
      // database provisions in 2 s and a plan change takes 2 s, so the trackers move within one.
      // It is also the first of two local regions: it serves the token exchange and
      // GET /v1/regions listing both.
      command: `../target/debug/devapi --host 127.0.0.1 --port ${PORTS.api} --token dev-token --bearer-ttl 4 --provision-seconds 2 --update-seconds 2 --region-name local-fr1 ${REGIONS} --jwt-secret ${JWT_SECRET}`,
      url: `${API}/v1/addon_providers`, // 401 without a token: Playwright counts < 404 as up
      ...SERVER,
    },
    {
      // The second local region: its own data (none at start), the first one's bearers.
      command: `../target/debug/devapi --host 127.0.0.1 --port ${PORTS.api2} --token dev-token --bearer-ttl 4 --provision-seconds 2 --update-seconds 2 --region-name local-fr2 --no-examples --jwt-secret ${JWT_SECRET}`,
      url: `${API2}/v1/addon_providers`,
      ...SERVER,
    },
    {
      // A second API on another origin, open (CORS) to the console's origin only: the console
      // must work against any spec server that allows it.
      command: `../target/debug/devapi --host 127.0.0.1 --port ${PORTS.corsApi} --token cors-token --cors-origin ${SITE}`,
      url: `${CORS_API}/v1/addon_providers`,
      ...SERVER,
    },
    {
      command: `node serve.mjs --root ../dist --host 127.0.0.1 --port ${PORTS.site} --api ${API} --proxy /api2=${API2} --config config.e2e.json`,
      url: `${SITE}/`,
      ...SERVER,
    },
    {
      // The API's rate limit (60 requests a minute per token) on a minute shrunk to 3 s, so ten
      // minutes of polling take 30 s; databases seeded as provisioning stay so for an hour.
      command: `../target/debug/devapi --host 127.0.0.1 --port ${PORTS.budgetApi} --token dev-token --rate-limit 60 --rate-window-ms 3000 --provision-seconds 3600`,
      url: `${BUDGET_API}/v1/addon_providers`,
      ...SERVER,
    },
    {
      // The console in front of it, its request budget on the same 3 s minute (config.budget.json).
      command: `node serve.mjs --root ../dist --host 127.0.0.1 --port ${PORTS.budgetSite} --api ${BUDGET_API} --config config.budget.json`,
      url: `http://127.0.0.1:${PORTS.budgetSite}/`,
      ...SERVER,
    },
    {
      // The demo as any static host serves it: the sub-path build, 404.html for unknown paths,
      // no API behind it.
      command: `node serve.mjs --root ../dist-console --host 127.0.0.1 --port ${PORTS.console} --base /console/ --fallback 404.html`,
      url: CONSOLE,
      ...SERVER,
    },
  ],
});
