import type { CollectionConfig } from 'payload'

import type { MedicalReviewAccess } from '../types'

/**
 * The sign-off ledger. Append-only: no API may create, change or delete an entry (the review
 * endpoints write through the Local API inside their transaction), and a database trigger
 * (migration) refuses UPDATE and DELETE on the table itself. Each entry carries the hash of the
 * one before it, so `npm run ledger:verify` can prove the chain intact.
 */
export function reviewsCollection(slug: string, access: MedicalReviewAccess): CollectionConfig {
  return {
    slug,
    labels: { singular: 'Sign-off', plural: 'Sign-off ledger' },
    admin: {
      useAsTitle: 'subjectTitle',
      defaultColumns: ['subjectTitle', 'decision', 'reviewerName', 'signedAt'],
      description: 'Every clinical sign-off, in order. Entries can never be edited or removed.',
    },
    // The host's rules: staff read; nobody creates, changes or deletes through an API.
    access: access.ledger,
    timestamps: true,
    fields: [
      { name: 'subjectCollection', type: 'text', required: true, index: true },
      { name: 'subjectId', type: 'text', required: true, index: true },
      { name: 'subjectTitle', type: 'text' },
      { name: 'versionId', type: 'text' },
      { name: 'contentHash', type: 'text', required: true },
      { name: 'snapshot', type: 'json', required: true },
      {
        name: 'decision',
        type: 'select',
        required: true,
        options: [
          { label: 'Approved', value: 'approve' },
          { label: 'Changes requested', value: 'changes-requested' },
          { label: 'Sign-off withdrawn', value: 'withdrawn' },
        ],
      },
      { name: 'comments', type: 'textarea' },
      { name: 'reviewer', type: 'relationship', relationTo: 'users', required: true },
      { name: 'reviewerName', type: 'text', required: true },
      { name: 'reviewerCredentials', type: 'text' },
      { name: 'signedAt', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
      { name: 'nextReviewDue', type: 'date' },
      {
        name: 'reviewIntervalMonths',
        type: 'number',
        admin: { description: 'The review interval the reviewer confirmed when approving.' },
      },
      {
        name: 'changeNote',
        type: 'textarea',
        admin: { description: 'The change note submitted with this version; the public article history shows it.' },
      },
      {
        name: 'clinicalEditors',
        type: 'json',
        admin: {
          description:
            'Who changed the clinical content since the previous approval ({ id, name }); none of them may sign it.',
        },
      },
      {
        name: 'publicNote',
        type: 'text',
        admin: {
          description: 'The line for readers approved with this sign-off: what the public article history shows.',
        },
      },
      {
        name: 'signatureMeaning',
        type: 'text',
        admin: { description: "What the signer stated by signing (the electronic signature's meaning)." },
      },
      {
        name: 'signatureMethod',
        type: 'text',
        admin: {
          description:
            'How the signer was identified when signing: "password" (re-entered in the sign-off dialog) or "server" (a seed or script acting for them).',
        },
      },
      { name: 'previousHash', type: 'text' },
      { name: 'entryHash', type: 'text', required: true, unique: true },
    ],
  }
}
