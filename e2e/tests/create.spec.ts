// Issue 3: the create form.
import { test, expect, devReset, devStats, devSetToken, signIn, DATABASES_ROUTE } from './support';

test.beforeEach(async ({ page, request }) => {
  await devReset(request);
  await page.goto('/sign-in?next=/databases/new');
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'New database' })).toBeVisible();
});

async function posts(request: import('@playwright/test').APIRequestContext): Promise<number> {
  return (await devStats(request)).requests['POST /v1/databases'] ?? 0;
}

test('offers the plans by position with prices, disabled ones unselectable, default project chosen', async ({ page }) => {
  const plan = page.getByLabel('Plan');
  const options = plan.locator('option');
  await expect(options).toHaveCount(10);
  await expect(options.nth(1)).toHaveText('Starter 4G — €75/month');
  await expect(options.nth(9)).toHaveText('Enterprise 16G — €2,160/month (unavailable)');
  await expect(options.nth(9)).toBeDisabled();
  await expect(page.getByLabel('Technology')).toHaveValue('postgresql-dr');
  await expect(page.getByLabel('Project')).toHaveValue('pr-82a3cac5-9b25-473e-b33d-6272b87e636f');
});

test('creates a database, lands on its page, and the list shows it', async ({ page, request }) => {
  await page.getByLabel('Name').fill('orders-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-business-8192');
  await page.getByLabel('Project').selectOption({ label: 'analytics' });
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page).toHaveURL(/\/databases\/orders-db(\?region=[\w-]+)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'orders-db' })).toBeVisible();
  await expect(page.locator('dl').first()).toContainText('analytics');
  await expect(page.locator('dl').first()).toContainText('Business 8G');
  await page.getByRole('link', { name: 'Databases', exact: true }).first().click();
  await expect(page.getByRole('link', { name: 'orders-db' })).toBeVisible();
  expect(await posts(request)).toBe(1);
});

test('the default project is left out of the request', async ({ page }) => {
  const body = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/v1/databases'));
  await page.getByLabel('Name').fill('default-project-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await page.getByRole('button', { name: 'Create database' }).click();
  expect(JSON.parse((await body).postData() ?? '{}')).toEqual({
    database: { name: 'default-project-db', technology: 'postgresql-dr', plan: 'postgresql-dr-starter-4096' },
  });
  await expect(page).toHaveURL(/\/databases\/default-project-db(\?region=[\w-]+)?$/);
});

const invalidNames: Array<[string, string, RegExp]> = [
  ['empty', '', /Enter a name/],
  ['too short (5)', 'abcde', /at least 6 characters \(5 so far\)/],
  ['too long (49)', 'a'.repeat(49), /at most 48 characters \(49 now\)/],
  ['upper case', 'My-database', /lower case letters only/],
  ['underscore', 'my_database', /Underscores are not allowed/],
  ['space', 'my database', /Spaces are not allowed/],
  ['non-ASCII', 'base-données', /“é” is not allowed/],
];

for (const [kind, name, reason] of invalidNames) {
  test(`an invalid name (${kind}) shows its reason and sends nothing`, async ({ page, request }) => {
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    const field = page.getByLabel('Name');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toBeFocused();
    await expect(page.locator('#create-name-error')).toHaveText(reason);
    expect(await posts(request)).toBe(0);
  });
}

test('the name is checked as you type', async ({ page }) => {
  const name = page.getByLabel('Name');
  await name.pressSequentially('Ab');
  await expect(page.locator('#create-name-error')).toContainText('lower case');
  await name.fill('abcdefg');
  await expect(page.locator('#create-name-error')).toBeEmpty();
  await expect(name).toHaveAttribute('aria-invalid', 'false');
});

test('a missing plan moves focus to Plan and sends nothing', async ({ page, request }) => {
  await page.getByLabel('Name').fill('valid-name');
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page.getByLabel('Plan')).toBeFocused();
  await expect(page.getByText('Choose a plan.')).toBeVisible();
  expect(await posts(request)).toBe(0);
});

