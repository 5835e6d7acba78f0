#!/usr/bin/env node
// The floor of `make bench`: a plain static HTML page with the rows the console shows, the same
// columns (name link, plan, project, technology) and the same style sheet, generated from a devapi.
//
//   node floor.mjs --api http://127.0.0.1:18181 --token dev-token --css DIST/main-x.css --out DIR
//
// Writes DIR/index.html (served for /databases by serve.mjs's SPA fallback) and a copy of the
// style sheet under its own name. The page carries a small plain-JavaScript filter (the harness's
// baseline for filter-as-you-type): on input, rows whose name or id does not contain the text are
// hidden and the count is updated. Rows are sorted by name, as the console sorts them by default.
import fs from 'node:fs';
import path from 'node:path';

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['api', 'token', 'css', 'out']) if (!out[k]) throw new Error(`--${k} is required`);
  return out;
}

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const orMissing = (s) => (s ? esc(s) : '—');

async function get(api, token, p) {
  const res = await fetch(new URL(p, api), { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
  return res.json();
}

// The filter, in plain JavaScript: the same rule as the console (name or id contains the text,
// case-insensitive, spaces around ignored). Names and ids are read once, at the first input.
const FILTER = `
(() => {
  const input = document.getElementById('search');
  const count = document.getElementById('count');
  const rows = Array.from(document.querySelector('table tbody').rows);
  const total = rows.length;
  const noun = total === 1 ? 'database' : 'databases';
  let keys = null;
  input.addEventListener('input', () => {
    if (!keys) keys = rows.map((tr) => (tr.dataset.id + '\\u0000' + tr.cells[0].textContent).toLowerCase());
    const needle = input.value.trim().toLowerCase();
    let shown = 0;
    for (let i = 0; i < total; i++) {
      const hide = needle !== '' && !keys[i].includes(needle);
      if (rows[i].hidden !== hide) rows[i].hidden = hide;
      if (!hide) shown++;
    }
    const text = shown === total ? total + ' ' + noun : shown + ' of ' + total + ' ' + noun;
    if (count.textContent !== text) count.textContent = text;
  });
})();
`;

async function main() {
  const o = args(process.argv.slice(2));
  const { databases } = await get(o.api, o.token, '/v1/databases');
  let projects = [];
  try {
    ({ projects } = await get(o.api, o.token, '/v1/projects'));
  } catch {
    projects = [];
  }
  const names = new Map(projects.map((p) => [p.id, p.name || p.id]));
  databases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cssName = path.basename(o.css);
  const rows = databases.map((db) => {
    const project = names.has(db.project_id)
      ? `<td data-label="Project" title="${esc(db.project_id)}">${esc(names.get(db.project_id))}</td>`
      : `<td data-label="Project" class="mono">${orMissing(db.project_id)}</td>`;
    return `<tr data-id="${esc(db.id)}"><th scope="row" data-label="Name"><a href="/databases/${encodeURIComponent(db.name)}">${esc(db.name)}</a></th><td data-label="Plan">${orMissing(db.plan)}</td>${project}<td data-label="Technology">${orMissing(db.technology)}</td></tr>`;
  });
  const n = databases.length;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Databases · floor</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/${esc(cssName)}">
</head>
<body>
<main>
<div class="page-header"><h1>Databases</h1></div>
<div class="toolbar" role="search"><div class="field"><label for="search">Search</label><input type="search" id="search" placeholder="Name or ID" autocomplete="off" spellcheck="false"></div></div>
<p class="count" id="count" role="status" aria-live="polite">${n} ${n === 1 ? 'database' : 'databases'}</p>
<table class="db-table">
<caption class="visually-hidden">Your databases</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Plan</th><th scope="col">Project</th><th scope="col">Technology</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</main>
<script>${FILTER}</script>
</body>
</html>
`;
  fs.mkdirSync(o.out, { recursive: true });
  fs.writeFileSync(path.join(o.out, 'index.html'), html);
  fs.copyFileSync(o.css, path.join(o.out, cssName));
  process.stdout.write(`floor: ${n} rows, ${html.length} bytes -> ${o.out}\n`);
}

main().catch((e) => {
  process.stderr.write(`floor: ${e.message}\n`);
  process.exit(1);
});
