#!/usr/bin/env node
// `make bench` (scripts/bench.sh starts the servers, then runs this): the console beside a plain
// HTML floor in Debian's Chromium, headless, with Playwright (playwright-core) and Lighthouse.
//
//   node bench.mjs CONFIG.json
//
// CONFIG (written by scripts/bench.sh): { runs, warmup, lhRuns, dist, benchmarksFile, meta,
//   sizes: [{ n, api, console, floor }] }, where `console` and `floor` are origins.
// Measures (issue 13): the bytes (first load, lazy chunks, whole site; raw, gzip, brotli); the
// time to the first and last row at each size, console and floor, cold (a new browser profile)
// and warm (a second tab of that profile: HTTP cache and code cache kept); filter as you type and
// memory at the largest size; Lighthouse desktop and mobile. Issue 13's targets are printed with
// pass/FAIL beside the figures.
// Prints the tables and writes them to the `make bench` section of BENCHMARKS.md (other sections
// are kept). Never fails because a figure misses its target; fails only if it cannot measure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { firstLoadFiles as sharedFirstLoadFiles } from '../scripts/first-load.mjs';
import { CHROMIUM, CHROME_FLAGS, CLOCK_SELECTOR, KEYS, SESSION, SESSION_KEY } from './chromium.mjs';

const LOAD_TIMEOUT_MS = 60_000;
const KEY_TIMEOUT_MS = 60_000; // a keystroke that takes longer fails the run
const QUIET_MS = 500;
const SETTLE_MS = 500; // a windowed list counts as settled after this long without a row change
const VIEWPORT = { width: 1280, height: 800 };
const WARM_GAP_MS = 1000; // between closing the cold tab and opening the warm one
const KEPT_LIST_KEY = 'dbconsole.list'; // src/state/list_cache.rs KEY
const PAINT_KEY = 'dbconsole.paint'; // src/state/list_paint.rs KEY
// A tab whose window.name is this keeps its sessionStorage across the reload (the repeat visit).
const REPEAT_NAME = 'bench-repeat';
const REPEAT_GAP_MS = 500; // after the warm tab's list settled: its kept list and drawing stored

// Issue 13's targets (printed with pass/FAIL, never asserted).
const BUDGET_KIB = 200; // list page first load, gzip
const FIRST_ROW_RATIO = 1.2; // first row, console / floor, every size, cold and warm
const LAST_ROW_RATIO = 1.5; // last row at 10,000, console / floor
const FILTER_P95_MS = 8; // input event -> DOM updated
const LH_DESKTOP_PERF = 100;
const LH_MOBILE_PERF = 95;
const LH_A11Y = 100;

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const log = (...a) => process.stderr.write(`bench: ${a.join(' ')}\n`);

