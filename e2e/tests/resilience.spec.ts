// Issue 6 (first part): reads are retried with backoff on 503, 429, network failures and
// timeouts, visibly and cancellably; they time out.
import { test, expect, devReset, signIn, DATABASES_ROUTE } from './support';

test.use({ allowedConsoleErrors: /status of (429|503)|Failed to load resource/ });

test.beforeEach(async ({ page, request }) => {
  await devReset(request);
  await page.goto('/sign-in');
  await signIn(page);
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

test('a 503 on a read is retried, visibly, and the list comes back', async ({ page }) => {
  let refused = 0;
  await page.route(DATABASES_ROUTE, async (route) => {
    if (refused < 1) {
      refused += 1;
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"upstream provider returned an error, please retry later"}' });
    }
    return route.continue();
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Trying again' });
  await expect(notice).toContainText('try 2 of 3');
  await expect(notice).toContainText('The API is unavailable for now');
  await expect(notice).toBeHidden();
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  expect(refused).toBe(1);
});

test('a 429 with a plain-text body is retried after a longer wait', async ({ page }) => {
  let refused = 0;
  await page.route(DATABASES_ROUTE, async (route) => {
    if (refused < 1) {
      refused += 1;
      return route.fulfill({ status: 429, contentType: 'text/plain', body: 'Retry later' });
    }
    return route.continue();
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Trying again in 1.0 s' })).toContainText('Too many requests: Retry later');
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
});

test('retries are bounded, and Stop retrying gives up at once', async ({ page }) => {
  let tries = 0;
  await page.route(DATABASES_ROUTE, (route) => {
    tries += 1;
    return route.abort('internetdisconnected');
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not reach the API', { timeout: 8_000 });
  expect(tries).toBe(3);

  tries = 0;
  await page.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('button', { name: 'Stop retrying' }).click();
  await expect(page.getByRole('button', { name: 'Stop retrying' })).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('Could not reach the API');
  // Nothing more is tried once stopped (the full schedule would have made 3 tries by now).
  const triesWhenStopped = tries;
  expect(triesWhenStopped).toBeLessThan(3);
  await page.waitForTimeout(2_500);
  expect(tries).toBe(triesWhenStopped);
});

test('a read without an answer times out (config.json request_timeout_ms)', async ({ page }) => {
  await page.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ request_timeout_ms: 600 }) }),
  );
  await page.route(DATABASES_ROUTE, () => {
    /* never answered */
  });
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Trying again' })).toContainText('did not answer within 1 s');
  await expect(page.getByRole('alert')).toContainText('The API did not answer within 1 s', { timeout: 10_000 });
});
