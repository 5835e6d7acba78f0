// Issue 4: the demo, from the sub-path build (dist-console/) served under /console/ by a plain
// static server with a 404.html fallback and no API behind it.
import { test, expect, expectNoAxeViolations, screenshot, CONSOLE } from './support';
import type { Page } from '@playwright/test';


test.use({ allowedConsoleErrors: /status of (401|404|422|429|500|503)|Failed to load resource/ });

async function openDemo(page: Page) {
  await page.goto(CONSOLE);
  await expect(page).toHaveURL(`${CONSOLE}databases`);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
}

async function inject(page: Page, choose: (page: Page) => Promise<void>) {
  const controls = page.getByRole('button', { name: 'Demo controls' });
  if ((await controls.getAttribute('aria-expanded')) !== 'true') await controls.click();
  await choose(page);
}

test.beforeEach(async ({ page }) => {
  await page.goto(CONSOLE + 'sign-in');
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
});

test('lists, shows, creates, survives a reload and resets, all in the browser', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openDemo(page);
  await expect(page.getByRole('region', { name: 'Demo' })).toContainText('the data stays in this browser');
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toHaveAttribute('href', '/console/databases/my-postgres-db');
  await page.getByRole('link', { name: 'my-postgres-db' }).click();
  await expect(page).toHaveURL(`${CONSOLE}databases/my-postgres-db`);
  await expect(page.locator('dl').first()).toContainText('Starter 4G · €75/month');

  await page.getByRole('link', { name: 'Databases', exact: true }).first().click();
  await page.getByRole('link', { name: 'New database' }).first().click();
  await page.getByLabel('Name').fill('demo-created');
  await page.getByLabel('Plan').selectOption('postgresql-dr-business-8192');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(`${CONSOLE}databases/demo-created`);
  await expect(page.locator('dl').first()).toContainText('Business 8G');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'demo-created' })).toBeVisible();
  await page.goto(`${CONSOLE}databases?q=demo`);
  await expect(page.getByRole('link', { name: 'demo-created' })).toBeVisible();
  await expect(page.getByText('1 of 3 databases')).toBeVisible();

  // Reset cannot be undone: it asks first.
  await page.getByRole('button', { name: 'Reset demo' }).click();
  const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Reset demo' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'The demo was reset' })).toBeVisible();
  await expect(page.getByText('No database matches “demo”')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(page.getByText('2 databases', { exact: true })).toBeVisible();

  // Nothing but the site's own files was fetched: no API at all.
  expect(requests.filter((u) => !u.startsWith(CONSOLE))).toEqual([]);
  expect(requests.filter((u) => u.includes('/v1/'))).toEqual([]);
});

test('a deep link under the sub-path boots from 404.html', async ({ page }) => {
  await page.goto(CONSOLE); // starts the demo session
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.goto(`${CONSOLE}databases/backup-db`);
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

const listFaults: Array<[string, string, RegExp]> = [
  ['404', '404 Not Found', /Database not found/],
  ['500', '500 Internal Server Error', /The API failed \(HTTP 500\): Internal error occured/],
];

// Passing failures of a read are retried: the one-shot fault shows in the retry notice, then
// the next try succeeds.
const retriedFaults: Array<[string, string, RegExp]> = [
  ['429', '429 Too Many Requests (plain text)', /Too many requests: Retry later/],
  ['503', '503 Service Unavailable', /The API is unavailable for now: upstream provider returned an error/],
];

for (const [status, label, message] of retriedFaults) {
  test(`an injected ${status} is shown while the read is retried`, async ({ page }) => {
    await openDemo(page);
    await inject(page, (p) => p.getByLabel('Next request fails with').selectOption({ label }));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Trying again' });
    await expect(notice).toContainText(message);
    await screenshot(page, `demo-fault-${status}`);
    await expect(notice).toBeHidden();
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  });
}

for (const [status, label, message] of listFaults) {
  test(`an injected ${status} shows its message over the rows kept, and Retry recovers`, async ({ page }) => {
    await openDemo(page);
    await inject(page, (p) => p.getByLabel('Next request fails with').selectOption({ label }));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Could not refresh the databases');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText(/The list below may be out of date: it was last updated at \d\d:\d\d:\d\d/);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await expectNoAxeViolations(page, `demo fault ${status}`);
    await screenshot(page, `demo-fault-${status}`);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  });
}

test('an injected 401 opens sign-in, where the demo can be resumed', async ({ page }) => {
  await openDemo(page);
  await inject(page, (p) => p.getByLabel('Next request fails with').selectOption('401'));
  await page.getByRole('button', { name: 'Refresh' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Token expired (demo fault)');
  await dialog.getByRole('button', { name: 'Try the demo' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

test('an injected 422 lands at its field and above the form, the draft intact', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'New database' }).first().click();
  await page.getByLabel('Name').fill('valid-name');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await inject(page, (p) => p.getByLabel('Next request fails with').selectOption('422'));
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page.locator('#create-name-error')).toContainText('Name is reserved (demo fault)');
  await expect(page.getByRole('alert')).toContainText('App missing field (demo fault)');
  await expect(page.getByLabel('Name')).toHaveValue('valid-name');
  // One-shot: the controls show it was used up, and the next submit goes through.
  await expect(page.getByText('No fault injected.')).toBeVisible();
  await expect(page.getByLabel('Next request fails with')).toHaveValue('');
  await screenshot(page, 'demo-fault-422');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(`${CONSOLE}databases/valid-name`);
});

test('offline shows that the API cannot be reached; back online it works', async ({ page }) => {
  await openDemo(page);
  await inject(page, (p) => p.getByLabel('Offline').check());
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Trying again' })).toContainText('the demo is offline');
  await expect(page.getByRole('alert')).toContainText('Could not reach the API: Failed to fetch (the demo is offline)', { timeout: 8_000 });
  await page.getByLabel('Offline').uncheck();
  await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

test('latency keeps the rows and says it is refreshing', async ({ page }) => {
  await openDemo(page);
  await inject(page, (p) => p.getByLabel('Latency').selectOption('1500'));
  await expect(page.getByText('In force: 1500 ms latency.')).toBeVisible();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('Refreshing…')).toBeVisible();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await expect(page.getByText('Refreshing…')).toBeHidden({ timeout: 5_000 });
  await screenshot(page, 'demo-controls');
});
