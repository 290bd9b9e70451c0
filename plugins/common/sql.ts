import type { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

export type SqlExecutor = {
  execute: (query: ReturnType<typeof sql>) => Promise<{ rows: Array<Record<string, unknown>> }>
}

/**
 * The Drizzle handle raw SQL should run on for `req`: the request's open transaction, so the
 * statement commits or rolls back with everything else the request wrote — or, outside any
 * transaction, the pool. The one place that knows how the Postgres adapter keeps its sessions.
 */
export async function sqlFor(
  payload: Payload,
  req?: Partial<PayloadRequest>,
): Promise<{ db: SqlExecutor; inTransaction: boolean }> {
  const adapter = payload.db as unknown as { drizzle: SqlExecutor; sessions?: Record<string, { db: SqlExecutor }> }
  const id = req?.transactionID ? await req.transactionID : undefined
  const session = id !== undefined ? adapter.sessions?.[String(id)]?.db : undefined
  return session ? { db: session, inTransaction: true } : { db: adapter.drizzle, inTransaction: false }
}

/** The rows of a raw SQL query, in `req`'s transaction if it has one, else on the pool. */
export async function sqlRows<T = Record<string, unknown>>(
  payload: Payload,
  query: Parameters<SqlExecutor['execute']>[0],
  req?: Partial<PayloadRequest>,
): Promise<T[]> {
  const { db } = await sqlFor(payload, req)
  return (await db.execute(query)).rows as T[]
}
