import type { Field, FieldAccess } from 'payload'

import { REVIEW_INTERVAL } from './reviewInterval'
import { DECISIONS, REVIEW_STAGES, STAGE_LABELS } from './stages'
import type { MedicalReviewAccess } from './types'

const serverOnly = 'Written by the server from the review workflow; edits here are ignored.'

/**
 * The review fields the plugin adds to every reviewable collection. Everything except the
 * assigned reviewer, change note and review interval is computed by the server (the plugin's
 * beforeChange hook overwrites whatever a client sends), and the admin shows it in the review
 * panel rather than as inputs.
 */
/** The review panel, first in the edit view's sidebar (see admin/ReviewPanel.tsx). */
export const reviewPanelField: Field = {
  name: 'reviewPanel',
  type: 'ui',
  admin: {
    position: 'sidebar',
    components: { Field: '/plugins/medicalReview/admin/ReviewPanel#ReviewPanel' },
  },
}

/** Field access: only staff read it (reviewers' comments, who edited the clinical content). */
export const staffOnly =
  (access: Pick<MedicalReviewAccess, 'isStaff'>): FieldAccess =>
  ({ req: { user } }) =>
    access.isStaff(user)

export function reviewFields({
  defaultReviewIntervalMonths,
  access,
}: {
  defaultReviewIntervalMonths: number
  access: MedicalReviewAccess
}): Field[] {
  const staffOnlyField = staffOnly(access)
  return [
    {
      name: 'reviewStage',
      type: 'select',
      defaultValue: 'draft',
      index: true,
      options: REVIEW_STAGES.map((value) => ({ value, label: STAGE_LABELS[value] })),
      // Not an input (the review panel shows it), but a list column: "Unpublished" says what
      // readers get, where Payload's status would say "Draft (has published version)".
      label: 'Review stage',
      admin: { readOnly: true, condition: () => false, description: serverOnly },
    },
    // The reviewer and both notes are set in one place, the review panel's submit form (they are
    // asked for there, checked there and recorded with the submission), so the sidebar hides them.
    {
      name: 'assignedReviewer',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      filterOptions: { roles: { contains: 'reviewer' } },
      admin: {
        hidden: true,
        description: 'The clinician who will sign this off. Never the author. Set when submitting.',
      },
    },
    {
      name: 'changeNote',
      type: 'textarea',
      access: { read: staffOnlyField },
      admin: {
        hidden: true,
        description: 'For the reviewer: what changed and why. Internal — never shown to readers. Set when submitting.',
      },
    },
    {
      name: 'publicChangeNote',
      type: 'text',
      maxLength: 200,
      admin: {
        hidden: true,
        description:
          'Optional, for readers: one line on what changed (e.g. "Added advice on when to see a doctor"). The reviewer approves it with the sign-off; the public article history shows it. Set when submitting.',
      },
    },
    {
      name: 'reviewIntervalMonths',
      type: 'number',
      min: REVIEW_INTERVAL.min,
      max: REVIEW_INTERVAL.max,
      defaultValue: defaultReviewIntervalMonths,
      admin: {
        position: 'sidebar',
        description: `Months until the sign-off must be renewed (${REVIEW_INTERVAL.min}–${REVIEW_INTERVAL.max}), as proposed to the reviewer; the reviewer confirms or changes it when approving, and the ledger records it.`,
      },
    },
    {
      name: 'clinicalEditors',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      access: { read: staffOnlyField },
      admin: {
        hidden: true,
        description: `Everyone who changed the clinical content since its last approval: none of them may sign it off. ${serverOnly}`,
      },
    },
    {
      name: 'contentHash',
      type: 'text',
      admin: { hidden: true, description: serverOnly },
    },
    {
      name: 'signOff',
      type: 'group',
      admin: { hidden: true, description: `The newest approving sign-off. ${serverOnly}` },
      fields: [
        { name: 'entry', type: 'number', admin: { description: 'Ledger entry id.' } },
        { name: 'hash', type: 'text' },
        { name: 'reviewer', type: 'relationship', relationTo: 'users' },
        { name: 'reviewerName', type: 'text' },
        { name: 'reviewerCredentials', type: 'text' },
        { name: 'signedAt', type: 'date' },
        { name: 'nextReviewDue', type: 'date', index: true },
        { name: 'versionId', type: 'text' },
      ],
    },
    {
      name: 'lastDecision',
      type: 'group',
      admin: { hidden: true, description: `The newest review decision. ${serverOnly}` },
      access: { read: staffOnlyField },
      fields: [
        { name: 'decision', type: 'select', options: [...DECISIONS] },
        { name: 'comments', type: 'textarea' },
        { name: 'reviewerName', type: 'text' },
        { name: 'at', type: 'date' },
      ],
    },
    {
      name: 'checklist',
      type: 'array',
      access: { read: staffOnlyField },
      admin: {
        hidden: true,
        description: `The reviewer's requested changes, one item each, with the writer's answers: kept across resubmissions until an approval closes them. ${serverOnly}`,
      },
      fields: [
        { name: 'request', type: 'textarea', required: true },
        { name: 'raisedBy', type: 'text' },
        { name: 'raisedAt', type: 'date' },
        { name: 'answer', type: 'textarea' },
        { name: 'answeredBy', type: 'text' },
        { name: 'answeredAt', type: 'date' },
        {
          name: 'state',
          type: 'select',
          defaultValue: 'open',
          options: [
            { label: 'Open', value: 'open' },
            { label: 'Answered', value: 'answered' },
            { label: 'Closed', value: 'closed' },
          ],
        },
      ],
    },
    {
      name: 'lastEdit',
      type: 'group',
      admin: {
        hidden: true,
        description: `When the content last changed and who changed it: a save based on an older copy is refused (409). Workflow steps that change no content leave it. ${serverOnly}`,
      },
      access: { read: staffOnlyField },
      fields: [
        { name: 'at', type: 'date' },
        { name: 'by', type: 'relationship', relationTo: 'users' },
        {
          name: 'overrodeLockOf',
          type: 'relationship',
          relationTo: 'users',
          admin: { description: 'Whose document lock this save overrode (admins only may).' },
        },
      ],
    },
  ]
}

/** The names of the fields only the server writes. */
export const SERVER_FIELDS = [
  'reviewStage',
  'contentHash',
  'signOff',
  'lastDecision',
  'clinicalEditors',
  'lastEdit',
  'checklist',
] as const
