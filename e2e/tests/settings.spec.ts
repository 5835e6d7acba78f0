// Issue 11, the Settings tab of a database: change plan (with a confirmation step in the page),
// rename, move to another project, delete; each request sent once, each failure said where it
// belongs, the list's cache never stale; the same in the demo; axe and screenshots.
import {
  test, expect, devReset, devStats, signIn, expectNoAxeViolations, screenshot, DEV_API, DEV_TOKEN, CONSOLE, holdRequests,
} from './support';
import type { APIRequestContext, Page } from '@playwright/test';

test.use({ allowedConsoleErrors: /status of (404|409|422)/ });

const AUTH = { Authorization: `Bearer ${DEV_TOKEN}` };
const ANALYTICS = 'analytics';

/** devapi's count for one route pattern. */
async function count(request: APIRequestContext, route: string): Promise<number> {
  return (await devStats(request)).requests[route] ?? 0;
}

const PATCH_ADDON = 'PATCH /v1/apps/{app}/addons/{addon}';
const RENAME = 'POST /v1/apps/{app}/rename';
const MOVE = 'PATCH /v1/apps/{app}';
const DELETE = 'DELETE /v1/apps/{app}';

/** A Starter 8G database made through the API, running at once (unless `settle` is false). */
async function createStarter8G(request: APIRequestContext, name: string, settle = true) {
  const created = await request.post(`${DEV_API}/v1/databases`, {
    headers: AUTH,
    data: { database: { name, technology: 'postgresql-dr', plan: 'postgresql-dr-starter-8192' } },
  });
  expect(created.status(), 'POST /v1/databases').toBe(201);
  if (settle) expect((await request.post(`${DEV_API}/__dev/settle`)).status()).toBeLessThan(300);
}

async function setTimings(request: APIRequestContext, timings: { provision_ms?: number; update_ms?: number }) {
  const answer = await request.post(`${DEV_API}/__dev/timings`, { data: timings });
  expect(answer.status(), 'POST /__dev/timings').toBe(200);
}

async function settle(request: APIRequestContext) {
  expect((await request.post(`${DEV_API}/__dev/settle`)).status()).toBeLessThan(300);
}

