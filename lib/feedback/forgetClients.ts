import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest, TaskConfig } from 'payload'

import { sqlFor } from '@/plugins/common/sql'

import { CLIENT_KEY_RETENTION_MS } from './rateLimit'

export const FORGET_CLIENTS_TASK = 'forgetFeedbackClients'

/**
 * Erases the client key of every report older than CLIENT_KEY_RETENTION_MS: the rate limit no
 * longer counts it, and a report must not stay linkable to its sender's address. A submission
 * does this too (./handler.ts); this hourly task does it when no one submits. Returns how many.
 */
export async function forgetFeedbackClients(payload: Payload, now = new Date(), req?: PayloadRequest): Promise<number> {
  const { db } = await sqlFor(payload, req)
  const before = new Date(now.getTime() - CLIENT_KEY_RETENTION_MS).toISOString()
  const { rows } = await db.execute(
    sql`UPDATE "feedback" SET "client" = NULL WHERE "client" IS NOT NULL AND "created_at" < ${before} RETURNING "id"`,
  )
  return rows.length
}

export function forgetFeedbackClientsTask(
  cron = '41 * * * *',
): TaskConfig<{ input: Record<string, never>; output: { forgotten: number } }> {
  return {
    slug: FORGET_CLIENTS_TASK,
    label: 'Erase the client keys of reader feedback past the rate limit’s windows',
    schedule: [{ cron, queue: 'default' }],
    outputSchema: [{ name: 'forgotten', type: 'number', required: true }],
    handler: async ({ req }) => {
      const forgotten = await forgetFeedbackClients(req.payload, new Date(), req)
      if (forgotten) req.payload.logger.info({ forgotten }, `Erased the client key of ${forgotten} feedback report(s).`)
      return { output: { forgotten } }
    },
  }
}
