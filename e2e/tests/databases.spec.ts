// Issue 3: the list (search, sort, count, refresh, empty state) and the detail and not-found pages.
import { test, expect, devReset, devEmpty, signIn, DATABASES_ROUTE } from './support';

test.beforeEach(async ({ page, request }) => {
  await devReset(request);
  await page.goto('/sign-in');
  await signIn(page);
});

function names(page: import('@playwright/test').Page) {
  return page.getByRole('table').getByRole('rowheader');
}

test('lists the spec examples with a count, sorted by name', async ({ page }) => {
  await expect(page.getByText('2 databases', { exact: true })).toBeVisible();
  await expect(names(page)).toHaveText(['backup-db', 'my-postgres-db']);
  await expect(page.getByRole('table')).toContainText('default');
});

test('opens a database by name from the list, and by id from a URL', async ({ page }) => {
  await page.getByRole('link', { name: 'my-postgres-db' }).click();
  await expect(page).toHaveURL(/\/databases\/my-postgres-db(\?region=[\w-]+)?$/);
  const details = page.locator('dl').first();
  await expect(details).toContainText('54100930736f7563d5030000');
  await expect(details).toContainText('pr-82a3cac5-9b25-473e-b33d-6272b87e636f');
  await expect(details).toContainText('postgresql-dr-starter-4096');
  await expect(details).toContainText('Starter 4G · €75/month');
  await expect(details).toContainText('default (default project)');

  await page.goto('/databases/54100930736f7563d5030001');
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  await expect(page.locator('dl').first()).toContainText('Business 4G');
});

