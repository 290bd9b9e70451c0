import type { AfterErrorHook, Endpoint, Payload } from 'payload'

import { migrations } from '@/migrations'

import { DATABASE_UNAVAILABLE } from './outageStatus.mjs'

/**
 * Errors that mean "the database is not answering right now" — refused, reset, timed out, shut
 * down, restarting, out of connections, or a statement cut off by `statement_timeout` — rather
 * than "this request is wrong". They become 503 with Retry-After, never 500.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57014',
  '57P01',
  '57P02',
  '57P03',
])
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Query read timeout|^timeout expired$|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Connection refused|canceling statement due to statement timeout/i

/** Seconds a client is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5

/** Whether `error` (or anything in its `cause` chain) says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true
    current = cause
  }
  return false
}

export const UNAVAILABLE_MESSAGE = `The database is not answering right now. Nothing was changed; try again in ${RETRY_AFTER_SECONDS} seconds.`

/** REST and GraphQL: a database outage answers 503 with Retry-After and a message that says so. */
export const answerDatabaseOutage: AfterErrorHook = ({ error, req }) => {
  if (!isDatabaseUnavailable(error)) return
  noteDatabase(false)
  const headers = new Headers(req.responseHeaders)
  headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
  req.responseHeaders = headers
  return { status: 503, response: { errors: [{ message: UNAVAILABLE_MESSAGE }] } }
}

/**
 * Migrations this build ships that the database has not recorded; null when it holds no Causeway
 * schema at all (no `payload_migrations` table). Readiness and `npm run restore:check` ask this.
 */
export async function pendingMigrations(payload: Payload): Promise<string[] | null> {
  const pool = (
    payload.db as unknown as { pool: { query: (sql: string) => Promise<{ rows: Array<{ name: string }> }> } }
  ).pool
  try {
    const { rows } = await pool.query('SELECT name FROM payload_migrations')
    const applied = new Set(rows.map((row) => row.name))
    return migrations.map((migration) => migration.name).filter((name) => !applied.has(name))
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null // undefined_table
    throw error
  }
}

const noStore = { 'cache-control': 'no-store' }

/**
 * `GET /api/health`: the process is up and serving (liveness; touches no database).
 * `GET /api/ready`: the database answers and holds every migration this build ships (readiness:
 * a load balancer sends readers here only when it says 200).
 */
/**
 * This server's cache-invalidation feed (lib/cache/invalidations.mjs), kept on `globalThis` by the
 * cache handler: 'live' when cached pages are served, 'down' while they are not (pages then come
 * from the database), 'not started' before the first page was asked for; and, with an edge cache
 * (EDGE_PURGE_URLS), whether every purge so far has reached every edge ('caught up', 'retrying').
 * Not a readiness condition: an edge that cannot be purged is the edge's problem to report.
 */
function cacheFeedStatus(): { invalidations: string; applied: number; edge?: { purges: string; sent: number } } {
  const feed = (
    globalThis as Record<
      symbol,
      { state?: string; applied?: number; purger?: { caughtUp: boolean; sent: number } | null } | undefined
    >
  )[Symbol.for('causeway.cacheInvalidationFeed')]
  const purger = feed?.purger
  return {
    invalidations: feed?.state ?? 'not started',
    applied: feed?.applied ?? 0,
    ...(purger ? { edge: { purges: purger.caughtUp ? 'caught up' : 'retrying', sent: purger.sent } } : {}),
  }
}

export const healthEndpoints: Endpoint[] = [
  {
    path: '/health',
    method: 'get',
    handler: () => Response.json({ status: 'ok' }, { headers: noStore }),
  },
  {
    path: '/ready',
    method: 'get',
    handler: async (req) => {
      try {
        const pending = (await pendingMigrations(req.payload)) ?? migrations.map((migration) => migration.name)
        if (pending.length) {
          return Response.json(
            { status: 'unavailable', database: 'ok', migrations: 'pending', pending },
            { status: 503, headers: { ...noStore, 'retry-after': String(RETRY_AFTER_SECONDS) } },
          )
        }
        return Response.json(
          { status: 'ok', database: 'ok', migrations: 'current', cache: cacheFeedStatus() },
          { headers: noStore },
        )
      } catch (error) {
        req.payload.logger.warn({ msg: `Not ready: ${(error as Error).message}` })
        return Response.json(
          { status: 'unavailable', database: isDatabaseUnavailable(error) ? 'unavailable' : 'error' },
          { status: 503, headers: { ...noStore, 'retry-after': String(RETRY_AFTER_SECONDS) } },
        )
      }
    },
  },
]

