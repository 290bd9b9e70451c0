/**
 * Publishing and unpublishing at a set time, from the review panel. A scheduled action is a job
 * (task `scheduledPublishing`) that runs, when its time comes, exactly what the editor would have
 * done by hand then — the publish gate for a publish, the recorded reason for an unpublish — as
 * that editor, with their permissions as they are at that moment. Payload's own schedule drawer
 * is not offered: it cannot ask an unpublish for its reason.
 */
import type { PayloadRequest } from 'payload'

import { SCHEDULED_PUBLISHING_TASK } from './jobs/scheduledPublishing'
import { mayPublish } from './permissions'
import type { ResolvedCollectionOptions } from './resolveOptions'
import { WorkflowError } from './errors'
import { namesOf } from './people'
import { loadDraft, text } from './workflow'

export type ScheduledAction = 'publish' | 'unpublish'

export interface ScheduledPublishingInput {
  collection: string
  docId: string
  action: ScheduledAction
  reason?: string | null
  scheduledBy: number | string
}

export interface Scheduled {
  id: number | string
  action: ScheduledAction
  at: string
  reason: string | null
  scheduledBy: string | null
  /** Set when the job ran and was refused or failed: what to fix before scheduling it again. */
  error: string | null
}

/** The earliest a schedule may be set: a minute from now (the job runner ticks each minute). */
const LEAD_MS = 60_000
/** The latest: a year ahead. A sign-off lasts 1–36 months; the gate decides at run time anyway. */
const HORIZON_MS = 366 * 24 * 60 * 60 * 1000

function requireScheduler(req: PayloadRequest, options: ResolvedCollectionOptions) {
  if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
  if (!mayPublish(options, req.user)) {
    throw new WorkflowError('Only editors and admins schedule publishing and unpublishing.', 403, 'not-permitted')
  }
  return req.user
}

async function jobsOf(req: PayloadRequest, options: ResolvedCollectionOptions, id: number | string) {
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: SCHEDULED_PUBLISHING_TASK } },
        { or: [{ completedAt: { exists: false } }, { hasError: { equals: true } }] },
      ],
    },
    sort: 'waitUntil',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return docs.filter((job) => {
    const input = job.input as unknown as Partial<ScheduledPublishingInput> | null
    return input?.collection === options.slug && String(input.docId) === String(id)
  })
}

/** The document's scheduled actions, soonest first, with the outcome of any that failed. */
export async function scheduledActions(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
): Promise<Scheduled[]> {
  const jobs = await jobsOf(req, options, id)
  const people = new Map(
    (
      await namesOf(req, [
        ...new Set(jobs.map((job) => (job.input as unknown as ScheduledPublishingInput).scheduledBy)),
      ])
    ).map(({ id: by, name }) => [String(by), name]),
  )
  return jobs.map((job) => {
    const input = job.input as unknown as ScheduledPublishingInput
    const error = job.hasError
      ? ((job.error as { message?: string } | null)?.message ?? 'The scheduled action failed.')
      : null
    return {
      id: job.id,
      action: input.action,
      at: String(job.waitUntil),
      reason: input.reason ?? null,
      scheduledBy: people.get(String(input.scheduledBy)) ?? null,
      error,
    }
  })
}

/** An editor schedules a publish (checked by the gate when it runs) or an unpublish (with its reason). */
export async function scheduleAction(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { action?: unknown; at?: unknown; reason?: unknown },
  now = new Date(),
): Promise<Scheduled> {
  const user = requireScheduler(req, options)
  const action = input.action
  if (action !== 'publish' && action !== 'unpublish') {
    throw new WorkflowError('Choose what to schedule: "publish" or "unpublish".', 400, 'action-required')
  }
  const at = typeof input.at === 'string' ? new Date(input.at) : null
  if (!at || Number.isNaN(at.getTime())) {
    throw new WorkflowError(
      'Give the date and time to do it (ISO 8601, e.g. 2027-01-15T09:00:00Z).',
      400,
      'time-required',
    )
  }
  if (at.getTime() < now.getTime() + LEAD_MS) {
    throw new WorkflowError(
      'Choose a time at least a minute from now; to do it now, publish or unpublish directly.',
      400,
      'time-in-past',
    )
  }
  if (at.getTime() > now.getTime() + HORIZON_MS)
    throw new WorkflowError('Choose a time within the next year.', 400, 'time-too-far')
  const reason = text(input.reason)
  if (action === 'unpublish' && !reason) {
    throw new WorkflowError(
      'Give a reason for unpublishing; it is recorded when the unpublish happens.',
      400,
      'reason-required',
    )
  }
  await loadDraft(req, options, id) // 404 for a document that does not exist
  const job = await req.payload.jobs.queue({
    task: SCHEDULED_PUBLISHING_TASK,
    input: {
      collection: options.slug,
      docId: String(id),
      action,
      reason: action === 'unpublish' ? reason : null,
      scheduledBy: user.id,
    } satisfies ScheduledPublishingInput as never,
    waitUntil: at,
    req,
  })
  return {
    id: job.id,
    action,
    at: at.toISOString(),
    reason: action === 'unpublish' ? reason : null,
    scheduledBy: (user as { name?: string }).name ?? null,
    error: null,
  }
}

/** An editor cancels a scheduled action that has not run yet (or clears one that failed). */
export async function cancelScheduled(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  jobId: unknown,
) {
  requireScheduler(req, options)
  const job = (await jobsOf(req, options, id)).find((candidate) => String(candidate.id) === String(jobId))
  if (!job)
    throw new WorkflowError(
      'There is no such scheduled action for this document (it may have run already).',
      404,
      'not-found',
    )
  if (job.processing)
    throw new WorkflowError('It is running right now; reload in a moment to see the outcome.', 409, 'running')
  await req.payload.delete({ collection: 'payload-jobs', id: job.id, overrideAccess: true, req })
  return { cancelled: job.id }
}
