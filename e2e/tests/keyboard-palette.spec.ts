// Issue 12, "Keyboard" and "theme": the command palette (Ctrl+K), the shortcuts (/, g d, c, ?)
// and the theme (Light, Dark, System) applied before first paint. Keyboard only: no mouse event
// is sent, only keys (and addresses typed in, as a person would).
import { test, expect, devReset, expectNoAxeViolations, screenshot, DEV_TOKEN, API2, CONSOLE } from './support';
import type { APIRequestContext, Locator, Page } from '@playwright/test';

const FAR_DB = 'far-away-db';

async function createIn(request: APIRequestContext, api: string, name: string) {
  const response = await request.post(`${api}/v1/databases`, {
    headers: { Authorization: `Bearer ${DEV_TOKEN}` },
    data: { database: { name, technology: 'postgresql-dr', plan: 'postgresql-dr-starter-4096' } },
  });
  expect(response.status(), `create ${name} in ${api}`).toBe(201);
  await request.post(`${api}/__dev/settle`);
}

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/** Presses Tab until `target` has focus. */
async function tabTo(page: Page, target: Locator, step: string) {
  for (let stops = 0; stops < 60; stops++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return;
  }
  throw new Error(`${step}: not reached with Tab`);
}

/** Signs in to the Local API with keys only; ends on the list, its heading focused. */
async function signInByKeyboard(page: Page) {
  await page.goto('/sign-in');
  await expect(page.getByLabel('Local API')).toBeVisible();
  await tabTo(page, page.getByLabel('Local API'), 'choose Local API');
  await tabTo(page, page.getByLabel('Token', { exact: true }), 'the token field');
  await page.keyboard.type(DEV_TOKEN);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Databases' })).toBeFocused();
}

/** The element that has focus, as a handle to compare with later. */
async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '<body>';
    if (!el.dataset.testFocus) el.dataset.testFocus = String(Math.random());
    return el.dataset.testFocus;
  });
}

/** Ctrl+K, then waits for the palette's field to have focus (the split build fetches the
 *  palette's chunk on its first opening: keys typed before it is there are not its). */
async function openPalette(page: Page) {
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Search everything' }).getByRole('combobox')).toBeFocused();
}

const DARK_BG = 'rgb(15, 18, 23)';
const LIGHT_BG = 'rgb(246, 247, 249)';

test.beforeEach(async ({ request }) => devReset(request));

test('the palette finds a database of the second region, opens its tabs; g d, / and ? by keys alone', async ({ page, request }) => {
  await createIn(request, API2, FAR_DB);
  // The split build fetches the palette's chunk on its first opening, and only then.
  const paletteChunks: string[] = [];
  page.on('request', (r) => {
    if (/split_command_palette-[^/]*\.wasm$/.test(r.url())) paletteChunks.push(r.url());
  });
  await signInByKeyboard(page);
  const heading = page.getByRole('heading', { level: 1, name: 'Databases' });
  expect(paletteChunks, 'no palette chunk before the palette opens').toEqual([]);
  await expect(page.getByRole('columnheader', { name: 'Region' })).toBeVisible();

  // Ctrl+K: the palette, its field focused; Escape closes it and focus is back on the heading.
  const before = await focusedId(page);
  await openPalette(page);
  const palette = page.getByRole('dialog', { name: 'Search everything' });
  await expect(palette).toBeVisible();
  const combobox = palette.getByRole('combobox', { name: 'Database name or ID, or an action' });
  await expect(combobox).toBeFocused();
  await expect(combobox).toHaveAttribute('aria-expanded', 'true');
  await expect(combobox).toHaveAttribute('aria-controls', 'palette-options');
  await expectNoAxeViolations(page, 'the palette', { include: '.dialog--palette' });
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  expect(await focusedId(page), 'focus back after Escape').toBe(before);

  expect(paletteChunks, 'the palette chunk, once').toHaveLength(1);

  // Escape then Ctrl+K at once: the second key comes while the palette is closing (its close
  // event, which unmounts it, still queued); the palette opens again, fresh and focused.
  await openPalette(page);
  await page.keyboard.type('gone');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await expect(combobox).toBeFocused();
  await expect(combobox).toHaveValue('');
  // Ctrl+K in the open palette closes it, and it stays closed.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeHidden();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  await expect(palette).toBeHidden();
  expect(await focusedId(page), 'focus back after Ctrl+K').toBe(before);

  // The same made certain, whatever the machine's speed: the dialog closes and Ctrl+K comes in
  // one task, so its close event waits behind the key. The key comes to the palette's field
  // (which must leave it to the page then) or to the page itself.
  for (const target of ['#palette-query', 'body']) {
    await openPalette(page);
    await page.keyboard.type('gone');
    await page.evaluate((selector) => {
      document.querySelector<HTMLDialogElement>('dialog.dialog--palette')!.close();
      document.querySelector(selector)!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true, cancelable: true }),
      );
    }, target);
    await expect(palette, `Ctrl+K at ${target} while closing`).toBeVisible();
    await expect(combobox).toBeFocused();
    await expect(combobox).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  }

  // Part of a name that exists in the second region only: its option says the region.
  await openPalette(page);
  await expect(combobox).toBeFocused();
  await page.keyboard.type('far-aw');
  const option = palette.getByRole('option').filter({ hasText: FAR_DB });
  await expect(option).toHaveCount(1);
  await expect(option).toContainText('Local region 2');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(combobox).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? 'missing');
  await expectNoAxeViolations(page, 'the palette with a result', { include: '.dialog--palette' });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/databases/${FAR_DB}\\?region=local-fr2$`));
  await expect(page.getByRole('heading', { level: 1, name: FAR_DB })).toBeFocused();

  // On a database, its tabs are actions: Connect, by the arrow keys from the first option.
  await openPalette(page);
  await page.keyboard.type('conn');
  const connect = palette.getByRole('option').filter({ hasText: 'Tab of' }).filter({ hasText: 'Connect' });
  await expect(connect).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(connect).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/databases/${FAR_DB}/connect\\?region=local-fr2$`));
  await expect(palette).toBeHidden();

  // g then d: the list.
  await expect(page.getByRole('heading', { level: 1, name: FAR_DB })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page).toHaveURL(/\/databases$/);
  await expect(heading).toBeFocused();

  // ?: the help lists every shortcut, Ctrl+K included; Escape gives focus back.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const what of ['Ctrl', '⌘', 'g', 'd', 'c', '/', '?']) {
    await expect(help.locator('kbd', { hasText: what }).first()).toBeVisible();
  }
  await expect(help).toContainText('Search everything');
  await expectNoAxeViolations(page, 'the help', { include: '.dialog--shortcuts' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(heading).toBeFocused();

  // /: the list's Search; keys typed there are text, not shortcuts.
  await page.keyboard.press('/');
  const search = page.getByLabel('Search', { exact: true });
  await expect(search).toBeFocused();
  await page.keyboard.type('gdc?');
  await expect(search).toHaveValue('gdc?');
  await expect(page).toHaveURL(/\/databases\?q=gdc/);
  await expect(help).toBeHidden();

  // / from elsewhere: the list first, then its Search.
  await openPalette(page);
  await page.keyboard.type('New database');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/databases\/new/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('/');
  await expect(page).toHaveURL(/\/databases(\?|$)/);
  await expect(search).toBeFocused();

  // c: the create form (from a link: out of the field first).
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('main').getByRole('link', { name: 'New database' })).toBeFocused();
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/databases\/new/);
  expect(paletteChunks, 'fetched once for every opening').toHaveLength(1);
});

