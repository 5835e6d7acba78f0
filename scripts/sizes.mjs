#!/usr/bin/env node
// Release sizes of a built site (scripts/sizes.sh runs it after scripts/dist.sh):
//
//   node scripts/sizes.mjs DIST [MARKDOWN_OUT]
//
// 1. First load: what the list page fetches before its first row, found from the files
//    themselves: index.html, what it links (stylesheet, modulepreload, preload) and imports
//    (its inline module scripts), the static imports of those JS files, transitively, the
//    .wasm the main JS fetches, and config.json (the app reads it before it renders).
// 2. Each lazy chunk (split_*.wasm, chunk_*.wasm: fetched when a screen that needs it opens).
// 3. The whole site: every file a browser can be sent (not 404.html, the same as index.html;
//    not the .gz/.br copies).
// Raw, gzip -9 (the gzip CLI, as scripts/compress.mjs) and brotli 11 (Node's zlib, as
// scripts/compress.mjs). config.json is shipped without compressed copies (a host may still
// compress it on the fly): its gzip and brotli figures are what such a host would send.
// Prints the tables and writes them as markdown to MARKDOWN_OUT (default target/sizes.md).
import fs from 'node:fs';
import path from 'node:path';
import { firstLoadFiles } from './first-load.mjs';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';

const dist = process.argv[2];
const mdOut = process.argv[3] || 'target/sizes.md';
if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) {
  process.stderr.write(`sizes: no ${dist || 'DIST'}/index.html; run scripts/dist.sh first\n`);
  process.exit(1);
}

const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg']);
function measure(file) {
  const buf = fs.readFileSync(path.join(dist, file));
  const gz = spawnSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 30 });
  if (gz.status !== 0) throw new Error(`gzip failed on ${file}`);
  const br = zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(path.extname(file)) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
  return { file, raw: buf.length, gz: gz.stdout.length, br: br.length };
}

const first = firstLoadFiles(dist);
// config.json: fetched by the app at start.
if (fs.existsSync(path.join(dist, 'config.json'))) first.add('config.json');

const all = [];
(function walk(dir) {
  for (const e of fs.readdirSync(path.join(dist, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) walk(rel);
    else if (!/\.(gz|br)$/.test(e.name) && rel !== '404.html') all.push(rel);
  }
})('');
const isChunk = (f) => /(^|\/)(split|chunk)_[^/]*\.wasm$/.test(f);
const order = ['.html', '.js', '.wasm', '.css', '.json'];
const byKind = (a, b) => (order.indexOf(path.extname(a)) - order.indexOf(path.extname(b))) || (a < b ? -1 : 1);
const firstRows = [...first].sort(byKind).map(measure);
const chunkRows = all.filter(isChunk).sort().map(measure);
const siteRows = all.map(measure);
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz, br: t.br + r.br }), { raw: 0, gz: 0, br: 0 });
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const cell = (b) => `${b.toLocaleString('en-US')} (${kib(b)})`;

const md = [];
const table = (title, rows, totalLabel) => {
  md.push(`### ${title}`, '', '| file | raw | gzip -9 | brotli 11 |', '|---|---:|---:|---:|');
  for (const r of rows) md.push(`| ${r.file} | ${cell(r.raw)} | ${cell(r.gz)} | ${cell(r.br)} |`);
  if (totalLabel) {
    const t = sum(rows);
    md.push(`| **${totalLabel}** | **${cell(t.raw)}** | **${cell(t.gz)}** | **${cell(t.br)}** |`);
  }
  md.push('');
};
md.push(`Release sizes of \`${dist}\` (\`scripts/dist.sh\`, bytes)`, '');
table('First load (the list page, before its first row)', firstRows, 'first load');
if (chunkRows.length) table('Lazy chunks (each fetched when a screen that needs it first opens)', chunkRows, 'all chunks');
const t = sum(siteRows);
md.push('### Whole site', '', '| files | raw | gzip -9 | brotli 11 |', '|---:|---:|---:|---:|', `| ${siteRows.length} (not 404.html, a copy of index.html) | ${cell(t.raw)} | ${cell(t.gz)} | ${cell(t.br)} |`, '');

fs.mkdirSync(path.dirname(mdOut), { recursive: true });
fs.writeFileSync(mdOut, md.join('\n'));
process.stdout.write(`${md.join('\n')}\n(written to ${mdOut})\n`);
