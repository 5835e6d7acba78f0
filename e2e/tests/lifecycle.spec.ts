// Issue 11: a database's status everywhere, the provisioning tracker, and one request budget
// under the API's 60 requests a minute.
import {
  test, expect, devReset, devStats, signIn, expectNoAxeViolations, screenshot,
  DEV_API, DEV_TOKEN, BUDGET_API, BUDGET_SITE, CONSOLE,
} from './support';
import type { APIRequestContext, Page } from '@playwright/test';

async function setTimings(request: APIRequestContext, api: string, timings: { provision_ms?: number; update_ms?: number }) {
  const response = await request.post(`${api}/__dev/timings`, { data: timings });
  expect(response.ok(), 'POST /__dev/timings').toBe(true);
}

async function seed(request: APIRequestContext, api: string, what: Record<string, number>) {
  const response = await request.post(`${api}/__dev/seed`, { data: what });
  expect(response.ok(), 'POST /__dev/seed').toBe(true);
  return (await response.json()) as { databases: Array<{ name: string; id: string }> };
}

function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
}

test.beforeEach(async ({ request }) => devReset(request));

test('a new database: its page says Provisioning, then "{name} is running" in the live region and the title', async ({ page, request }) => {
  await setTimings(request, DEV_API, { provision_ms: 3_000 });
  await page.goto('/sign-in?next=/databases/new');
  await signIn(page);
  await page.getByLabel('Name').fill('tracked-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(/\/databases\/tracked-db(\?region=[\w-]+)?$/);
  const header = page.locator('.page-header');
  await expect(header).toContainText('Provisioning');
  const tracker = page.getByRole('status').filter({ hasText: 'tracked-db is being provisioned.' });
  await expect(tracker).toContainText('This usually takes 15 to 30 minutes; it started');
  await expectNoAxeViolations(page, 'provisioning tracker');
  await screenshot(page, 'tracker-provisioning');
  // No reload: the page follows it.
  await expect(page.getByRole('status').filter({ hasText: 'tracked-db is running.' })).toBeVisible({ timeout: 15_000 });
  await expect(header).toContainText('Running');
  await expect(tracker).toHaveCount(0);
  await expect(page).toHaveTitle('✓ tracked-db is running · tracked-db · Databases');
  // Back on the page (a key): the title is the page's again.
  await page.keyboard.press('Shift');
  await expect(page).toHaveTitle('tracked-db · Databases');
  await expect(page.locator('dl').last()).toContainText('17.6.0-1');
});

test('the list shows Provisioning, then Running, for every database in transition, and filters by status', async ({ page, request }) => {
  await setTimings(request, DEV_API, { provision_ms: 3_000 });
  await page.goto('/sign-in');
  await signIn(page);
  const { databases } = await seed(request, DEV_API, { provisioning: 2 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  for (const db of databases) await expect(row(page, db.name)).toContainText('Provisioning');
  await expect(row(page, 'backup-db')).toContainText('Running');
  await page.getByLabel('Status').selectOption('provisioning');
  await expect(page).toHaveURL(/status=provisioning/);
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(databases.map((d) => d.name).sort());
  await expectNoAxeViolations(page, 'list with statuses');
  await screenshot(page, 'list-provisioning');
  for (const db of databases) {
    await expect(page.getByRole('status').filter({ hasText: `${db.name} is running.` })).toBeVisible({ timeout: 15_000 });
  }
  // Running now: the provisioning filter shows none of them.
  await expect(page.getByText('No database is provisioning')).toBeVisible();
  await page.getByLabel('Status').selectOption('running');
  for (const db of databases) await expect(row(page, db.name)).toContainText('Running');
  // Reloaded, the filter is still there.
  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('running');
});

test('polling reads only the databases in transition, one Database API read each, and never a hidden tab', async ({ page, request }) => {
  await setTimings(request, DEV_API, { provision_ms: 600_000 });
  await page.goto('/sign-in');
  await signIn(page);
  await seed(request, DEV_API, { provisioning: 1 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const dbaasReads = async () => (await devStats(request)).requests['GET /api/databases/{addon}'] ?? 0;
  await expect.poll(dbaasReads).toBeGreaterThanOrEqual(1);
  const lists = (await devStats(request)).requests['GET /v1/databases'];
  const reads = await dbaasReads();
  await expect.poll(dbaasReads).toBeGreaterThanOrEqual(reads + 3);
  // The polls read Database API records, never the list again.
  expect((await devStats(request)).requests['GET /v1/databases']).toBe(lists);
  // Hidden: nothing more.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const whenHidden = await dbaasReads();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1_500)));
  // A round under way may finish its one read.
  expect(await dbaasReads()).toBeLessThanOrEqual(whenHidden + 1);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(dbaasReads).toBeGreaterThan(whenHidden + 1);
});

test.describe('the request budget', () => {
  test.use({ allowedConsoleErrors: /status of 429/ });

  test('30 databases provisioning, ten minutes of polling at 60 requests a minute: no 429; an injected 429 backs off visibly and recovers', async ({ page, request }) => {
    test.setTimeout(120_000);
    await devReset(request, BUDGET_API);
    await seed(request, BUDGET_API, { provisioning: 30 });
    await page.goto(`${BUDGET_SITE}/sign-in`);
    await signIn(page, { token: DEV_TOKEN });
    await expect(page.getByText('32 databases', { exact: true })).toBeVisible();
    // The devapi and the console share a minute shrunk to 3 s: ten minutes are ten windows of
    // about 50 reads each. Wait for them by count, not by clock.
    const dbaasReads = async () => (await devStats(request, BUDGET_API)).requests['GET /api/databases/{addon}'] ?? 0;
    await expect.poll(dbaasReads, { timeout: 90_000, intervals: [1_000] }).toBeGreaterThanOrEqual(450);
    const after = await devStats(request, BUDGET_API);
    expect(after.rate_limited, 'the devapi refused nothing').toBe(0);

    // One 429 from the API: the console says so, pauses, and carries on.
    let refused = false;
    await page.route('**/api/api/databases/**', async (route) => {
      if (!refused) {
        refused = true;
        return route.fulfill({ status: 429, contentType: 'text/plain', body: 'Retry later' });
      }
      return route.continue();
    });
    const paused = page.getByRole('status').filter({ hasText: 'The API asked the console to slow down' });
    await expect(paused).toContainText('Retry later');
    await screenshot(page, 'budget-paused');
    await expect(paused).toBeHidden({ timeout: 10_000 });
    const resumedFrom = await dbaasReads();
    await expect.poll(dbaasReads, { timeout: 10_000 }).toBeGreaterThan(resumedFrom);
    expect((await devStats(request, BUDGET_API)).rate_limited).toBe(0);
  });
});

test('the demo follows a new database through provisioning too', async ({ page }) => {
  await page.goto(CONSOLE);
  await page.getByRole('link', { name: 'New database' }).first().click();
  await page.getByLabel('Name').fill('demo-tracked');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page.locator('.page-header')).toContainText('Provisioning');
  await expect(page.getByRole('status').filter({ hasText: 'demo-tracked is being provisioned.' })).toBeVisible();
});
