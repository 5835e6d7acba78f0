#!/usr/bin/env node
// A small dependency-free static server for the built console (dist/), for the end-to-end tests.
//
//   node serve.mjs --root DIR --port N [--host 127.0.0.1] [--api URL] [--base /sub/path/]
//                  [--fallback FILE] [--config FILE]
//
// - Serves files under --root with their content types; `name.br` / `name.gz` beside a file are
//   served instead (with Content-Encoding) when Accept-Encoding allows it, brotli first.
// - SPA fallback: a GET/HEAD for a path with no file and no extension answers index.html, 200.
// - --fallback 404.html: instead, any path under the base with no file answers that file (relative
//   to --root) with status 404, as GitHub Pages and most plain static hosts do.
// - --api URL: /api/* is proxied to URL with the /api prefix stripped (method, headers, body and
//   the reply passed through).
// - --proxy /prefix=URL (repeatable): the same for another prefix, e.g. a second devapi playing
//   another region at /api2.
// - --base /console/: the site lives under that sub-path (other paths are 404).
// - --config FILE: served as the site's config.json instead of the built one (the runtime
//   configuration a host edits; the tests give the local APIs their own request budget).
// - Cache-Control: a year, immutable, for content-hashed names; no-cache for HTML and config.json
//   (cacheControl below).
// Logs one line at start, nothing per request (and never a header).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const opts = { root: null, port: null, host: '127.0.0.1', api: null, proxies: [], base: '/', fallback: null, config: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) fail(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--root': opts.root = value(); break;
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--api': opts.api = value(); break;
      case '--base': opts.base = value(); break;
      case '--fallback': opts.fallback = value(); break;
      case '--config': opts.config = value(); break;
      case '--proxy': {
        const spec = value();
        const at = spec.indexOf('=');
        if (at < 2 || !spec.startsWith('/')) fail(`--proxy ${spec}: expected /prefix=http://host:port`);
        opts.proxies.push({ prefix: spec.slice(0, at).replace(/\/+$/, ''), url: spec.slice(at + 1) });
        break;
      }
      case '-h':
      case '--help':
        process.stdout.write('usage: node serve.mjs --root DIR --port N [--host 127.0.0.1] [--api URL] [--base /sub/path/] [--fallback FILE] [--config FILE]\n');
        process.exit(0);
        break;
      default: fail(`unknown argument ${arg}`);
    }
  }
  if (!opts.root) fail('--root is required');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail('--port must be a port number');
  if (!opts.base.startsWith('/')) opts.base = `/${opts.base}`;
  if (!opts.base.endsWith('/')) opts.base = `${opts.base}/`;
  if (opts.api) opts.proxies.unshift({ prefix: '/api', url: opts.api });
  opts.proxies = opts.proxies.map(({ prefix, url }) => {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:') fail(`the proxy for ${prefix} must be an http:// URL`);
      return { prefix, url: parsed };
    } catch {
      return fail(`the proxy for ${prefix}: ${url} is not a URL`);
    }
  });
  return opts;
}

