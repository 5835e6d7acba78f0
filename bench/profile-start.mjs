// Where the app's time goes on a warm start, by function: Chromium's sampling profiler (CDP
// `Profiler`, 100 µs) from navigation to the first row, self time summed by function name, and
// the inclusive time of the console's own functions. Run it against a build whose main module
// keeps its names (`wasm-opt -Oz -g`; BENCHMARKS.md, "sixth pass", says how). Not part of
// `make bench`.
//
//   target/release/devapi --port 19181 --token dev-token --seed-count 10000 &
//   node e2e/serve.mjs --root DIST --port 19184 --api http://127.0.0.1:19181 --config ONE_REGION.json &
//   node bench/profile-start.mjs http://127.0.0.1:19184/databases 3
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROME_FLAGS, listContext } from './chromium.mjs';

const [url, runsArg = '3', topArg = '30'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node bench/profile-start.mjs CONSOLE_URL/databases [RUNS] [TOP]');
  process.exit(2);
}
// Rust's legacy mangling, enough to read: _ZN9dbconsole3api4send17h…E -> dbconsole::api::send.
const demangle = (name) => {
  const m = /^_ZN(.*)17h[0-9a-f]{16}E$/.exec(name);
  if (!m) return name;
  const parts = [];
  for (let rest = m[1]; rest.length;) {
    const n = /^(\d+)/.exec(rest);
    if (!n) break;
    const len = Number(n[1]);
    parts.push(rest.slice(n[1].length, n[1].length + len));
    rest = rest.slice(n[1].length + len);
  }
  return parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}').replace(/\$RF\$/g, '&').replace(/\$C\$/g, ',')
    .replace(/\.\./g, '::');
};
const self = new Map();
// CALLERS_OF=text: also who calls the functions whose names hold it (the first caller outside
// the allocator and `core`/`alloc` glue), to find where a hot leaf is used from.
const callersOf = process.env.CALLERS_OF;
const callers = new Map();
const glue = /dlmalloc|__rdl_|__rust_|alloc::|core::|RawVec|_RNv|memcpy|memmove/;
const inclusive = new Map();
let total = 0;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
try {
  for (let run = 1; run <= Number(runsArg); run++) {
    const { context, load, warmPage } = await listContext(browser, url);
    const page = await warmPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await load(page);
    const firstRow = await page.evaluate(() => window.__firstRow);
    const { profile } = await cdp.send('Profiler.stop');
    await context.close();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const dt = new Map();
    profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
    let ran = 0;
    for (const [id, ms] of dt) {
      const node = byId.get(id);
      const name = demangle(node.callFrame.functionName || `(${node.callFrame.url.split('/').pop() || 'program'})`);
      if (name === '(idle)' || name === '(program)') continue;
      ran += ms;
      self.set(name, (self.get(name) ?? 0) + ms);
      if (callersOf && name.includes(callersOf)) {
        let at = parent.get(id);
        while (at != null && glue.test(demangle(byId.get(at).callFrame.functionName))) at = parent.get(at);
        const caller = at == null ? '(root)' : demangle(byId.get(at).callFrame.functionName);
        callers.set(caller, (callers.get(caller) ?? 0) + ms);
      }
      // Each console function once per sample stack, however deep it recurses.
      const seen = new Set();
      for (let at = id; at != null; at = parent.get(at)) {
        const up = demangle(byId.get(at).callFrame.functionName);
        if (up.startsWith('dbconsole::') && !seen.has(up)) {
          seen.add(up);
          inclusive.set(up, (inclusive.get(up) ?? 0) + ms);
        }
      }
    }
    total += ran;
    console.log(`run ${run}: first row ${firstRow.toFixed(0)} ms; ${ran.toFixed(0)} ms sampled busy (to the profile's end)`);
  }
} finally {
  await browser.close();
}
const top = Number(topArg);
const runs = Number(runsArg);
const show = (title, map) => {
  console.log(`\n${title} (ms per run, of ${(total / runs).toFixed(0)} busy):`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(ms / runs).toFixed(1).padStart(8)}  ${name.slice(0, 150)}`);
  }
};
show('self time', self);
show('inclusive, the console\'s own functions', inclusive);
if (callersOf) show(`callers of ${callersOf}`, callers);
