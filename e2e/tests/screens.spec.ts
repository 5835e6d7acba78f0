// Every screen, light and dark (and the list at 320 px): axe-core finds no violation, and a
// screenshot is saved to e2e/artifacts/screens/ for people to look at.
import { test, expect, devReset, devEmpty, expectNoAxeViolations, screenshot, signIn, CONSOLE } from './support';
import type { Page } from '@playwright/test';

test.use({ allowedConsoleErrors: /status of 404/ });

type Screen = { name: string; open: (page: Page) => Promise<void> };

const screens: Screen[] = [
  {
    name: 'sign-in',
    open: async (page) => {
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    },
  },
  {
    name: 'list',
    open: async (page) => {
      await page.goto('/databases');
      await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    },
  },
  {
    name: 'detail',
    open: async (page) => {
      await page.goto('/databases/my-postgres-db');
      await expect(page.getByText('Starter 4G · €75/month')).toBeVisible();
    },
  },
  {
    name: 'not-found',
    open: async (page) => {
      await page.goto('/databases/no-such-db');
      await expect(page.getByRole('heading', { name: 'Database not found' })).toBeVisible();
    },
  },
  {
    name: 'create-with-errors',
    open: async (page) => {
      await page.goto('/databases/new');
      await page.getByLabel('Name').fill('Bad_Name');
      await page.getByRole('button', { name: 'Create database' }).click();
      await expect(page.getByText('Choose a plan.')).toBeVisible();
    },
  },
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });

    test.beforeEach(async ({ page, request }) => {
      await devReset(request);
      await page.goto('/sign-in');
      await signIn(page);
    });

    for (const screen of screens) {
      test(`${screen.name}: no axe violations`, async ({ page }) => {
        if (screen.name === 'sign-in') {
          await page.getByRole('button', { name: 'Sign out' }).click();
        }
        await screen.open(page);
        await expectNoAxeViolations(page, `${screen.name} (${scheme})`);
        await screenshot(page, `${screen.name}-${scheme}`);
      });
    }

    test('empty list: no axe violations', async ({ page, request }) => {
      await devEmpty(request);
      await page.goto('/databases');
      await expect(page.getByText('No databases yet')).toBeVisible();
      await expectNoAxeViolations(page, `empty list (${scheme})`);
      await screenshot(page, `list-empty-${scheme}`);
    });
  });
}

// The dialogs and the announcements, light and dark, in the demo (no API needed).
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`dialogs, ${scheme}`, () => {
    test.use({ colorScheme: scheme, allowedConsoleErrors: /status of 401/ });

    test('Reset the demo? and Sign in again: no axe violations', async ({ page }) => {
      await page.goto(CONSOLE);
      await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
      await page.getByRole('button', { name: 'Reset demo' }).click();
      const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
      await expect(confirm).toBeVisible();
      await expectNoAxeViolations(page, `reset dialog (${scheme})`);
      await screenshot(page, `reset-dialog-${scheme}`);
      await confirm.getByRole('button', { name: 'Reset demo' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The demo was reset' })).toBeVisible();
      await expectNoAxeViolations(page, `announcement (${scheme})`);
      await screenshot(page, `announcement-${scheme}`);
      await page.getByRole('button', { name: 'Demo controls' }).click();
      await page.getByLabel('Next request fails with').selectOption('401');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByRole('dialog', { name: 'Sign in again' })).toBeVisible();
      await expectNoAxeViolations(page, `sign-in-again dialog (${scheme})`);
      await screenshot(page, `reauth-dialog-${scheme}`);
    });
  });
}

test.describe('320 px wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('the list reads without horizontal scrolling', async ({ page, request }) => {
    await devReset(request);
    await page.goto('/sign-in');
    await signIn(page);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page, 'list at 320 px');
    await screenshot(page, 'list-320px');
    await page.goto('/databases/new');
    await expect(page.getByLabel('Name')).toBeVisible();
    await screenshot(page, 'create-320px');
  });

  test('targets are at least 24 by 24 px', async ({ page, request }) => {
    await devReset(request);
    await page.goto('/sign-in');
    await signIn(page);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, select, input, [role=button]')]
        .map((el) => ({ el: el.outerHTML.slice(0, 80), box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < 24 || box.height < 24))
        .map(({ el }) => el),
    );
    expect(small).toEqual([]);
  });
});
