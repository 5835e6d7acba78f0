// Issue 12: every region in one console. The e2e suite runs two devapi instances as the local
// regions local-fr1 (behind /api: the token exchange and GET /v1/regions) and local-fr2 (behind
// /api2, empty at start), sharing a signing secret: one sign-in works in both.
import {
  test, expect, devReset, devStats, signIn, expectNoAxeViolations, screenshot,
  DEV_API, DEV_TOKEN, API2,
} from './support';
import type { APIRequestContext, Page } from '@playwright/test';

async function createIn(request: APIRequestContext, api: string, name: string) {
  const response = await request.post(`${api}/v1/databases`, {
    headers: { Authorization: `Bearer ${DEV_TOKEN}` },
    data: { database: { name, technology: 'postgresql-dr', plan: 'postgresql-dr-starter-4096' } },
  });
  expect(response.status(), `create ${name} in ${api}`).toBe(201);
  await request.post(`${api}/__dev/settle`);
}

function row(page: Page, name: string, region: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).filter({ hasText: region });
}

test.beforeEach(async ({ request }) => devReset(request));

test.describe('one sign-in, both regions', () => {
  test.use({ allowedConsoleErrors: /status of 502|Failed to load resource/ });

  test('one list with its regions; a region that fails says so with Retry while the other stays', async ({ page, request }) => {
    await createIn(request, API2, 'second-region-db');
    await page.goto('/sign-in');
    await signIn(page, { token: 'tk-us-dev-api-token' });
    await expect(page.getByRole('columnheader', { name: 'Region' })).toBeVisible();
    await expect(row(page, 'backup-db', 'local-fr1')).toBeVisible();
    await expect(row(page, 'second-region-db', 'local-fr2')).toBeVisible();
    await expect(page.getByText('3 databases', { exact: true })).toBeVisible();
    await expect(page.getByText('from all 2 regions')).toBeVisible();
    // The token is exchanged at the first region (the auth service) only: its bearer works in both.
    expect((await devStats(request)).requests['POST /v1/tokens/exchange']).toBeGreaterThanOrEqual(1);
    expect((await devStats(request, API2)).requests['POST /v1/tokens/exchange'] ?? 0).toBe(0);
    await expectNoAxeViolations(page, 'merged list');
    await screenshot(page, 'regions-list');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page, 'merged list, dark');
    await screenshot(page, 'regions-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 800 });
    await expectNoAxeViolations(page, 'merged list, 320 px');
    await screenshot(page, 'regions-list-320px');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The region filter, in the URL.
    await page.getByLabel('Region', { exact: true }).selectOption('local-fr2');
    await expect(page).toHaveURL(/region=local-fr2/);
    await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(['second-region-db']);
    await page.getByLabel('Region', { exact: true }).selectOption('');

    // local-fr2 is stopped: what its proxy answers when the devapi is gone (serve.mjs).
    let down = true;
    await page.route('**/api2/**', (route) =>
      down
        ? route.fulfill({ status: 502, contentType: 'text/plain', body: 'bad gateway: the API is not reachable\n' })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not refresh the databases of Local region 2' });
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('HTTP 502');
    await expect(row(page, 'backup-db', 'local-fr1')).toBeVisible();
    await expect(page.getByText('from 1 of 2 regions')).toBeVisible();
    await screenshot(page, 'regions-one-down');
    // Back: its Retry brings it back, and only it is read again.
    down = false;
    const firstRegionReads = (await devStats(request)).requests['GET /v1/databases'];
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(failed).toBeHidden();
    await expect(row(page, 'second-region-db', 'local-fr2')).toBeVisible();
    await expect(page.getByText('from all 2 regions')).toBeVisible();
    expect((await devStats(request)).requests['GET /v1/databases']).toBe(firstRegionReads);
  });
});

test('a database created in the second region is opened by a link that carries its region', async ({ page, request }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await page.getByLabel('Region', { exact: true }).selectOption('local-fr2');
  await page.getByRole('main').getByRole('link', { name: 'New database' }).click();
  // Preselected: the region the list was filtered on.
  await expect(page.getByLabel('Region', { exact: true })).toHaveValue('local-fr2');
  await page.getByLabel('Name').fill('made-in-fr2');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await expect(page.locator('.form__summary')).toContainText('in Local region 2 (local-fr2)');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(/\/databases\/made-in-fr2\?region=local-fr2$/);
  await expect(page.getByRole('heading', { level: 1, name: 'made-in-fr2' })).toBeVisible();
  expect((await devStats(request, API2)).requests['POST /v1/databases']).toBe(1);
  expect((await devStats(request)).requests['POST /v1/databases'] ?? 0).toBe(0);
  // The tabs keep the region.
  await expect(page.getByRole('link', { name: 'Connect' })).toHaveAttribute('href', /\/databases\/made-in-fr2\/connect\?region=local-fr2$/);
  // From the list, its link carries its region too.
  await page.getByRole('link', { name: 'All databases' }).click();
  await page.getByLabel('Region', { exact: true }).selectOption('');
  await expect(page.getByRole('link', { name: 'made-in-fr2' })).toHaveAttribute('href', '/databases/made-in-fr2?region=local-fr2');
});

test('a bare name found in two regions asks which one; a name in one region opens it; ids are looked up everywhere', async ({ page, request }) => {
  await createIn(request, API2, 'backup-db');
  await page.goto('/sign-in');
  await signIn(page);
  await page.goto('/databases/backup-db');
  await expect(page.getByText('There is a database named “backup-db” in several regions')).toBeVisible();
  await expectNoAxeViolations(page, 'which region');
  await screenshot(page, 'which-region');
  await page.getByRole('link', { name: 'backup-db in Local region 2 (local-fr2)' }).click();
  await expect(page).toHaveURL(/\/databases\/backup-db\?region=local-fr2$/);
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  // In one region only: opened at once.
  await page.goto('/databases/my-postgres-db');
  await expect(page.getByRole('heading', { level: 1, name: 'my-postgres-db' })).toBeVisible();
  // By id, wherever it is.
  await page.goto('/databases/54100930736f7563d5030001');
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

test('the list refreshes itself, keeping search, sort and scroll; never while hidden', async ({ page, request }) => {
  // Every 1.5 s here (a minute by default): the site's config.json, as a host would set it.
  const config = await (await request.get('/config.json')).json();
  await page.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...config, list_refresh_ms: 1_500 }) }),
  );
  await page.goto('/sign-in?next=%2Fdatabases%3Fq%3Ddb%26sort%3Dplan');
  await signIn(page);
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(['my-postgres-db', 'backup-db']);
  const lists = async () => (await devStats(request)).requests['GET /v1/databases'] ?? 0;
  const before = await lists();
  await createIn(request, DEV_API, 'appeared-db');
  // Comes in by itself, the search and the sort kept.
  await expect(page.getByRole('link', { name: 'appeared-db' })).toBeVisible({ timeout: 10_000 });
  expect(await lists()).toBeGreaterThan(before);
  await expect(page.getByLabel('Search')).toHaveValue('db');
  await expect(page.getByLabel('Sort by')).toHaveValue('plan');
  await expect(page.getByText(/^Updated (just now|\d+ s ago)$/)).toBeVisible();
  // Hidden: no refresh at all.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const whenHidden = await lists();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 3_500)));
  expect(await lists(), 'no list read while hidden').toBe(whenHidden);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(lists).toBeGreaterThan(whenHidden);
});
