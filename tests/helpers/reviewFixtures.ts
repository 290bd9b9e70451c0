import type { Payload } from 'payload'

import { reviewerRegistry } from '@/collections/Users/registry'
import { paragraphs } from '@/lib/richText/paragraphs'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { appendLedgerEntry } from '@/plugins/medicalReview/ledger/appendEntry'

export const QUIET = { disableRevalidate: true } as const

export interface Staff {
  writer: number
  reviewer: number
  editor: number
}

let counter = 0

/** Clinical content for a fresh article; `label` keeps questions (and slugs) unique. */
export function clinicalContent(label: string) {
  counter += 1
  return {
    question: `Why does test case ${label} ${counter} hurt?`,
    summary: 'A test article.',
    intro: paragraphs('An introduction a reviewer reads.'),
    causes: [
      { heading: 'First cause', explanation: paragraphs('What the first cause is.') },
      { heading: 'Second cause', explanation: paragraphs('What the second cause is.') },
    ],
    whenToSeekCare: paragraphs('See a clinician if it gets worse.'),
  }
}

/**
 * Articles in each state the publish gate must refuse, and one it must let through, built the
 * way they arise in real use (the workflow, then ordinary edits).
 */
export function reviewFixtures(payload: Payload, staff: Staff) {
  const review = reviewWorkflow(payload, 'articles', QUIET)

  /**
   * An approving sign-off of `contentHash` given thirteen months ago with a twelve-month
   * interval — as if signed long ago — appended to the ledger as the newest entry.
   */
  async function expiredSignOff(id: number, contentHash: string, versionId: string | null = null) {
    const reviewer = await payload.findByID({ collection: 'users', id: staff.reviewer, depth: 0, overrideAccess: true })
    const month = 30 * 24 * 60 * 60 * 1000
    await appendLedgerEntry(payload, {
      subjectCollection: 'articles',
      subjectId: String(id),
      versionId,
      contentHash,
      snapshot: {},
      decision: 'approve',
      comments: null,
      reviewer: reviewer.id,
      reviewerName: reviewer.name,
      reviewerCredentials: reviewerRegistry.credentialsOf(reviewer as never),
      signedAt: new Date(Date.now() - 13 * month).toISOString(),
      nextReviewDue: new Date(Date.now() - month).toISOString(),
    })
  }

  async function draft(label: string, author: number = staff.writer) {
    return payload.create({
      collection: 'articles',
      data: { ...clinicalContent(label), author },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
  }

  /** Submitted by its writer and approved by the reviewer: ready to publish. */
  async function signed(label: string) {
    const doc = await draft(label)
    await review.submit(staff.writer, doc.id, { changeNote: 'New article.', reviewer: staff.reviewer })
    await review.signOff(staff.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
    return doc
  }

  const states = {
    /** Never reviewed. */
    'no sign-off': (label: string) => draft(label),
    /** Approved, then one cause explanation edited. */
    stale: async (label: string) => {
      const doc = await signed(label)
      // Approved content is locked: the writer reopens it first, as in the admin.
      await review.withdraw(staff.writer, doc.id, 'One more fix to a cause.')
      const stored = await payload.findByID({
        collection: 'articles',
        id: doc.id,
        draft: true,
        depth: 0,
        overrideAccess: true,
      })
      const causes = stored.causes.map((cause, index) =>
        index === 1 ? { ...cause, explanation: paragraphs('What the second cause is, reworded.') } : cause,
      )
      await payload.update({
        collection: 'articles',
        id: doc.id,
        draft: true,
        data: { causes },
        overrideAccess: true,
        context: QUIET,
      })
      return doc
    },
    /** Approved thirteen months ago with a twelve-month review interval. */
    expired: async (label: string) => {
      const doc = await draft(label)
      await expiredSignOff(doc.id, doc.contentHash!)
      return doc
    },
    /** Approved, then an editor made the reviewer its author. */
    'signed by the author': async (label: string) => {
      const doc = await signed(label)
      await payload.update({
        collection: 'articles',
        id: doc.id,
        draft: true,
        data: { author: staff.reviewer },
        overrideAccess: true,
        context: QUIET,
      })
      return doc
    },
  }

  return { review, draft, signed, states, expiredSignOff }
}

/** What the gate says for each refused state. */
export const REFUSAL_MESSAGES = {
  'no sign-off': /has no clinical sign-off/,
  stale: /changed since the sign-off by .+ on \d+ \w+ \d{4} \(changed: Possible causes\)/,
  expired: /expired on \d+ \w+ \d{4}/,
  'signed by the author': /who is the author/,
} as const

export async function isPublished(payload: Payload, id: number): Promise<boolean> {
  const doc = await payload.findByID({ collection: 'articles', id, draft: false, depth: 0, overrideAccess: true })
  return doc._status === 'published'
}
