// The files the list page fetches before its first row, as the browser finds them: index.html,
// its <link> stylesheets, preloads and module preloads, its scripts and their static imports
// (inline module scripts, their module_or_path), transitively. Shared by scripts/sizes.mjs and
// bench/bench.mjs. config.json is in the set when index.html preloads it.
import fs from 'node:fs';
import path from 'node:path';

export function firstLoadFiles(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  // The base the page's URLs resolve against: <base href>, else the site root.
  const base = (/<base href="([^"]*)"/.exec(html) || [null, '/'])[1];
  const site = new URL(base, 'https://site.invalid/');
  // A URL in a file -> a file of DIST, or null when it points elsewhere.
  const local = (ref, from) => {
    const u = new URL(ref, from);
    if (u.origin !== site.origin || !u.pathname.startsWith(site.pathname)) return null;
    const rel = decodeURIComponent(u.pathname.slice(site.pathname.length));
    return rel && fs.existsSync(path.join(dist, rel)) ? rel : null;
  };
  const first = new Set(['index.html']);
  const queue = [];
  const add = (file) => {
    if (!file || first.has(file)) return;
    first.add(file);
    if (file.endsWith('.js')) queue.push(file);
  };
  for (const m of html.matchAll(/<link\b([^>]*)>/g)) {
    const rel = /\brel="([^"]*)"/.exec(m[1])?.[1] ?? '';
    const href = /\bhref="([^"]*)"/.exec(m[1])?.[1];
    if (href && /\b(stylesheet|modulepreload|preload)\b/.test(rel)) add(local(href, site));
  }
  const importsOf = (text) => [...text.matchAll(/^\s*import\b[^'"]*?from\s*["']([^"']+)["']/gm), ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)].map((m) => m[1]);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]*)"/.exec(m[1])?.[1];
    if (src) add(local(src, site));
    for (const ref of importsOf(m[2])) add(local(ref, site));
    for (const ref of m[2].matchAll(/module_or_path:\s*["']([^"']+)["']/g)) add(local(ref[1], site));
  }
  while (queue.length) {
    const file = queue.shift();
    for (const ref of importsOf(fs.readFileSync(path.join(dist, file), 'utf8'))) add(local(ref, new URL(file, site)));
  }
  return first;
}
