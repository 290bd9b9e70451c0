/**
 * The page cache after a database restore: make sure no server serves anything rendered before it.
 *
 * Every cached page and `unstable_cache` entry, wherever it is kept (each server's `.next` on disk,
 * or Redis shared by several), describes the database as it was before the restore: a page
 * published or corrected after the backup would still be served, though the restored ledger holds
 * no sign-off for it. Expiring it by its tags would miss whatever carries none.
 *
 * So the check records one invalidation carrying `FLUSH_ALL` in the restored database's
 * `cache_invalidations` outbox, through `recordInvalidation` as every change records its tags
 * (lib/cache/revalidate.ts), committed at once. Every server's cache handler reads that outbox
 * (lib/cache/invalidations.mjs): one already listening to this database applies it when PostgreSQL
 * delivers the notification; one started within the outbox's retention (24 h) replays it before it
 * serves anything. Applied, it serves nothing cached before that moment — on disk or in Redis,
 * tagged or not — and renders those pages afresh from the database. Later, the row is pruned, and
 * the handler serves no entry older than the retention anyway. Nothing under `.next` is touched,
 * and no rebuild is needed.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { FLUSH_ALL, INVALIDATION_TABLE, RETENTION_MS } from '@/lib/cache/outbox.mjs'
import { recordInvalidation } from '@/lib/cache/revalidate'
import { sqlRows } from '@/plugins/common/sql'

export interface PageCacheFlush {
  /** The `cache_invalidations` row written. */
  id: string
  /** Its tags, read back: `[FLUSH_ALL]`. */
  tags: string[]
  /** When the database recorded it. */
  createdAt: Date
  /** How long servers started later still apply it (the outbox's retention), in hours. */
  retentionHours: number
}

/**
 * Records one `FLUSH_ALL` invalidation in the database `payload` is connected to (see the top of
 * the file), then reads the row back to check that it is there as written.
 */
export async function flushPageCache(payload: Payload): Promise<PageCacheFlush> {
  const id = await recordInvalidation(payload, [FLUSH_ALL])
  const [row] = await sqlRows<{ tags: string[]; created_at: Date | string }>(
    payload,
    sql`SELECT tags, created_at FROM ${sql.identifier(INVALIDATION_TABLE)} WHERE id = ${id}::bigint`,
  )
  if (!row || row.tags.length !== 1 || row.tags[0] !== FLUSH_ALL) {
    throw new Error(
      `${INVALIDATION_TABLE} row ${id} does not hold the flush just written (found ${JSON.stringify(row?.tags ?? null)})`,
    )
  }
  return { id, tags: row.tags, createdAt: new Date(row.created_at), retentionHours: RETENTION_MS / 3_600_000 }
}
