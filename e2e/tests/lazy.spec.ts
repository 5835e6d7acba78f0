// The split release build (scripts/dist.sh, src/lazy_routes.rs): the list page starts with the
// main module alone, each lazy screen fetches its chunks the first time it opens, and a chunk
// that cannot be fetched gives a message with Retry, never a blank or frozen page.
import type { Page, Request } from '@playwright/test';
import { test, expect, devReset, expectNoAxeViolations, signIn, DATABASES_ROUTE } from './support';

// A blocked chunk: Chromium logs the failed request, and the chunk loader logs why it failed.
test.use({ allowedConsoleErrors: /Failed to load resource|Failed to fetch|WebAssembly|MIME type/ });

test.beforeEach(async ({ page, request }) => {
  await devReset(request);
  await page.goto('/sign-in');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

/** The .wasm files the page fetches from now on, by name without the build hash. */
function wasmFetches(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request: Request) => {
    const m = /\/([^/?]+)-[0-9a-f]{16}(_bg)?\.wasm$/.exec(new URL(request.url()).pathname);
    if (m) seen.push(m[1] + (m[2] ?? ''));
  });
  return seen;
}

const chunkError = (page: Page) => page.getByRole('alert').filter({ hasText: 'This screen could not be loaded' });

test('the list needs only the main module; a lazy screen fetches its chunks once', async ({ page }) => {
  const fetched = wasmFetches(page);
  await page.reload();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  expect(fetched).toEqual(['dbconsole_bg']);

  await page.getByRole('link', { name: 'New database' }).click();
  await expect(page.getByLabel('Name')).toBeVisible();
  expect(fetched.slice(1).sort()).toEqual(expect.arrayContaining(['split_new_database']));
  expect(fetched.every((f) => f === 'dbconsole_bg' || /^(split|chunk)_/.test(f))).toBe(true);

  const before = fetched.length;
  await page.getByRole('link', { name: 'Databases', exact: true }).first().click();
  await page.getByRole('link', { name: 'New database' }).click();
  await expect(page.getByLabel('Name')).toBeVisible();
  expect(fetched.length, 'a second visit fetches nothing').toBe(before);
});

test('a chunk that cannot be fetched says so, and Retry loads the screen, whose controls work', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const blocked = (route: import('@playwright/test').Route) => route.abort();
  await page.route('**/split_*.wasm', blocked);
  await page.getByRole('link', { name: 'New database' }).click();
  await expect(chunkError(page)).toBeVisible();
  await expect(chunkError(page)).toContainText('reload the page');
  await expectNoAxeViolations(page, 'a screen whose chunk could not be loaded');

  // Still offline: Retry fails again, and says so again.
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(chunkError(page)).toBeVisible();

  // The rest of the console still works.
  await page.getByRole('link', { name: 'All databases' }).click();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.getByRole('link', { name: 'New database' }).click();
  await expect(chunkError(page)).toBeVisible();

  await page.unroute('**/split_*.wasm', blocked);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New database' })).toBeVisible();
  await expect(chunkError(page)).toHaveCount(0);
  // Input, change and submit in the loaded chunk (leptos#4347: handlers in a chunk).
  await page.getByLabel('Name').fill('lazy-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-business-8192');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(/\/databases\/lazy-db(\?region=[\w-]+)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'lazy-db' })).toBeVisible();
  // A click in the detail screen's chunk.
  await page.getByRole('button', { name: 'Copy name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
});

test('a deep link whose chunk is gone (a 404 after a deploy) says so, and Retry loads it', async ({ page }) => {
  const gone = (route: import('@playwright/test').Route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found\n' });
  await page.route('**/split_database-*.wasm', gone);
  await page.goto('/databases/backup-db');
  await expect(chunkError(page)).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await page.unroute('**/split_database-*.wasm', gone);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

test('the demo backend is a chunk of its own: fetched only in the demo, and a failed fetch says so and Retry works', async ({ page }) => {
  const fetched = wasmFetches(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(fetched, 'a real session never fetches the demo').not.toContain('split_demo_backend');
  let blocked = true;
  await page.route('**/split_demo_backend-*.wasm', (route) => (blocked ? route.abort() : route.continue()));
  await page.getByRole('button', { name: 'Try the demo' }).click();
  const failed = page.getByRole('alert').filter({ hasText: "The demo's code could not be downloaded" });
  await expect(failed).toBeVisible({ timeout: 15_000 });
  blocked = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  expect(fetched).toContain('split_demo_backend');
});

test('the sign-in-again form is a chunk: a failed fetch says so in the dialog, and Retry brings the form', async ({ page }) => {
  const fetched = wasmFetches(page);
  let blocked = true;
  await page.route('**/split_reauth_form-*.wasm', (route) => (blocked ? route.abort() : route.continue()));
  // The next list read is refused: the token is a bearer, so the console asks to sign in again.
  let refused = false;
  await page.route(DATABASES_ROUTE, (route) => {
    if (refused) return route.continue();
    refused = true;
    return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'token expired' }) });
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await expect(dialog.getByRole('alert').filter({ hasText: 'The sign-in form could not be loaded' })).toBeVisible();
  await expect(dialog.getByLabel('Token', { exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page);
  blocked = false;
  await dialog.getByRole('button', { name: 'Retry' }).click();
  // The form, its token field focused, and it works.
  const token = dialog.getByLabel('Token', { exact: true });
  await expect(token).toBeFocused();
  await token.fill('dev-token');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  expect(fetched.filter((name) => name === 'split_reauth_form')).toHaveLength(2);
});