/** Signs in on the way to a database's Settings tab. */
async function openSettings(page: Page, name: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(`/databases/${name}/settings`)}`);
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/databases/${name}/settings(\\?region=local-fr1)?$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByLabel('New plan')).toBeVisible();
}

function headerStatus(page: Page) {
  return page.locator('.page-header .status');
}

function announcement(page: Page, text: string | RegExp) {
  return page.locator('.announcements').getByText(text);
}

/** Holds the list's reads until `release()`: what the list page shows meanwhile is its cache. */
const holdListReads = (page: Page) => holdRequests(page, /\/api\/v1\/databases(\?.*)?$/);

test.beforeEach(async ({ request }) => devReset(request));

test.describe('change plan', () => {
  test('on Starter 8G: smaller sizes refused with the reason, Business 8G confirmed, Updating then Running, one PATCH', async ({ page, request }) => {
    await createStarter8G(request, 'plan-db');
    // Long enough to see Updating; settled below.
    await setTimings(request, { update_ms: 600_000 });
    await openSettings(page, 'plan-db');
    await expect(page.getByText('Current plan: Starter 8G — €150/month')).toBeVisible();

    const select = page.getByLabel('New plan');
    await expect(select.locator('option', { hasText: 'Starter 4G' })).toBeDisabled();
    await expect(select.locator('option', { hasText: 'Business 4G' })).toBeDisabled();
    await expect(select.locator('option', { hasText: 'Starter 8G' })).toHaveText('Starter 8G — €150/month (current plan)');
    // The reason in words beside the select, not only in the options.
    const notes = page.locator('#settings-plan-notes');
    await expect(notes).toContainText(
      'Moving to a smaller size is not supported: this database has 8 GB, so Starter 4G, Business 4G and Enterprise 4G are not available.',
    );
    await expect(select).toHaveAttribute('aria-describedby', /settings-plan-notes/);
    const business8 = select.locator('option', { hasText: 'Business 8G' });
    await expect(business8).toHaveText('Business 8G — €460/month (+€310/month)');
    await expect(business8).toBeEnabled();

    await select.selectOption({ label: 'Business 8G — €460/month (+€310/month)' });
    const effect = page.locator('#settings-plan-effect');
    await expect(effect).toContainText("Price: +€310/month against Starter 8G's €150/month.");
    await expect(effect).toContainText('No downtime is expected.');

    await page.getByRole('button', { name: 'Change plan' }).click();
    const step = page.getByRole('group', { name: 'Confirm the plan change' });
    await expect(step).toBeVisible();
    await expect(step).toContainText('Starter 8G (€150/month)');
    await expect(step).toContainText('Business 8G (€460/month)');
    await expect(step).toContainText("+€310/month against Starter 8G's €150/month");
    await expect(step).toContainText('No downtime is expected.');
    const confirm = step.getByRole('button', { name: 'Confirm plan change' });
    await expect(confirm).toBeFocused();
    await expect(select).toBeDisabled();

    expect(await count(request, PATCH_ADDON)).toBe(0);
    await confirm.dblclick();
    await expect(headerStatus(page)).toHaveText(/Updating/);
    await expect(page.locator('#settings-plan-result')).toContainText('The change to Business 8G was accepted');
    await expect(page.locator('#settings-plan-result')).toBeFocused();
    await expect(step).toBeHidden();
    // While it updates, no other change: the button says why it is disabled.
    await expect(page.getByRole('button', { name: 'Change plan' })).toBeDisabled();
    await expect(page.locator('#settings-plan-blocked')).toHaveText(
      'A plan change is under way: the plan can change again once the database is running.',
    );
    await expect(page.getByText('Current plan: Business 8G — €460/month')).toBeVisible();

    await settle(request);
    await expect(headerStatus(page)).toHaveText(/Running/);
    await expect(announcement(page, 'plan-db is running.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Change plan' })).toBeEnabled();
    expect(await count(request, PATCH_ADDON)).toBe(1);

    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.locator('dl').first()).toContainText('Business 8G · €460/month');
  });

  test('the plan waits for the database to be running: disabled with the reason while provisioning', async ({ page, request }) => {
    await setTimings(request, { provision_ms: 600_000 });
    await createStarter8G(request, 'young-db', false);
    await openSettings(page, 'young-db');
    await expect(headerStatus(page)).toHaveText(/Provisioning/);
    await expect(page.getByRole('button', { name: 'Change plan' })).toBeDisabled();
    await expect(page.locator('#settings-plan-blocked')).toHaveText(
      'The plan can change once the database is running: it is still being provisioned.',
    );
    await settle(request);
    await expect(headerStatus(page)).toHaveText(/Running/);
    await expect(page.getByRole('button', { name: 'Change plan' })).toBeEnabled();
    await expect(page.locator('#settings-plan-blocked')).toBeEmpty();
  });

  test("the server's 409 lands at the select, the choice kept; Cancel sends nothing", async ({ page, request }) => {
    await createStarter8G(request, 'busy-db');
    await setTimings(request, { update_ms: 600_000 });
    await openSettings(page, 'busy-db');
    const select = page.getByLabel('New plan');
    await select.selectOption({ label: 'Business 8G — €460/month (+€310/month)' });

    // Cancel goes back to the select, focus on Change plan, nothing sent.
    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('group', { name: 'Confirm the plan change' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Change plan' })).toBeFocused();
    expect(await count(request, PATCH_ADDON)).toBe(0);

    // Meanwhile, elsewhere, another change starts.
    const addons = await (await request.get(`${DEV_API}/v1/apps/busy-db/addons`, { headers: AUTH })).json();
    const addon = addons.addons[0].id as string;
    const business16 = await select.locator('option', { hasText: 'Business 16G' }).getAttribute('value');
    const elsewhere = await request.patch(`${DEV_API}/v1/apps/busy-db/addons/${addon}`, {
      headers: AUTH,
      data: { addon: { plan_id: business16 } },
    });
    expect(elsewhere.status()).toBe(200);

    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('button', { name: 'Confirm plan change' }).click();
    const error = page.locator('#settings-plan-error');
    await expect(error).toHaveText(/A plan change is already in progress: wait until the database is running again\./);
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    await expect(select).toBeFocused();
    await expect(select).toHaveValue(/.+/);
    // The page reads the database again: it is updating, and says so.
    await expect(headerStatus(page)).toHaveText(/Updating/);
    await expectNoAxeViolations(page, 'settings, plan change refused (409)');
    await screenshot(page, 'settings-plan-409-light');
  });
});

test('rename: the 422 at New name, the current name refused without a request, the URL and every view follow', async ({ page, request }) => {
  await page.goto('/sign-in');
  await signIn(page);
  // The list was read once: its cache is what the list page shows first, later.
  await page.getByRole('link', { name: 'my-postgres-db' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/databases\/my-postgres-db\/settings(\?region=local-fr1)?$/);
  await expect(page).toHaveTitle('Settings · my-postgres-db · Databases');
  const field = page.getByLabel('New name');

  // A name taken: the server's 422 at the field, as a sentence, with a link; the value kept.
  await field.fill('backup-db');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  const error = page.locator('#settings-new-name-error');
  await expect(error).toContainText('New name has already been taken.');
  await expect(error.getByRole('link', { name: 'Open backup-db' })).toHaveAttribute('href', /^\/databases\/backup-db(\?region=local-fr1)?$/);
  await expect(field).toHaveValue('backup-db');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  expect(await count(request, RENAME)).toBe(1);
  await expectNoAxeViolations(page, 'settings, rename refused (422)');
  await screenshot(page, 'settings-rename-422-light');

  // The rule as typed, and the current name refused at the field without a request.
  await field.fill('Bad_Name');
  await expect(error).toContainText('lower case');
  await field.fill('my-postgres-db');
  await expect(error).toContainText('This is already the name of this database');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(field).toBeFocused();
  expect(await count(request, RENAME)).toBe(1);

  await field.fill('renamed-db');
  await expect(error).toBeEmpty();
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page).toHaveURL(/\/databases\/renamed-db\/settings(\?region=local-fr1)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'renamed-db' })).toBeFocused();
  await expect(page).toHaveTitle('Settings · renamed-db · Databases');
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute('href', /^\/databases\/renamed-db(\?region=local-fr1)?$/);
  await expect(page.getByRole('link', { name: 'Connect' })).toHaveAttribute('href', /^\/databases\/renamed-db\/connect(\?region=local-fr1)?$/);
  await expect(announcement(page, 'my-postgres-db was renamed renamed-db.')).toBeVisible();
  await expect(field).toHaveValue('');
  expect(await count(request, RENAME)).toBe(2);

  // Back goes where the user was before the settings, not to the old name's URL (replaced).
  await page.goBack();
  await expect(page).toHaveURL(/\/databases\/my-postgres-db(\?region=local-fr1)?$/);
  await page.goForward();
  await expect(page).toHaveURL(/\/databases\/renamed-db\/settings(\?region=local-fr1)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'renamed-db' })).toBeVisible();

  // The list shows the new name from its cache, before its own read answers.
  const release = await holdListReads(page);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Databases' }).click();
  await expect(page.getByRole('link', { name: 'renamed-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toHaveCount(0);
  release();
  await expect(page.getByRole('link', { name: 'renamed-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toHaveCount(0);
});

test('move to the analytics project: announced, and the overview shows it; the current project refused without a request', async ({ page, request }) => {
  await openSettings(page, 'my-postgres-db');
  const select = page.getByLabel('Project', { exact: true });
  await expect(select.locator('option:checked')).toHaveText('default (current project, default)');
  await expect(select.locator('option', { hasText: ANALYTICS })).toHaveText(ANALYTICS);

  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(page.locator('#settings-project-error')).toContainText('The database is already in this project');
  await expect(select).toBeFocused();
  expect(await count(request, MOVE)).toBe(0);

  await select.selectOption({ label: ANALYTICS });
  await expect(page.locator('#settings-project-error')).toBeEmpty();
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  const result = page.locator('#settings-move-result');
  await expect(result).toHaveText(/my-postgres-db was moved to the project analytics\./);
  await expect(result).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'was moved to the project analytics' })).toBeVisible();
  await expect(select.locator('option:checked')).toHaveText('analytics (current project)');
  expect(await count(request, MOVE)).toBe(1);

  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.locator('dl').first()).toContainText(ANALYTICS);
});

test('delete: disabled until the exact name, a double click sends one DELETE, then the list without it and its old URL not found', async ({ page, request }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await page.getByRole('link', { name: 'backup-db' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('all data including backups of the database will be deleted')).toBeVisible();
  const field = page.getByLabel('Type the name to confirm');
  const button = page.getByRole('button', { name: 'Delete database' });
  await expect(button).toBeDisabled();
  for (const near of ['backup', 'backup-db ', 'BACKUP-DB', 'backup-d']) {
    await field.fill(near);
    await expect(button).toBeDisabled();
  }
  await field.fill('backup-db');
  await expect(button).toBeEnabled();

  const release = await holdListReads(page);
  await button.dblclick();
  await expect(page).toHaveURL(/\/databases$/);
  await expect(announcement(page, 'backup-db was deleted.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  // From the cache, before the list is read again: without it.
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'backup-db' })).toHaveCount(0);
  release();
  await expect(page.getByText('1 database', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'backup-db' })).toHaveCount(0);
  expect(await count(request, DELETE)).toBe(1);

  // Back does not return to the settings of a database that is gone (replaced), and its URL
  // is not found.
  await page.goto('/databases/backup-db/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Database not found' })).toBeVisible();
});

test('delete: Enter twice while the DELETE is under way sends it once', async ({ page, request }) => {
  await openSettings(page, 'my-postgres-db');
  // The DELETE answers late, so the second Enter arrives while it is under way.
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => (letGo = resolve));
  await page.route('**/api/v1/apps/**', async (route) => {
    if (route.request().method() === 'DELETE') await held;
    await route.continue();
  });
  const field = page.getByLabel('Type the name to confirm');
  await field.fill('my-postgres-db');
  const sent = page.waitForRequest((r) => r.method() === 'DELETE');
  await field.press('Enter');
  await sent;
  await expect(page.getByRole('button', { name: 'Deleting…' })).toHaveAttribute('aria-disabled', 'true');
  await field.press('Enter');
  // A click too (forced: Playwright waits for an aria-disabled button to be enabled).
  await page.getByRole('button', { name: 'Deleting…' }).click({ force: true });
  letGo();
  await expect(page).toHaveURL(/\/databases$/);
  await expect(announcement(page, 'my-postgres-db was deleted.')).toBeVisible();
  expect(await count(request, DELETE)).toBe(1);
});

test.describe('in the demo', () => {
  test.use({ allowedConsoleErrors: /status of (404|409|422)|Failed to load resource/ });

  test.beforeEach(async ({ page }) => {
    await page.goto(CONSOLE + 'sign-in');
    await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await page.goto(CONSOLE);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  });

  test('rename, move and delete, all in the browser', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.getByRole('link', { name: 'my-postgres-db' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(`${CONSOLE}databases/my-postgres-db/settings`);

    const field = page.getByLabel('New name');
    await field.fill('backup-db');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(page.locator('#settings-new-name-error')).toContainText('New name has already been taken.');
    await field.fill('demo-renamed');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(page).toHaveURL(`${CONSOLE}databases/demo-renamed/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'demo-renamed' })).toBeVisible();

    await page.getByLabel('Project', { exact: true }).selectOption({ label: ANALYTICS });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(page.locator('#settings-move-result')).toContainText('demo-renamed was moved to the project analytics.');

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Databases' }).click();
    await expect(page.getByRole('link', { name: 'demo-renamed' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'my-postgres-db' })).toHaveCount(0);

    await page.getByRole('link', { name: 'demo-renamed' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Type the name to confirm').fill('demo-renamed');
    await page.getByRole('button', { name: 'Delete database' }).click();
    await expect(page).toHaveURL(`${CONSOLE}databases`);
    await expect(announcement(page, 'demo-renamed was deleted.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'demo-renamed' })).toHaveCount(0);
    await expect(page.getByText('1 database', { exact: true })).toBeVisible();
    await page.goto(`${CONSOLE}databases/demo-renamed`);
    await expect(page.getByRole('heading', { level: 1, name: 'Database not found' })).toBeVisible();

    // No API at all: the demo answered.
    expect(requests.filter((u) => !u.startsWith(CONSOLE))).toEqual([]);
  });

  test('a plan change is confirmed and the database updates', async ({ page }) => {
    await page.goto(`${CONSOLE}databases/backup-db/settings`);
    const select = page.getByLabel('New plan');
    // Business 4G: Starter at the same size is allowed, with no downtime; nothing is smaller.
    await expect(select.locator('option', { hasText: 'Business 4G' })).toHaveText('Business 4G — €230/month (current plan)');
    await select.selectOption({ label: 'Starter 4G — €75/month (−€155/month)' });
    await expect(page.locator('#settings-plan-effect')).toContainText('No downtime is expected; the switch takes 2 to 3 minutes.');
    await select.selectOption({ label: 'Business 8G — €460/month (+€230/month)' });
    await page.getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('button', { name: 'Confirm plan change' }).click();
    await expect(page.locator('#settings-plan-result')).toContainText('The change to Business 8G was accepted');
    await expect(headerStatus(page)).toHaveText(/Updating/);
    await expect(page.getByText('Current plan: Business 8G — €460/month')).toBeVisible();
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test('Settings, its confirmation step and its errors: no axe violations', async ({ page, request }) => {
      await createStarter8G(request, 'look-db');
      await openSettings(page, 'look-db');
      await expectNoAxeViolations(page, `settings (${scheme})`);
      await screenshot(page, `settings-${scheme}`);

      await page.getByLabel('New plan').selectOption({ label: 'Business 8G — €460/month (+€310/month)' });
      await page.getByRole('button', { name: 'Change plan' }).click();
      await expect(page.getByRole('group', { name: 'Confirm the plan change' })).toBeVisible();
      await expectNoAxeViolations(page, `settings, confirmation step (${scheme})`);
      await screenshot(page, `settings-confirm-${scheme}`);
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.getByLabel('New name').fill('backup-db');
      await page.getByRole('button', { name: 'Rename', exact: true }).click();
      await expect(page.locator('#settings-new-name-error')).toContainText('has already been taken');
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await expect(page.locator('#settings-project-error')).toContainText('already in this project');
      await page.getByLabel('Type the name to confirm').fill('look');
      await expectNoAxeViolations(page, `settings with errors (${scheme})`);
      await screenshot(page, `settings-errors-${scheme}`);

      // What the actions achieved: moved, and a plan change accepted, the database updating.
      await setTimings(request, { update_ms: 600_000 });
      await page.getByLabel('Project', { exact: true }).selectOption({ label: ANALYTICS });
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await expect(page.locator('#settings-move-result')).toBeVisible();
      await page.getByRole('button', { name: 'Change plan' }).click();
      await page.getByRole('button', { name: 'Confirm plan change' }).click();
      await expect(page.locator('#settings-plan-result')).toBeVisible();
      await expect(headerStatus(page)).toHaveText(/Updating/);
      await expectNoAxeViolations(page, `settings after a move and a plan change (${scheme})`);
      await screenshot(page, `settings-done-${scheme}`);
    });
  });
}

test.describe('320 px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('Settings reads without horizontal scrolling, its confirmation step too', async ({ page, request }) => {
    await createStarter8G(request, 'narrow-db');
    await openSettings(page, 'narrow-db');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await screenshot(page, 'settings-320px');
    await page.getByLabel('New plan').selectOption({ label: 'Business 8G — €460/month (+€310/month)' });
    await page.getByRole('button', { name: 'Change plan' }).click();
    await expect(page.getByRole('group', { name: 'Confirm the plan change' })).toBeVisible();
    expect(await overflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page, 'settings at 320 px, confirmation step');
    await screenshot(page, 'settings-confirm-320px');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('New name').fill('backup-db');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(page.locator('#settings-new-name-error')).toContainText('has already been taken');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(page.locator('#settings-project-error')).toContainText('already in this project');
    expect(await overflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await screenshot(page, 'settings-errors-320px');
  });
});
