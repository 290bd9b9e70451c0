import type { Where } from 'payload'

const DAY = 24 * 60 * 60 * 1000

/** How the dashboard's review queue reads each list (admin/ReviewQueue.tsx). */
export const QUEUE_READ = { depth: 0, limit: 50, sort: '-updatedAt' } as const

/**
 * The review queue's lists for the person looking, at `now`: each a `where` and whether it reads
 * the newest versions (drafts) or what is live. Shared with bench/hotQueries.ts, which checks
 * their query plans at scale.
 */
export function reviewQueueLists(userId: number | string, now: Date) {
  const soon = new Date(now.getTime() + 30 * DAY)
  return {
    mine: { where: { reviewStage: { equals: 'in-review' }, assignedReviewer: { equals: userId } }, draft: true },
    requested: { where: { reviewStage: { equals: 'changes-requested' } }, draft: true },
    signedDrafts: {
      where: { reviewStage: { in: ['draft', 'changes-requested', 'in-review'] }, 'signOff.hash': { exists: true } },
      draft: true,
    },
    dueSoon: {
      where: { _status: { equals: 'published' }, 'signOff.nextReviewDue': { less_than_equal: soon.toISOString() } },
      draft: false,
    },
  } satisfies Record<string, { where: Where; draft: boolean }>
}

/** Published documents whose sign-off is past its review date at `now` (the expiry job's read). */
export function expiredReviewsWhere(now: Date): Where {
  return { _status: { equals: 'published' }, 'signOff.nextReviewDue': { less_than_equal: now.toISOString() } }
}
