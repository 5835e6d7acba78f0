// What `make bench` (bench.mjs) and bench/filter-probe.mjs share: Debian's Chromium, its flags,
// the seeded session, and the keystrokes of "filter as you type".

export const CHROMIUM = '/usr/bin/chromium';
// Root needs --no-sandbox; the rest keeps Chromium off the (closed) network and quiet.
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// A Local API session with devapi's static development token (devapi --token dev-token).
export const SESSION_KEY = 'dbconsole.session';
export const SESSION = JSON.stringify({ v: 1, connection: { kind: 'local' }, token: 'dev-token' });
export const KEYS = [...'amber-or', ...Array(8).fill('Backspace')];
// The list's "Updated 12 s ago", which ticks on a 5 s clock whatever the keystrokes: its changes
// are not the filter's work and do not end a keystroke (counted, they once made its p95 several
// hundred ms).
export const CLOCK_SELECTOR = '.count--updated';

// A new context whose pages start signed in (SESSION in sessionStorage) and note when the list's
// first row appears (`window.__firstRow`, ms from navigation start), with `load(page)`: go to
// `url` and wait for that row, and `warmPage()`: a new page once a first load in this context has
// filled its HTTP cache, for a warm load to measure.
export async function listContext(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(([key, session]) => {
    sessionStorage.setItem(key, session);
    new MutationObserver(() => {
      if (window.__firstRow == null && document.querySelector('table tbody tr')) window.__firstRow = performance.now();
    }).observe(document, { childList: true, subtree: true });
  }, [SESSION_KEY, SESSION]);
  const load = async (page) => {
    await page.goto(url);
    await page.waitForFunction(() => window.__firstRow != null, null, { timeout: 60_000 });
  };
  const warmPage = async () => {
    const first = await context.newPage();
    await load(first);
    await first.close();
    return context.newPage();
  };
  return { context, load, warmPage };
}
