// Issue 4: API tokens exchanged for short-lived bearers (the devapi behind /api issues bearers that
// live 4 s), refreshed without a prompt; revoked tokens and expired pasted bearers prompt.
import { test, expect, devReset, devStats, signIn, DEV_API, DATABASES_ROUTE } from './support';

const API_TOKEN = 'tk-us-dev-api-token';

test.beforeEach(async ({ request }) => devReset(request));

async function exchanges(request: import('@playwright/test').APIRequestContext): Promise<number> {
  return (await devStats(request)).requests['POST /v1/tokens/exchange'] ?? 0;
}

test('an API token is exchanged and silently refreshed past two bearer expiries', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => dialogs.push(d.message()));
  await page.goto('/sign-in');
  await signIn(page, { token: API_TOKEN, remember: true });
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  expect(await exchanges(request)).toBeGreaterThanOrEqual(1);

  // 10 s of use: at least two bearers expire underneath.
  const reauth = page.getByRole('dialog', { name: 'Sign in again' });
  const started = Date.now();
  let round = 0;
  while (Date.now() - started < 10_000) {
    round += 1;
    if (round % 2) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    } else {
      await page.getByRole('link', { name: 'backup-db' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
      await page.getByRole('link', { name: 'Databases', exact: true }).first().click();
    }
    await expect(reauth).toBeHidden();
    await page.waitForTimeout(1_000);
  }
  const total = await exchanges(request);
  expect(total, 'one exchange per bearer lifetime, not per request').toBeGreaterThanOrEqual(3);
  expect(total).toBeLessThan(round * 2);
  expect(dialogs).toEqual([]);

  // Remembered: the API token is stored, never a bearer.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).toContain(API_TOKEN);
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});

test.describe('refused tokens', () => {
  test.use({ allowedConsoleErrors: /status of 401|Failed to load resource/ });

  test('a 401 on a request re-exchanges once and carries on without a prompt', async ({ page, request }) => {
    await page.goto('/sign-in');
    await signIn(page, { token: API_TOKEN });
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    const before = await exchanges(request);
    let refused = false;
    await page.route(DATABASES_ROUTE, async (route) => {
      if (!refused) {
        refused = true;
        await route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":"Token expired"}' });
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: 'Refresh' }).click();
    // The rows stay on screen meanwhile: wait for the refused read and the exchange it causes.
    await expect.poll(() => refused).toBe(true);
    await expect.poll(() => exchanges(request)).toBe(before + 1);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Sign in again' })).toBeHidden();
  });

  test('a revoked API token leads to a clear sign-in prompt with nothing lost', async ({ page, request }) => {
    await page.goto('/sign-in?next=/databases/new');
    await signIn(page, { token: API_TOKEN });
    await page.getByLabel('Name').fill('after-revocation');
    await page.getByLabel('Plan').selectOption('postgresql-dr-business-4096');
    const revoked = await request.post(`${DEV_API}/__dev/revoke`, { data: API_TOKEN });
    expect(revoked.status()).toBe(204);
    await page.getByRole('button', { name: 'Create database' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('it may have been revoked');
    await dialog.getByLabel('Token', { exact: true }).fill('dev-token');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel('Name')).toHaveValue('after-revocation');
    await expect(page.getByLabel('Plan')).toHaveValue('postgresql-dr-business-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page).toHaveURL(/\/databases\/after-revocation(\?region=[\w-]+)?$/);
  });

  test('a pasted bearer works until it expires, then says so', async ({ page, request }) => {
    const answer = await request.post(`${DEV_API}/v1/tokens/exchange`, {
      headers: { Authorization: `Basic ${Buffer.from(`:${API_TOKEN}`).toString('base64')}` },
    });
    const { token } = await answer.json();
    await page.goto('/sign-in');
    await signIn(page, { token });
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await page.waitForTimeout(4_500);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('the bearer token expired');
    await expect(dialog).toContainText('sign in with an API token');
  });
});

test('the regions of config.json are offered, and a region goes through its proxy and the auth proxy', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel('osc-fr1', { exact: true })).toBeVisible();
  await expect(page.getByLabel('osc-secnum-fr1', { exact: true })).toBeVisible();
  await expect(page.getByText('Scalingo, Paris - Outscale (osc-fr1)')).toBeVisible();
  // No real Scalingo here: the proxied endpoints are answered by the test.
  const seen: string[] = [];
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const jwt = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
  await page.route('**/scalingo/auth/v1/tokens/exchange', async (route) => {
    seen.push(`${route.request().method()} exchange ${route.request().headers()['authorization']}`);
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ token: jwt }) });
  });
  await page.route('**/scalingo/osc-fr1/v1/**', async (route) => {
    seen.push(`${route.request().method()} ${new URL(route.request().url()).pathname} ${route.request().headers()['authorization']}`);
    const path = new URL(route.request().url()).pathname;
    const body = path.endsWith('/v1/databases')
      ? { databases: [{ id: 'a1', name: 'live-db', project_id: 'pr-1', technology: 'postgresql-ng', plan: 'postgresql-dr-starter-4096' }] }
      : path.endsWith('/v1/projects') ? { projects: [] } : { addon_providers: [] };
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
  await page.getByLabel('osc-fr1', { exact: true }).check();
  await page.getByLabel('Token', { exact: true }).fill('tk-us-region-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'live-db' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'postgresql-ng' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Scalingo osc-fr1');
  expect(seen[0]).toBe(`POST exchange Basic ${Buffer.from(':tk-us-region-token').toString('base64')}`);
  expect(seen.some((s) => s === `GET /scalingo/osc-fr1/v1/databases Bearer ${jwt}`)).toBe(true);
});
