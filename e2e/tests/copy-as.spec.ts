// "Copy as" curl, CLI and Terraform: on the create form once the draft could be sent, and on a
// database's page behind **Copy as…** with its firewall rules; the token is never in the text.
// The exact texts are pinned by host tests (src/rules/copy_as.rs); here, what reaches the
// clipboard from the screens.
import type { APIRequestContext, Page } from '@playwright/test';
import {
  test, expect, devReset, signIn, expectNoAxeViolations, screenshot, DEV_API, DEV_TOKEN, SITE,
} from './support';

const AUTH = { Authorization: `Bearer ${DEV_TOKEN}`, Accept: 'application/json' };

test.beforeEach(async ({ request, context }) => {
  await devReset(request);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Adds a custom firewall rule to a database through devapi's Database API. */
async function addRule(request: APIRequestContext, name: string, cidr: string, label: string) {
  const database = await (await request.get(`${DEV_API}/v1/databases/${name}`, { headers: AUTH })).json();
  const addons = await (await request.get(`${DEV_API}/v1/apps/${database.database.id}/addons`, { headers: AUTH })).json();
  const response = await request.post(`${DEV_API}/api/databases/${addons.addons[0].id}/firewall_rules`, {
    headers: AUTH,
    data: { firewall_rule: { type: 'custom_range', cidr, label } },
  });
  expect(response.status()).toBe(201);
}

test('the create form copies what it would create, once it could be sent, without the token', async ({ page }) => {
  await page.goto('/sign-in?next=%2Fdatabases%2Fnew');
  await signIn(page);
  const copyAs = page.getByRole('group', { name: 'Copy as' });
  await expect(copyAs).toContainText('With a valid name and a plan');
  await expect(copyAs.getByRole('button')).toHaveCount(0);

  await page.getByLabel('Name').fill('copied-db');
  await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
  await copyAs.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(copyAs.getByRole('status').first()).toHaveText('Copied');
  expect(await clipboard(page)).toBe(
    '# SCALINGO_TOKEN: a bearer token, from POST https://auth.scalingo.com/v1/tokens/exchange\n' +
      `curl -X POST ${SITE}/api/v1/databases \\\n` +
      "  -H 'Accept: application/json' -H 'Content-Type: application/json' \\\n" +
      '  -H "Authorization: Bearer $SCALINGO_TOKEN" \\\n' +
      `  -d '{"database":{"name":"copied-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}'\n`,
  );
  await copyAs.getByRole('button', { name: 'Copy as CLI' }).click();
  await expect.poll(() => clipboard(page)).toContain(
    'database-create --type postgresql-dr --plan postgresql-dr-starter-4096 --wait copied-db',
  );
  await copyAs.getByRole('button', { name: 'Copy as Terraform' }).click();
  await expect.poll(() => clipboard(page)).toContain('resource "scalingo_database" "copied_db" {');
  expect(await clipboard(page)).not.toContain(DEV_TOKEN);
  await expectNoAxeViolations(page, 'create form with Copy as');
  await screenshot(page, 'create-copy-as');

  // A name that breaks the rule: nothing to copy until it is fixed.
  await page.getByLabel('Name').fill('Bad_Name');
  await expect(copyAs.getByRole('button')).toHaveCount(0);
});

test('a database page copies the database and its firewall rules', async ({ page, request }) => {
  await addRule(request, 'my-postgres-db', '203.0.113.0/24', 'office');
  await page.goto('/sign-in?next=%2Fdatabases%2Fmy-postgres-db');
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'my-postgres-db' })).toBeVisible();
  const toggle = page.getByRole('button', { name: 'Copy as…' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const copyAs = page.getByRole('group', { name: 'Copy as' });
  await copyAs.getByRole('button', { name: 'Copy as Terraform' }).click();
  await expect.poll(() => clipboard(page)).toContain('resource "scalingo_database" "my_postgres_db" {');
  const terraform = await clipboard(page);
  expect(terraform).toContain('  name       = "my-postgres-db"\n');
  expect(terraform).toContain('  project_id = "pr-82a3cac5-9b25-473e-b33d-6272b87e636f"\n');
  expect(terraform).toContain(
    'resource "scalingo_database_firewall_rule" "office" {\n' +
      '  database_id = scalingo_database.my_postgres_db.database_id\n' +
      '  cidr        = "203.0.113.0/24"\n' +
      '  label       = "office"\n}\n',
  );
  await copyAs.getByRole('button', { name: 'Copy as CLI' }).click();
  await expect.poll(() => clipboard(page)).toContain(
    '--database my-postgres-db database-firewall-rules-add --cidr 203.0.113.0/24 --label office',
  );
  expect(await clipboard(page)).not.toContain(DEV_TOKEN);
  await expectNoAxeViolations(page, 'database page, Copy as open');
  await screenshot(page, 'database-copy-as');
  // Closed again by the same toggle.
  await toggle.click();
  await expect(copyAs).toBeHidden();
});
