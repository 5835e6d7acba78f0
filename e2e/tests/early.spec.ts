// The list's request goes out before the app has loaded: the page's inline script sends it for
// the URLs the app read the list from last, with the session's bearer, and the app takes those
// answers instead of asking again (src/api/early.rs). Only URLs are kept, never a token, and
// they go at sign-out.
import type { Page, Request } from '@playwright/test';
import { test, expect, devReset, signIn, DEV_TOKEN } from './support';

const HINT = 'dbconsole.early';
const LIST = /\/api2?\/v1\/databases\?dashboard=true$/;

/** Every request of the page, in the order the browser sent them. */
function record(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

test.beforeEach(async ({ request }) => devReset(request));

test('a reload asks for the list before the app loads, once per region, and sign-out forgets it', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  // Each region's URL is kept when its answer comes: the second region may answer after the
  // first region's rows are drawn (CI lost that race once).
  const readHint = () => page.evaluate((key) => localStorage.getItem(key), HINT);
  await expect.poll(readHint, { message: 'the URLs the list was read from' }).toMatch(/\/api\/v1\/databases\?dashboard=true/);
  await expect.poll(readHint).toMatch(/\/api2\/v1\/databases\?dashboard=true/);
  expect(await readHint()).not.toContain(DEV_TOKEN);

  const seen = record(page);
  await page.reload();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh' })).toHaveAttribute('aria-busy', 'false');
  const lists = seen.filter((r) => LIST.test(r.url()));
  expect(lists.map((r) => new URL(r.url()).pathname).sort(), 'one list request per region').toEqual([
    '/api/v1/databases',
    '/api2/v1/databases',
  ]);
  // Sent by the page's script, before the app's module asked for its wasm.
  const wasm = seen.findIndex((r) => r.url().endsWith('.wasm'));
  expect(wasm).toBeGreaterThan(-1);
  for (const list of lists) expect(seen.indexOf(list)).toBeLessThan(wasm);
  expect(await lists[0].headerValue('authorization')).toBe(`Bearer ${DEV_TOKEN}`);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await page.evaluate((key) => localStorage.getItem(key), HINT)).toBeNull();
  // Signed out, the list page sends nothing early.
  const after = record(page);
  await page.goto('/databases');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  expect(after.filter((r) => LIST.test(r.url()))).toEqual([]);
});
