// Where the console's start goes before its first row (BENCHMARKS.md, "Issue 13, third pass"):
// one load to fill the HTTP cache, then a warm load under a Chromium performance trace; prints
// the first row, the resource timings and the renderer main thread's time by event (wasm lazy
// compilation, streaming compilation, layout, memory growth, GC). Not part of `make bench`.
//
//   target/release/devapi --port 19181 --token dev-token --seed-count 100 &
//   node e2e/serve.mjs --root target/bench/dist --port 19184 --api http://127.0.0.1:19181 &
//   node bench/trace-start.mjs http://127.0.0.1:19184/databases 3
// (make bench serves a one-region config.json, --config: the built one's second region has no
// server here and would show a region's error.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROME_FLAGS, listContext } from './chromium.mjs';

const [url, runsArg = '3'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/trace-start.mjs CONSOLE_URL/databases [RUNS]');
  process.exit(2);
}
// The trace events summed, by name (each `X` event on the renderer's main thread).
const EVENTS = [
  ['wasm.CompileLazy', 'wasm compiled on first call'],
  ['v8.wasm.compileConsume', 'wasm compiled as it streams'],
  ['wasm.FinishStreaming', 'wasm streaming finished'],
  ['v8.callFunction', 'JS and wasm called'],
  ['UpdateLayoutTree', 'style'],
  ['Layout', 'layout'],
  ['Paint', 'paint'],
  ['wasm.GrowMemory', 'wasm memory grown'],
  ['MinorGC', 'minor GC'],
  ['MajorGC', 'major GC'],
];
const traceFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trace-start-')), 'trace.json');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
try {
  for (let run = 1; run <= Number(runsArg); run++) {
    const { context, load, warmPage } = await listContext(browser, url);
    const page = await warmPage();
    await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm'] });
    await load(page);
    const seen = await page.evaluate(() => ({
      firstRow: window.__firstRow,
      resources: performance.getEntriesByType('resource').map((e) => ({
        name: e.name.replace(location.origin, '').slice(0, 48),
        start: e.startTime, end: e.responseEnd, cached: e.transferSize === 0,
      })),
    }));
    await browser.stopTracing();
    await context.close();
    const events = JSON.parse(fs.readFileSync(traceFile, 'utf8')).traceEvents;
    const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const on = events.filter((e) => e.ph === 'X' && e.dur && main.has(`${e.pid}:${e.tid}`));
    console.log(`run ${run}: first row ${seen.firstRow.toFixed(0)} ms (warm)`);
    for (const r of seen.resources) console.log(`  ${r.name.padEnd(50)} ${r.start.toFixed(0).padStart(5)} → ${r.end.toFixed(0).padStart(5)} ms${r.cached ? ' (HTTP cache)' : ''}`);
    for (const [name, label] of EVENTS) {
      const these = on.filter((e) => e.name === name);
      const ms = these.reduce((sum, e) => sum + e.dur, 0) / 1000;
      console.log(`  ${label.padEnd(30)} ${String(these.length).padStart(5)} × ${ms.toFixed(0).padStart(4)} ms  (${name})`);
    }
  }
} finally {
  await browser.close();
  fs.rmSync(path.dirname(traceFile), { recursive: true, force: true });
}
