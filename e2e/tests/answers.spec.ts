// Issue 6: every answer the API can give has its own message; the draft is intact after each.
// Driven by the demo's fault injection (dist-console/, served under /console/).
import { test, expect, CONSOLE } from './support';
import type { Page } from '@playwright/test';


test.use({ allowedConsoleErrors: /Failed to load resource/ });

async function fillDraft(page: Page) {
  await page.goto(CONSOLE + 'sign-in');
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.goto(CONSOLE);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.getByRole('link', { name: 'New database' }).first().click();
  await page.getByLabel('Name').fill('kept-draft');
  await page.getByLabel('Plan').selectOption('postgresql-dr-business-4096');
  await page.getByLabel('Project').selectOption({ label: 'analytics' });
}

async function expectDraftIntact(page: Page) {
  await expect(page.getByLabel('Name')).toHaveValue('kept-draft');
  await expect(page.getByLabel('Plan')).toHaveValue('postgresql-dr-business-4096');
  await expect(page.getByLabel('Project')).toHaveValue('pr-5e0c9a14-3f6b-4d0e-9a8c-1b2d3e4f5a6b');
}

async function submitWith(page: Page, fault: string) {
  await page.getByRole('button', { name: 'Demo controls' }).click();
  await page.getByLabel('Next request fails with').selectOption(fault);
  await page.getByRole('button', { name: 'Create database' }).click();
}

const answers: Array<[string, string, RegExp]> = [
  ['400', '400 Bad Request', /The API could not read the request: There was a problem in the JSON you submitted/],
  ['403', '403 Forbidden', /Not allowed: You are not allowed to do this on this project/],
  ['404', '404 Not Found', /Database not found/],
  ['409', '409 Conflict', /Conflict: An operation is already running on this resource/],
  ['429', '429 Too Many Requests', /Too many requests: Retry later/],
  ['500', '500 Internal Server Error', /The API failed \(HTTP 500\): Internal error occured, we're on it!/],
  ['503', '503 Service Unavailable', /The API is unavailable for now: upstream provider returned an error/],
  ['html', 'an HTML error page', /HTTP 502 with an HTML page instead of an API answer/],
  ['empty', 'an empty body', /HTTP 502 with an empty body/],
];

for (const [code, what, message] of answers) {
  test(`create answered with ${what}: its message, the draft intact`, async ({ page }) => {
    await fillDraft(page);
    await submitWith(page, code);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The database was not created');
    await expect(alert).toContainText(message);
    await expectDraftIntact(page);
    // The fault was one-shot, and a POST is never retried for the user: submitting again works.
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page).toHaveURL(`${CONSOLE}databases/kept-draft`);
  });
}

test('402 shows the message and the billing link', async ({ page }) => {
  await fillDraft(page);
  await submitWith(page, '402');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sorry, you need to verify your account');
  const link = alert.getByRole('link', { name: 'Verify your account (opens Scalingo)' });
  await expect(link).toHaveAttribute('href', 'https://my.scalingo.com/apps/billing');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expectDraftIntact(page);
});

test('422 puts each message at its field and the rest above the form', async ({ page }) => {
  await fillDraft(page);
  await submitWith(page, '422');
  // Each message names its field, as a sentence.
  await expect(page.locator('#create-name-error')).toContainText('Name is reserved (demo fault)');
  await expect(page.getByRole('alert')).toContainText('App missing field (demo fault)');
  await expectDraftIntact(page);
});

test('401 opens sign-in; after it the draft is there', async ({ page }) => {
  await fillDraft(page);
  await submitWith(page, '401');
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await expect(dialog).toContainText('Token expired (demo fault)');
  await dialog.getByRole('button', { name: 'Try the demo' }).click();
  await expect(dialog).toBeHidden();
  await expectDraftIntact(page);
});

for (const [code, what] of [['timeout', 'no answer in time'], ['malformed', 'malformed JSON']]) {
  test(`create with ${what}: the console checks whether it happened`, async ({ page }) => {
    await fillDraft(page);
    await submitWith(page, code);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(code === 'timeout' ? 'The API did not answer within 20 s' : 'cannot read');
    // The demo did not create it (the fault replaced the answer): the console says so.
    await expect(alert).toContainText('It was not created: you can submit again');
    await expectDraftIntact(page);
  });
}

test('offline: the message, the draft intact, and the draft survives a reload', async ({ page }) => {
  await fillDraft(page);
  await page.getByRole('button', { name: 'Demo controls' }).click();
  await page.getByLabel('Offline').check();
  await page.getByRole('button', { name: 'Create database' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not reach the API', { timeout: 8_000 });
  await expectDraftIntact(page);
  await page.reload();
  await expectDraftIntact(page);
});
