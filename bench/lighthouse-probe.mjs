// One Lighthouse run of the list page, with its metrics and what held them back: which element
// was the LCP, the main thread's work by kind, and the long tasks. For a look behind `make
// bench`'s Lighthouse scores (which keep the median only). A remembered session (localStorage),
// one visit first when FIRST_VISIT is not 1 (so the kept list and its drawing are there, as on a
// repeat visit), the HTTP cache emptied before the run.
// Usage: node bench/lighthouse-probe.mjs URL/databases [desktop|mobile]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, CHROME_FLAGS, SESSION, SESSION_KEY } from './chromium.mjs';

const [url, preset = 'mobile'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/lighthouse-probe.mjs URL/databases [desktop|mobile]');
  process.exit(2);
}
const port = 18199;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-probe-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, viewport: null, args: [...CHROME_FLAGS, `--remote-debugging-port=${port}`],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(new URL('/', url).href, { waitUntil: 'domcontentloaded' });
  await page.evaluate(([k, v]) => { localStorage.setItem(k, v); sessionStorage.clear(); }, [SESSION_KEY, SESSION]);
  if (process.env.FIRST_VISIT !== '1') {
    await page.goto(url);
    await page.waitForFunction(() => localStorage.getItem('dbconsole.paint') !== null, null, { timeout: 30_000 });
    const kept = await page.evaluate(() => ['dbconsole.paint', 'dbconsole.list', 'dbconsole.projects'].map((k) => `${k} ${(localStorage.getItem(k) ?? '').length} characters`));
    console.log(`kept after the first visit: ${kept.join(', ')}`);
  }
  await page.goto('about:blank');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], disableStorageReset: true };
  const { lhr } = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  const a = lhr.audits;
  console.log(`${preset}: performance ${Math.round(lhr.categories.performance.score * 100)}`);
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index', 'cumulative-layout-shift', 'interactive']) {
    console.log(`  ${id}: ${a[id].displayValue} (score ${a[id].score})`);
  }
  const lcp = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  if (lcp) console.log(`  LCP element: ${lcp.nodeLabel} — ${lcp.snippet}`);
  for (const item of a['mainthread-work-breakdown']?.details?.items ?? []) console.log(`  main thread ${item.groupLabel}: ${Math.round(item.duration)} ms`);
  for (const item of (a['long-tasks']?.details?.items ?? []).slice(0, 8)) console.log(`  long task at ${Math.round(item.startTime)} ms: ${Math.round(item.duration)} ms (${item.url})`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