test('in the demo, the palette offers Reset demo, which asks first as the banner does', async ({ page }) => {
  await page.goto(CONSOLE);
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.goto(CONSOLE);
  const heading = page.getByRole('heading', { level: 1, name: 'Databases' });
  await expect(heading).toBeVisible();
  await expect(page.getByRole('link', { name: 'my-postgres-db' })).toBeVisible();
  await openPalette(page);
  const palette = page.getByRole('dialog', { name: 'Search everything' });
  await page.keyboard.type('reset');
  await expect(palette.getByRole('option', { name: /Reset demo/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const confirm = page.getByRole('dialog', { name: 'Reset the demo?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  // Its other actions are there too: Sign out, found by its words.
  await openPalette(page);
  await page.keyboard.type('sign out');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Escape');
});

test.describe('theme', () => {
  test('a stored dark theme is there before the app runs: no flash of light', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('dbconsole.theme', 'dark'));
    // The app's code is held back: what shows is index.html and the style sheet alone.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/sign-in', { waitUntil: 'commit' });
    await expect(page.locator('#boot')).toBeVisible();
    await screenshot(page, 'theme-dark-first-paint');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_BG);
    release();
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_BG);
  });

  test('Theme and Switch theme are kept across a reload', async ({ page }) => {
    await signInByKeyboard(page);
    const theme = page.getByLabel('Theme');
    await expect(theme).toHaveValue('system');
    await tabTo(page, theme, 'to Theme');
    // Light, Dark, System: one up from System is Dark.
    await page.keyboard.press('ArrowUp');
    await expect(theme).toHaveValue('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_BG);

    // The palette's Switch theme: the opposite of what is shown, kept too.
    await expect(page.getByRole('heading', { level: 1, name: 'Databases' })).toBeVisible();
    await openPalette(page);
    await page.keyboard.type('switch theme');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.getByLabel('Theme')).toHaveValue('light');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(LIGHT_BG);
    // System: nothing stored, the attribute gone.
    await tabTo(page, page.getByLabel('Theme'), 'to Theme');
    await page.keyboard.press('End');
    await expect(page.getByLabel('Theme')).toHaveValue('system');
    expect(await page.evaluate(() => localStorage.getItem('dbconsole.theme'))).toBeNull();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  });
});

test('a theme chosen in one tab applies in the others at once', async ({ page, context }) => {
  await signInByKeyboard(page);
  const other = await context.newPage();
  await other.goto('/databases');
  await expect(other.getByRole('heading', { level: 1, name: 'Databases' })).toBeVisible();
  await tabTo(page, page.getByLabel('Theme'), 'to Theme');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(other.getByLabel('Theme')).toHaveValue('dark');
});

test.describe('screens', () => {
  for (const [name, scheme, width] of [
    ['light', 'light', 1280],
    ['dark', 'dark', 1280],
    ['narrow', 'light', 320],
  ] as const) {
    test(`the palette and the help, ${name}`, async ({ page, request }) => {
      await createIn(request, API2, FAR_DB);
      await page.setViewportSize({ width, height: 720 });
      await page.emulateMedia({ colorScheme: scheme });
      await signInByKeyboard(page);
      await screenshot(page, `keys-${name}-header`);
      await openPalette(page);
      await page.keyboard.type('db');
      await expect(page.getByRole('dialog', { name: 'Search everything' }).getByRole('option').first()).toBeVisible();
      await screenshot(page, `keys-${name}-palette`);
      // Escape then ? at once, as a quick hand types them: the palette's close event (which
      // unmounts it) may run after the ? (input goes before queued tasks); the ? must still work.
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Search everything' })).toBeHidden();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await screenshot(page, `keys-${name}-help`);
    });
  }
});