test.describe('server refusals', () => {
  test.use({ allowedConsoleErrors: /status of (401|422)|Failed to load resource/ });

  test('a name already taken shows the server 422 at Name, with the form intact', async ({ page, request }) => {
    await page.getByLabel('Name').fill('backup-db');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page.locator('#create-name-error')).toHaveText(/has already been taken/);
    await expect(page.getByLabel('Name')).toBeFocused();
    await expect(page.getByLabel('Name')).toHaveValue('backup-db');
    await expect(page.getByLabel('Plan')).toHaveValue('postgresql-dr-starter-4096');
    expect(await posts(request)).toBe(1);
  });

  test('a 401 mid-way opens sign-in and keeps the draft', async ({ page, request }) => {
    await page.getByLabel('Name').fill('after-reauth');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-8192');
    await page.getByLabel('Project').selectOption({ label: 'analytics' });
    await devSetToken(request, 'new-token');
    await page.getByRole('button', { name: 'Create database' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Token', { exact: true }).fill('new-token');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel('Name')).toHaveValue('after-reauth');
    await expect(page.getByLabel('Plan')).toHaveValue('postgresql-dr-starter-8192');
    await expect(page.getByLabel('Project')).toHaveValue('pr-5e0c9a14-3f6b-4d0e-9a8c-1b2d3e4f5a6b');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page).toHaveURL(/\/databases\/after-reauth(\?region=[\w-]+)?$/);
  });

  test('a network failure keeps the form and allows a retry', async ({ page }) => {
    await page.getByLabel('Name').fill('offline-db');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.route(DATABASES_ROUTE, (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page.getByRole('alert')).toContainText('Could not reach the API');
    // The console asks whether it happened before the user tries again.
    await expect(page.getByRole('alert')).toContainText('It was not created: you can submit again');
    await expect(page.getByLabel('Name')).toHaveValue('offline-db');
    await page.unroute(DATABASES_ROUTE);
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page).toHaveURL(/\/databases\/offline-db(\?region=[\w-]+)?$/);
  });
});

test.describe('lost answers', () => {
  test.use({ allowedConsoleErrors: /Failed to load resource|status of 503/ });

  test('a create whose answer was lost is found, and not sent again', async ({ page, request }) => {
    await page.getByLabel('Name').fill('lost-answer');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.route(DATABASES_ROUTE, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch(); // the server creates it...
      await route.abort('connectionreset'); // ...and the answer never arrives
    });
    await page.getByRole('button', { name: 'Create database' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The database was created');
    await expect(alert).toContainText('The answer was lost, but the database was created: do not submit again.');
    await alert.getByRole('link', { name: 'Open lost-answer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'lost-answer' })).toBeVisible();
    expect(await posts(request)).toBe(1);
  });

  test('a POST is never retried automatically, whatever the error', async ({ page, request }) => {
    let seen = 0;
    await page.route(DATABASES_ROUTE, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      seen += 1;
      await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"upstream provider returned an error"}' });
    });
    await page.getByLabel('Name').fill('no-retry-db');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page.getByRole('alert')).toContainText('The API is unavailable for now');
    await page.waitForTimeout(2_500);
    expect(seen).toBe(1);
    await expect(page.getByLabel('Name')).toHaveValue('no-retry-db');
    expect(await posts(request)).toBe(0);
  });
});

test('a double click and Enter presses send one POST', async ({ page, request }) => {
  // Slow the answer down so every click lands while the request runs.
  await page.route(DATABASES_ROUTE, async (route) => {
    if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });
  await page.getByLabel('Name').fill('double-click');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await page.getByRole('button', { name: 'Create database' }).dblclick();
  await page.getByLabel('Name').press('Enter').catch(() => {});
  await expect(page).toHaveURL(/\/databases\/double-click(\?region=[\w-]+)?$/);
  expect(await posts(request)).toBe(1);
});

test('the draft survives a reload', async ({ page }) => {
  await page.getByLabel('Name').fill('draft-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-business-4096');
  await page.reload();
  await expect(page.getByLabel('Name')).toHaveValue('draft-db');
  await expect(page.getByLabel('Plan')).toHaveValue('postgresql-dr-business-4096');
});
