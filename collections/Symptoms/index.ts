import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'
import { slugField } from '@/fields/slug'
import { indexSymptom, removeFromSearch } from '@/lib/search/hooks'

import { BODY_REGIONS } from './bodyRegions'

import { revalidateDeletedSymptom, revalidateSymptom } from './hooks/revalidateSymptom'

export { BODY_REGIONS } from './bodyRegions'

export const Symptoms: CollectionConfig = {
  slug: 'symptoms',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'bodyRegion', 'slug'],
  },
  access: collectionAccess('symptoms'),
  hooks: {
    afterChange: [indexSymptom, revalidateSymptom],
    afterDelete: [removeFromSearch('symptoms'), revalidateDeletedSymptom],
  },
  fields: [
    { name: 'name', type: 'text', required: true },
    slugField('name'),
    {
      name: 'bodyRegion',
      label: 'Body region',
      type: 'select',
      required: true,
      options: BODY_REGIONS.map((region) => ({ ...region })),
    },
    { name: 'summary', type: 'textarea', maxLength: 300 },
  ],
}
