// Writes a Content-Security-Policy <meta> into a built index.html, so every static host (even
// one that cannot send headers, like GitHub Pages) enforces it:
//   script-src: 'self', 'wasm-unsafe-eval' (never 'unsafe-eval'), and the sha256 of each inline
//               inline script in the built page (the module loader the build writes, and
//               index.html's theme script), so no other inline script runs;
//   style-src:  'self' only (no inline style);
//   connect-src: 'self', the origins config.json calls directly (regions and auth with
//               "call": "direct"), and CSP_CONNECT_EXTRA (space-separated origins, for Custom
//               servers a host wants to allow).
// Usage: node scripts/csp.mjs DIST   (reads DIST/index.html and DIST/config.json)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node scripts/csp.mjs DIST');
  process.exit(2);
}
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');
if (html.includes('http-equiv="Content-Security-Policy"')) {
  html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
}

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`,
);

const origins = new Set();
const configPath = join(dist, 'config.json');
if (existsSync(configPath)) {
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const direct = (service) => !service.call || service.call === 'direct';
  if (config.auth && direct(config.auth) && config.auth.url) origins.add(new URL(config.auth.url).origin);
  if (!config.auth) origins.add('https://auth.scalingo.com');
  for (const region of config.regions ?? []) {
    if (direct(region)) origins.add(new URL(region.api_url).origin);
  }
}
for (const extra of (process.env.CSP_CONNECT_EXTRA ?? '').split(/\s+/).filter(Boolean)) {
  origins.add(new URL(extra).origin);
}

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  `connect-src 'self' ${[...origins].join(' ')}`.trim(),
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`);
if (!html.includes(meta)) {
  console.error('csp: no <meta charset="utf-8" /> to put the policy after');
  process.exit(1);
}
writeFileSync(indexPath, html);
console.log(`csp: ${hashes.length} inline script hash(es); connect-src 'self' ${[...origins].join(' ')}`);
