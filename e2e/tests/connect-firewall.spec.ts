// Issue 11, the Connect and Firewall tabs of a database: the endpoints; the connection string
// read only when asked for, its password masked until shown, both copies whole, forgotten on
// leaving; the notice while no firewall rule admits anyone; the firewall's rules, a CIDR checked
// as typed (nothing sent when it is wrong), a managed range by name, a confirmed Remove sent
// once, the 30-rule limit; the same in the demo; axe, and screenshots light, dark and 320 px.
import {
  test, expect, devReset, devStats, signIn, expectNoAxeViolations, screenshot, DEV_API, DEV_TOKEN, CONSOLE,
} from './support';
import type { APIRequestContext, Page } from '@playwright/test';

test.use({ allowedConsoleErrors: /status of (404|422)/ });

const AUTH = { Authorization: `Bearer ${DEV_TOKEN}` };
const DB = 'my-postgres-db';

const VARIABLES = 'GET /v1/apps/{app}/variables';
const ADD_RULE = 'POST /api/databases/{addon}/firewall_rules';
const REMOVE_RULE = 'DELETE /api/databases/{addon}/firewall_rules/{rule}';

async function count(request: APIRequestContext, route: string): Promise<number> {
  return (await devStats(request)).requests[route] ?? 0;
}

/** The connection string devapi holds for a database, read through the API. */
async function connectionUri(request: APIRequestContext, name: string): Promise<string> {
  const answer = await request.get(`${DEV_API}/v1/apps/${name}/variables?aliases=false`, { headers: AUTH });
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as { variables: { name: string; value: string }[] };
  const variable = body.variables.find((v) => v.name === 'SCALINGO_POSTGRESQL_URL');
  expect(variable, 'SCALINGO_POSTGRESQL_URL').toBeTruthy();
  return variable!.value;
}

/** The password in a postgres:// URI, as written. */
function passwordOf(uri: string): string {
  const match = /^[a-z]+:\/\/[^:@/]*:(.+)@[^@]+$/.exec(uri);
  expect(match, `a password in the URI`).toBeTruthy();
  return match![1];
}

/** What the console copies as the psql command: the URI in double quotes for a POSIX shell. */
function psqlCommand(uri: string): string {
  return `psql "${uri.replace(/!/g, '%21').replace(/["\\$`]/g, '\\$&')}"`;
}

async function addonId(request: APIRequestContext, name: string): Promise<string> {
  const answer = await request.get(`${DEV_API}/v1/apps/${name}/addons`, { headers: AUTH });
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as { addons: { id: string }[] }).addons[0].id;
}

/** Adds custom rules through the API (10.9.<i>.0/24), behind the page's back. */
async function addRules(request: APIRequestContext, name: string, from: number, to: number) {
  const addon = await addonId(request, name);
  for (let i = from; i < to; i++) {
    const answer = await request.post(`${DEV_API}/api/databases/${addon}/firewall_rules`, {
      headers: AUTH,
      data: { firewall_rule: { type: 'custom_range', cidr: `10.9.${i}.0/24`, label: `Rule ${i}` } },
    });
    expect(answer.status(), `rule ${i}`).toBe(201);
  }
}

