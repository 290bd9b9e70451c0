import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'

export const REFERENCE_RESULTS = [
  { label: 'Working', value: 'ok' },
  { label: 'Moved', value: 'moved' },
  { label: 'Broken', value: 'broken' },
  { label: 'Unreachable', value: 'unreachable' },
] as const

/**
 * The last check of each distinct reference cited by a published article or condition, written
 * only by the reference-health job. Staff see it; the reader page never shows a check result.
 */
export const ReferenceChecks: CollectionConfig = {
  slug: 'reference-checks',
  labels: { singular: 'Reference check', plural: 'Reference health' },
  admin: {
    useAsTitle: 'reference',
    defaultColumns: ['reference', 'title', 'result', 'httpStatus', 'failingSince', 'checkedAt'],
    // What the dashboard's card (components/admin/ReferenceHealth.tsx, lib/references/report.ts) lists.
    description:
      'Every reference on a published page, checked daily at 03:30 UTC. The dashboard lists the broken and moved ones, and those unreachable for more than two days.',
    group: 'Readers',
  },
  access: collectionAccess('reference-checks'),
  defaultSort: '-checkedAt',
  fields: [
    {
      name: 'reference',
      type: 'text',
      required: true,
      unique: true,
      admin: { description: 'The URL or DOI as the reference gives it.' },
    },
    { name: 'title', type: 'text' },
    {
      name: 'checkedUrl',
      type: 'text',
      admin: { description: 'What was requested: a DOI goes through its resolver.' },
    },
    {
      name: 'result',
      type: 'select',
      required: true,
      index: true,
      options: REFERENCE_RESULTS.map((result) => ({ ...result })),
    },
    { name: 'httpStatus', label: 'HTTP status', type: 'number' },
    { name: 'finalUrl', label: 'Ends at', type: 'text' },
    { name: 'error', type: 'text' },
    { name: 'checkedAt', type: 'date', required: true, index: true },
    {
      name: 'failingSince',
      type: 'date',
      admin: { description: 'When it first failed in a row of failed checks; empty while it works.' },
    },
    { name: 'articles', type: 'relationship', relationTo: 'articles', hasMany: true },
    { name: 'conditions', type: 'relationship', relationTo: 'conditions', hasMany: true },
  ],
}
