// Issue 3: sign-in and session.
import {
  test, expect, devReset, devSetToken, signIn, CORS_API, CORS_TOKEN, DEV_TOKEN, DEV_API, SITE,
} from './support';

test.beforeEach(async ({ request }) => {
  await devReset(request);
  await devReset(request, CORS_API);
});

async function storedValues(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
}

test('signs in to a server on another origin with Custom, API URL and Token (CORS)', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, { apiUrl: CORS_API, token: CORS_TOKEN });
  await expect(page).toHaveURL(/\/databases$/);
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  // The connection is shown beside Sign out; the token never is.
  await expect(page.getByRole('banner')).toContainText(new URL(CORS_API).host);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await page.content()).not.toContain(CORS_TOKEN);
});

test.describe('refusals', () => {
  test.use({ allowedConsoleErrors: /status of 401|blocked by CORS policy|Failed to load resource/ });

  test('a wrong token is refused at the Token field and nothing is kept', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Token', { exact: true }).fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const token = page.getByLabel('Token', { exact: true });
    await expect(page.getByText('This token was refused by the API.')).toBeVisible();
    await expect(token).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await storedValues(page)).not.toContain('not-the-token');
  });

  test('a server that does not allow this origin is reported with a CORS hint', async ({ page }) => {
    await page.goto('/sign-in');
    // The devapi behind /api has CORS closed.
    await page.getByLabel('Custom').check();
    await page.getByLabel('API URL').fill(DEV_API);
    await page.getByLabel('Token', { exact: true }).fill(DEV_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(`Could not reach the API at ${DEV_API}`, { exact: false })).toBeVisible();
    await expect(page.getByText(`CORS settings must allow the origin ${SITE}`, { exact: false })).toBeVisible();
  });

  test('a malformed API URL is explained at the field, without a request', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Custom').check();
    await page.getByLabel('API URL').fill('api.example.test');
    await page.getByLabel('Token', { exact: true }).fill('x');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Start the URL with https://')).toBeVisible();
    await expect(page.getByLabel('API URL')).toHaveAttribute('aria-invalid', 'true');
  });
});

test('the token field can be shown and hidden, and accepts paste', async ({ page, context }) => {
  await page.goto('/sign-in');
  const token = page.getByLabel('Token', { exact: true });
  await expect(token).toHaveAttribute('type', 'password');
  const toggle = page.getByRole('button', { name: 'Show token' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(token).toHaveAttribute('type', 'text');
  await toggle.click();
  await expect(token).toHaveAttribute('type', 'password');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('dev-token\n'));
  await token.focus();
  await page.keyboard.press('Control+V');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/databases$/);
});

test('a deep link opened signed out comes back to the exact page after sign-in', async ({ page }) => {
  await page.goto('/databases?q=backup&sort=plan');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signIn(page);
  await expect(page).toHaveURL(/\/databases\?q=backup&sort=plan$/);
  await expect(page.getByLabel('Search')).toHaveValue('backup');
  await page.goto('/databases/backup-db');
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

test('the session survives a reload; Sign out leaves no token in any storage', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, { remember: true });
  expect(await page.evaluate(() => localStorage.getItem('dbconsole.session'))).toContain('local');
  await page.reload();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const stored = await storedValues(page);
  expect(stored).not.toContain(DEV_TOKEN);
  expect(stored).not.toContain('dbconsole.session');
  await page.goto('/databases');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('without Remember the session stays in this tab only (sessionStorage)', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  const where = await page.evaluate(() => ({
    local: localStorage.getItem('dbconsole.session'),
    session: sessionStorage.getItem('dbconsole.session'),
  }));
  expect(where.local).toBeNull();
  expect(where.session).not.toBeNull();
  await page.reload();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

test('signing out in one tab signs out the others', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/sign-in');
  await signIn(first, { remember: true });
  const second = await context.newPage();
  await second.goto('/databases');
  await expect(second.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await first.getByRole('button', { name: 'Sign out' }).click();
  await expect(second).toHaveURL(/\/sign-in\?next=%2Fdatabases/);
  await expect(second.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  expect(await second.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(DEV_TOKEN);
});

test.describe('token refused mid-way', () => {
  test.use({ allowedConsoleErrors: /status of 401/ });

  test('opens sign-in over the page and returns to it with nothing lost', async ({ page, request }) => {
    await page.goto('/databases?q=my');
    await signIn(page);
    await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
    await devSetToken(request, 'rotated-token');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Token', { exact: true }).fill('rotated-token');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\/databases\?q=my$/);
    await expect(page.getByLabel('Search')).toHaveValue('my');
    await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  });
});

test('the token never appears in a URL or in the console log', async ({ page }) => {
  const logged: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => logged.push(m.text()));
  page.on('request', (r) => urls.push(r.url()));
  await page.goto('/sign-in?next=/databases/backup-db');
  await signIn(page, { token: DEV_TOKEN });
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  for (const text of [...logged, ...urls, page.url()]) expect(text).not.toContain(DEV_TOKEN);
});
