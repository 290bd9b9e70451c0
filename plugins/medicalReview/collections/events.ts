import type { CollectionConfig } from 'payload'

import type { MedicalReviewAccess } from '../types'

/** The workflow events the review desk records, in the order a document meets them. */
export const REVIEW_EVENTS = [
  'submitted',
  'withdrawn',
  'changes-requested',
  'answered',
  'approved',
  'published',
  'unpublished',
  'expired',
] as const
export type ReviewEvent = (typeof REVIEW_EVENTS)[number]

export const REVIEW_EVENT_LABELS: Record<ReviewEvent, string> = {
  submitted: 'Submitted for review',
  withdrawn: 'Withdrawn from review',
  'changes-requested': 'Changes requested',
  answered: 'Review comments answered',
  approved: 'Signed off',
  published: 'Published',
  unpublished: 'Unpublished',
  expired: 'Review expired',
}

/**
 * The review desk's timeline: every workflow step on a reviewable document — who, when, which
 * version, and the note they gave — written in the same transaction as the step. It labels
 * versions by what happened to them, measures waiting time and turnaround, and is where every
 * notification comes from. Append-only: no API writes.
 */
export function reviewEventsCollection(slug: string, access: MedicalReviewAccess): CollectionConfig {
  return {
    slug,
    labels: { singular: 'Review event', plural: 'Review timeline' },
    admin: {
      useAsTitle: 'subjectTitle',
      defaultColumns: ['subjectTitle', 'event', 'byName', 'at'],
      description: 'Every step of the review workflow, in order: submitted, withdrawn, signed off, published…',
      group: 'Records',
    },
    access: access.events,
    fields: [
      { name: 'subjectCollection', type: 'text', required: true, index: true },
      { name: 'subjectId', type: 'text', required: true, index: true },
      { name: 'subjectTitle', type: 'text' },
      {
        name: 'event',
        type: 'select',
        required: true,
        index: true,
        options: REVIEW_EVENTS.map((value) => ({ value, label: REVIEW_EVENT_LABELS[value] })),
      },
      { name: 'versionId', type: 'text', admin: { description: 'The version this step concerns.' } },
      { name: 'by', type: 'relationship', relationTo: 'users' },
      { name: 'byName', type: 'text' },
      { name: 'note', type: 'textarea', admin: { description: 'The change note, comments or reason given.' } },
      { name: 'at', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
    ],
  }
}