/** How much longer than `statement_timeout` the client waits for a stalled server before giving up. */
export const QUERY_GRACE_MS = 5_000

/**
 * The pool's limits, so a database that stalls (a paused server, a lock held forever) gives an
 * error within seconds instead of a request that hangs: connecting waits 5 s, a statement runs at
 * most `DATABASE_STATEMENT_TIMEOUT_MS` (default 30 s; 0 turns it off, as migrations and the bulk
 * seeder do) — and a server that stops answering mid-statement is given up on 5 s after that —
 * and a transaction left idle is ended after 60 s.
 */
export function poolLimits(env: NodeJS.ProcessEnv) {
  const raw = env.DATABASE_STATEMENT_TIMEOUT_MS
  const statementTimeout = raw === undefined || raw === '' ? 30_000 : Number(raw)
  if (!Number.isInteger(statementTimeout) || statementTimeout < 0) {
    throw new Error(`DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0: no limit), not "${raw}".`)
  }
  return {
    connectionTimeoutMillis: 5_000,
    idle_in_transaction_session_timeout: 60_000,
    // The server enforces statement_timeout, so it cannot end a statement on a server that has
    // stopped answering altogether (paused, a dead network path): the client gives up a little
    // later, and the pool drops that connection.
    ...(statementTimeout
      ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + QUERY_GRACE_MS }
      : {}),
  }
}

/**
 * Records whether the database answered (lib/db/outageStatus.mjs turns a page's 500 into a 503
 * with Retry-After while it does not). `globalThis`, under a registry symbol: the module that
 * reads it is loaded by next.config.mjs, outside the bundles this one is compiled into.
 */
export function noteDatabase(answered: boolean): void {
  const state = globalThis as Record<symbol, number>
  if (answered) {
    if (state[DATABASE_UNAVAILABLE]) state[DATABASE_UNAVAILABLE] = 0
  } else state[DATABASE_UNAVAILABLE] = Date.now()
}

type Pool = {
  on: (event: 'error', listener: (error: Error) => void) => void
  connect: (...args: unknown[]) => unknown
  query: (...args: unknown[]) => unknown
}

/**
 * An idle pooled connection that PostgreSQL drops (a restart, a failover) is reported to the
 * pool's `error` listeners; with none, Node treats it as uncaught. Logged once per outage, in
 * one line; the pool replaces the connection when the database is back. Every connect and every
 * pool query also records whether the database answered (`noteDatabase`).
 */
export function watchPool(payload: Payload): void {
  const pool = (payload.db as unknown as { pool?: Pool }).pool
  if (!pool) return
  let lastLogged = 0
  pool.on('error', (error) => {
    noteDatabase(false)
    if (Date.now() - lastLogged < 60_000) return
    lastLogged = Date.now()
    payload.logger.warn({
      msg: `A database connection was lost (${error.message}); it is replaced when PostgreSQL answers again.`,
    })
  })
  const settle = <T>(result: T): T => {
    if (result instanceof Promise) {
      result.then(
        () => noteDatabase(true),
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) noteDatabase(false)
        },
      )
    }
    return result
  }
  const connect = pool.connect.bind(pool)
  const query = pool.query.bind(pool)
  // Promise-style calls only (Drizzle's); pg-pool's own callback-style calls pass through untouched.
  pool.connect = (...args: unknown[]) =>
    typeof args.at(-1) === 'function' ? connect(...args) : settle(connect(...args))
  pool.query = (...args: unknown[]) => (typeof args.at(-1) === 'function' ? query(...args) : settle(query(...args)))
}
