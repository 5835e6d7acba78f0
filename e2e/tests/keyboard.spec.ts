// Issue 10, must show 2: every screen and dialog by keyboard alone. No mouse event is sent: only
// keys (and addresses typed in, as a person would). After each step focus is on an element,
// never `<body>`, and it is drawn (`:focus-visible`).
import { test, expect, devReset, DEV_TOKEN, CONSOLE } from './support';
import type { Locator, Page } from '@playwright/test';


async function expectFocusVisible(page: Page, step: string) {
  const state = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return 'on <body>';
    return el.matches(':focus-visible') ? 'visible' : `not drawn: ${el.outerHTML.slice(0, 100)}`;
  });
  expect(state, `focus after: ${step}`).toBe('visible');
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking focus at every stop. */
async function tabTo(page: Page, target: Locator, step: string, backwards = false) {
  for (let stops = 0; stops < 60; stops++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    await expectFocusVisible(page, `${step} (Tab stop ${stops + 1})`);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`${step}: not reached with Tab`);
}

/** Focus, after some keys: where the step says, and visible. */
async function expectFocusOn(page: Page, target: Locator, step: string) {
  await expect(target, step).toBeFocused();
  await expectFocusVisible(page, step);
}

test.beforeEach(async ({ request }) => devReset(request));

test('the Local API, from sign-in to a new database and back, by keyboard alone', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByLabel('Local API')).toBeVisible();
  await tabTo(page, page.getByLabel('Local API'), 'choose Local API');
  await tabTo(page, page.getByLabel('Token', { exact: true }), 'the token field');
  await page.keyboard.type(DEV_TOKEN);
  await page.keyboard.press('Enter');
  const list = page.getByRole('heading', { level: 1, name: 'Databases' });
  await expectFocusOn(page, list, 'signed in: the list heading');

  await tabTo(page, page.getByLabel('Search'), 'to Search');
  await page.keyboard.type('backup');
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText(['backup-db']);
  await tabTo(page, page.getByLabel('Sort by'), 'to Sort by');
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/sort=plan/);
  const row = page.getByRole('link', { name: 'backup-db' });
  await tabTo(page, row, 'to the row');
  await page.keyboard.press('Enter');
  await expectFocusOn(page, page.getByRole('heading', { level: 1, name: 'backup-db' }), 'the database heading');

  await tabTo(page, page.getByRole('button', { name: 'Copy ID' }), 'to Copy ID');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Copied' }).or(page.getByText('Could not copy'))).toBeVisible();
  await expectFocusVisible(page, 'after Copy ID');

  await page.goBack();
  await expectFocusOn(page, row, 'Back: the row that was followed');

  await tabTo(page, page.getByRole('main').getByRole('link', { name: 'New database' }), 'to New database', true);
  await page.keyboard.press('Enter');
  await expectFocusOn(page, page.getByRole('heading', { level: 1, name: 'New database' }), 'the form heading');
  await tabTo(page, page.getByLabel('Name'), 'to Name');
  await page.keyboard.type('by-keyboard');
  await tabTo(page, page.getByLabel('Plan'), 'to Plan');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Plan')).not.toHaveValue('');
  await tabTo(page, page.getByRole('button', { name: 'Create database' }), 'to Create database');
  await page.keyboard.press('Enter');
  await expectFocusOn(page, page.getByRole('heading', { level: 1, name: 'by-keyboard' }), 'the new database');

  await tabTo(page, page.getByRole('button', { name: 'Sign out' }), 'to Sign out', true);
  await page.keyboard.press('Enter');
  await expectFocusOn(page, page.getByRole('heading', { level: 1, name: 'Sign in' }), 'signed out');
});

test.describe('the demo and its dialogs', () => {
  test.use({ allowedConsoleErrors: /status of (401|404)/ });

  test('controls, Reset demo, Sign in again and the not-found pages, by keyboard alone', async ({ page }) => {
    await page.goto(CONSOLE);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expectFocusOn(page, page.getByRole('link', { name: 'Skip to content' }), 'the first stop');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, page.getByRole('main'), 'skipped to the content');

    const controls = page.getByRole('button', { name: 'Demo controls' });
    await tabTo(page, controls, 'to Demo controls', true);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Latency'), 'into the controls');
    await page.keyboard.press('Escape');
    await expectFocusOn(page, controls, 'Escape: back to Demo controls');
    await expect(page.getByLabel('Latency')).toBeHidden();

    const reset = page.getByRole('button', { name: 'Reset demo' });
    await tabTo(page, reset, 'to Reset demo', true);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
    await expectFocusOn(page, confirm.getByRole('button', { name: 'Cancel' }), 'the dialog opens on Cancel');
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expectFocusOn(page, reset, 'Escape: back to Reset demo');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await expectFocusOn(page, confirm.getByRole('button', { name: 'Reset demo' }), 'to the action');
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expectFocusOn(page, reset, 'reset done: back to Reset demo');

    // A refused token, by keyboard: the next request gets a 401.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Next request fails with'), 'to the fault');
    await page.keyboard.type('401');
    await expect(page.getByLabel('Next request fails with')).toHaveValue('401');
    const refresh = page.getByRole('button', { name: 'Refresh' });
    await tabTo(page, refresh, 'to Refresh');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await expectFocusOn(page, dialog.getByLabel('Token', { exact: true }), 'the sign-in dialog opens on Token');
    await tabTo(page, dialog.getByRole('button', { name: 'Try the demo' }), 'to Try the demo');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expectFocusOn(page, refresh, 'signed in again: back to Refresh');

    await page.goto(`${CONSOLE}databases/no-such-db`);
    await expect(page.getByRole('heading', { level: 1, name: 'Database not found' })).toBeVisible();
    const back = page.getByRole('link', { name: 'Back to the databases' });
    await tabTo(page, back, 'to Back to the databases');
    await page.keyboard.press('Enter');
    await expectFocusOn(page, page.getByRole('heading', { level: 1, name: 'Databases' }), 'the list again');

    await page.goto(`${CONSOLE}no/such/page`);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await tabTo(page, page.getByRole('link', { name: 'Back to the databases' }), 'out of the 404');
  });
});
