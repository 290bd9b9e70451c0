import { sql } from '@payloadcms/db-postgres'
import { revalidateTag } from 'next/cache'
import type { Payload, PayloadRequest } from 'payload'

import { sqlFor } from '@/plugins/common/sql'

import { CACHE_TAG, INVALIDATION_CHANNEL, INVALIDATION_TABLE, MAX_NOTIFY_BYTES } from './outbox.mjs'

export const isCacheTag = (value: unknown): value is string => typeof value === 'string' && CACHE_TAG.test(value)

/**
 * Expires cache tags on every server once the change that calls this commits. Skipped when
 * `context.disableRevalidate` is set (seeds, tests).
 *
 * The tags are written to the `cache_invalidations` outbox and announced with `pg_notify`, both in
 * `req`'s transaction: PostgreSQL delivers the notification only on commit, to every server
 * listening (lib/cache/invalidations.mjs), which then expires the tags in its cache. A rolled-back
 * change expires nothing; a change committed by a separate `jobs:run` worker or a script reaches
 * every server the same way as one made through the admin. Nothing here waits or posts anywhere.
 */
export async function revalidateTags(tags: Iterable<string | null | undefined>, req: PayloadRequest): Promise<void> {
  if (req.context.disableRevalidate) return
  const list = [...new Set([...tags].filter(isCacheTag))]
  if (!list.length) return
  await recordInvalidation(req.payload, list, req)
  // The server answering this request also expires them as its response goes out (after the
  // commit), so the editor's very next page view never races the notification.
  if (req.payloadAPI !== 'local') {
    try {
      for (const tag of list) revalidateTag(tag, { expire: 0 })
    } catch {
      // Not inside a Next.js request (tests, scripts): the notification does it.
    }
  }
}

/**
 * Writes one outbox row for `tags` and notifies its channel, in `req`'s transaction when it has one
 * (else on its own, committed at once). Returns the row's id. Tags are not checked here: the
 * restore tooling also records `FLUSH_ALL`.
 */
export async function recordInvalidation(
  payload: Payload,
  tags: string[],
  req?: Partial<PayloadRequest>,
): Promise<string> {
  const { db } = await sqlFor(payload, req)
  // One statement. The notification carries the tags, or only the row's id when they would not fit.
  const { rows } = await db.execute(sql`
    WITH row AS (
      INSERT INTO ${sql.identifier(INVALIDATION_TABLE)} (tags)
      SELECT ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb))
      RETURNING id, tags
    ), message AS (
      SELECT id, json_build_object('id', id::text, 'tags', tags)::text AS body FROM row
    )
    SELECT id::text AS id, pg_notify(
      ${INVALIDATION_CHANNEL},
      CASE WHEN octet_length(body) < ${MAX_NOTIFY_BYTES} THEN body ELSE json_build_object('id', id::text)::text END
    ) FROM message`)
  return String(rows[0]!.id)
}
