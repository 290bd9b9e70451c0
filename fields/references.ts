import type { ArrayField } from 'payload'

import { referenceHref } from '@/lib/safeUrl'

/** The sources behind a piece of clinical content, shown numbered. */
export const referencesField: ArrayField = {
  name: 'references',
  type: 'array',
  labels: { singular: 'Reference', plural: 'References' },
  // Bounds what one save can carry (and what a reviewer must check).
  maxRows: 50,
  admin: {
    initCollapsed: true,
    description: 'At most 50.',
    // Collapsed rows read "3. Title" (or the URL), not "Reference 03".
    components: { RowLabel: '/components/admin/RowLabels#ReferenceRowLabel' },
  },
  fields: [
    { name: 'title', type: 'text', required: true },
    {
      type: 'row',
      fields: [
        { name: 'publisher', label: 'Publisher or journal', type: 'text', admin: { width: '60%' } },
        {
          name: 'year',
          type: 'number',
          min: 1800,
          max: 2100,
          admin: { width: '40%', step: 1 },
        },
      ],
    },
    {
      name: 'url',
      label: 'URL or DOI',
      type: 'text',
      required: true,
      // A longer address is not a citation, and the reference-health job stores each one in a unique index.
      maxLength: 2048,
      admin: { description: 'An https:// address, or a DOI such as 10.1000/xyz123.' },
      validate: (value: string | null | undefined) =>
        referenceHref(value)
          ? true
          : 'Use a web address starting with https:// (or http://), or a DOI such as 10.1000/xyz123.',
    },
  ],
}
