import type { Where } from 'payload'

const DAY = 24 * 60 * 60 * 1000

/** How the dashboard's review queue reads each list (admin/ReviewQueue.tsx). */
export const QUEUE_READ = { depth: 0, limit: 50, sort: '-updatedAt' } as const

/** How far back the dashboard looks for withdrawals (reviewers) and unpublishes (editors), in days. */
export const WITHDRAWN_DAYS = 14
export const UNPUBLISHED_DAYS = 30
/** Re-reviews due within this many days are listed (and the overdue ones). */
export const DUE_SOON_DAYS = 30

type List = { where: Where; draft: boolean }

/**
 * The review queue's lists for the person looking, at `now`: each a `where` and whether it reads
 * the newest versions (drafts) or what is live. `authorField` is the collection's author
 * relationship (its `authorField` option). Shared with bench/hotQueries.ts, which checks their
 * query plans at scale.
 *
 * - reviewers: `mine` (waiting on me), `dueSoon` (re-reviews due; overdue ones too);
 * - writers: `myDrafts`, `mySubmitted`, `myChanges` (their own, by author);
 * - editors: `approved` (ready to publish), `signedDrafts` (for stale sign-offs), `dueSoon`;
 * - `requested`: every document with changes requested (kept for the benchmark).
 */
export function reviewQueueLists(userId: number | string, now: Date, authorField = 'author') {
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * DAY)
  const mine = { [authorField]: { equals: userId } }
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
    myDrafts: { where: { reviewStage: { in: ['draft', 'unpublished'] }, ...mine }, draft: true },
    mySubmitted: { where: { reviewStage: { equals: 'in-review' }, ...mine }, draft: true },
    myChanges: { where: { reviewStage: { equals: 'changes-requested' }, ...mine }, draft: true },
    approved: { where: { reviewStage: { equals: 'approved' } }, draft: true },
  } satisfies Record<string, List>
}

/** Published documents whose sign-off is past its review date at `now` (the expiry job's read). */
export function expiredReviewsWhere(now: Date): Where {
  return { _status: { equals: 'published' }, 'signOff.nextReviewDue': { less_than_equal: now.toISOString() } }
}

/** Published documents with a review date (the desk chart's reviews due per month). */
export const reviewDatesWhere: Where = {
  _status: { equals: 'published' },
  'signOff.nextReviewDue': { exists: true },
}

/** Review-timeline events of `kinds` since `since` (newest first when read with `sort: '-at'`). */
export function recentEventsWhere(kinds: readonly string[], since: Date, more: Where = {}): Where {
  return { event: { in: [...kinds] }, at: { greater_than_equal: since.toISOString() }, ...more }
}

/** `recipient`'s unread notifications. */
export function unreadNotificationsWhere(recipient: number | string): Where {
  return { recipient: { equals: recipient }, readAt: { exists: false } }
}

/** Unpublishes recorded since `since` (the publication record). */
export function recentUnpublishesWhere(since: Date): Where {
  return { action: { equals: 'unpublish' }, at: { greater_than_equal: since.toISOString() } }
}