// ---------- statistics ----------
function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * v.length)); // nearest rank
  return v[rank - 1];
}
const median = (v) => {
  const s = v.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p95 = (v) => quantile(v, 0.95);
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const mib = (x) => (Number.isFinite(x) ? `${(x / 1048576).toFixed(1)} MiB` : 'n/a');
const kib = (x) => `${(x / 1024).toFixed(1)} KiB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

// ---------- 1. bytes: first load, lazy chunks, whole site ----------
// Each file raw, gzip (the .gz beside it, else zlib -9) and brotli (the .br beside it, else Node's
// zlib at quality 11, as scripts/compress.mjs; `brFile` says which).
const TEXT_EXT = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map', '.webmanifest']);
function measureFile(dist, f) {
  const p = path.join(dist, f);
  const buf = fs.readFileSync(p);
  const gz = fs.existsSync(`${p}.gz`) ? fs.statSync(`${p}.gz`).size : zlib.gzipSync(buf, { level: 9 }).length;
  const brFile = fs.existsSync(`${p}.br`);
  const br = brFile ? fs.statSync(`${p}.br`).size : zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT_EXT.has(path.extname(f)) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
  return { file: f, raw: buf.length, gz, br, brFile };
}
const sumBytes = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz, br: t.br + r.br, brFile: t.brFile && r.brFile }), { raw: 0, gz: 0, br: 0, brFile: true });

// What the list page fetches before its first row, from the files themselves (as
// scripts/sizes.mjs finds it): index.html, what it links (stylesheet, modulepreload, preload) and
// imports (its inline module scripts, their module_or_path), the static imports of those JS files,
// transitively. config.json is fetched at start too (counted apart: served raw).
function firstLoadFiles(dist) {
  const first = sharedFirstLoadFiles(dist);
  first.delete('config.json');
  return first;
}

function bytes(dist) {
  // Every file a browser can be sent: not the .gz/.br copies, not 404.html (index.html's copy).
  const all = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(path.join(dist, dir), { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (!/\.(gz|br)$/.test(e.name) && rel !== '404.html') all.push(rel);
    }
  })('');
  let first = firstLoadFiles(dist);
  let found = 'from index.html and the static imports';
  if (![...first].some((f) => f.endsWith('.wasm'))) {
    // The page's markup changed beyond what the discovery reads: every .wasm/.js/.css that is
    // not a lazy chunk, as before (and say so).
    first = new Set(all.filter((f) => (/\.(wasm|js|css)$/.test(f) && !/(^|\/)(split|chunk)_/.test(f)) || f === 'index.html'));
    found = 'no .wasm found from index.html: every .wasm/.js/.css but split_*/chunk_*';
  }
  const order = (f) => ['.wasm', '.js', '.css', '.html'].findIndex((e) => f.endsWith(e));
  const rows = [...first].sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((f) => measureFile(dist, f));
  const total = sumBytes(rows);
  // config.json is fetched at start too; dist.sh leaves it uncompressed, so it travels raw.
  const configRaw = fs.existsSync(path.join(dist, 'config.json')) ? fs.statSync(path.join(dist, 'config.json')).size : 0;
  const budgetBytes = total.gz + configRaw;
  // Lazy: split_*.wasm, chunk_*.wasm, and any other .wasm/.js the first load does not fetch.
  const lazyRows = all.filter((f) => /\.(wasm|js)$/.test(f) && !first.has(f)).sort((a, b) => {
    const rank = (f) => (/(^|\/)split_/.test(f) ? 0 : /(^|\/)chunk_/.test(f) ? 1 : 2);
    return rank(a) - rank(b) || a.localeCompare(b);
  }).map((f) => measureFile(dist, f));
  const siteRows = all.map((f) => measureFile(dist, f));
  return {
    rows, total, configRaw, budgetBytes, budgetPass: budgetBytes <= BUDGET_KIB * 1024, found,
    lazyRows, lazyTotal: sumBytes(lazyRows), siteFiles: siteRows.length, siteTotal: sumBytes(siteRows),
  };
}

// ---------- in-page probes (installed by addInitScript, before any page script) ----------
function probe(cfg) {
  if (cfg.session && location.origin === cfg.sessionOrigin) {
    try { sessionStorage.setItem(cfg.sessionKey, cfg.session); } catch { /* storage off */ }
  }
  // A new tab has no sessionStorage, so no kept list (src/state/list_cache.rs) and no drawing of
  // it (src/state/list_paint.rs): make sure of it. Not on the repeat visit, a reload of a tab.
  if (window.name !== cfg.repeatName) {
    try {
      sessionStorage.removeItem(cfg.keptListKey);
      sessionStorage.removeItem(cfg.paintKey);
    } catch { /* storage off */ }
  }
  const B = (window.__bench = { firstRow: null, lastRow: null, rows: 0, total: null, windowed: false, keys: [], memories: [] });
  // Keep the WebAssembly.Memory of any instance, in case the glue does not export it.
  const keep = (r) => {
    try {
      const inst = r && r.instance ? r.instance : r;
      for (const v of Object.values((inst && inst.exports) || {})) if (v instanceof WebAssembly.Memory) B.memories.push(v);
    } catch { /* not an instance */ }
    return r;
  };
  if (WebAssembly.instantiateStreaming) {
    const orig = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = function (...a) { return orig.apply(this, a).then(keep); };
  }
  const origInst = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { return origInst.apply(this, a).then(keep); };

  // Time to the list: first row with a box, then the last row in the DOM (or, when the table says
  // data-total-rows, the rendered rows settled), each stamped at the next animation frame.
  let firstPending = false;
  let lastPending = false;
  let settleTimer = null;
  let lastCandidate = null;
  const check = () => {
    const tb = document.querySelector('table tbody');
    if (!tb) return;
    if (!firstPending) {
      const tr = tb.querySelector('tr');
      if (tr) {
        const r = tr.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) {
          firstPending = true;
          requestAnimationFrame(() => { B.firstRow = performance.now(); });
        }
      }
    }
    if (lastPending) return;
    const table = tb.closest('table');
    const attr = table && table.getAttribute('data-total-rows');
    B.rows = tb.rows.length;
    B.windowed = attr !== null;
    B.total = B.windowed ? Number(attr) : B.rows;
    if (!B.windowed) {
      if (B.rows === cfg.expected) {
        lastPending = true;
        requestAnimationFrame(() => { B.lastRow = performance.now(); loadObserver.disconnect(); });
      }
    } else if (B.rows > 0) {
      requestAnimationFrame(() => { lastCandidate = performance.now(); });
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        lastPending = true;
        B.lastRow = lastCandidate;
        loadObserver.disconnect();
      }, cfg.settleMs);
    }
  };
  const loadObserver = new MutationObserver(check);
  loadObserver.observe(document, { childList: true, subtree: true });

  // Filter as you type, two figures per keystroke, from the input event (capturing, first
  // listener): `dom`, when its DOM changes are done (the last MutationObserver callback before
  // the next keystroke: mutations are delivered at the end of the task or microtask that made
  // them), and `dt`, the next animation frame after the first change. The field itself excluded.
  let pending = null;
  let current = null;
  let filterObserver = null;
  // Not the list's "Updated … ago" clock (chromium.mjs, CLOCK_SELECTOR).
  const isClock = (node) => {
    const at = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return Boolean(at && at.closest(cfg.clockSelector));
  };
  window.addEventListener('input', (e) => {
    if (!B.filterArmed) return;
    const field = e.target;
    const k = { t0: performance.now(), value: field.value, dt: null, dom: null, idle: null, settled: null, handled: null };
    B.keys.push(k);
    pending = k;
    current = k;
    // For a keystroke that changes nothing on screen (same rows, same count), `handled`: when
    // its handlers and their microtasks are done. A listener added now, on the window in the
    // bubbling phase, is the event's last; the browser runs the microtasks of each listener
    // before the next one, so this one starts when every other and its microtasks have run.
    window.addEventListener('input', () => { k.handled = performance.now() - k.t0; }, { once: true });
    // `settled`: when a task posted now runs (a frame may be drawn before it: the first measure,
    // kept beside the other), and `idle`, the frame after that.
    setTimeout(() => {
      k.settled = performance.now() - k.t0;
      requestAnimationFrame(() => { k.idle = performance.now() - k.t0; k.idleAt = performance.now(); });
    }, 0);
    if (!filterObserver) {
      filterObserver = new MutationObserver((records) => {
        if (!current) return;
        if (!records.some((r) => r.target !== field && !field.contains(r.target) && !isClock(r.target))) return;
        current.dom = performance.now() - current.t0;
        if (!pending) return;
        const done = pending;
        pending = null;
        requestAnimationFrame(() => { done.dt = performance.now() - done.t0; });
      });
      filterObserver.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    }
  }, true);
}

async function wasmMemoryBytes(page) {
  return page.evaluate(() => {
    const found = (v) => v instanceof WebAssembly.Memory;
    const b = window.wasmBindings;
    if (b) {
      const direct = b.__wbindgen_export_0 && b.__wbindgen_export_0.buffer ? b.__wbindgen_export_0 : null;
      if (direct && found(direct)) return { bytes: direct.buffer.byteLength, via: 'window.wasmBindings.__wbindgen_export_0' };
      for (const [k, v] of Object.entries(b)) if (found(v)) return { bytes: v.buffer.byteLength, via: `window.wasmBindings.${k}` };
    }
    const m = window.__bench && window.__bench.memories[0];
    if (m) return { bytes: m.buffer.byteLength, via: 'the instance exports (WebAssembly.instantiate*)' };
    return { bytes: NaN, via: 'n/a' };
  });
}

// Bytes under a folder of the profile (the code cache: Default/Code Cache/{js,wasm}).
function dirBytes(dir) {
  let total = 0;
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      total += e.isDirectory() ? dirBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
    }
  } catch { /* not there */ }
  return total;
}

// One page (tab) of `context` loading `url`; with `filter`, then the keystrokes; with `memory`,
// the heap once settled. The tab is closed at the end. `fromCache` / `requests`: the page's own
// files (same origin, not /api/) that Chromium served from its HTTP cache / asked for at all.
async function onePage(context, { url, origin, expected, filter, memory, repeat }) {
  const page = await context.newPage();
  try {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const net = await context.newCDPSession(page);
    const seen = new Map();
    const cached = new Set();
    net.on('Network.requestWillBeSent', (e) => { seen.set(e.requestId, e.request.url); });
    net.on('Network.requestServedFromCache', (e) => { cached.add(e.requestId); });
    net.on('Network.responseReceived', (e) => { if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId); });
    await net.send('Network.enable');
    await page.goto(url, { waitUntil: 'commit' });
    const settled = async () => {
      try {
        await page.waitForFunction(() => window.__bench && window.__bench.firstRow !== null && window.__bench.lastRow !== null, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
      } catch (e) {
        const state = await page.evaluate(() => window.__bench && { rows: window.__bench.rows, firstRow: window.__bench.firstRow }).catch(() => null);
        throw new Error(`${url}: the list did not settle in ${LOAD_TIMEOUT_MS / 1000} s (expected ${expected} rows, saw ${JSON.stringify(state)}; page errors: ${errors.join(' | ') || 'none'})`);
      }
      return page.evaluate(() => ({ firstRow: window.__bench.firstRow, lastRow: window.__bench.lastRow, rows: window.__bench.rows, total: window.__bench.total, windowed: window.__bench.windowed }));
    };
    const out = await settled();
    // Not the API: /api/, and /api2/ (config.json's second local region, not proxied here).
    const own = [...seen].filter(([, u]) => u.startsWith(`${origin}/`) && !/^\/api\d*\//.test(u.slice(origin.length)));
    out.requests = own.length;
    out.fromCache = own.filter(([id]) => cached.has(id)).length;
    await net.detach().catch(() => {});
    if (repeat) {
      // The repeat visit: this tab reloaded, its sessionStorage kept (the list and its drawing,
      // up to 2,000 rows), its files in the HTTP cache.
      await page.waitForTimeout(REPEAT_GAP_MS);
      await page.evaluate((name) => { window.name = name; }, REPEAT_NAME);
      await page.reload({ waitUntil: 'commit' });
      out.repeat = await settled();
    }
    if (memory) {
      await page.waitForTimeout(300);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.detach();
      out.jsHeap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : NaN));
      const w = await wasmMemoryBytes(page);
      out.wasm = w.bytes;
      out.wasmVia = w.via;
    }
    if (filter) {
      const field = page.getByLabel('Search', { exact: true });
      await field.focus();
      await page.evaluate(() => { window.__bench.filterArmed = true; });
      out.keys = [];
      for (let i = 0; i < KEYS.length; i++) {
        await page.keyboard.press(KEYS[i]);
        // Done when the DOM changed (dt), or when nothing changed for QUIET_MS after the frame
        // that follows the input's handlers (idle: counted, and marked as such).
        const h = await page.waitForFunction(([j, quiet]) => {
          const k = window.__bench.keys[j];
          if (!k) return false;
          if (k.dt !== null) return { dt: k.dt, changed: true };
          if (k.idle !== null && performance.now() - k.idleAt > quiet) return { dt: k.idle, changed: false };
          return false;
        }, [i, QUIET_MS], { timeout: KEY_TIMEOUT_MS, polling: 'raf' });
        out.keys.push(await h.jsonValue());
        // Let the page render and go idle before the next keystroke.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
      }
      // The last DOM change of each keystroke, now that every one has had time to land.
      const settled = await page.evaluate(() => window.__bench.keys.map((k) => ({ dom: k.dom !== null ? k.dom : k.handled, task: k.dom !== null ? k.dom : k.settled })));
      out.keys.forEach((k, i) => { k.dom = settled[i].dom; k.task = settled[i].task; });
      out.filterEnd = await page.evaluate(() => document.querySelector('.count, [role=status]')?.textContent ?? '');
    }
    return out;
  } finally {
    await page.close().catch(() => {});
  }
}

// One run: a new browser profile (on disk, as a user's: an off-the-record context has no code
// cache), a first navigation elsewhere (the browser's start-up), the cold load in a new tab (with the filter and memory figures when asked), that tab
// closed, then the warm load in a new tab of the same profile: the HTTP cache and Chromium's
// code cache (wasm, JS) as the first visit left them, but a new tab's empty sessionStorage (no
// kept list; the session itself is seeded again, as for the cold tab).
async function oneRun(opts) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROME_FLAGS, '--enable-precise-memory-info'],
      viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC', colorScheme: 'light', serviceWorkers: 'block',
    });
    await context.addInitScript(probe, {
      session: opts.session ? SESSION : null,
      sessionKey: SESSION_KEY,
      sessionOrigin: opts.origin,
      keptListKey: KEPT_LIST_KEY,
      paintKey: PAINT_KEY,
      repeatName: REPEAT_NAME,
      expected: opts.expected,
      settleMs: SETTLE_MS,
      clockSelector: CLOCK_SELECTOR,
    });
    // A fresh browser's first navigation pays for its own start (network service, disk cache,
    // renderer): paid here, on the API's origin (nothing of the page's own origin is cached).
    const primer = context.pages()[0] || (await context.newPage());
    await primer.goto(`${opts.api}/`, { waitUntil: 'load' }).catch(() => {});
    await primer.goto('about:blank');
    const cold = await onePage(context, opts);
    await new Promise((r) => setTimeout(r, WARM_GAP_MS));
    const codeCache = { js: dirBytes(path.join(profile, 'Default', 'Code Cache', 'js')), wasm: dirBytes(path.join(profile, 'Default', 'Code Cache', 'wasm')) };
    const warm = await onePage(context, { ...opts, filter: false, memory: false, repeat: true });
    return { cold, warm, repeat: warm.repeat, codeCache };
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function series(label, opts, runs, warmup) {
  const out = { cold: [], warm: [], repeat: [], codeCache: [] };
  const one = (r) => `first ${r.firstRow.toFixed(1)} ms, last ${r.lastRow.toFixed(1)} ms, ${r.fromCache}/${r.requests} from cache`;
  for (let i = 0; i < warmup + runs; i++) {
    const r = await oneRun(opts);
    if (i >= warmup) {
      out.cold.push(r.cold);
      out.warm.push(r.warm);
      out.repeat.push(r.repeat);
      out.codeCache.push(r.codeCache);
    }
    const c = r.cold;
    log(`${label} run ${i + 1 - warmup}/${runs}${i < warmup ? ' (warm-up)' : ''}: rows ${c.rows}${c.windowed ? ` of ${c.total} (windowed)` : ''}; cold ${one(c)}; warm ${one(r.warm)}; repeat first ${r.repeat.firstRow.toFixed(1)} ms; code cache after the cold tab js ${kib(r.codeCache.js)}, wasm ${kib(r.codeCache.wasm)}${c.keys ? `; keys (DOM updated) p50 ${median(c.keys.map((k) => k.dom)).toFixed(1)} ms, max ${Math.max(...c.keys.map((k) => k.dom)).toFixed(1)} ms` : ''}`);
  }
  return out;
}

// ---------- 6. Lighthouse ----------
async function lighthouseRuns(origin, runs) {
  const out = { desktop: { performance: [], accessibility: [] }, mobile: { performance: [], accessibility: [] }, error: null, version: null };
  let lighthouse;
  let desktopConfig;
  try {
    ({ default: lighthouse } = await import('lighthouse'));
    ({ default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js'));
    out.version = JSON.parse(fs.readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url), 'utf8')).version;
  } catch (e) {
    out.error = `cannot load the lighthouse package: ${e.message}`;
    return out;
  }
  const port = 18190;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lh-'));
  let context = null;
  try {
    // A persistent context is Chromium's default one: the tabs Lighthouse opens through the
    // debugging port share its localStorage ("remembered" session; sessionStorage would not
    // survive a new tab). viewport null: Playwright must not emulate over Lighthouse.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: null,
      args: [...CHROME_FLAGS, `--remote-debugging-port=${port}`],
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(([k, v]) => { localStorage.setItem(k, v); sessionStorage.clear(); }, [SESSION_KEY, SESSION]);
    await page.goto('about:blank');
    // --disable-storage-reset keeps the session but also the HTTP cache, which now holds the
    // hashed files for a year (e2e/serve.mjs): emptied before each run, so that every Lighthouse
    // run is a first visit, as Lighthouse means it (and as before those headers).
    const cdp = await context.newCDPSession(page);
    for (const preset of ['desktop', 'mobile']) {
      for (let i = 0; i < runs; i++) {
        await cdp.send('Network.clearBrowserCache');
        const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: true };
        const result = await lighthouse(`${origin}/databases`, flags, preset === 'desktop' ? desktopConfig : undefined);
        const lhr = result && result.lhr;
        if (!lhr) throw new Error('Lighthouse returned no result');
        if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        const perf = lhr.categories.performance.score;
        const a11y = lhr.categories.accessibility.score;
        out[preset].performance.push(perf === null ? NaN : Math.round(perf * 100));
        out[preset].accessibility.push(a11y === null ? NaN : Math.round(a11y * 100));
        if (lhr.finalDisplayedUrl && !lhr.finalDisplayedUrl.includes('/databases')) {
          out.warning = `Lighthouse ended on ${lhr.finalDisplayedUrl} (not the list: session not seen?)`;
        }
        if (preset === 'desktop' && i === 0) {
          const failed = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0));
          out.a11yFailures = failed.map((a) => a.id);
          out.lcp = lhr.audits['largest-contentful-paint']?.displayValue;
          out.tbt = lhr.audits['total-blocking-time']?.displayValue;
        }
        log(`lighthouse ${preset} run ${i + 1}/${runs}: performance ${out[preset].performance.at(-1)}, accessibility ${out[preset].accessibility.at(-1)}`);
      }
    }
  } catch (e) {
    out.error = String(e.message || e).split('\n')[0];
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

// ---------- report ----------
function report(fl, loads, filt, mem, lh) {
  const L = [];
  const m = config.meta;
  L.push(`Command: \`${m.command}\` (${config.runs} measured runs per figure after ${config.warmup} warm-up, each a cold load then a warm one; median and p95, nearest rank; Lighthouse ${config.lhRuns} run(s) per preset, median and worst)`);
  L.push('');
  L.push(`Machine: ${m.nproc} cores, ${m.cpu}, ${m.ram} RAM; ${m.chromium}; Node ${process.version}; playwright-core ${m.playwright}.`);
  L.push(`Date: ${m.date}. Commit: \`${m.commit}\`. Load average (1, 5, 15 min) before measuring ${m.loadStart ?? 'n/a'}, after ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}: timings on a shared 2-core machine move with it.`);
  L.push('');
  const brCell = (r) => `${kib(r.br)}${r.brFile ? '' : '*'}`;
  const byteTable = (rows, total, totalLabel) => {
    L.push('| file | raw | gzip -9 | brotli 11 |');
    L.push('|---|---:|---:|---:|');
    for (const r of rows) L.push(`| ${r.file} | ${kib(r.raw)} | ${kib(r.gz)} | ${brCell(r)} |`);
    L.push(`| **${totalLabel}** | **${kib(total.raw)}** | **${kib(total.gz)}** | **${brCell(total)}** |`);
  };
  L.push('### First load (release build, scripts/dist.sh)');
  L.push('');
  byteTable(fl.rows, fl.total, 'total');
  L.push('');
  L.push(`The files the list page fetches before its first row (${fl.found}). Target: list page first load ≤ ${BUDGET_KIB} KiB gzip (the files above gzip, plus config.json served raw, ${fl.configRaw} B): ${kib(fl.budgetBytes)}, **${fl.budgetPass ? 'pass' : 'FAIL'}**.`);
  L.push('');
  L.push(`### Lazy chunks (every .wasm/.js not in the first load: each fetched when a screen that needs it first opens)`);
  L.push('');
  if (fl.lazyRows.length) byteTable(fl.lazyRows, fl.lazyTotal, `all ${fl.lazyRows.length} lazy files`);
  else L.push('None.');
  L.push('');
  L.push('### Whole site');
  L.push('');
  L.push('| files | raw | gzip -9 | brotli 11 |');
  L.push('|---|---:|---:|---:|');
  L.push(`| ${fl.siteFiles} (every file a browser can be sent: not the .gz/.br copies, not 404.html) | ${kib(fl.siteTotal.raw)} | ${kib(fl.siteTotal.gz)} | ${brCell(fl.siteTotal)} |`);
  L.push('');
  L.push('gzip: the .gz beside the file, else zlib -9; brotli: the .br beside the file, else Node\'s zlib at quality 11 (marked *, e.g. config.json, shipped without copies).');
  L.push('');
  L.push('### Time to the list (from navigation start, in the page)');
  L.push('');
  L.push('| databases | figure | cache | console median | console p95 | floor median | floor p95 | console / floor (median) |');
  L.push('|---:|---|---|---:|---:|---:|---:|---:|');
  const firstRatios = [];
  for (const s of loads) {
    const windowed = s.console.cold.some((r) => r.windowed);
    for (const [key, name] of [['firstRow', 'first row visible'], ['lastRow', windowed ? 'rows in view settled (windowed)' : 'last row in DOM']]) {
      for (const cache of ['cold', 'warm', 'repeat']) {
        const cv = s.console[cache].map((r) => r[key]);
        const fv = s.floor[cache].map((r) => r[key]);
        L.push(`| ${s.n.toLocaleString('en-US')} | ${name} | ${cache} | ${ms(median(cv))} | ${ms(p95(cv))} | ${ms(median(fv))} | ${ms(p95(fv))} | ${ratio(median(cv), median(fv))} |`);
        if (key === 'firstRow' && cache !== 'repeat') firstRatios.push({ n: s.n, cache, r: median(cv) / median(fv) });
      }
    }
  }
  L.push('');
  const cacheNote = (kind) => {
    const all = loads.flatMap((s) => s[kind].warm);
    const cold = loads.flatMap((s) => s[kind].cold);
    const sum = (v, k) => v.reduce((t, r) => t + r[k], 0);
    return `${kind}: warm ${sum(all, 'fromCache')} of ${sum(all, 'requests')} from the HTTP cache, cold ${sum(cold, 'fromCache')} of ${sum(cold, 'requests')}`;
  };
  const codeCache = loads.flatMap((s) => s.console.codeCache);
  L.push(`Cold: a new browser profile (empty HTTP cache and code cache). Warm: in the same profile, after the cold tab closed (${WARM_GAP_MS} ms later), a new tab: the HTTP cache and Chromium's code cache as the first visit left them, a new tab's empty sessionStorage (no kept list; the session seeded again), the API read again. Repeat: that warm tab reloaded (${REPEAT_GAP_MS} ms after its list settled), its sessionStorage kept: the kept list and the page as drawn (src/state/list_paint.rs), both only up to 2,000 rows, so at 10,000 a reload with the HTTP cache only; the floor's tab reloaded the same way; not one of the issue's targets, which are cold and warm. The pages' own files requests, all runs (${cacheNote('console')}; ${cacheNote('floor')}: the floor's HTML is its data, never cached). Code cache the console's cold tab left (median): js ${kib(median(codeCache.map((c) => c.js)))}, wasm ${kib(median(codeCache.map((c) => c.wasm)))}. Rows: devapi --seed-count N gives N + 2 (the spec's two examples).`);
  L.push('');
  const okFirst = firstRatios.every((x) => Number.isFinite(x.r) && x.r <= FIRST_ROW_RATIO);
  L.push(`Target: first row ≤ ${FIRST_ROW_RATIO}× the floor at every size, cold and warm: ${firstRatios.map((x) => `${x.n.toLocaleString('en-US')} ${x.cache} ${Number.isFinite(x.r) ? `${x.r.toFixed(2)}×` : 'n/a'} ${Number.isFinite(x.r) && x.r <= FIRST_ROW_RATIO ? 'pass' : 'FAIL'}`).join(', ')}: **${okFirst ? 'pass' : 'FAIL'}**.`);
  L.push('');
  const big = loads.find((x) => x.n === 10000);
  if (big) {
    const r = median(big.console.cold.map((x) => x.lastRow)) / median(big.floor.cold.map((x) => x.lastRow));
    const w = median(big.console.warm.map((x) => x.lastRow)) / median(big.floor.warm.map((x) => x.lastRow));
    L.push(`Target at 10,000: last row within ${LAST_ROW_RATIO}× the floor (cold): **${r.toFixed(2)}×, ${r <= LAST_ROW_RATIO ? 'pass' : 'FAIL'}** (warm: ${w.toFixed(2)}×).`);
  } else {
    L.push(`Target at 10,000: last row within ${LAST_ROW_RATIO}× the floor: **n/a** (not measured).`);
  }
  L.push('');
  L.push(`### Filter as you type, 10,000 databases (${KEYS.length} keystrokes per run: "amber-or" then 8 backspaces)`);
  L.push('');
  L.push('| | p50 | p95 | keystrokes measured |');
  L.push('|---|---:|---:|---:|');
  const ck = filt.console.flatMap((r) => r.keys);
  const fk = filt.floor.flatMap((r) => r.keys);
  const domC = ck.map((k) => k.dom);
  const domF = fk.map((k) => k.dom);
  const dC = ck.map((k) => k.dt);
  const dF = fk.map((k) => k.dt);
  const unchanged = (v) => v.filter((k) => !k.changed).length;
  L.push(`| console, input event → DOM updated | ${ms(median(domC))} | ${ms(p95(domC))} | ${domC.length} (${unchanged(ck)} without a DOM change) |`);
  L.push(`| floor (plain JavaScript, rows hidden), input event → DOM updated | ${ms(median(domF))} | ${ms(p95(domF))} | ${domF.length} (${unchanged(fk)} without a DOM change) |`);
  L.push(`| console / floor | ${ratio(median(domC), median(domF))} | ${ratio(p95(domC), p95(domF))} | |`);
  const changedC = ck.filter((k) => k.changed).map((k) => k.dom);
  const changedF = fk.filter((k) => k.changed).map((k) => k.dom);
  L.push(`| console, input event → DOM updated, only the keystrokes that changed the DOM | ${ms(median(changedC))} | ${ms(p95(changedC))} | ${changedC.length} |`);
  L.push(`| floor, the same | ${ms(median(changedF))} | ${ms(p95(changedF))} | ${changedF.length} |`);
  const taskC = ck.map((k) => k.task);
  const taskF = fk.map((k) => k.task);
  L.push(`| console, input event → DOM updated, a keystroke without a DOM change counted to a task posted at its input | ${ms(median(taskC))} | ${ms(p95(taskC))} | ${taskC.length} |`);
  L.push(`| floor, the same | ${ms(median(taskF))} | ${ms(p95(taskF))} | ${taskF.length} |`);
  L.push(`| console, input event → next frame | ${ms(median(dC))} | ${ms(p95(dC))} | |`);
  L.push(`| floor, input event → next frame | ${ms(median(dF))} | ${ms(p95(dF))} | |`);
  L.push('');
  L.push(`Target: console p95 ≤ ${FILTER_P95_MS} ms, input event → DOM updated: ${ms(p95(domC))}, **${p95(domC) <= FILTER_P95_MS ? 'pass' : 'FAIL'}**. Cold tab. "DOM updated" is the last DOM change the keystroke made outside the field (MutationObserver, delivered at the end of the task or microtask that made it); "next frame" adds the wait for the frame after the first change, up to 16.7 ms at 60 Hz, so it is not held to the target. A keystroke that changes nothing on screen ("amber" → "amber-": same rows, same count) counts until its handlers and the microtasks they queued are done, on both pages: the start of a bubbling listener the bench adds to the window at the input, which the browser runs last, after every other listener and its microtasks (next frame: the frame after a task posted at the input). Counted instead until a task posted at the input runs (the row "counted to a task"), it takes in the frame the browser draws first when one is due.`);
  L.push('');
  L.push('### Memory, 10,000 databases (cold tab, list settled, after a forced GC)');
  L.push('');
  L.push('| | median | p95 |');
  L.push('|---|---:|---:|');
  const cj = mem.console.map((r) => r.jsHeap);
  const cw = mem.console.map((r) => r.wasm);
  const ct = mem.console.map((r) => r.jsHeap + r.wasm);
  const fj = mem.floor.map((r) => r.jsHeap);
  L.push(`| console JS heap (performance.memory.usedJSHeapSize) | ${mib(median(cj))} | ${mib(p95(cj))} |`);
  L.push(`| console wasm linear memory (${mem.console[0]?.wasmVia ?? 'n/a'}) | ${mib(median(cw))} | ${mib(p95(cw))} |`);
  L.push(`| **console JS heap + wasm memory** | **${mib(median(ct))}** | **${mib(p95(ct))}** |`);
  L.push(`| floor JS heap | ${mib(median(fj))} | ${mib(p95(fj))} |`);
  L.push('');
  L.push(`### Lighthouse ${lh.version ?? ''} (list page, 100 databases, remembered session in localStorage, --disable-storage-reset)`);
  L.push('');
  if (lh.error && lh.desktop.performance.length + lh.mobile.performance.length === 0) {
    L.push(`Not measured: ${lh.error}`);
  } else {
    L.push('| preset | performance median (worst) | accessibility median (worst) |');
    L.push('|---|---:|---:|');
    for (const p of ['desktop', 'mobile']) {
      const cell = (v) => (v.length ? `${median(v)} (${Math.min(...v)})` : 'n/a');
      L.push(`| ${p} | ${cell(lh[p].performance)} | ${cell(lh[p].accessibility)} |`);
    }
    L.push('');
    const verdict = (v, min) => (v.length ? `**${median(v) >= min ? 'pass' : 'FAIL'}** (${median(v)})` : '**n/a**');
    const a11y = [...lh.desktop.accessibility, ...lh.mobile.accessibility];
    const a11yWorst = a11y.length ? Math.min(...a11y) : NaN;
    L.push(`Targets (performance: the median): desktop performance ${LH_DESKTOP_PERF}: ${verdict(lh.desktop.performance, LH_DESKTOP_PERF)}; mobile performance ≥ ${LH_MOBILE_PERF}: ${verdict(lh.mobile.performance, LH_MOBILE_PERF)}; accessibility ${LH_A11Y}, every run of both presets: ${a11y.length ? `**${a11yWorst >= LH_A11Y ? 'pass' : 'FAIL'}** (worst ${a11yWorst})` : '**n/a**'}. Each run a first visit (HTTP cache emptied before it).${lh.lcp ? ` Desktop run 1: LCP ${lh.lcp}, TBT ${lh.tbt}.` : ''}${lh.a11yFailures && lh.a11yFailures.length ? ` Accessibility audits failing: ${lh.a11yFailures.join(', ')}.` : ''}${lh.error ? ` Stopped early: ${lh.error}` : ''}${lh.warning ? ` ${lh.warning}` : ''}`);
  }
  return L.join('\n');
}

