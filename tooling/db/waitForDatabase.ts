/**
 * Before `npm start` migrates and serves: wait for PostgreSQL with bounded exponential backoff
 * (one line per attempt), and refuse a database that is missing, or empty without being told to
 * initialise it — so a mistyped database name in production is an error, not a fresh site whose
 * first visitor becomes its admin.
 */
import pg from 'pg'

import { DatabaseSetupError, redact as redactDatabaseUrl } from '@/lib/db/url'

/** Errors worth waiting out: the server is starting, restarting, or not reachable yet. */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P03',
])

export interface WaitOptions {
  /** Give up after this long in all. Default 60 s (`DATABASE_WAIT_SECONDS`). */
  totalMs?: number
  /** The first pause; each next one doubles, up to `maxDelayMs`. */
  firstDelayMs?: number
  maxDelayMs?: number
  log?: (line: string) => void
}

const codeOf = (error: unknown) => {
  const { code, message } = error as { code?: string; message?: string }
  if (code) return code
  return /timeout/i.test(message ?? '') ? 'ETIMEDOUT' : 'unknown'
}

/** What stopped a connection, said so a person knows what to do. */
function permanentProblem(error: unknown, url: string): DatabaseSetupError | null {
  const code = codeOf(error)
  const database = decodeURIComponent(new URL(url).pathname.slice(1)) || '(default)'
  if (code === '3D000') {
    return new DatabaseSetupError(
      `Database "${database}" does not exist on ${redactDatabaseUrl(url)}. Causeway never creates a database in ` +
        `production: check DATABASE_URL for a typo, or create it (createdb ${database}) and start again.`,
    )
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseSetupError(
      `PostgreSQL refused the login for ${redactDatabaseUrl(url)} (${(error as Error).message}). Check the user and password in DATABASE_URL.`,
    )
  }
  if (code === 'ENOTFOUND') {
    return new DatabaseSetupError(
      `The database host in DATABASE_URL (${new URL(url).hostname}) does not resolve. Check it for a typo.`,
    )
  }
  return null
}

/** Connects until PostgreSQL answers, or throws a DatabaseSetupError saying why it stopped trying. */
export async function waitForDatabase(url: string, options: WaitOptions = {}): Promise<void> {
  const { totalMs = 60_000, firstDelayMs = 500, maxDelayMs = 8_000, log = console.log } = options
  const started = Date.now()
  let delay = firstDelayMs
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
    // A connection dropped after connecting is reported here, not as an uncaught error.
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('SELECT 1')
      if (attempt > 1) log(`PostgreSQL answered on attempt ${attempt}.`)
      return
    } catch (error) {
      const permanent = permanentProblem(error, url)
      if (permanent) throw permanent
      const code = codeOf(error)
      const elapsed = Date.now() - started
      if (!TRANSIENT.has(code) || elapsed + delay > totalMs) {
        throw new DatabaseSetupError(
          `PostgreSQL at ${redactDatabaseUrl(url)} did not answer (${code}: ${(error as Error).message}) ` +
            `after ${attempt} attempt${attempt === 1 ? '' : 's'} over ${Math.round(elapsed / 1000)} s. ` +
            'Start it, or fix DATABASE_URL; DATABASE_WAIT_SECONDS sets how long to wait.',
        )
      }
      log(
        `PostgreSQL at ${redactDatabaseUrl(url)} is not answering (${code}); trying again in ${delay / 1000} s (attempt ${attempt}).`,
      )
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, maxDelayMs)
    } finally {
      await client.end().catch(() => {})
    }
  }
}

/** `causeway`: migrated before; `empty`: no tables at all; `foreign`: tables, but none of Causeway's. */
export type DatabaseState = 'causeway' | 'empty' | 'foreign'

export async function databaseState(url: string): Promise<DatabaseState> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  client.on('error', () => {})
  await client.connect()
  try {
    const { rows } = await client.query<{ tables: string; migrations: boolean }>(
      `SELECT count(*)::text AS tables,
              bool_or(table_name = 'payload_migrations') AS migrations
         FROM information_schema.tables
        WHERE table_schema = current_schema()`,
    )
    const row = rows[0]!
    if (row.migrations) return 'causeway'
    return Number(row.tables) === 0 ? 'empty' : 'foreign'
  } finally {
    await client.end().catch(() => {})
  }
}

/** Refuses a database `npm start` must not take over; `init` (DATABASE_INIT=true) allows an empty one. */
export function refuseUnlessCauseway(state: DatabaseState, url: string, init: boolean): void {
  if (state === 'causeway' || (state === 'empty' && init)) return
  if (state === 'empty') {
    throw new DatabaseSetupError(
      `The database at ${redactDatabaseUrl(url)} is empty. If this is a new installation, start once with ` +
        'DATABASE_INIT=true to create the schema (the first account made afterwards becomes the admin); ' +
        'otherwise DATABASE_URL names the wrong database.',
    )
  }
  throw new DatabaseSetupError(
    `The database at ${redactDatabaseUrl(url)} holds tables, but not Causeway's (no payload_migrations table). ` +
      'DATABASE_URL names the wrong database: Causeway will not migrate into it.',
  )
}