async function open(page: Page, name: string, tab: 'connect' | 'firewall') {
  await page.goto(`/sign-in?next=${encodeURIComponent(`/databases/${name}/${tab}`)}`);
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/databases/${name}/${tab}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

function announcement(page: Page, text: string | RegExp) {
  return page.locator('.announcements').getByText(text);
}

function tabs(page: Page) {
  return page.getByRole('navigation', { name: 'Database' });
}

test.beforeEach(async ({ request }) => devReset(request));

test.describe('Connect', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the endpoints, each copyable', async ({ page }) => {
    await open(page, DB, 'connect');
    const table = page.getByRole('table', { name: 'Endpoints' });
    await expect(table).toBeVisible();
    const row = table.getByRole('row', { name: /Public, read-write/ });
    await expect(row).toContainText(/\.scalingo-dbs\.com|\./);
    const host = (await row.locator('td').first().locator('.mono').textContent())!.trim();
    const port = (await row.locator('td').nth(1).locator('.mono').textContent())!.trim();
    expect(port).toMatch(/^\d+$/);
    await row.getByRole('button', { name: 'Copy public host' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(host);
    await row.getByRole('button', { name: 'Copy public port' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(port);
  });

  test('the connection string: absent until asked for, masked, copied whole, forgotten on leaving', async ({ page, request }) => {
    const uri = await connectionUri(request, DB);
    const password = passwordOf(uri);
    const before = await count(request, VARIABLES);
    await open(page, DB, 'connect');
    await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
    // Nowhere in the page, and not even read, until asked for.
    expect(await page.content()).not.toContain(password);
    expect(await count(request, VARIABLES)).toBe(before);

    await page.getByRole('button', { name: 'Show connection string' }).click();
    const shown = page.locator('#connect-uri');
    await expect(shown).toContainText('••••••••');
    await expect(shown).toBeFocused();
    expect(await count(request, VARIABLES)).toBe(before + 1);
    expect(await page.content()).not.toContain(password);

    await page.getByRole('button', { name: 'Show password' }).click();
    await expect(shown).toContainText(password);
    await expect(page.getByRole('button', { name: 'Hide password' })).toBeFocused();
    await page.getByRole('button', { name: 'Hide password' }).click();
    await expect(shown).not.toContainText(password);
    expect(await page.content()).not.toContain(password);

    await page.getByRole('button', { name: 'Copy connection string' }).click();
    await expect(page.locator('.copy__status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(uri);
    await page.getByRole('button', { name: 'Copy psql command' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(psqlCommand(uri));
    // Still masked on screen after copying.
    expect(await page.content()).not.toContain(password);

    // Never in the URL or in storage.
    expect(page.url()).not.toContain(password);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(password);

    // Leaving the tab forgets it: back on Connect, it must be asked for again.
    await tabs(page).getByRole('link', { name: 'Overview' }).click();
    await tabs(page).getByRole('link', { name: 'Connect' }).click();
    await expect(page.getByRole('button', { name: 'Show connection string' })).toBeVisible();
    await expect(page.locator('#connect-uri')).toHaveCount(0);
    expect(await page.content()).not.toContain(password);
  });

  test('no rule: the database accepts no connection yet, with a link to Firewall; the notice goes once a rule exists', async ({ page }) => {
    await open(page, DB, 'connect');
    const notice = page.getByRole('note');
    await expect(notice).toContainText('This database accepts no connection from the Internet yet.');
    await notice.getByRole('link', { name: 'Firewall' }).click();
    await expect(page).toHaveURL(new RegExp(`/databases/${DB}/firewall(\\?region=[^&]+)?$`));
    await page.getByLabel('CIDR', { exact: true }).fill('203.0.113.7/32');
    await page.getByLabel('Label', { exact: true }).fill('My laptop');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByRole('table', { name: 'Firewall rules' })).toContainText('203.0.113.7/32');
    await tabs(page).getByRole('link', { name: 'Connect' }).click();
    await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByRole('note')).toHaveCount(0);
    await expect(page.getByText('accepts no connection from the Internet')).toHaveCount(0);
  });

  test('while provisioning, the endpoints are said to come once it runs', async ({ page, request }) => {
    const timings = await request.post(`${DEV_API}/__dev/timings`, { data: { provision_ms: 600_000 } });
    expect(timings.status()).toBe(200);
    const created = await request.post(`${DEV_API}/v1/databases`, {
      headers: AUTH,
      data: { database: { name: 'young-db', technology: 'postgresql-dr', plan: 'postgresql-dr-starter-4096' } },
    });
    expect(created.status()).toBe(201);
    await open(page, 'young-db', 'connect');
    await expect(page.getByText('its endpoints show here once it is running')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Show connection string' })).toBeDisabled();
    await expect(page.getByText('Could not load the endpoints')).toHaveCount(0);
    await tabs(page).getByRole('link', { name: 'Firewall' }).click();
    await expect(page.getByText('its firewall rules can be set once it is running')).toBeVisible();
    await expect(page.getByText('Could not load the firewall rules')).toHaveCount(0);
  });
});

test.describe('Firewall', () => {
  test('bad CIDRs are refused at CIDR with the reason, and nothing is sent', async ({ page, request }) => {
    await open(page, DB, 'firewall');
    await expect(page.locator('#fw-count')).toContainText('0 of 30 rules');
    await expect(page.getByText('Changes take about two minutes to apply.').first()).toBeVisible();
    const field = page.getByLabel('CIDR', { exact: true });
    const error = page.locator('#fw-cidr-error');
    await expect(field).toHaveAttribute('aria-describedby', /fw-cidr-error/);
    const before = await count(request, ADD_RULE);
    for (const [typed, reason] of [
      ['10.0.0.0/33', /The prefix must be 0 to 32: 33 is too large/],
      ['300.1.2.3/32', /300 is more than 255/],
      ['10.0.0/24', /four numbers/],
      ['abc', /is not allowed/],
    ] as const) {
      await field.fill(typed);
      await expect(error, typed).toContainText(reason);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await page.getByRole('button', { name: 'Add rule' }).click();
      await expect(field).toBeFocused();
      await expect(error).toContainText(reason);
    }
    // Empty: said at the field on Add rule.
    await field.fill('');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(error).toContainText('Enter an IPv4 range');
    expect(await count(request, ADD_RULE)).toBe(before);

    // Host bits: allowed, the network shown; 0.0.0.0/0: allowed with a warning.
    await field.fill('10.1.2.3/24');
    await expect(field).toHaveAttribute('aria-invalid', 'false');
    await expect(page.locator('#fw-cidr-note')).toContainText('Saved as 10.1.2.0/24');
    await field.fill('0.0.0.0/0');
    await expect(page.locator('#fw-cidr-note')).toContainText('admits every address on the Internet');
    await expect(error).toBeEmpty();
  });

  test('a custom rule and a managed range are added and listed; a rule is removed after confirmation, one DELETE', async ({ page, request }) => {
    await open(page, DB, 'firewall');
    await page.getByLabel('CIDR', { exact: true }).fill('10.1.2.3/24');
    await page.getByLabel('Label', { exact: true }).fill('Office');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const table = page.getByRole('table', { name: 'Firewall rules' });
    const office = table.getByRole('row', { name: /10\.1\.2\.0\/24/ });
    await expect(office).toContainText('Custom range');
    await expect(office).toContainText('Office');
    await expect(office.getByRole('rowheader')).toBeFocused();
    await expect(announcement(page, 'The rule Office (10.1.2.0/24) was added. Changes take about two minutes to apply.')).toBeVisible();
    await expect(page.locator('#fw-count')).toContainText('1 of 30 rules');
    await expect(page.getByLabel('CIDR', { exact: true })).toHaveValue('');

    // The same range again: the server's refusal at CIDR, in its words.
    await page.getByLabel('CIDR', { exact: true }).fill('10.1.2.0/24');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.locator('#fw-cidr-error')).toContainText('10.1.2.0/24 is already allowed by a rule');
    await expect(page.getByLabel('CIDR', { exact: true })).toBeFocused();
    await page.getByLabel('CIDR', { exact: true }).fill('');

    // A managed range, by its name.
    const select = page.getByLabel('Managed range', { exact: true });
    await select.selectOption({ label: 'Scalingo osc-fr1 region' });
    await page.getByRole('button', { name: 'Add range' }).click();
    const managed = table.getByRole('row', { name: /Scalingo osc-fr1 region/ });
    await expect(managed).toContainText('Managed range');
    await expect(managed.getByRole('rowheader')).toBeFocused();
    await expect(page.locator('#fw-count')).toContainText('2 of 30 rules');
    await expect(select.locator('option', { hasText: 'Scalingo osc-fr1 region' })).toHaveText('Scalingo osc-fr1 region (already allowed)');
    await expect(select.locator('option', { hasText: 'Scalingo osc-fr1 region' })).toBeDisabled();

    // Remove, Cancel first: nothing sent.
    const deletes = await count(request, REMOVE_RULE);
    await page.getByRole('button', { name: 'Remove Office' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this rule?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Office');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Remove Office' })).toBeFocused();
    expect(await count(request, REMOVE_RULE)).toBe(deletes);

    await page.getByRole('button', { name: 'Remove Office' }).click();
    // Two clicks at once on the action (a double click): one DELETE.
    await dialog.getByRole('button', { name: 'Remove rule' }).evaluate((button: HTMLElement) => {
      button.click();
      button.click();
    });
    await expect(announcement(page, 'The rule Office was removed. Changes take about two minutes to apply.')).toBeVisible();
    await expect(table.getByRole('row', { name: /10\.1\.2\.0\/24/ })).toHaveCount(0);
    await expect(page.locator('#fw-count')).toContainText('1 of 30 rules');
    await expect(page.locator('#fw-count')).toBeFocused();
    expect(await count(request, REMOVE_RULE)).toBe(deletes + 1);
    await expectNoAxeViolations(page, 'firewall with rules');
  });

  test('the 30-rule limit: a 31st rule refused, in the page and by the server', async ({ page, request }) => {
    await addRules(request, DB, 0, 29);
    await open(page, DB, 'firewall');
    await expect(page.locator('#fw-count')).toContainText('29 of 30 rules');
    // The 30th arrives behind the page's back: the server refuses the page's, in its words.
    await addRules(request, DB, 29, 30);
    const before = await count(request, ADD_RULE);
    await page.getByLabel('CIDR', { exact: true }).fill('192.0.2.0/24');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.locator('#fw-custom-failure')).toContainText('A database has at most 30 firewall rules: remove one first.');
    expect(await count(request, ADD_RULE)).toBe(before + 1);
    // Read again: 30 of 30, and both buttons disabled with the reason.
    await expect(page.locator('#fw-count')).toContainText('30 of 30 rules');
    const add = page.getByRole('button', { name: 'Add rule' });
    await expect(add).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Add range' })).toBeDisabled();
    await expect(page.locator('#fw-custom-limit')).toContainText('remove one to add another');
    await expect(add).toHaveAttribute('aria-describedby', 'fw-custom-limit');
    await page.getByLabel('CIDR', { exact: true }).press('Enter');
    expect(await count(request, ADD_RULE)).toBe(before + 1);
  });
});

test.describe('in the demo', () => {
  test.use({
    allowedConsoleErrors: /status of (404|409|422)|Failed to load resource/,
    permissions: ['clipboard-read', 'clipboard-write'],
  });

  test.beforeEach(async ({ page }) => {
    await page.goto(CONSOLE + 'sign-in');
    await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await page.goto(CONSOLE);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  });

  test('Connect and Firewall, all in the browser', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.getByRole('link', { name: DB }).click();
    await tabs(page).getByRole('link', { name: 'Connect' }).click();
    await expect(page).toHaveURL(`${CONSOLE}databases/${DB}/connect`);
    await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByRole('note')).toContainText('accepts no connection from the Internet yet');
    expect(await page.content()).not.toMatch(/postgres(ql)?:\/\//);
    await page.getByRole('button', { name: 'Show connection string' }).click();
    await expect(page.locator('#connect-uri')).toContainText('••••••••');
    await page.getByRole('button', { name: 'Copy connection string' }).click();
    const uri = await page.evaluate(() => navigator.clipboard.readText());
    expect(uri).toMatch(/^postgres(ql)?:\/\//);
    const password = passwordOf(uri);
    expect(await page.content()).not.toContain(password);
    await page.getByRole('button', { name: 'Show password' }).click();
    await expect(page.locator('#connect-uri')).toContainText(password);
    await expectNoAxeViolations(page, 'connect in the demo');

    await page.getByRole('note').getByRole('link', { name: 'Firewall' }).click();
    await page.getByLabel('CIDR', { exact: true }).fill('abc');
    await expect(page.locator('#fw-cidr-error')).toContainText('is not allowed');
    await page.getByLabel('CIDR', { exact: true }).fill('198.51.100.0/24');
    await page.getByLabel('Label', { exact: true }).fill('Demo office');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const table = page.getByRole('table', { name: 'Firewall rules' });
    await expect(table.getByRole('row', { name: /198\.51\.100\.0\/24/ })).toContainText('Demo office');
    await page.getByLabel('Managed range', { exact: true }).selectOption({ label: 'Scalingo osc-secnum-fr1 region' });
    await page.getByRole('button', { name: 'Add range' }).click();
    await expect(table.getByRole('row', { name: /Scalingo osc-secnum-fr1 region/ })).toBeVisible();
    await expect(page.locator('#fw-count')).toContainText('2 of 30 rules');
    await page.getByRole('button', { name: 'Remove Demo office' }).click();
    await page.getByRole('dialog', { name: 'Remove this rule?' }).getByRole('button', { name: 'Remove rule' }).click();
    await expect(page.locator('#fw-count')).toContainText('1 of 30 rules');
    await expectNoAxeViolations(page, 'firewall in the demo');

    await tabs(page).getByRole('link', { name: 'Connect' }).click();
    await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
    await expect(page.getByRole('note')).toHaveCount(0);
    expect(await page.content()).not.toContain(password);

    // No API at all: the demo answered.
    expect(requests.filter((u) => !u.startsWith(CONSOLE))).toEqual([]);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test('Connect and Firewall: no axe violations', async ({ page, request }) => {
      await open(page, DB, 'connect');
      await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
      await expect(page.getByRole('note')).toBeVisible();
      await expectNoAxeViolations(page, `connect (${scheme})`);
      await screenshot(page, `connect-${scheme}`);
      await page.getByRole('button', { name: 'Show connection string' }).click();
      await expect(page.locator('#connect-uri')).toContainText('••••••••');
      await expectNoAxeViolations(page, `connect, string shown (${scheme})`);
      await screenshot(page, `connect-shown-${scheme}`);

      await addRules(request, DB, 0, 2);
      await tabs(page).getByRole('link', { name: 'Firewall' }).click();
      await expect(page.locator('#fw-count')).toContainText('2 of 30 rules');
      await page.getByLabel('CIDR', { exact: true }).fill('0.0.0.0/0');
      await expect(page.locator('#fw-cidr-note')).toContainText('admits every address');
      await expectNoAxeViolations(page, `firewall (${scheme})`);
      await screenshot(page, `firewall-${scheme}`);
      await page.getByLabel('CIDR', { exact: true }).fill('10.0.0.0/33');
      await page.getByRole('button', { name: 'Add rule' }).click();
      await page.getByRole('button', { name: 'Add range' }).click();
      await expect(page.locator('#fw-range-error')).toContainText('Choose a managed range.');
      await expectNoAxeViolations(page, `firewall with errors (${scheme})`);
      await screenshot(page, `firewall-errors-${scheme}`);
      await page.getByRole('button', { name: 'Remove Rule 0' }).click();
      await expect(page.getByRole('dialog', { name: 'Remove this rule?' })).toBeVisible();
      await expectNoAxeViolations(page, `firewall, confirmation (${scheme})`);
      await screenshot(page, `firewall-confirm-${scheme}`);
    });
  });
}

test.describe('320 px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('Connect and Firewall read without horizontal scrolling', async ({ page, request }) => {
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await addRules(request, DB, 0, 2);
    await open(page, DB, 'connect');
    await expect(page.getByRole('table', { name: 'Endpoints' })).toBeVisible();
    await page.getByRole('button', { name: 'Show connection string' }).click();
    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await overflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await screenshot(page, 'connect-320px');
    await tabs(page).getByRole('link', { name: 'Firewall' }).click();
    await expect(page.locator('#fw-count')).toContainText('2 of 30 rules');
    await page.getByLabel('CIDR', { exact: true }).fill('10.1.2.3/24');
    expect(await overflow(), 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page, 'firewall at 320 px');
    await screenshot(page, 'firewall-320px');
  });
});
