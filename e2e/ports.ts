// The ports the end-to-end servers listen on: E2E_PORT_BASE (default 18080) and the next few, so
// two checkouts can run their suites side by side. scripts/test.sh builds the CSP for the same.
const BASE = Number(process.env.E2E_PORT_BASE ?? 18080);
if (!Number.isInteger(BASE) || BASE < 1024 || BASE > 65_000) {
  throw new Error(`E2E_PORT_BASE must be a port number from 1024 to 65000, not ${process.env.E2E_PORT_BASE}`);
}

const at = (offset: number) => `http://127.0.0.1:${BASE + offset}`;

export const PORTS = {
  site: BASE, api: BASE + 1, corsApi: BASE + 2, console: BASE + 4, budgetApi: BASE + 5, budgetSite: BASE + 6,
  api2: BASE + 7,
} as const;
/** The release build, with /api proxied to the devapi at API. */
export const SITE = at(0);
/** The devapi behind /api, also called directly by some tests. */
export const API = at(1);
/** A second devapi playing a second region (`local-fr2`, behind /api2), empty at start. */
export const API2 = at(7);
/** A second devapi on another origin, open (CORS) to SITE only. */
export const CORS_API = at(2);
/** The sub-path build served as a plain static host would (the demo). */
export const CONSOLE = `${at(4)}/console/`;
/** A devapi that enforces the API's rate limit on a shrunk minute (see playwright.config.ts). */
export const BUDGET_API = at(5);
/** The release build in front of BUDGET_API, with a budget on the same shrunk minute. */
export const BUDGET_SITE = at(6);
