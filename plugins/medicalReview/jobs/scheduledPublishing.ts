import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest, TaskConfig } from 'payload'

import { sqlRows } from '@/plugins/common/sql'

import { afterCommitDelivery } from '../notifications/deliver'
import { requestAs } from '../requestAs'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import type { ScheduledPublishingInput } from '../schedule'
import { inTransaction } from '../transaction'
import { publish, unpublish } from '../workflow'

export const SCHEDULED_PUBLISHING_TASK = 'scheduledPublishing'

/**
 * Marks job `jobId` done in `req`'s transaction, unless it already is (or is gone: a completed job
 * is deleted). Returns whether this run is the one that does it. The row stays locked until the
 * transaction ends, so a second run of the same job waits for the first and then finds it done;
 * if the step rolls back, so does the mark, and Payload records the failure as usual.
 */
export async function markScheduledRunDone(req: PayloadRequest, jobId: number | string): Promise<boolean> {
  const adapter = req.payload.db as unknown as { tableNameMap?: Map<string, string> }
  const table = adapter.tableNameMap?.get('payload_jobs') ?? 'payload_jobs'
  const rows = await sqlRows(
    req.payload,
    sql`UPDATE ${sql.identifier(table)} SET completed_at = now() WHERE id = ${jobId} AND completed_at IS NULL RETURNING id`,
    req,
  )
  return rows.length === 1
}

/**
 * Runs a publish or unpublish scheduled from the review panel, when its time comes, as the editor
 * who scheduled it: the same workflow functions as the panel's buttons, so the publish gate
 * decides a publish against the content and sign-off of that moment, and an unpublish records its
 * reason. A refusal fails the job; the panel shows why.
 *
 * Once per job, whatever runs it how often: the step and the job's "done" mark commit in one
 * transaction (`markScheduledRunDone`), so a second run of the same job — two runners that both
 * got it, a retry after a crash between the commit and Payload's own bookkeeping — writes nothing:
 * no second publication record, ledger entry, review event or notification. Without this, a
 * second run after a publish that kept a newer draft would find a draft again and publish the
 * signed version a second time.
 */
export function scheduledPublishingTask(collections: ResolvedCollectionOptions[]): TaskConfig {
  return {
    slug: SCHEDULED_PUBLISHING_TASK,
    label: 'Publish or unpublish at a scheduled time',
    inputSchema: [
      { name: 'collection', type: 'text', required: true },
      { name: 'docId', type: 'text', required: true },
      { name: 'action', type: 'select', options: ['publish', 'unpublish'], required: true },
      { name: 'reason', type: 'textarea' },
      { name: 'scheduledBy', type: 'relationship', relationTo: 'users', required: true },
    ],
    outputSchema: [{ name: 'stage', type: 'text' }],
    // A refusal would only repeat itself: it fails at once, and the review panel shows why, so the
    // editor can fix it and schedule again.
    retries: 0,
    handler: async ({ input, job, req }) => {
      const { collection, docId, action, reason, scheduledBy } = input as unknown as ScheduledPublishingInput
      const options = collections.find((candidate) => candidate.slug === collection)
      if (!options) throw new Error(`"${collection}" is not a reviewable collection.`)
      const as = await requestAs(req.payload, scheduledBy, req.context)
      const result = await inTransaction(as, async () => {
        if (!(await markScheduledRunDone(as, job.id))) return null
        return action === 'publish' ? publish(as, options, docId) : unpublish(as, options, docId, { reason })
      })
      if (!result) {
        req.payload.logger.info(
          { job: job.id, collection, docId, action },
          `Scheduled ${action} of ${collection} ${docId} has already run (job ${job.id}); nothing done.`,
        )
        return { output: { stage: 'already-done' } }
      }
      // Committed: its notifications go out now rather than at the next delivery run.
      await afterCommitDelivery(as)
      return { output: { stage: String(result.stage) } }
    },
  }
}
