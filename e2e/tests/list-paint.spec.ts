// The next start shows the list page as the app last drew it before the app has even loaded
// (src/state/list_paint.rs, index.html's second script): inert, without the clock's words, in
// the session's own storage; the app then takes its place with the same rows, never a moment
// without them. Only for the list's plain view; dropped at sign-out; anything unreadable is
// ignored.
import type { Page } from '@playwright/test';
import { test, expect, devReset, signIn, DEV_TOKEN, expectNoAxeViolations, screenshot, holdRequests, LIST_READS } from './support';

const PAINT = 'dbconsole.paint';

/** Holds the app's wasm until released: until then only index.html and its scripts have run. */
const holdTheApp = (page: Page) => holdRequests(page, /\.wasm$/, null);

const drawing = (page: Page) =>
  page.evaluate((key) => ({ session: sessionStorage.getItem(key), local: localStorage.getItem(key) }), PAINT);

/** Notes, at every frame from the page's first parse on (just before it is painted), how many
 *  rows are on it, and whether they are the drawing's or the app's. */
async function watchRows(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { rowsSeen: string[] };
    w.rowsSeen = [];
    const note = () => {
      const rows = document.querySelectorAll('tbody tr').length;
      const from = document.getElementById('boot') ? 'drawing' : 'app';
      const last = w.rowsSeen.at(-1);
      const now = `${rows} ${from}`;
      if (now !== last) w.rowsSeen.push(now);
      requestAnimationFrame(note);
    };
    requestAnimationFrame(note);
  });
}

/** What the frames showed, each change once, from the first with rows on. */
const rowsSeen = (page: Page) =>
  page.evaluate(() => {
    const seen = (window as unknown as { rowsSeen: string[] }).rowsSeen;
    return seen.slice(Math.max(0, seen.findIndex((s) => !s.startsWith('0 '))));
  });

test.beforeEach(async ({ request }) => devReset(request));

test('a reload shows the page as last drawn before the app loads, inert, and the app takes its place without a moment of no rows', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(page.getByText('from all 2 regions')).toBeVisible();
  await expect.poll(async () => (await drawing(page)).session, { message: 'the page kept as drawn' }).toContain('backup-db');
  const kept = await drawing(page);
  expect(kept.local, 'a session of this tab keeps it in this tab').toBeNull();
  expect(kept.session).not.toContain(DEV_TOKEN);
  expect(kept.session).not.toMatch(/Updated (just now|\d)/);

  await watchRows(page);
  // The list's and the projects' reads held too: the app's rows are the kept list's, with the
  // project names kept beside it, drawn as it starts.
  const releaseReads = await holdRequests(page, LIST_READS);
  const releaseProjects = await holdRequests(page, /\/api2?\/v1\/projects$/);
  const release = await holdTheApp(page);
  await page.reload();
  // Only the page's own scripts have run: the rows are there, as drawn.
  const boot = page.locator('#boot');
  await expect(boot).toHaveClass(/boot--drawn/);
  await expect(boot.getByText('backup-db')).toBeVisible();
  await expect(boot.getByText('my-postgres-db')).toBeVisible();
  await expect(boot.getByRole('heading', { name: 'Databases', includeHidden: true })).toHaveCount(1);
  await expect(boot).toHaveAttribute('aria-hidden', 'true');
  await screenshot(page, 'list-drawn-before-the-app');
  expect(await boot.evaluate((b) => (b as HTMLElement).inert)).toBe(true);
  // Nothing in it can be reached: not by Tab, not by a person's tools.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('#boot') ?? null)).toBeNull();
  await expect(page.getByRole('link', { name: 'backup-db' })).toHaveCount(0);
  await expect(page.getByText('Loading the console…')).toHaveCount(0);

  release();
  await expect(boot).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(page.getByText(/^Updated /)).toBeVisible();
  await expect(page).toHaveTitle(/^All databases/);
  const projectCells = page.getByRole('row', { name: /backup-db/ }).getByRole('cell', { name: 'default', exact: true });
  await expect(projectCells).toBeVisible();
  releaseReads();
  releaseProjects();
  await expect(page.getByRole('button', { name: 'Refresh' })).toHaveAttribute('aria-busy', 'false');
  // Every frame painted from the drawing on had rows: the drawing's, then the app's.
  const seen = await rowsSeen(page);
  expect(seen[0]).toMatch(/^[1-9]\d* drawing$/);
  expect(seen.at(-1)).toMatch(/^[1-9]\d* app$/);
  expect(seen.filter((s) => s.startsWith('0 ')), `frames without rows in ${seen.join(', ')}`).toEqual([]);
  await expectNoAxeViolations(page, 'list after the drawing');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await drawing(page)).toEqual({ session: null, local: null });
});

test('a remembered session shows it in a new tab; a search, another page or no session shows the loading screen', async ({ page, context }) => {
  await page.goto('/sign-in');
  await signIn(page, { remember: true });
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect.poll(async () => (await drawing(page)).local).toContain('backup-db');
  expect((await drawing(page)).session).toBeNull();

  const later = await context.newPage();
  const release = await holdTheApp(later);
  await later.goto('/databases');
  await expect(later.locator('#boot').getByText('backup-db')).toBeVisible();
  // A view the drawing is not of: the loading screen, as before.
  for (const path of ['/databases?q=backup', '/databases/backup-db', '/databases/new']) {
    await later.goto(path);
    await expect(later.getByText('Loading the console…'), path).toBeVisible();
    await expect(later.locator('#boot').getByText('backup-db'), path).toHaveCount(0);
  }
  release();
  await later.close();

  // Another build's drawing (a deploy since), another version, or text that is not one, is not
  // shown.
  const kept = JSON.parse((await drawing(page)).local!);
  expect(kept.build).toMatch(/\.js$/);
  const other = (fields: object) => JSON.stringify({ ...kept, html: '<main><p>other</p></main>', ...fields });
  for (const value of [other({ build: '/dbconsole-0000000000000000.js' }), other({ build: undefined }), other({ v: 2 }), 'not JSON', other({ html: '' }), other({ html: 7 })]) {
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [PAINT, value]);
    const tab = await context.newPage();
    const go = await holdTheApp(tab);
    await tab.goto('/databases');
    await expect(tab.getByText('Loading the console…'), value).toBeVisible();
    await expect(tab.getByText('other')).toHaveCount(0);
    go();
    await tab.close();
  }

  // The same build's is (the control of the cases above).
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [PAINT, other({})]);
  const same = await context.newPage();
  const goSame = await holdTheApp(same);
  await same.goto('/databases');
  await expect(same.locator('#boot').getByText('other')).toBeVisible();
  goSame();
  await same.close();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await drawing(page)).toEqual({ session: null, local: null });
  // Signed out, even a drawing left in storage is not shown.
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [PAINT, other({ html: '<main><p>left behind</p></main>' })]);
  const release2 = await holdTheApp(page);
  await page.goto('/databases');
  await expect(page.getByText('Loading the console…')).toBeVisible();
  await expect(page.getByText('left behind')).toHaveCount(0);
  release2();
});

test('a list changed elsewhere drops the drawing until the list page draws it again', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await expect.poll(async () => (await drawing(page)).session).toContain('backup-db');
  await page.getByRole('link', { name: 'backup-db' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('New name').fill('backup-db-2');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db-2' })).toBeFocused();
  // The rows it showed are no longer so.
  expect((await drawing(page)).session).toBeNull();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Databases' }).click();
  await expect(page.getByRole('link', { name: 'backup-db-2' })).toBeVisible();
  await expect.poll(async () => (await drawing(page)).session).toContain('backup-db-2');
});
