// Issue 10: the console behaves as people expect. One test per case found (focus, titles,
// history, new tabs, place kept, honest messages), each failing before the change.
import {
  test, expect, devReset, devStats, devSetToken, signIn, screenshot, DEV_TOKEN, CONSOLE, DATABASES_ROUTE,
} from './support';
import type { Page } from '@playwright/test';


/** Focus is on an element (never `<body>`) and drawn (`:focus-visible`). */
async function expectFocusVisible(page: Page, what = 'focus') {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'body';
          return el.matches(':focus-visible') ? 'visible' : `not visible: ${el.outerHTML.slice(0, 80)}`;
        }),
      { message: what },
    )
    .toBe('visible');
}

function focused(page: Page) {
  return page.locator(':focus');
}

function names(page: Page) {
  return page.getByRole('table').getByRole('rowheader');
}

/** A list of `count` databases served in place of devapi's, for long lists. */
async function serveLongList(page: Page, count: number) {
  const databases = Array.from({ length: count }, (_, i) => ({
    id: `id-${String(i).padStart(4, '0')}`,
    name: `db-${String(i).padStart(4, '0')}`,
    project_id: 'pr-82a3cac5-9b25-473e-b33d-6272b87e636f',
    technology: 'postgresql-dr',
    plan: 'postgresql-dr-starter-4096',
  }));
  await page.route(DATABASES_ROUTE, (route) =>
    route.request().method() === 'GET'
      ? route.fulfill({ contentType: 'application/json', body: JSON.stringify({ databases }) })
      : route.continue(),
  );
  await page.route(/\/api\/v1\/databases\/db-\d{4}$/, (route) => {
    const name = route.request().url().split('/').pop();
    const database = databases.find((d) => d.name === name);
    return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ database }) });
  });
  // The database page reads the addon too: none listed yet (what a new database answers).
  await page.route(/\/api\/v1\/apps\/id-\d{4}\/addons$/, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ addons: [] }) }),
  );
  return databases;
}

test.beforeEach(async ({ request }) => devReset(request));

test('1. Skip to content moves focus to the main content and changes nothing else', async ({ page }) => {
  await page.goto('/sign-in?next=%2Fdatabases%3Fq%3Dbackup');
  await signIn(page);
  await expect(names(page)).toHaveText(['backup-db']);
  // A fresh load: the first Tab stop of the page.
  await page.reload();
  await expect(names(page)).toHaveText(['backup-db']);
  const url = page.url();
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveText('Skip to content');
  await page.keyboard.press('Enter');
  await expect(focused(page)).toHaveAttribute('id', 'main');
  expect(page.url()).toBe(url);
  await expect(names(page)).toHaveText(['backup-db']);
});

test('2. / redirects in place: Back from the list it led to leaves the console', async ({ page }) => {
  await page.goto('about:blank');
  await page.goto('/');
  await expect(page).toHaveURL(/\/databases$/);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL('about:blank');
});

test('3. after Sign out, / opens the sign-in page, not the demo', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Demo' })).toHaveCount(0);
  // The demo is still one deliberate click away.
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
});

