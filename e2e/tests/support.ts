// Helpers shared by the end-to-end specs. Import `test` and `expect` from here, not from
// '@playwright/test': this `test` fails any test whose page throws (`pageerror`) or logs a console
// message of type `error`.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API, API2, BUDGET_API, BUDGET_SITE, CONSOLE, CORS_API, SITE } from '../ports';

export { expect };

/** The devapi that playwright.config.ts starts (direct, not through the /api proxy). */
export const DEV_API = API;
export { API2, BUDGET_API, BUDGET_SITE, CONSOLE, SITE };
/** The bearer token that devapi is started with. */
export const DEV_TOKEN = 'dev-token';
/** The first local region's databases list, with or without a query (the list page asks
 *  `?dashboard=true`), and the create POST: what tests route to make it fail or fill it. */
export const DATABASES_ROUTE = /\/api\/v1\/databases(\?[^/]*)?$/;
/** e2e/artifacts/screens (gitignored). */
export const SCREENS_DIR = fileURLToPath(new URL('../artifacts/screens/', import.meta.url));

type ErrorFixtures = {
  /**
   * Console `error` messages matching this are tolerated (pageerrors never are).
   * Chromium logs "Failed to load resource: the server responded with a status of 422 ..." for
   * every HTTP error a fetch gets, so a spec that provokes one on purpose sets, for example,
   * `test.use({ allowedConsoleErrors: /status of (401|422)/ })`. One RegExp, not an array:
   * Playwright reads an array given to `test.use` as a [value, options] pair.
   */
  allowedConsoleErrors: RegExp | null;
};

export const test = base.extend<ErrorFixtures>({
  allowedConsoleErrors: [null, { option: true }],
  page: async ({ page, allowedConsoleErrors }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => {
      problems.push(`pageerror: ${error.name}: ${error.message}`);
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const where = message.location()?.url;
      // Chromium's own request for /favicon.ico when the page names no icon is not the app's error.
      if (where && /\/favicon\.ico(\?|$)/.test(where) && text.startsWith('Failed to load resource')) return;
      if (allowedConsoleErrors?.test(text)) return;
      problems.push(`console.error: ${text}${where ? `  (at ${where})` : ''}`);
    });
    // Content Security Policy: any violation fails the test, whatever the console filter says.
    await page.exposeFunction('__reportCspViolation', (text: string) => {
      problems.push(`securitypolicyviolation: ${text}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation;
        report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    await use(page);
    if (problems.length > 0) {
      throw new Error(`the page reported ${problems.length} error(s):\n  ${problems.join('\n  ')}`);
    }
  },
});

export type AxeOptions = {
  /** CSS selector to limit the scan to. */
  include?: string;
  /** CSS selectors to leave out of the scan. */
  exclude?: string[];
  /** axe rule ids to switch off (say why in the spec). */
  disableRules?: string[];
};

/** Runs axe (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the page; fails with a readable list. */
export async function expectNoAxeViolations(page: Page, label: string, options: AxeOptions = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  const lines = results.violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.map(String).join(' ')).join(', ');
    return `- ${v.id} [${v.impact ?? 'n/a'}]: ${v.help} (${v.nodes.length} node(s): ${targets})\n    ${v.helpUrl}`;
  });
  expect(results.violations.length, `axe violations on ${label}:\n${lines.join('\n')}`).toBe(0);
}

export type DevStats = {
  /** Requests counted per route, e.g. {"GET /v1/databases": 3}; /__dev routes are not counted. */
  requests: Record<string, number>;
  total: number;
};

/** devapi's request counters (GET /__dev/stats). */
export async function devStats(request: APIRequestContext, api: string = DEV_API): Promise<DevStats> {
  const response = await request.get(`${api}/__dev/stats`);
  expect(response.status(), 'GET /__dev/stats').toBe(200);
  return (await response.json()) as DevStats;
}

/** Puts devapi back to its seeded store with counters at zero (POST /__dev/reset, 204); the
 *  default resets both local regions. */
export async function devReset(request: APIRequestContext, api?: string): Promise<void> {
  for (const one of api ? [api] : [DEV_API, API2]) {
    const response = await request.post(`${one}/__dev/reset`);
    expect(response.status(), `POST ${one}/__dev/reset`).toBe(204);
  }
}

/** Leaves devapi with no database (POST /__dev/empty, 204). */
export async function devEmpty(request: APIRequestContext, api: string = DEV_API): Promise<void> {
  const response = await request.post(`${api}/__dev/empty`);
  expect(response.status(), 'POST /__dev/empty').toBe(204);
}

/**
 * Makes devapi accept only `token` from now on: the one in use is "revoked" (POST /__dev/token).
 * In both local regions unless one is named: a token is the account's, valid in every region.
 */
export async function devSetToken(request: APIRequestContext, token: string, api?: string): Promise<void> {
  for (const one of api ? [api] : [DEV_API, API2]) {
    const response = await request.post(`${one}/__dev/token`, { data: token });
    expect(response.status(), `POST ${one}/__dev/token`).toBe(204);
  }
}

/** A second devapi on another origin, with CORS open to the console's origin only. */
export { CORS_API };
export const CORS_TOKEN = 'cors-token';

/** Signs in through the sign-in page, as a person would; waits until it has left the page. */
export async function signIn(
  page: Page,
  options: { token?: string; apiUrl?: string; remember?: boolean } = {},
): Promise<void> {
  if (options.apiUrl) {
    await page.getByLabel('Custom').check();
    await page.getByLabel('API URL').fill(options.apiUrl);
  } else {
    await page.getByLabel('Local API').check();
  }
  await page.getByLabel('Token', { exact: true }).fill(options.token ?? DEV_TOKEN);
  if (options.remember) await page.getByLabel('Remember on this device').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Saves a full-page PNG to e2e/artifacts/screens/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const file = path.join(SCREENS_DIR, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Holds the page's `method` requests (any method when `null`) to URLs matching `url` until the
 *  returned function is called; then they go on to the server. */
export async function holdRequests(page: Page, url: RegExp, method: string | null = 'GET'): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    if (method === null || route.request().method() === method) await released;
    await route.continue();
  });
  return release;
}

/** The list's reads, in both local regions. */
export const LIST_READS = /\/api2?\/v1\/databases(\?.*)?$/;
