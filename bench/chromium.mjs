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
// The list's "Updated 12 s ago", which ticks on a 5 s clock whatever the keystrokes: its changes
// are not the filter's work and do not end a keystroke (counted, they once made its p95 several
// hundred ms).
export const CLOCK_SELECTOR = '.count--updated';
