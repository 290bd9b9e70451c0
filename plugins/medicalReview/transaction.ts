import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import { sqlFor } from '@/plugins/common/sql'

/**
 * Runs `fn` in one database transaction on `req`: every nested Payload call that is passed `req`
 * joins it, and if anything throws, nothing is written. Joins the caller's transaction if `req`
 * already has one.
 */
export async function inTransaction<T>(req: PayloadRequest, fn: () => Promise<T>): Promise<T> {
  const owns = await initTransaction(req)
  try {
    const result = await fn()
    if (owns) await commitTransaction(req)
    return result
  } catch (error) {
    if (owns) await killTransaction(req)
    throw error
  }
}

/**
 * Takes a PostgreSQL advisory lock held until `req`'s transaction ends, so writers of the same
 * chain queue up instead of both reading the same "newest entry" and forking it.
 */
export async function lockForTransaction(req: PayloadRequest, key: number): Promise<void> {
  const { db, inTransaction: open } = await sqlFor(req.payload, req)
  if (!open) throw new Error('lockForTransaction needs a request inside a transaction (see inTransaction).')
  await db.execute(sql`SELECT pg_advisory_xact_lock(${key})`)
}

/**
 * `lockForTransaction` when `req` is inside a transaction; outside one (a caller that disabled
 * transactions) there is nothing the lock could protect, so it is skipped. Returns whether it locked.
 */
export async function lockIfInTransaction(req: PayloadRequest, key: number): Promise<boolean> {
  const { inTransaction: open } = await sqlFor(req.payload, req)
  if (open) await lockForTransaction(req, key)
  return open
}
