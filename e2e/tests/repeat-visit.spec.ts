// A repeat visit shows the last list this tab saw at once, marked "Updated … ago", and reads it
// again behind; the kept copy is the session's (sessionStorage, or localStorage when remembered),
// holds no token, and goes at sign-out.
import type { Page } from '@playwright/test';
import { test, expect, devReset, signIn, DEV_TOKEN, holdRequests, LIST_READS } from './support';

/** Holds every list read until released: what shows meanwhile is the kept list. */
const holdListReads = (page: Page) => holdRequests(page, LIST_READS);

const KEY = 'dbconsole.list';

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

test('the "Updated … ago" clock rewrites its words only, in place, as they change', async ({ page }) => {
  // Playwright's clock: the 5 s tick fires when asked, without waiting for it.
  await page.clock.install();
  await page.goto('/sign-in');
  await signIn(page);
  const updated = page.getByText(/^Updated /);
  await expect(updated).toHaveText('Updated just now');
  // Every region read in: one answering during the clock's jump would be stamped 10 s later.
  await expect(page.getByText('from all 2 regions')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh' })).toHaveAttribute('aria-busy', 'false');
  // Every change in the main region from here on, and a mark on the paragraph it must keep.
  await updated.evaluate((p) => {
    (p as HTMLElement & { kept?: boolean }).kept = true;
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver((records) => {
      for (const r of records) {
        const at = r.target.nodeType === Node.ELEMENT_NODE ? (r.target as Element) : r.target.parentElement;
        seen.push(`${r.type} ${at === p ? 'in the paragraph' : `elsewhere: ${at?.outerHTML.slice(0, 80)}`}`);
      }
    }).observe(document.querySelector('main')!, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  // Two ticks: the first may still say "just now" (the list came a moment after the clock
  // started), and must then change nothing at all; the second says how long ago.
  await page.clock.runFor(10_000);
  await expect(updated).toHaveText(/^Updated \d+ s ago$/);
  expect(await updated.evaluate((p) => (p as HTMLElement & { kept?: boolean }).kept === true)).toBe(true);
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((s) => s !== 'characterData in the paragraph')).toEqual([]);
});
