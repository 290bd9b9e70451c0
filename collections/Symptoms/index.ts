import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'
import { slugField } from '@/fields/slug'

import { revalidateDeletedSymptom, revalidateSymptom } from './hooks/revalidateSymptom'

export const BODY_REGIONS = [
  { label: 'Head and neck', value: 'head-and-neck' },
  { label: 'Chest', value: 'chest' },
  { label: 'Abdomen', value: 'abdomen' },
  { label: 'Back', value: 'back' },
  { label: 'Arms and hands', value: 'arms-and-hands' },
  { label: 'Hips and legs', value: 'hips-and-legs' },
  { label: 'Skin', value: 'skin' },
  { label: 'Whole body', value: 'whole-body' },
] as const

export const Symptoms: CollectionConfig = {
  slug: 'symptoms',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'bodyRegion', 'slug'],
  },
  access: collectionAccess('symptoms'),
  hooks: {
    afterChange: [revalidateSymptom],
    afterDelete: [revalidateDeletedSymptom],
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
