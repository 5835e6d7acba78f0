#!/usr/bin/env node
// The last step of the split release build (scripts/dist.sh): turns the split, bound and
// optimised WebAssembly in STAGE into the site in OUT, as Trunk's build did for the one module.
//
//   node scripts/site.mjs --stage STAGE --out OUT --public-url /console/ [--name dbconsole]
//
// STAGE holds NAME.js and NAME_bg.wasm (wasm-bindgen), __wasm_split.js, split_*.wasm and
// chunk_*.wasm (wasm-split-cli). OUT must not exist or be empty. Writes to OUT:
//   - the same files under content-hashed names: NAME-H.js, NAME-H_bg.wasm, __wasm_split-H.js,
//     split_<screen>-H.wasm, chunk_<n>-H.wasm, where H is one hash of all of them (they import
//     and fetch each other, and a chunk links only with the main module of its own build), and
//     the references between them rewritten (each one checked: a missing reference fails);
//   - style/main.css as main-C.css (C: its own content hash);
//   - config.json, copied;
//   - index.html from the repository's index.html (the one Trunk reads for `make run`): each
//     `data-trunk` tag replaced by what Trunk would write, <base href> from the public URL, the
//     module preloaded (modulepreload for the two JS files at start, preload as fetch for the main
//     .wasm), and an inline <script type="module"> that imports and starts it. Any other
//     `data-trunk` tag fails the build: this script does not know it.
// Deterministic: the same inputs give the same bytes (no dates, sorted walks).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`site: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { stage: null, out: null, publicUrl: '/', name: 'dbconsole' };
  for (let i = 0; i < argv.length; i++) {
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${argv[i]} needs a value`));
    switch (argv[i]) {
      case '--stage': opts.stage = value(); break;
      case '--out': opts.out = value(); break;
      case '--public-url': opts.publicUrl = value(); break;
      case '--name': opts.name = value(); break;
      default: fail(`unknown argument ${argv[i]}`);
    }
  }
  if (!opts.stage || !opts.out) fail('usage: node scripts/site.mjs --stage STAGE --out OUT --public-url URL');
  if (!opts.publicUrl.endsWith('/')) fail(`the public URL must end with a slash: ${opts.publicUrl}`);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const NAME = opts.name;
const PUBLIC = opts.publicUrl;
const hex = (data) => createHash('sha256').update(data).digest('hex');

// ---- 1. the module and its chunks ----
const staged = fs.readdirSync(opts.stage).sort();
const mainJs = `${NAME}.js`;
const mainWasm = `${NAME}_bg.wasm`;
const loaderJs = '__wasm_split.js';
const chunks = staged.filter((f) => /^(split|chunk)_[A-Za-z0-9_]+\.wasm$/.test(f));
for (const f of [mainJs, mainWasm, loaderJs]) {
  if (!staged.includes(f)) fail(`no ${f} in ${opts.stage}`);
}
if (chunks.length === 0) fail(`no split_*.wasm in ${opts.stage}: was the build made with --features split?`);

const shipped = [mainJs, mainWasm, loaderJs, ...chunks].sort();
const contents = new Map(shipped.map((f) => [f, fs.readFileSync(path.join(opts.stage, f))]));
const build = createHash('sha256');
for (const f of shipped) build.update(`${f}\0${contents.get(f).length}\0`).update(contents.get(f));
const H = build.digest('hex').slice(0, 16);

const renamed = new Map([
  [mainJs, `${NAME}-${H}.js`],
  [mainWasm, `${NAME}-${H}_bg.wasm`],
  [loaderJs, `__wasm_split-${H}.js`],
  ...chunks.map((f) => [f, f.replace(/\.wasm$/, `-${H}.wasm`)]),
]);

// Replaces every `from` with `to` in `text`, and fails unless there were exactly `count`.
function replaceExactly(text, from, to, count, where) {
  const found = text.split(from).length - 1;
  if (found !== count) fail(`${where}: expected ${count} × ${JSON.stringify(from)}, found ${found} (did a tool version change?)`);
  return text.split(from).join(to);
}

// NAME.js: the static imports of the loader (one per split point; the keys of the imports
// object, `"./__wasm_split.js": importN`, name the wasm's import module and stay) and the
// default URL of the .wasm.
let js = contents.get(mainJs).toString('utf8');
const loaderImports = (js.match(/^import \* as import\d+ from "\.\/__wasm_split\.js"$/gm) || []).length;
if (loaderImports === 0) fail(`${mainJs} does not import ./__wasm_split.js`);
js = js.replace(/^(import \* as import\d+ from )"\.\/__wasm_split\.js"$/gm, `$1"./${renamed.get(loaderJs)}"`);
js = replaceExactly(js, `new URL('${mainWasm}', import.meta.url)`, `new URL('${renamed.get(mainWasm)}', import.meta.url)`, 1, mainJs);

// __wasm_split.js: `initSync` from NAME.js, and one fetch per chunk.
let loader = contents.get(loaderJs).toString('utf8');
loader = replaceExactly(loader, `from "./${mainJs}";`, `from "./${renamed.get(mainJs)}";`, 1, loaderJs);
for (const chunk of chunks) {
  loader = replaceExactly(loader, `new URL("./${chunk}", import.meta.url)`, `new URL("./${renamed.get(chunk)}", import.meta.url)`, 1, loaderJs);
}
const leftover = /new URL\("\.\/[^"]*\.wasm"/.exec(loader.replaceAll(`-${H}.wasm"`, ''));
if (leftover) fail(`${loaderJs} fetches a file this script did not rename: ${leftover[0]}`);

contents.set(mainJs, Buffer.from(js, 'utf8'));
contents.set(loaderJs, Buffer.from(loader, 'utf8'));

fs.mkdirSync(opts.out, { recursive: true });
if (fs.readdirSync(opts.out).length > 0) fail(`${opts.out} is not empty`);
for (const f of shipped) fs.writeFileSync(path.join(opts.out, renamed.get(f)), contents.get(f));

// ---- 2. the style sheet and config.json ----
const css = fs.readFileSync(path.join(ROOT, 'style/main.css'));
const cssName = `main-${hex(css).slice(0, 16)}.css`;
fs.writeFileSync(path.join(opts.out, cssName), css);
fs.copyFileSync(path.join(ROOT, 'config.json'), path.join(opts.out, 'config.json'));

// ---- 3. index.html ----
let html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8');
const url = (file) => `${PUBLIC}${file}`;
const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

function replaceTag(pattern, replacement, what) {
  const found = html.match(new RegExp(pattern.source, 'g')) || [];
  if (found.length !== 1) fail(`index.html: expected one ${what}, found ${found.length}`);
  html = html.replace(pattern, replacement);
}

replaceTag(/<base data-trunk-public-url\s*\/?>/, `<base href="${attr(PUBLIC)}" />`, '<base data-trunk-public-url />');
// The wasm-bindgen module: preloads (the loader is a static import of the main JS, so it is
// fetched at start too), then the inline module script that starts it. `<script type="module">`
// exactly: deploy/nginx/console.conf adds its nonce to that tag.
const boot = [
  `<link rel="modulepreload" href="${attr(url(renamed.get(mainJs)))}" crossorigin="anonymous" />`,
  `<link rel="modulepreload" href="${attr(url(renamed.get(loaderJs)))}" crossorigin="anonymous" />`,
  `<link rel="preload" href="${attr(url(renamed.get(mainWasm)))}" as="fetch" type="application/wasm" crossorigin="anonymous" />`,
  `<script type="module">import init, * as bindings from ${JSON.stringify(url(renamed.get(mainJs)))};\n` +
    `await init({ module_or_path: ${JSON.stringify(url(renamed.get(mainWasm)))} });\n` +
    `window.wasmBindings = bindings;</script>`,
].join('\n    ');
replaceTag(/<link data-trunk rel="rust"[^>]*\/?>/, boot, '<link data-trunk rel="rust" />');
replaceTag(/<link data-trunk rel="css" href="style\/main\.css"\s*\/?>/, `<link rel="stylesheet" href="${attr(url(cssName))}" />`, '<link data-trunk rel="css" href="style/main.css" />');
// copy-file config.json: copied above; the tag goes (with its line).
replaceTag(/\n?[ \t]*<link data-trunk rel="copy-file" href="config\.json"\s*\/?>/, '', '<link data-trunk rel="copy-file" href="config.json" />');
const unknown = html.match(/<[^>]*\bdata-trunk\b[^>]*>/);
if (unknown) fail(`index.html has a Trunk tag this build does not handle: ${unknown[0]} (scripts/site.mjs)`);
fs.writeFileSync(path.join(opts.out, 'index.html'), html);

const sizes = shipped.map((f) => `${renamed.get(f)} ${contents.get(f).length}`).join(', ');
process.stdout.write(`site: ${opts.out}/ (build ${H}): index.html, ${cssName}, config.json, ${sizes}\n`);