test('copy buttons put the id and the name on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/databases/backup-db');
  await page.getByRole('button', { name: 'Copy ID' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('54100930736f7563d5030001');
  await page.getByRole('button', { name: 'Copy name' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('backup-db');
});

test.describe('not found', () => {
  test.use({ allowedConsoleErrors: /status of 404/ });

  test('an unknown database gets the not-found page with the name asked for', async ({ page }) => {
    await page.goto('/databases/no-such-db');
    await expect(page.getByRole('heading', { level: 1, name: 'Database not found' })).toBeVisible();
    await expect(page.getByText('no-such-db')).toBeVisible();
    await page.getByRole('link', { name: 'Back to the databases' }).click();
    await expect(page).toHaveURL(/\/databases$/);
  });

  test('an unknown route gets the app 404 page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });
});

test('search and sort live in the URL and survive a reload', async ({ page }) => {
  await page.getByLabel('Search').fill('POSTGRES');
  await expect(names(page)).toHaveText(['my-postgres-db']);
  await expect(page.getByText('1 of 2 databases')).toBeVisible();
  await expect(page).toHaveURL(/\?q=POSTGRES$/);
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Sort by').selectOption('plan');
  await expect(page).toHaveURL(/\?sort=plan$/);
  // By the catalog's order: Starter 4G before Business 4G.
  await expect(names(page)).toHaveText(['my-postgres-db', 'backup-db']);
  await page.getByLabel('Search').fill('d503000');
  await expect(page).toHaveURL(/\?q=d503000&sort=plan$/);
  await page.reload();
  await expect(page.getByLabel('Search')).toHaveValue('d503000');
  await expect(page.getByLabel('Sort by')).toHaveValue('plan');
  await expect(names(page)).toHaveText(['my-postgres-db', 'backup-db']);
});

test('the list follows the URL: back to a search, and a link to the whole list', async ({ page }) => {
  await page.getByLabel('Search').fill('backup');
  await expect(page).toHaveURL(/\?q=backup$/);
  await names(page).getByRole('link', { name: 'backup-db' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Search')).toHaveValue('backup');
  await expect(names(page)).toHaveText(['backup-db']);
  // The same page, another URL: the field and the rows follow it.
  await page.getByRole('link', { name: 'All databases' }).click();
  await expect(page).toHaveURL(/\/databases$/);
  await expect(page.getByLabel('Search')).toHaveValue('');
  await expect(names(page)).toHaveText(['backup-db', 'my-postgres-db']);
  await page.goBack();
  await expect(page.getByLabel('Search')).toHaveValue('backup');
  await expect(names(page)).toHaveText(['backup-db']);
});

test('a row clicked in the same moment as a keystroke opens, and the URL write does not bring the list back', async ({ page }) => {
  await expect(names(page)).toHaveText(['backup-db', 'my-postgres-db']);
  // One task: the keystroke (its URL write is queued for the next task), then the click.
  await page.evaluate(() => {
    const field = document.getElementById('search') as HTMLInputElement;
    field.value = 'backup';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    (document.querySelector('table tbody a') as HTMLAnchorElement).click();
  });
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/databases\/backup-db(\?region=[\w-]+)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

test('a search that matches nothing says so and can be cleared', async ({ page }) => {
  await page.getByLabel('Search').fill('zzz');
  await expect(page.getByText('No database matches “zzz”')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(page.getByLabel('Search')).toHaveValue('');
  await expect(names(page)).toHaveCount(2);
});

test('Refresh shows what changed on the server', async ({ page, request }) => {
  await expect(names(page)).toHaveCount(2);
  await devEmpty(request);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('No databases yet')).toBeVisible();
  await expect(page.getByText('0 databases')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'New database' }).last().click();
  await expect(page).toHaveURL(/\/databases\/new$/);
});

test('a refresh that changes a row redraws it in place, says so, and keeps its focus', async ({ page }) => {
  await expect(names(page)).toHaveCount(2);
  // From here on the server says my-postgres-db moved to Business 4G.
  await page.route(DATABASES_ROUTE, async (route) => {
    const answer = await route.fetch();
    const body = await answer.json();
    // A flat item, or the dashboard's {database, app, addon}: the plan is in both of the latter.
    for (const item of body.databases) {
      const db = item.database ?? item;
      if (db.name !== 'my-postgres-db') continue;
      db.plan = 'postgresql-dr-business-4096';
      if (item.addon?.plan) Object.assign(item.addon.plan, { name: 'postgresql-dr-business-4096', display_name: 'Business 4G' });
    }
    await route.fulfill({ response: answer, json: body });
  });
  const link = page.getByRole('link', { name: 'my-postgres-db', exact: true });
  const row = page.getByRole('row').filter({ has: link });
  await expect(row).toContainText('Starter 4G');
  await link.evaluate((a) => ((a as HTMLElement & { kept?: boolean }).kept = true));
  await link.focus();
  // A refresh that leaves focus on the link, as the list's own timer does (a minute away):
  // the button is clicked from a script, not by moving focus to it.
  await page.getByRole('button', { name: 'Refresh' }).evaluate((b) => (b as HTMLButtonElement).click());
  await expect(row).toContainText('Business 4G');
  await expect(page.getByRole('rowheader', { name: 'my-postgres-db (changed)' })).toBeVisible();
  await expect(link).toBeFocused();
  expect(await link.evaluate((a) => (a as HTMLElement & { kept?: boolean }).kept === true)).toBe(true);
  // The other row is not marked.
  await expect(page.getByRole('rowheader', { name: 'backup-db', exact: true })).toBeVisible();
});

test('a long list is drawn a page at a time, and a new search starts from the first page', async ({ page }) => {
  const databases = Array.from({ length: 50 }, (_, i) => ({
    id: `id-${String(i).padStart(4, '0')}`,
    name: `db-${String(i).padStart(4, '0')}`,
    project_id: 'pr-82a3cac5-9b25-473e-b33d-6272b87e636f',
    technology: 'postgresql-dr',
    plan: 'postgresql-dr-starter-4096',
  }));
  await page.route(DATABASES_ROUTE, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ databases }) }),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('50 databases', { exact: true })).toBeVisible();
  await expect(names(page)).toHaveCount(20);
  await expect(page.getByRole('table')).toHaveAttribute('data-total-rows', '50');
  await page.getByRole('button', { name: 'Show 20 more (30 not shown)' }).click();
  await expect(names(page)).toHaveCount(40);
  await page.getByRole('button', { name: 'Show 10 more (10 not shown)' }).click();
  await expect(names(page)).toHaveCount(50);
  await expect(page.getByRole('button', { name: /Show .* more/ })).toHaveCount(0);
  await page.getByLabel('Search').fill('db-001');
  await expect(page.getByText('10 of 50 databases')).toBeVisible();
  await expect(names(page)).toHaveCount(10);
  await page.getByLabel('Search').fill('db-');
  await expect(names(page)).toHaveCount(20);
});