test.describe('4. new tabs', () => {
  test('a database opened in a new tab of a session not remembered shows without a sign-in', async ({ context }) => {
    const first = await context.newPage();
    await first.goto('/sign-in');
    await signIn(first);
    expect(await first.evaluate(() => localStorage.getItem('dbconsole.session'))).toBeNull();
    const second = await context.newPage();
    await second.goto('/databases/backup-db');
    await expect(second.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
    await expect(second).toHaveURL(/\/databases\/backup-db(\?region=[\w-]+)?$/);
    // Handed over in memory: never through localStorage.
    expect(await second.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(DEV_TOKEN);
    // Sign-out still reaches every tab.
    await first.getByRole('button', { name: 'Sign out' }).click();
    await expect(second).toHaveURL(/\/sign-in\?next=%2Fdatabases%2Fbackup-db$/);
  });

  test('the demo works in every tab', async ({ context }) => {
    const first = await context.newPage();
    await first.goto(CONSOLE);
    await expect(first.getByRole('link', { name: 'backup-db' })).toBeVisible();
    const second = await context.newPage();
    await second.goto(`${CONSOLE}databases/my-postgres-db`);
    await expect(second.getByRole('heading', { level: 1, name: 'my-postgres-db' })).toBeVisible();
    await expect(second.getByRole('region', { name: 'Demo' })).toBeVisible();
  });

  test('when the last tab closes, a session not remembered is gone', async ({ context }) => {
    const first = await context.newPage();
    await first.goto('/sign-in');
    await signIn(first);
    await first.close();
    const later = await context.newPage();
    await later.goto('/databases');
    await expect(later).toHaveURL(/\/sign-in\?next=%2Fdatabases$/);
  });
});

test('5. Back from a database opened from row 121 returns to row 121, rows and place kept', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  await serveLongList(page, 150);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('150 databases', { exact: true })).toBeVisible();
  for (const hidden of [130, 110, 90, 70, 50, 30, 10]) {
    await page.getByRole('button', { name: `Show ${Math.min(hidden, 20)} more (${hidden} not shown)` }).click();
  }
  await expect(names(page)).toHaveCount(150);
  const row121 = page.getByRole('link', { name: 'db-0120' });
  await row121.scrollIntoViewIfNeeded();
  await row121.click();
  await expect(page.getByRole('heading', { level: 1, name: 'db-0120' })).toBeVisible();
  await page.goBack();
  await expect(names(page)).toHaveCount(150);
  await expect(page.getByRole('link', { name: 'db-0120' })).toBeInViewport();
  // Focus goes back to the link that was followed.
  await expect(focused(page)).toHaveText('db-0120');
  // And Forward goes where the user was, at the top of that page.
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'db-0120' })).toBeVisible();
});

test.describe('6. focus never falls to <body>', () => {
  test.use({ allowedConsoleErrors: /status of (401|503)|Failed to load resource/ });

  test('opening New database by keyboard focuses its heading', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page);
    await page.getByRole('main').getByRole('link', { name: 'New database' }).focus();
    await page.keyboard.press('Enter');
    await expect(focused(page)).toHaveText('New database');
    await expect(focused(page)).toHaveRole('heading');
    await expectFocusVisible(page);
  });

  test('a successful create focuses the new database\'s heading and says it was created', async ({ page }) => {
    await page.goto('/sign-in?next=/databases/new');
    await signIn(page);
    await page.getByLabel('Name').fill('focus-after-create');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByLabel('Plan').press('Tab');
    await page.keyboard.press('Tab');
    await expect(focused(page)).toHaveText('Create database');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'focus-after-create' })).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'focus-after-create was created.' })).toBeVisible();
  });

  test('the Sign in again dialog opens on its token field, visibly, and gives focus back when closed', async ({ page, request }) => {
    await page.goto('/sign-in');
    await signIn(page);
    // The list read first: the token refused is the Refresh's, not the first read's.
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await devSetToken(request, 'rotated-token');
    const refresh = page.getByRole('button', { name: 'Refresh' });
    await refresh.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Token', { exact: true })).toBeFocused();
    await expectFocusVisible(page, 'the token field shows its focus');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(refresh).toBeFocused();
    // Completing it gives focus back too.
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    // Focus reaches the field a moment after the dialog shows: typing before it loses keys.
    await expect(dialog.getByLabel('Token', { exact: true })).toBeFocused();
    await page.keyboard.type('rotated-token');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(refresh).toBeFocused();
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  });

  test('Stop retrying moves focus to the error that replaces it', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page);
    // The first read in, so that the failed one is a refresh (rows on screen), not a first load.
    await expect(names(page)).toHaveCount(2);
    await page.route(DATABASES_ROUTE, (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const stop = page.getByRole('button', { name: 'Stop retrying' });
    await stop.focus();
    await page.keyboard.press('Enter');
    await expect(stop).toBeHidden();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not refresh the databases' })).toBeFocused();
  });

  test('the last Show more moves focus to the first row it drew', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page);
    await serveLongList(page, 30);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const more = page.getByRole('button', { name: 'Show 10 more (10 not shown)' });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect(more).toBeHidden();
    await expect(focused(page)).toHaveText('db-0020');
    await expectFocusVisible(page);
  });
});

