/**
 * Each queued job runs once, however many runners share the queue: the server instances' autoRun
 * (each minute, unless JOBS_AUTORUN=false) and any `npm run payload -- jobs:run`.
 *
 * Payload 3.90's own claim is read-then-update. `runJobs` (payload/dist/queues/operations/runJobs/
 * index.js) calls `updateJobs({ where: processing = false …, data: { processing: true } })`, and
 * without hooks that is the Postgres adapter's `updateJobs` (@payloadcms/drizzle/dist/
 * updateJobs.js): it SELECTs the matching rows (no FOR UPDATE, no SKIP LOCKED), then UPDATEs each
 * by its id alone. Two runners whose SELECTs both come before either UPDATE commits both get the
 * same job back, and both run it. (Run by id, it sets `processing` without looking at it at all.)
 *
 * With `jobs.runHooks: true` (payload.config.ts) every job update goes through the jobs
 * collection's operations instead, and `claimJobOnce` below sees each row being flipped to
 * `processing`: it makes the flip one conditional `UPDATE … SET processing = true WHERE id = … AND
 * processing = false AND completed_at IS NULL RETURNING id`. PostgreSQL serialises concurrent
 * updates of a row and re-checks the condition on the row as the first one left it, so of any
 * number of runners exactly one gets the row back. For the others the hook throws; Payload's bulk
 * update leaves that row out of what it returns, so they never run it.
 *
 * Three things Payload 3.90 gets wrong on that path are put right here (`runOnceJobsCollection`):
 * its log appends (`{ log: { $push } }`) would be refused as invalid input; its claim ignores the
 * processing order, so jobs would be taken newest first (hence `defaultSort: 'createdAt'`); and
 * `payload.jobs.runByID` reads the claimed job from a bulk result it does not get, so it would mark
 * the job as processing and then run nothing, stranding it. That one is refused, saying what to
 * use instead: `payload.jobs.run({ where: { id: { equals: id } } })`.
 */
import { sql } from '@payloadcms/db-postgres'
import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type CollectionConfig,
  type Field,
  type FieldHook,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { sqlRows } from '@/plugins/common/sql'

export class JobAlreadyClaimed extends Error {
  override name = 'JobAlreadyClaimed'
}

function jobsTable(payload: Payload): string {
  const adapter = payload.db as unknown as { tableNameMap?: Map<string, string> }
  return adapter.tableNameMap?.get('payload_jobs') ?? 'payload_jobs'
}

/**
 * Atomically marks job `id` as being processed, if it is neither being processed nor completed.
 * Returns whether this caller got it (nobody else does). In `req`'s transaction if it has one.
 */
export async function claimJob(payload: Payload, id: number | string, req?: Partial<PayloadRequest>) {
  const rows = await sqlRows<{ id: number }>(
    payload,
    sql`UPDATE ${sql.identifier(jobsTable(payload))} SET processing = true, updated_at = now()
        WHERE id = ${id} AND processing = false AND completed_at IS NULL RETURNING id`,
    req,
  )
  return rows.length === 1
}

/**
 * The jobs collection's hook: a change that starts a job (processing false → true) goes through
 * `claimJob`, and is refused when another runner got there first.
 */
export const claimJobOnce: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || data?.processing !== true || !originalDoc || originalDoc.processing === true) {
    return data
  }
  if (!(await claimJob(req.payload, originalDoc.id as number, req))) {
    req.payload.logger.debug({ job: originalDoc.id }, 'Job already claimed by another runner; not running it here.')
    throw new JobAlreadyClaimed(`Job ${originalDoc.id} is being run by another runner, or has already run.`)
  }
  return data
}

/**
 * Payload's job runner appends to a job's log with `{ log: { $push: entry } }`, which only its
 * database adapters understand: through the collection's operations (runHooks) the log field would
 * refuse it as "invalid input". This field hook, which runs before that check, turns it into the
 * whole log: the stored entries, then the new one(s).
 */
const appendToLog: FieldHook = ({ value, previousValue }) => {
  if (!value || Array.isArray(value) || typeof value !== 'object' || !('$push' in value)) return value
  const pushed = (value as { $push: unknown }).$push
  const stored = Array.isArray(previousValue) ? previousValue : []
  return [...stored, ...(Array.isArray(pushed) ? pushed : [pushed])]
}

function withLogAppends(fields: Field[]): Field[] {
  return fields.map((field): Field => {
    if (field.type === 'tabs') {
      return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: withLogAppends(tab.fields) })) }
    }
    if (field.type === 'array' && field.name === 'log') {
      return { ...field, hooks: { ...field.hooks, beforeChange: [appendToLog, ...(field.hooks?.beforeChange ?? [])] } }
    }
    return field
  })
}

/**
 * Refuses `payload.jobs.runByID` (and `/api/payload-jobs/run?id=`) before it changes anything: with
 * `runHooks` on, Payload 3.90's run-by-id claims the job through `updateByID` but looks for it in a
 * bulk result (`result.docs`), finds nothing, runs nothing, and leaves the job marked as processing
 * for ever. Its claim is the only update by id that sets nothing but `processing: true`.
 */
export const refuseRunByID: CollectionBeforeOperationHook = ({ args, operation }) => {
  const { id, data } = args as { id?: unknown; data?: Record<string, unknown> }
  if (operation === 'update' && id !== undefined && data?.processing === true && Object.keys(data).length === 1) {
    throw new APIError(
      `Jobs are not run one by id here (it would leave job ${String(id)} stuck as processing). ` +
        `Run it from the queue instead: payload.jobs.run({ where: { id: { equals: ${JSON.stringify(id)} } } }).`,
      400,
    )
  }
  return args
}

/**
 * Payload's jobs collection, made to run each job once when `jobs.runHooks` is on: the claim is
 * atomic (`claimJobOnce`, after Payload's own hooks), jobs are taken oldest first, the log appends
 * still work, and run-by-id is refused rather than left to strand a job.
 */
export function runOnceJobsCollection(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    // Payload's own claim order (runJobs' default processingOrder), oldest first.
    defaultSort: 'createdAt',
    fields: withLogAppends(collection.fields),
    hooks: {
      ...collection.hooks,
      beforeOperation: [...(collection.hooks?.beforeOperation ?? []), refuseRunByID],
      beforeChange: [...(collection.hooks?.beforeChange ?? []), claimJobOnce],
    },
  }
}
