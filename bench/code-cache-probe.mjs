// Does a longer first visit leave Chromium a wasm code cache for the next one? (BENCHMARKS.md,
// "Issue 13, fifth pass".) Per run: a new profile on disk, the list page loaded in a tab kept
// open DWELL seconds, that tab closed, then (1 s later) the size of the profile's wasm code
// cache and the first row of a second tab. `make bench` closes its cold tab at once. Not part of
// `make bench`.
//
//   target/release/devapi --port 19581 --token dev-token --seed-count 100 &
//   node e2e/serve.mjs --root dist --port 19584 --api http://127.0.0.1:19581 &
//   node bench/code-cache-probe.mjs http://127.0.0.1:19584/databases 15 3
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROME_FLAGS, SESSION, SESSION_KEY } from './chromium.mjs';

const [url, dwellArg = '0', runsArg = '3'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/code-cache-probe.mjs CONSOLE_URL/databases [DWELL_S] [RUNS]');
  process.exit(2);
}

function bytesUnder(dir) {
  let total = 0;
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      total += e.isDirectory() ? bytesUnder(p) : fs.statSync(p).size;
    }
  } catch { /* not there */ }
  return total;
}

// A tab of `context` on the list; resolves with it and the frame after its first row.
async function firstRow(context) {
  const page = await context.newPage();
  await page.goto(url);
  const at = await page.waitForFunction(() => window.__firstRow, null, { polling: 20, timeout: 30_000 });
  return { page, ms: await at.jsonValue() };
}

for (let run = 1; run <= Number(runsArg); run++) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROME_FLAGS, viewport: { width: 1280, height: 800 },
  });
  try {
    await context.addInitScript(([key, session]) => {
      sessionStorage.setItem(key, session);
      new MutationObserver((_, observer) => {
        if (!document.querySelector('table tbody tr')) return;
        observer.disconnect();
        requestAnimationFrame(() => { window.__firstRow = performance.now(); });
      }).observe(document, { childList: true, subtree: true });
    }, [SESSION_KEY, SESSION]);
    const first = await firstRow(context);
    await new Promise((r) => setTimeout(r, Number(dwellArg) * 1000));
    await first.page.close();
    await new Promise((r) => setTimeout(r, 1000));
    const cached = bytesUnder(path.join(profile, 'Default', 'Code Cache', 'wasm'));
    const second = await firstRow(context);
    console.log(`run ${run}, first tab kept ${dwellArg} s: first row ${first.ms.toFixed(0)} ms; wasm code cache then ${(cached / 1024).toFixed(1)} KiB; second tab's first row ${second.ms.toFixed(0)} ms`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
