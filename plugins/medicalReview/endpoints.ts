import { APIError, type Endpoint, type PayloadHandler, type PayloadRequest } from 'payload'

import { reviewDiffEndpoint } from './diff/reviewDiff'
import { releaseOwnLock } from './documentLocks'
import { afterCommitDelivery } from './notifications/deliver'
import { eligibleReviewersEndpoint } from './reviewers'
import type { ResolvedCollectionOptions } from './resolveOptions'
import { cancelScheduled, scheduleAction } from './schedule'
import { reviewStatus } from './status'
import {
  answerChecklistItem,
  publish,
  signOff,
  submitForReview,
  unpublish,
  withdrawFromReview,
  WorkflowError,
} from './workflow'

async function body(req: PayloadRequest): Promise<Record<string, unknown>> {
  if (!req.json) return {}
  try {
    const parsed = (await req.json()) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch {
    throw new WorkflowError('The request body must be JSON.', 400, 'bad-body')
  }
}

function idOf(req: PayloadRequest): string {
  const id = req.routeParams?.id
  if (typeof id !== 'string' && typeof id !== 'number') throw new WorkflowError('Missing document id.', 400, 'bad-id')
  return String(id)
}

/**
 * A refused transition is an expected answer, not a server error: it is returned in Payload's
 * error shape (`{ errors: [{ message, data }] }`) with its 4xx status, without an error log entry.
 * Anything else goes through Payload's error handler.
 */
const handler =
  (run: (req: PayloadRequest, id: string) => Promise<unknown>): PayloadHandler =>
  async (req) => {
    try {
      const result = await run(req, idOf(req))
      // The step has committed: now, and only now, its notifications go out.
      await afterCommitDelivery(req)
      return Response.json(result)
    } catch (error) {
      if (error instanceof APIError && error.isPublic && error.status < 500) {
        return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
      }
      throw error
    }
  }

/**
 * POST /:id/submit, /:id/withdraw, /:id/checklist/:item (answer a review request), /:id/sign-off
 * (with the signer's password and the signature's meaning), /:id/publish, /:id/unpublish,
 * /:id/schedule, DELETE /:id/schedule/:job, DELETE /:id/lock (the caller's own document lock), and
 * GET /:id/review-status, /:id/review-diff (clinical changes since the last sign-off) and
 * /:id/reviewers (who may be assigned, best match first).
 */
export function reviewEndpoints(options: ResolvedCollectionOptions): Endpoint[] {
  return [
    {
      path: '/:id/submit',
      method: 'post',
      handler: handler(async (req, id) => submitForReview(req, options, id, await body(req))),
    },
    {
      path: '/:id/withdraw',
      method: 'post',
      handler: handler(async (req, id) => withdrawFromReview(req, options, id, await body(req))),
    },
    {
      path: '/:id/checklist/:item',
      method: 'post',
      handler: handler(async (req, id) =>
        answerChecklistItem(req, options, id, req.routeParams?.item, await body(req)),
      ),
    },
    {
      path: '/:id/sign-off',
      method: 'post',
      handler: handler(async (req, id) => signOff(req, options, id, await body(req))),
    },
    {
      path: '/:id/publish',
      method: 'post',
      handler: handler(async (req, id) => publish(req, options, id)),
    },
    {
      path: '/:id/unpublish',
      method: 'post',
      handler: handler(async (req, id) => unpublish(req, options, id, await body(req))),
    },
    {
      path: '/:id/schedule',
      method: 'post',
      handler: handler(async (req, id) => scheduleAction(req, options, id, await body(req))),
    },
    {
      path: '/:id/schedule/:job',
      method: 'delete',
      handler: handler(async (req, id) => cancelScheduled(req, options, id, req.routeParams?.job)),
    },
    {
      path: '/:id/lock',
      method: 'delete',
      handler: handler(async (req, id) => {
        if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
        return { released: await releaseOwnLock(req, options.slug, id) }
      }),
    },
    reviewDiffEndpoint(options),
    eligibleReviewersEndpoint(options),
    {
      path: '/:id/review-status',
      method: 'get',
      handler: handler(async (req, id) => {
        if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
        if (!options.access.isStaff(req.user))
          throw new WorkflowError('Only staff can see review status.', 403, 'not-permitted')
        const status = await reviewStatus(req, options, id)
        if (!status) throw new WorkflowError(`There is no document with id ${id}.`, 404, 'not-found')
        return status
      }),
    },
  ]
}
