// A repeat visit shows the last list this tab saw at once, marked "Updated … ago", and reads it
// again behind; the kept copy is the session's (sessionStorage, or localStorage when remembered),
// holds no token, and goes at sign-out.
import type { Page } from '@playwright/test';
import { test, expect, devReset, signIn, DEV_TOKEN } from './support';

const KEY = 'dbconsole.list';

/** Holds every list read until released: what shows meanwhile is the kept list. */
async function holdListReads(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api2?\/v1\/databases(\?.*)?$/, async (route) => {
    if (route.request().method() === 'GET') await released;
    await route.continue();
  });
  return release;
}

const stored = (page: Page) =>
  page.evaluate((key) => ({ session: sessionStorage.getItem(key), local: localStorage.getItem(key) }), KEY);

test.beforeEach(async ({ request }) => devReset(request));

test('a reload shows the last list at once and refreshes it behind; sign-out drops it', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  const kept = await stored(page);
  expect(kept.session).toContain('backup-db');
  expect(kept.session).not.toContain(DEV_TOKEN);
  expect(kept.local).toBeNull();

  const release = await holdListReads(page);
  await page.reload();
  // Before any list read has answered: the kept rows, said to be from earlier.
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  await expect(page.getByText(/^Updated /)).toBeVisible();
  release();
  await expect(page.getByRole('button', { name: 'Refresh' })).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await stored(page)).toEqual({ session: null, local: null });
});

test('a remembered session keeps it on this device for its next visit, until sign-out', async ({ page, context }) => {
  await page.goto('/sign-in');
  await signIn(page, { remember: true });
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  const kept = await stored(page);
  expect(kept.local).toContain('backup-db');
  expect(kept.local).not.toContain(DEV_TOKEN);
  expect(kept.session).toBeNull();

  // The next visit, in a new tab, with the list reads held: the kept rows at once.
  const later = await context.newPage();
  const release = await holdListReads(later);
  await later.goto('/databases');
  await expect(later.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(later.getByText(/^Updated /)).toBeVisible();
  release();
  await later.close();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await stored(page)).toEqual({ session: null, local: null });
});
