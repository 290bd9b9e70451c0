/**
 * A page that could not be rendered because the database is not answering is "503 Service
 * Unavailable" with `Retry-After`, not "500 Internal Server Error": load balancers, CDNs, crawlers
 * and monitors treat the two differently (retry later and keep the old copy, versus a broken page).
 *
 * Next.js gives an App Router page no way to choose the status of its error page: a render that
 * throws is a 500, and the reader sees the site's own "temporarily unavailable" page
 * (app/(site)/error.tsx) with that status. So this module, imported by next.config.mjs (which
 * `next start` and `next dev` load in the serving process), turns a 500 into a 503 while the
 * database is known to be unavailable — as lib/db/faults.ts records it from the connection pool
 * (failed connects, dropped connections, outage errors) and clears it on the next success.
 *
 * Plain JavaScript because next.config.mjs imports it at run time, outside any build step. The
 * state is a timestamp on `globalThis` under a registry symbol: Next.js's bundles and this module
 * are different module graphs in one process, and the symbol is the same in all of them.
 */
import http from 'node:http'

export const DATABASE_UNAVAILABLE = Symbol.for('causeway.databaseUnavailableSince')
export const RETRY_AFTER_SECONDS = 5
/** How long one recorded failure counts, if nothing succeeds or fails after it. */
const REMEMBER_MS = 60_000

/** Whether the database was last seen unavailable (and not since answering). */
export function databaseUnavailableNow(now = Date.now()) {
  const since = globalThis[DATABASE_UNAVAILABLE]
  return typeof since === 'number' && since > 0 && now - since < REMEMBER_MS
}

const PATCHED = Symbol.for('causeway.outageStatusInstalled')

if (!http.ServerResponse.prototype[PATCHED]) {
  const writeHead = http.ServerResponse.prototype.writeHead
  http.ServerResponse.prototype.writeHead = function writeHeadDuringOutage(statusCode, ...rest) {
    if (statusCode === 500 && databaseUnavailableNow()) {
      this.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      this.setHeader('Cache-Control', 'no-store')
      // A reason phrase passed along (writeHead(500, 'Internal Server Error', headers)) goes too.
      if (typeof rest[0] === 'string') rest[0] = 'Service Unavailable'
      return writeHead.call(this, 503, ...rest)
    }
    return writeHead.call(this, statusCode, ...rest)
  }
  http.ServerResponse.prototype[PATCHED] = true
}
