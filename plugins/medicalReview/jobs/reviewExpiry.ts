import type { PayloadRequest, TaskConfig } from 'payload'

import { formatDate } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

import { lockDocumentRow } from '../concurrency'
import { setTransition } from '../context'
import { publishers, recordEvent } from '../events'
import { loadPerson } from '../people'
import { expiredReviewsWhere } from '../queries'
import { reviewSettingsOf, type ResolvedCollectionOptions } from '../resolveOptions'
import { inTransaction } from '../transaction'
import { readDocument } from '../versions'
import { warnExpiringCredentials } from './credentialExpiry'

export const REVIEW_EXPIRY_TASK = 'reviewExpiry'

type Doc = Record<string, unknown> & {
  id: number
  reviewStage?: string | null
  signOff?: {
    reviewer?: number | null
    reviewerName?: string | null
    signedAt?: string | null
    nextReviewDue?: string | null
  } | null
}

/**
 * Finds published documents whose sign-off is past its review date, puts each in the re-review
 * queue (stage "in review", assigned to the reviewer who signed it, with a change note saying
 * why) and emails that reviewer. Documents already in review are left alone, so running it twice
 * notifies nobody twice — also when two runs overlap (two instances may each have queued the daily
 * job): each document is re-read and changed in one transaction holding its row lock, so the
 * second run finds it in review already. Returns how many were queued.
 */
export async function queueExpiredReviews(
  req: PayloadRequest,
  collections: ResolvedCollectionOptions[],
  now = new Date(),
) {
  const queued: Array<{ collection: string; id: number; reviewer: string | null }> = []
  for (const options of collections) {
    const { docs } = await req.payload.find({
      collection: options.slug as 'articles',
      where: expiredReviewsWhere(now),
      draft: false,
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    for (const found of docs as unknown as Doc[]) {
      const step = await inTransaction(req, async () => {
        // Read again under the row lock: another run may have queued it since the list was read.
        await lockDocumentRow(req, options.slug, found.id)
        const live = await readDocument<Doc>(req, options.slug, found.id, false)
        const due = live?.signOff?.nextReviewDue
        if (!live || live._status !== 'published' || !due || Date.parse(due) > now.getTime()) return null
        const draft = await readDocument<Doc>(req, options.slug, found.id, true)
        if (!draft || draft.reviewStage === 'in-review') return null
        const signOff = live.signOff ?? {}
        const reviewerId = relationIds(signOff.reviewer)[0] ?? relationIds(draft.assignedReviewer)[0]
        setTransition(req, options.slug, live.id, { stage: 'in-review' })
        await req.payload.update({
          collection: options.slug as 'articles',
          id: live.id,
          draft: true,
          depth: 0,
          overrideAccess: true,
          req,
          data: {
            assignedReviewer: reviewerId ?? null,
            changeNote: `Scheduled re-review: the sign-off of ${formatDate(signOff.signedAt)} expired on ${formatDate(signOff.nextReviewDue)}.`,
          } as never,
        })
        // The reviewer (and the editors) hear of it through the review timeline: a notification in
        // this transaction, e-mailed after it commits by the delivery job.
        await recordEvent(req, options, draft, 'expired', {
          note: `The sign-off of ${formatDate(signOff.signedAt)} was due for review on ${formatDate(signOff.nextReviewDue)}. Until it is signed off again, it cannot be republished.`,
          recipients: [reviewerId, ...(await publishers(req, options))],
        })
        return { id: live.id, reviewerId }
      })
      if (!step) continue
      const reviewer = step.reviewerId ? await loadPerson(req, step.reviewerId) : null
      queued.push({ collection: options.slug, id: step.id, reviewer: reviewer?.name ?? null })
    }
  }
  return queued
}

/** The daily job (also runnable by hand: queue task `reviewExpiry`). */
export function reviewExpiryTask(collections: ResolvedCollectionOptions[], cron: string): TaskConfig {
  return {
    slug: REVIEW_EXPIRY_TASK,
    label: 'Queue expired sign-offs for re-review',
    schedule: [{ cron, queue: 'default' }],
    outputSchema: [{ name: 'queued', type: 'number', required: true }],
    handler: async ({ req }) => {
      const queued = await queueExpiredReviews(req, collections)
      if (queued.length)
        req.payload.logger.info({ queued }, `Queued ${queued.length} expired sign-off(s) for re-review.`)
      const warned = await warnExpiringCredentials(req, {
        ...reviewSettingsOf(req.payload),
        collections: collections.map((options) => options.slug),
      })
      if (warned.length)
        req.payload.logger.info({ warned }, `Warned ${warned.length} reviewer(s) of expiring credentials.`)
      return { output: { queued: queued.length } }
    },
  }
}
