#!/usr/bin/env node
// Precompressed copies for a built site (run by scripts/dist.sh, or by hand on a dist folder):
//
//   node scripts/compress.mjs DIR
//
// Beside every .html .js .wasm .css .json .svg file under DIR, writes `name.gz` (the `gzip -9 -n`
// CLI: no name, no timestamp) and `name.br` (Node's zlib brotli, quality 11: no `brotli` CLI
// needed). Originals are kept; reruns overwrite, never compress a .gz/.br, and delete any .gz/.br
// whose original is gone. `config.json` is left uncompressed on purpose: it is meant to be edited
// per deployment, and a host that prefers precompressed files would keep serving a stale copy.
// Prints one line per file type and the totals (raw, gzip, brotli).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';

const EXTENSIONS = new Set(['.html', '.js', '.wasm', '.css', '.json', '.svg']);
const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg']);
const SKIP = new Set(['config.json']);

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  process.stderr.write('usage: node scripts/compress.mjs DIR\n');
  process.exit(2);
}
if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
  process.stderr.write(`compress: ${dir} is not a directory\n`);
  process.exit(1);
}

function walk(d) {
  const out = [];
  for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

function gzip(buf) {
  const r = spawnSync('gzip', ['-9', '-n', '-c'], { input: buf, maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`gzip: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gzip exited with ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function brotli(buf, ext) {
  return zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, // 11
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext)
        ? zlib.constants.BROTLI_MODE_TEXT
        : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  });
}

const files = walk(dir);
const present = new Set(files);

// Stale copies: a .gz/.br whose original is gone, or one we no longer write (config.json).
let removed = 0;
for (const f of files) {
  const m = /^(.*)\.(gz|br)$/.exec(f);
  if (!m) continue;
  const original = m[1];
  const ext = path.extname(original).toLowerCase();
  if (!EXTENSIONS.has(ext)) continue;
  if (!present.has(original) || SKIP.has(path.basename(original))) {
    fs.rmSync(f);
    removed++;
  }
}

const byExt = new Map();
const total = { n: 0, raw: 0, gz: 0, br: 0 };
for (const f of files) {
  const ext = path.extname(f).toLowerCase();
  if (!EXTENSIONS.has(ext) || SKIP.has(path.basename(f))) continue;
  const buf = fs.readFileSync(f);
  const gz = gzip(buf);
  const br = brotli(buf, ext);
  const { atime, mtime } = fs.statSync(f);
  for (const [suffix, data] of [['.gz', gz], ['.br', br]]) {
    fs.writeFileSync(f + suffix, data);
    fs.utimesSync(f + suffix, atime, mtime); // same date as the original (caches, ETags)
  }
  const row = byExt.get(ext) || { n: 0, raw: 0, gz: 0, br: 0 };
  for (const acc of [row, total]) {
    acc.n++;
    acc.raw += buf.length;
    acc.gz += gz.length;
    acc.br += br.length;
  }
  byExt.set(ext, row);
}

const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const line = (label, r) =>
  `${label.padEnd(7)} ${String(r.n).padStart(3)} file${r.n === 1 ? ' ' : 's'}  raw ${kib(r.raw).padStart(10)}  gzip ${kib(r.gz).padStart(10)}  brotli ${kib(r.br).padStart(10)}\n`;
for (const ext of [...byExt.keys()].sort()) process.stdout.write(line(ext, byExt.get(ext)));
process.stdout.write(line('total', total));
if (removed) process.stdout.write(`(removed ${removed} stale compressed file${removed === 1 ? '' : 's'})\n`);
