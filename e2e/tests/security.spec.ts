// Issue 6 (part): the Content Security Policy is in force, and the token stays where it belongs.
import { test as plainTest } from '@playwright/test';
import { test, expect, devReset, signIn, DEV_TOKEN, CORS_API, CORS_TOKEN } from './support';

test.beforeEach(async ({ request }) => {
  await devReset(request);
  await devReset(request, CORS_API);
});

test('the app runs under its CSP with no violation', async ({ page }) => {
  // The fixture fails this test on any securitypolicyviolation event.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'backup-db' })).toBeVisible();
  await page.getByRole('link', { name: 'backup-db' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
});

// This one provokes a violation on purpose, so it uses Playwright's plain `test`.
plainTest('the built page carries a strict CSP that refuses injected scripts', async ({ page }) => {
  await page.goto('/sign-in');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).toMatch(/connect-src 'self'/);
  // An injected inline script is refused (and reported, which this test expects).
  const blocked = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.head.appendChild(script);
        setTimeout(() => resolve('none'), 1000);
      }),
  );
  expect(blocked).toContain('script-src');
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test('the token is sent only to the API it was given for, never in a URL, never in full in the DOM', async ({ page }) => {
  const leaks: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    const auth = request.headers()['authorization'] ?? '';
    if (url.includes(CORS_TOKEN) || url.includes(DEV_TOKEN)) leaks.push(`in URL: ${url}`);
    // The Database API is reached through the same API (lifecycle-api.md section 11, under /api/).
    const given = url.startsWith(`${CORS_API}/v1/`) || url.startsWith(`${CORS_API}/api/`);
    if (auth.includes(CORS_TOKEN) && !given) leaks.push(`to ${url}`);
  });
  page.on('console', (m) => {
    if (m.text().includes(CORS_TOKEN)) leaks.push(`in console: ${m.text()}`);
  });
  await page.goto('/sign-in');
  await signIn(page, { apiUrl: CORS_API, token: CORS_TOKEN });
  await page.getByRole('link', { name: 'backup-db' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'backup-db' })).toBeVisible();
  await page.goto('/databases/new');
  await expect(page.getByLabel('Name')).toBeVisible();
  const dom = await page.evaluate(() => document.documentElement.outerHTML);
  expect(dom).not.toContain(CORS_TOKEN);
  expect(leaks).toEqual([]);
});
