// Issue 2: the console opens, lands on /databases, and shows the spec's example objects
// rendered from devapi over HTTP.
import { test, expect, devReset, devStats, signIn } from './support';

test.beforeEach(async ({ request }) => devReset(request));

test('lands on /databases with the spec examples from devapi', async ({ page, request }) => {
  await page.goto('/databases');
  // No session yet: the console asks where to connect, and comes back to the list.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdatabases$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/databases$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Databases' })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  // Plans by their names for people, as the detail page says them.
  await expect(rows.filter({ hasText: 'my-postgres-db' })).toContainText('Starter 4G');
  await expect(rows.filter({ hasText: 'backup-db' })).toContainText('Business 4G');
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toHaveAttribute('href', '/databases/my-postgres-db?region=local-fr1');
  const stats = await devStats(request);
  expect(stats.requests['GET /v1/databases'], 'the list came over HTTP').toBeGreaterThanOrEqual(1);
});

test('a first visit to / with no session opens the in-browser demo', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/databases$/);
  await expect(page.getByRole('region', { name: 'Demo' })).toContainText('Demo');
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});