test('7. Sign out leads to sign-in for the page left; signing in returns there', async ({ page }) => {
  await page.goto('/sign-in?next=%2Fdatabases%2Fbackup-db');
  await signIn(page);
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdatabases%2Fbackup-db$/);
  await signIn(page);
  await expect(page).toHaveURL(/\/databases\/backup-db(\?region=[\w-]+)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

test.describe('8. errors keep what is on screen', () => {
  test.use({ allowedConsoleErrors: /status of 500|Failed to load resource/ });

  test('a failed Refresh keeps the rows and says since when; one notice at a time', async ({ page }) => {
    await page.goto('/sign-in');
    await signIn(page);
    await expect(names(page)).toHaveCount(2);
    let fail = true;
    await page.route(DATABASES_ROUTE, (route) =>
      fail
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"boom"}' })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    const stale = page.getByRole('alert').filter({ hasText: 'Could not refresh the databases' });
    await expect(stale).toContainText('The API failed (HTTP 500): boom');
    await expect(stale).toContainText(/may be out of date: (it was last updated|they were last read) at \d\d:\d\d:\d\d/);
    await expect(names(page)).toHaveText(['backup-db', 'my-postgres-db']);
    // A refresh that is being retried: only its notice shows, not the old error beside it.
    await page.unroute(DATABASES_ROUTE);
    let refused = 0;
    await page.route(DATABASES_ROUTE, async (route) => {
      if (refused++ < 1) {
        return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"later"}' });
      }
      await new Promise((r) => setTimeout(r, 300));
      return route.continue();
    });
    await stale.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Trying again' })).toBeVisible();
    await expect(stale).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Trying again' })).toBeHidden();
    await expect(stale).toHaveCount(0);
    await expect(names(page)).toHaveText(['backup-db', 'my-postgres-db']);
    fail = false;
  });
});

test.describe('9. every route has its own title', () => {
  test.use({ allowedConsoleErrors: /status of 404/ });

  test('titles say where you are', async ({ page }) => {
    const titles: Array<[string, string]> = [];
    await page.goto('/sign-in');
    await expect(page).toHaveTitle('Sign in · Databases');
    titles.push(['/sign-in', await page.title()]);
    await signIn(page);
    const routes: Array<[string, string]> = [
      ['/databases', 'All databases · Databases'],
      ['/databases/new', 'New database · Databases'],
      ['/databases/my-postgres-db', 'my-postgres-db · Databases'],
      ['/databases/54100930736f7563d5030001', 'backup-db · Databases'],
      ['/databases/no-such-db', 'Database not found · Databases'],
      ['/no/such/page', 'Not found · Databases'],
    ];
    for (const [path, title] of routes) {
      await page.goto(path);
      await expect(page, path).toHaveTitle(title);
      titles.push([path, title]);
    }
    // And they follow the history: Back shows the title of the page it returns to.
    await page.goBack();
    await expect(page).toHaveTitle('Database not found · Databases');
    const distinct = new Set(titles.map(([, t]) => t));
    expect(distinct.size).toBe(titles.length);
  });
});

test('10. plans show their names and sort by the catalog, not by their ids', async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page);
  const plans = [
    'postgresql-dr-business-16384', 'postgresql-dr-business-4096', 'postgresql-dr-starter-8192',
  ];
  const databases = plans.map((plan, i) => ({
    id: `id-${i}`, name: `plan-db-${i}`, project_id: 'pr-82a3cac5-9b25-473e-b33d-6272b87e636f',
    technology: 'postgresql-dr', plan,
  }));
  await page.route(DATABASES_ROUTE, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ databases }) }),
  );
  await page.goto('/databases?sort=plan');
  const plansShown = page.getByRole('table').locator('td[data-label=Plan]');
  await expect(plansShown).toHaveText(['Starter 8G', 'Business 4G', 'Business 16G']);
});

