import type { CollectionConfig } from 'payload'

import { staffOnly } from '../fields'
import type { MedicalReviewAccess } from '../types'

/**
 * Every publish and unpublish of a reviewable document, written by the plugin's hooks in the
 * same transaction as the change itself. Append-only like the ledger (no API writes; database
 * triggers refuse UPDATE and DELETE). Each publish names the sign-off that allowed it, which is
 * where the reader site's article history comes from.
 */
export function publicationsCollection(slug: string, access: MedicalReviewAccess): CollectionConfig {
  const staffOnlyField = staffOnly(access)
  return {
    slug,
    labels: { singular: 'Publication', plural: 'Publication record' },
    admin: {
      useAsTitle: 'subjectTitle',
      defaultColumns: ['subjectTitle', 'action', 'reviewerName', 'reason', 'by', 'at'],
      description: 'Every publish and unpublish, with the sign-off behind it. Records can never be edited or removed.',
    },
    access: access.publications,
    fields: [
      { name: 'subjectCollection', type: 'text', required: true, index: true },
      { name: 'subjectId', type: 'text', required: true, index: true },
      { name: 'subjectTitle', type: 'text' },
      {
        name: 'action',
        type: 'select',
        required: true,
        options: [
          { label: 'Published', value: 'publish' },
          { label: 'Unpublished', value: 'unpublish' },
        ],
      },
      { name: 'versionId', type: 'text' },
      { name: 'contentHash', type: 'text' },
      { name: 'signOffEntry', type: 'number', admin: { description: 'The ledger entry that allowed this publish.' } },
      { name: 'reviewer', type: 'relationship', relationTo: 'users' },
      { name: 'reviewerName', type: 'text' },
      { name: 'reviewerCredentials', type: 'text' },
      { name: 'signedAt', type: 'date' },
      {
        name: 'changeNote',
        type: 'textarea',
        access: { read: staffOnlyField },
        admin: { description: 'The internal note the reviewer saw. Never shown to readers.' },
      },
      {
        name: 'publicNote',
        type: 'text',
        admin: { description: 'The line for readers approved with the sign-off: what the article history shows.' },
      },
      { name: 'reason', type: 'textarea', access: { read: staffOnlyField } },
      {
        name: 'withdrewSignOff',
        type: 'checkbox',
        access: { read: staffOnlyField },
        admin: {
          description: 'Unpublished for a clinical reason: the sign-off was withdrawn, so it needs a new review.',
        },
      },
      { name: 'by', type: 'relationship', relationTo: 'users', access: { read: staffOnlyField } },
      { name: 'at', type: 'date', required: true, index: true },
    ],
  }
}