function fail(message) {
  process.stderr.write(`serve.mjs: ${message}\n`);
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

// Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded by a proxy.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

const opts = parseArgs(process.argv.slice(2));
const root = fs.realpathSync(path.resolve(opts.root));
if (opts.fallback !== null) {
  const file = resolveFile(opts.fallback.replace(/^\/+/, ''));
  if (!file || file === 'forbidden') fail(`--fallback ${opts.fallback} is not a file under ${root}`);
}

function send(res, status, body, headers = {}) {
  const buf = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': buf.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

// Accepted encodings from Accept-Encoding, honouring q=0.
function accepted(header) {
  const out = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    out.add(name);
  }
  if (out.has('*')) { out.add('br'); out.add('gzip'); }
  return out;
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// Resolves a URL path (already stripped of the base) to a file under root, or null.
// Returns 'forbidden' for anything that tries to leave root.
function resolveFile(relPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(relPath);
  } catch {
    return 'forbidden';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'forbidden';
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return 'forbidden';
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return 'forbidden';
  let candidate = file;
  try {
    if (fs.statSync(candidate).isDirectory()) candidate = path.join(candidate, 'index.html');
  } catch {
    return null;
  }
  if (!isFile(candidate)) return null;
  // Symlinks must not lead out of root either.
  const real = fs.realpathSync(candidate);
  if (real !== root && !real.startsWith(root + path.sep)) return 'forbidden';
  return candidate;
}

// Caching, as a static host should serve the release site (docs/deploy.md), so that a second
// visit is measurable (make bench's warm figures): a file whose name carries a content hash
// (scripts/site.mjs: NAME-<16 hex>.js, NAME-<16 hex>_bg.wasm, split_x-<16 hex>.wasm,
// main-<16 hex>.css) never changes under that name, so the browser may keep it a year without
// asking (immutable); HTML and config.json (edited per deployment, never hashed) are asked for
// again every time (no-cache); anything else as before. No ETag/Last-Modified (as before): a
// revalidation is a full download. The e2e tests get the same bytes either way (a hashed name
// is its content).
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z0-9]+$/;
function cacheControl(file, ext) {
  if (ext === '.html' || path.basename(file) === 'config.json') return 'no-cache';
  if (HASHED.test(path.basename(file))) return 'public, max-age=31536000, immutable';
  return 'public, max-age=0, must-revalidate';
}

function serveFile(req, res, file, status = 200, cache = cacheControl(file, path.extname(file).toLowerCase())) {
  const ext = path.extname(file).toLowerCase();
  const headers = {
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': cache,
  };
  let chosen = file;
  const encodings = accepted(req.headers['accept-encoding']);
  for (const [enc, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (encodings.has(enc) && isFile(file + suffix)) {
      chosen = file + suffix;
      headers['Content-Encoding'] = enc;
      break;
    }
  }
  headers.Vary = 'Accept-Encoding';
  const size = fs.statSync(chosen).size;
  headers['Content-Length'] = size;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(chosen);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function proxy(req, res, target, upstreamPath) {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  const basePath = target.pathname.replace(/\/$/, '');
  const upstream = http.request(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || 80,
      method: req.method,
      path: `${basePath}${upstreamPath}`,
      headers,
    },
    (up) => {
      const back = {};
      for (const [name, value] of Object.entries(up.headers)) {
        if (!HOP_BY_HOP.has(name)) back[name] = value;
      }
      res.writeHead(up.statusCode || 502, up.statusMessage, back);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) send(res, 502, 'bad gateway: the API is not reachable\n');
    else res.destroy();
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  let url;
  try {
    url = new URL(req.url || '/', 'http://localhost');
  } catch {
    send(res, 400, 'bad request\n');
    return;
  }
  // Refuse raw traversal before the URL parser normalises it away.
  const rawPath = (req.url || '/').split('?')[0];
  if (/(^|\/|%2f|\\|%5c)(\.\.|%2e%2e|\.%2e|%2e\.)(\/|%2f|\\|%5c|$)/i.test(rawPath)) {
    send(res, 403, 'forbidden\n');
    return;
  }
  const pathname = url.pathname;

  for (const { prefix, url: target } of opts.proxies) {
    const under = `${opts.base}${prefix.slice(1)}`;
    if (pathname === under || pathname.startsWith(`${under}/`)) {
      const rest = pathname.slice(under.length) || '/';
      proxy(req, res, target, `${rest}${url.search}`);
      return;
    }
  }

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }

  if (opts.base !== '/' && pathname === opts.base.slice(0, -1)) {
    res.writeHead(301, { Location: opts.base + url.search, 'Content-Length': 0 });
    res.end();
    return;
  }
  if (!pathname.startsWith(opts.base)) {
    send(res, 404, 'not found\n');
    return;
  }
  const rel = pathname.slice(opts.base.length);
  if (opts.config !== null && rel === 'config.json') {
    serveFile(req, res, path.resolve(opts.config), 200, 'no-cache');
    return;
  }
  const file = resolveFile(rel);
  if (file === 'forbidden') {
    send(res, 403, 'forbidden\n');
    return;
  }
  if (file) {
    serveFile(req, res, file);
    return;
  }
  if (opts.fallback !== null) {
    const fallback = resolveFile(opts.fallback.replace(/^\/+/, ''));
    if (fallback && fallback !== 'forbidden') {
      serveFile(req, res, fallback, 404);
      return;
    }
    send(res, 404, 'not found\n');
    return;
  }
  const last = rel.split('/').pop() || '';
  if (path.extname(last) === '') {
    const index = path.join(root, 'index.html');
    if (isFile(index)) {
      serveFile(req, res, index);
      return;
    }
  }
  send(res, 404, 'not found\n');
});

server.on('clientError', (_err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const api = opts.proxies.map(({ prefix, url: t }) => ` (${prefix} -> ${t.origin}${t.pathname.replace(/\/$/, '')})`).join('');
  process.stdout.write(`serving ${root} on http://${host}:${port}${opts.base}${api}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