test.describe('11. server messages', () => {
  test.use({ allowedConsoleErrors: /status of 422/ });

  test('a taken name says which field, and links to the database that has it', async ({ page }) => {
    await page.goto('/sign-in?next=/databases/new');
    await signIn(page);
    await page.getByLabel('Name').fill('backup-db');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    const error = page.locator('#create-name-error');
    await expect(error).toContainText('Name has already been taken');
    await error.getByRole('link', { name: 'Open backup-db' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  });
});

test('12. Cancel on the create form discards the draft', async ({ page }) => {
  await page.goto('/sign-in?next=/databases/new');
  await signIn(page);
  await page.getByLabel('Name').fill('never-mind');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/databases$/);
  await page.getByRole('main').getByRole('link', { name: 'New database' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('');
});

test.describe('13. the demo', () => {
  test.use({ allowedConsoleErrors: /status of 404/ });

  test('Reset demo asks first, and a page left open speaks of the demo, not of a token', async ({ page }) => {
    await page.goto(CONSOLE);
    await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await page.goto(CONSOLE);
    await page.getByRole('link', { name: 'New database' }).first().click();
    await page.getByLabel('Name').fill('short-lived');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'short-lived' })).toBeVisible();
    await page.getByRole('button', { name: 'Reset demo' }).click();
    const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
    await expect(confirm).toContainText('This cannot be undone');
    // Cancel (the default choice) changes nothing.
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'short-lived' })).toBeVisible();
    await page.getByRole('button', { name: 'Reset demo' }).click();
    await confirm.getByRole('button', { name: 'Reset demo' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Database not found' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('in the demo');
    await expect(page.getByRole('main')).not.toContainText('token');
  });
});

test.describe('14. the Sign in again dialog fits the window', () => {
  test.use({ allowedConsoleErrors: /status of 401/ });

  test('its Cancel button can be reached at 1280×800', async ({ page, request }) => {
    await page.goto('/sign-in');
    await signIn(page);
    await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
    await devSetToken(request, 'rotated-token');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(dialog).toBeVisible();
    const box = await dialog.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(800);
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await cancel.scrollIntoViewIfNeeded();
    await expect(cancel).toBeInViewport();
    await screenshot(page, 'reauth-dialog');
    await cancel.click();
    await expect(dialog).toBeHidden();
  });
});

test.describe('15. a slow create', () => {
  test('keeps its fields still, says what happened after the user left, and says it was created', async ({ page, request }) => {
    await page.goto('/sign-in?next=/databases/new');
    await signIn(page);
    let release: () => void = () => {};
    const held = new Promise<void>((r) => { release = r; });
    await page.route(DATABASES_ROUTE, async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await page.getByLabel('Name').fill('slow-create');
    await page.getByLabel('Plan').selectOption('postgresql-dr-starter-4096');
    await page.getByRole('button', { name: 'Create database' }).click();
    await expect(page.getByRole('button', { name: 'Creating…' })).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByLabel('Name')).toHaveAttribute('readonly', '');
    await expect(page.getByLabel('Plan')).toBeDisabled();
    // The user leaves before the answer.
    await page.getByRole('link', { name: 'All databases' }).click();
    await expect(page).toHaveURL(/\/databases$/);
    release();
    const said = page.getByRole('status').filter({ hasText: 'slow-create was created.' });
    await expect(said).toBeVisible();
    await said.getByRole('link', { name: 'Open slow-create' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'slow-create' })).toBeVisible();
    expect((await devStats(request)).requests['POST /v1/databases']).toBe(1);
  });
});

test.describe('16. small things', () => {
  test('Escape closes Demo controls and gives focus back to their button', async ({ page }) => {
    await page.goto(CONSOLE);
    const toggle = page.getByRole('button', { name: 'Demo controls' });
    await toggle.click();
    await page.getByLabel('Latency').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('Latency')).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(toggle).toBeFocused();
  });

  test('Back after signing in does not show the sign-in form', async ({ page }) => {
    await page.goto('about:blank');
    await page.goto('/databases/backup-db');
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signIn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL('about:blank');
    // A signed-in visit to the sign-in page goes on where it leads.
    await page.goto('/sign-in?next=%2Fdatabases%2Fmy-postgres-db');
    await expect(page.getByRole('heading', { level: 1, name: 'my-postgres-db' })).toBeVisible();
  });
});

test('17. before the app runs, the page already shows the header and that it is loading', async ({ page }) => {
  // The module never arrives: what people see is index.html and the style sheet alone.
  await page.route('**/*.wasm', () => {});
  await page.goto('/databases');
  await expect(page.getByText('Loading the console…')).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Databases');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  await screenshot(page, 'first-paint');
});
