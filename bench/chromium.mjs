// What `make bench` (bench.mjs) and bench/filter-probe.mjs share: Debian's Chromium, its flags,
// the seeded session, and the keystrokes of "filter as you type".

export const CHROMIUM = '/usr/bin/chromium';
// Root needs --no-sandbox; the rest keeps Chromium off the (closed) network and quiet.
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// A Local API session with devapi's static development token (devapi --token dev-token).
export const SESSION_KEY = 'dbconsole.session';
export const SESSION = JSON.stringify({ v: 1, connection: { kind: 'local' }, token: 'dev-token' });
export const KEYS = [...'amber-or', ...Array(8).fill('Backspace')];
