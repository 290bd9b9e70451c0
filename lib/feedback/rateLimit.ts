/**
 * How many submissions one client may make, counted in PostgreSQL (the `feedback` rows of its
 * client key), so the limit holds across every server instance and restart.
 *
 * - **5 in 10 minutes**: a reader reporting two or three things on a page, or voting on a few
 *   pages while reading, never meets it; a script filling the queue is stopped after five.
 * - **30 in 24 hours**: a reader working through many articles in a day still fits; a client
 *   that keeps coming back at the burst rate is stopped for the day.
 * - **Duplicates**: the same kind and message from the same client about the same article within
 *   10 minutes (a double click, a reload of the page that sent it) is answered as taken, and
 *   stored once.
 *
 * Readers behind one address (a household, an office, a school) share the limit; it is set so
 * that a few of them reporting at once are not stopped.
 */

const MINUTE = 60 * 1000

export const RATE_LIMITS = [
  { key: 'burst', max: 5, windowMs: 10 * MINUTE, describe: '5 reports in 10 minutes' },
  { key: 'daily', max: 30, windowMs: 24 * 60 * MINUTE, describe: '30 reports in a day' },
] as const

/**
 * What the whole site takes from all readers together in 10 minutes. The per-client limits rest on
 * the client's address, which only a proxy in front can vouch for (./client.ts): a server without
 * one cannot tell forged `X-Forwarded-For` addresses apart. This bounds what such a flood can put
 * in the editors' queue, whatever the addresses; readers never come near it (the busiest day so
 * far would be a few hundred in all).
 */
export const SITE_LIMIT = {
  key: 'site',
  max: 300,
  windowMs: 10 * MINUTE,
  describe: '300 reports in 10 minutes from all readers together',
} as const

/** How long a reader is asked to wait when the site limit is reached. */
export const SITE_RETRY_SECONDS = 60

export type RateLimit = (typeof RATE_LIMITS)[number] | typeof SITE_LIMIT

export const DUPLICATE_WINDOW_MS = 10 * MINUTE

/** The longest window: how far back a client's submissions are read. */
export const LONGEST_WINDOW_MS = Math.max(...RATE_LIMITS.map((limit) => limit.windowMs))

/**
 * How long the client key is kept on a stored submission: long enough for the longest window, then
 * it is erased (./handler.ts), so a report is not linkable to its sender's address for longer than
 * the limit needs.
 */
export const CLIENT_KEY_RETENTION_MS = 2 * LONGEST_WINDOW_MS

export type RateVerdict = { ok: true } | { ok: false; limit: RateLimit; retryAfterSeconds: number; retryAt: Date }

/** Whether the site takes one more, given how many it took in the last `SITE_LIMIT.windowMs`. */
export function siteVerdict(takenInWindow: number, now: Date): RateVerdict {
  if (takenInWindow < SITE_LIMIT.max) return { ok: true }
  return {
    ok: false,
    limit: SITE_LIMIT,
    retryAfterSeconds: SITE_RETRY_SECONDS,
    retryAt: new Date(now.getTime() + SITE_RETRY_SECONDS * 1000),
  }
}

/**
 * Whether one more submission is allowed, given when this client's earlier ones were stored (any
 * order, at least the last LONGEST_WINDOW_MS of them). When it is not: which limit, and when the
 * oldest submission counted against it leaves its window — the moment one more is allowed again.
 */
export function rateVerdict(times: readonly Date[], now: Date): RateVerdict {
  const sorted = times.map((time) => time.getTime()).sort((a, b) => a - b)
  let refused: Extract<RateVerdict, { ok: false }> | null = null
  for (const limit of RATE_LIMITS) {
    const inWindow = sorted.filter((time) => time > now.getTime() - limit.windowMs)
    if (inWindow.length < limit.max) continue
    // With n ≥ max in the window, one more is allowed once n - max + 1 of them have left it.
    const retryAt = new Date(inWindow[inWindow.length - limit.max]! + limit.windowMs)
    if (!refused || retryAt > refused.retryAt) {
      refused = {
        ok: false,
        limit,
        retryAt,
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)),
      }
    }
  }
  return refused ?? { ok: true }
}
