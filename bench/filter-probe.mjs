// A quick look at one figure of `make bench`, for trying a change: "filter as you type, input
// event -> DOM updated" on the console only, same keystrokes, same MutationObserver rule. Not a
// substitute for `make bench` (no floor, no warm-up run, no machine record).
//
//   target/release/devapi --port 19181 --token dev-token --seed-count 10000 &
//   node e2e/serve.mjs --root target/bench/dist --port 19184 --api http://127.0.0.1:19181 &
//   node bench/filter-probe.mjs http://127.0.0.1:19184/databases 6
// (make bench serves a one-region config.json, --config: the built one's second region has no
// server here and would show a region's error above the rows.)
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROME_FLAGS, CLOCK_SELECTOR, KEYS, SESSION, SESSION_KEY } from './chromium.mjs';

const [url, runsArg = '6'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/filter-probe.mjs CONSOLE_URL/databases [RUNS]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
const all = [];
try {
  for (let run = 1; run <= Number(runsArg); run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(([key, session, clock]) => {
      sessionStorage.setItem(key, session);
      const probe = (window.__probe = { keys: [] });
      let current = null;
      window.addEventListener('input', () => {
        current = { t0: performance.now(), dom: null };
        probe.keys.push(current);
      }, true);
      new MutationObserver((records) => {
        // Not the list's "Updated … ago" clock (chromium.mjs, CLOCK_SELECTOR).
        const counts = (r) => r.target.id !== 'search'
          && !(r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement)?.closest(clock);
        if (current && records.some(counts)) current.dom = performance.now() - current.t0;
      }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    }, [SESSION_KEY, SESSION, CLOCK_SELECTOR]);
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
    await page.getByLabel('Search', { exact: true }).focus();
    for (const key of KEYS) {
      await page.keyboard.press(key);
      await page.waitForTimeout(250);
    }
    const times = await page.evaluate(() => window.__probe.keys.map((k) => k.dom));
    console.log(`run ${run}: ${times.map((t) => (t === null ? '-' : t.toFixed(1))).join(' ')}  (- = no DOM change)`);
    all.push(...times.filter((t) => t !== null));
    await context.close();
  }
} finally {
  await browser.close();
}
all.sort((a, b) => a - b);
const rank = (q) => all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)];
console.log(`${all.length} keystrokes that changed the DOM: p50 ${rank(0.5).toFixed(1)} ms, p95 ${rank(0.95).toFixed(1)} ms, max ${all[all.length - 1].toFixed(1)} ms`);
