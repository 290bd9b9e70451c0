/**
 * When the database is not answering: errors that mean "unavailable" are told apart from errors
 * that mean "wrong" (with real PostgreSQL errors, not stand-ins), the API answers 503 with
 * Retry-After instead of 500, and the health endpoints say what a load balancer needs to know.
 */
import type { PayloadRequest } from 'payload'
import net from 'node:net'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { answerDatabaseOutage, isDatabaseUnavailable, poolLimits, UNAVAILABLE_MESSAGE } from '@/lib/db/faults'
import { withDatabaseName } from '@/lib/db/url'
import { freePort } from '@/tooling/db/testDatabases'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

let ctx: PayloadIntContext

beforeAll(async () => {
  ctx = await initPayloadInt()
})

afterAll(async () => {
  await ctx.cleanup()
})

/** The error a real PostgreSQL raises for `run` on a fresh connection. */
async function errorFrom(run: (client: pg.Client, other: pg.Client) => Promise<unknown>): Promise<unknown> {
  const [client, other] = [
    new pg.Client({ connectionString: ctx.databaseUrl }),
    new pg.Client({ connectionString: ctx.databaseUrl }),
  ]
  client.on('error', () => {})
  await Promise.all([client.connect(), other.connect()])
  try {
    await run(client, other)
    throw new Error('expected PostgreSQL to raise an error')
  } catch (error) {
    return error
  } finally {
    await Promise.all([client.end().catch(() => {}), other.end().catch(() => {})])
  }
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection, a terminated session and a statement timeout', async () => {
    const refused = await new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x` })
      .connect()
      .catch((error: unknown) => error)
    const terminated = await errorFrom(async (client, other) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      await other.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid])
      await client.query('SELECT 1')
    })
    const timedOut = await errorFrom(async (client) => {
      await client.query("SET statement_timeout = '50ms'")
      await client.query('SELECT pg_sleep(1)')
    })
    expect([refused, terminated, timedOut].map(isDatabaseUnavailable)).toEqual([true, true, true])
    expect((timedOut as { code?: string }).code).toBe('57014')
  })

  it('does not mistake a wrong request for an outage', async () => {
    const syntax = await errorFrom((client) => client.query('SELEC 1'))
    const missing = await errorFrom((client) => client.query('SELECT * FROM no_such_table'))
    expect([syntax, missing, new Error('Not Found')].map(isDatabaseUnavailable)).toEqual([false, false, false])
  })

  it('turns an outage into 503 with Retry-After, and leaves other errors alone', async () => {
    const req = { responseHeaders: new Headers({ vary: 'Origin' }) } as unknown as PayloadRequest
    const result = await answerDatabaseOutage({
      error: Object.assign(new Error('x'), { code: '57P01' }),
      req,
      context: {},
    })
    expect(result).toEqual({ status: 503, response: { errors: [{ message: UNAVAILABLE_MESSAGE }] } })
    expect([req.responseHeaders!.get('retry-after'), req.responseHeaders!.get('vary')]).toEqual(['5', 'Origin'])
    expect(
      await answerDatabaseOutage({ error: new Error('Forbidden'), req: {} as PayloadRequest, context: {} }),
    ).toBeUndefined()
  })
})

describe('pool limits', () => {
  it('bound connecting, statements and idle transactions; 0 turns the statement limit off; nonsense is refused', () => {
    expect(poolLimits({} as unknown as NodeJS.ProcessEnv)).toEqual({
      connectionTimeoutMillis: 5_000,
      idle_in_transaction_session_timeout: 60_000,
      statement_timeout: 30_000,
      query_timeout: 35_000,
    })
    expect(poolLimits({ DATABASE_STATEMENT_TIMEOUT_MS: '0' } as unknown as NodeJS.ProcessEnv)).not.toHaveProperty(
      'statement_timeout',
    )
    expect(() => poolLimits({ DATABASE_STATEMENT_TIMEOUT_MS: 'soon' } as unknown as NodeJS.ProcessEnv)).toThrow(
      /whole number/,
    )
  })
})

describe('a stalled database', () => {
  /**
   * A TCP relay to the test PostgreSQL that can be frozen: it keeps both connections open and
   * forwards nothing, as a paused server (SIGSTOP) or a dead network path does.
   */
  async function freezableRelay(target: URL) {
    let frozen = false
    const sockets: net.Socket[] = []
    const server = net.createServer((inbound) => {
      const outbound = net.connect(Number(target.port || 5432), target.hostname)
      sockets.push(inbound, outbound)
      inbound.on('data', (chunk) => void (frozen || outbound.write(chunk)))
      outbound.on('data', (chunk) => void (frozen || inbound.write(chunk)))
      inbound.on('error', () => {})
      outbound.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {
      port: (server.address() as net.AddressInfo).port,
      freeze: () => void (frozen = true),
      close: () => {
        for (const socket of sockets) socket.destroy()
        server.close()
      },
    }
  }

  it('gives an outage error within the limits instead of hanging, for queries and for new connections', async () => {
    const target = new URL(ctx.databaseUrl)
    const relay = await freezableRelay(target)
    const url = new URL(target)
    url.hostname = '127.0.0.1'
    url.port = String(relay.port)
    const pool = new pg.Pool({
      connectionString: url.toString(),
      ...poolLimits({ DATABASE_STATEMENT_TIMEOUT_MS: '300' } as unknown as NodeJS.ProcessEnv),
      connectionTimeoutMillis: 1_000,
    })
    pool.on('error', () => {})
    try {
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
      relay.freeze()
      const started = Date.now()
      const stalled = await pool.query('SELECT 2').catch((error: unknown) => error)
      const connecting = await new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 1_000 })
        .connect()
        .catch((error: unknown) => error)
      // Generous bounds (shared machines): what matters is an answer rather than a hang.
      expect(Date.now() - started).toBeLessThan(20_000)
      expect([stalled, connecting].map(isDatabaseUnavailable)).toEqual([true, true])
      expect((stalled as Error).message).toBe('Query read timeout')
    } finally {
      relay.close()
      await pool.end().catch(() => {})
    }
  })
})

describe('health endpoints', () => {
  it('GET /api/health answers 200 and /api/ready says the database and migrations are current', async () => {
    const health = await rest('/health')
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }])
    const ready = await rest('/ready')
    expect([ready.status, await ready.json()]).toEqual([
      200,
      // No Next.js server in this process: its cache-invalidation feed was never started.
      { status: 'ok', database: 'ok', migrations: 'current', cache: { invalidations: 'not started', applied: 0 } },
    ])
  })

  it('/api/ready answers 503 while a migration this build ships is not applied', async () => {
    const sql = new pg.Client({ connectionString: ctx.databaseUrl })
    await sql.connect()
    const { rows } = await sql.query<{ name: string }>(
      'DELETE FROM payload_migrations WHERE id = (SELECT max(id) FROM payload_migrations) RETURNING name',
    )
    try {
      const ready = await rest('/ready')
      expect(ready.status).toBe(503)
      expect(ready.headers.get('retry-after')).toBe('5')
      expect(await ready.json()).toMatchObject({ migrations: 'pending', pending: [rows[0]!.name] })
    } finally {
      await sql.query('INSERT INTO payload_migrations (name, batch) VALUES ($1, 1)', [rows[0]!.name])
      await sql.end()
    }
  })
})

describe('the API while the database is away, and after it is back', () => {
  it('answers 503 with Retry-After and says why, then 200 again without a restart', async () => {
    const pool = (ctx.payload.db as unknown as { pool: pg.Pool & { options: pg.PoolConfig } }).pool
    const address = pool.options.connectionString
    const database = new URL(ctx.databaseUrl).pathname.slice(1)
    const admin = new pg.Client({ connectionString: withDatabaseName(ctx.databaseUrl, 'postgres') })
    await admin.connect()
    try {
      // PostgreSQL goes away: every open connection is dropped, and new ones are refused.
      pool.options.connectionString = `postgres://postgres@127.0.0.1:${await freePort()}/${database}`
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database])
      await new Promise((resolve) => setTimeout(resolve, 200))

      const list = await rest('/symptoms')
      expect(list.status).toBe(503)
      expect(list.headers.get('retry-after')).toBe('5')
      expect(await list.json()).toEqual({ errors: [{ message: UNAVAILABLE_MESSAGE }] })
      const ready = await rest('/ready')
      expect([ready.status, await ready.json()]).toEqual([503, { status: 'unavailable', database: 'unavailable' }])
      expect((await rest('/health')).status).toBe(200)
    } finally {
      // It comes back: the same process serves again.
      pool.options.connectionString = address
      await admin.end()
    }
    expect((await rest('/symptoms')).status).toBe(200)
    expect((await rest('/ready')).status).toBe(200)
  })
})