const BEGIN = '<!-- make bench: begin (generated by scripts/bench.sh, replaced on each run) -->';
const END = '<!-- make bench: end -->';
function writeBenchmarks(file, body) {
  const section = `${BEGIN}\n## \`make bench\`: latest run\n\n${body}\n${END}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  if (b !== -1 && e > b) {
    text = text.slice(0, b) + section + text.slice(e + END.length);
  } else if (text.trim() === '') {
    text = `# Benchmarks\n\n${section}\n`;
  } else {
    text = `${text.replace(/\s*$/, '')}\n\n${section}\n`;
  }
  fs.writeFileSync(file, text);
}

async function main() {
  const fl = bytes(config.dist);
  log(`first load: ${kib(fl.total.gz)} gzip (${fl.rows.length} files), lazy ${kib(fl.lazyTotal.gz)} gzip (${fl.lazyRows.length} files), site ${kib(fl.siteTotal.gz)} gzip (${fl.siteFiles} files)`);
  const loads = [];
  let filt = { console: [], floor: [] };
  let mem = { console: [], floor: [] };
  for (const s of config.sizes) {
    const expected = s.n + 2;
    const big = s.n === Math.max(...config.sizes.map((x) => x.n));
    const res = {};
    for (const kind of ['console', 'floor']) {
      const origin = s[kind];
      res[kind] = await series(`${kind} ${s.n}`, {
        url: `${origin}/databases`, origin, api: s.api, expected, session: kind === 'console', filter: big, memory: big,
      }, config.runs, config.warmup);
    }
    loads.push({ n: s.n, ...res });
    if (big) {
      filt = { console: res.console.cold, floor: res.floor.cold };
      mem = filt;
    }
  }
  const lhSize = config.sizes.find((x) => x.n === 100) || config.sizes[0];
  const lh = config.lhRuns > 0 ? await lighthouseRuns(lhSize.console, config.lhRuns) : { desktop: { performance: [], accessibility: [] }, mobile: { performance: [], accessibility: [] }, error: 'skipped (BENCH_LH_RUNS=0)' };
  const body = report(fl, loads, filt, mem, lh);
  process.stdout.write(`\n${body}\n`);
  writeBenchmarks(config.benchmarksFile, body);
  log(`written to ${config.benchmarksFile}`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack || e}\n`);
  process.exit(1);
});
