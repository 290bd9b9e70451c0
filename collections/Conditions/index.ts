import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'
import { referencesField } from '@/fields/references'
import { richTextField } from '@/fields/richText'
import { slugField } from '@/fields/slug'
import { rememberPublished } from '@/plugins/common/publishedBefore'
import {
  indexForSearch,
  reindexArticlesOfCondition,
  reindexArticlesOfDeletedCondition,
  removeFromSearch,
} from '@/lib/search/hooks'

import { keepLinkedConditions } from './hooks/keepLinkedConditions'
import { revalidateCondition, revalidateDeletedCondition } from './hooks/revalidateCondition'

export const Conditions: CollectionConfig = {
  slug: 'conditions',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'slug', '_status', 'updatedAt'],
  },
  access: collectionAccess('conditions'),
  // Reviewable like articles (the review plugin): drafts, every version kept.
  versions: { drafts: true, maxPerDoc: 0 },
  hooks: {
    beforeValidate: [rememberPublished],
    beforeDelete: [keepLinkedConditions],
    afterChange: [indexForSearch('conditions'), reindexArticlesOfCondition, revalidateCondition],
    afterDelete: [removeFromSearch('conditions'), reindexArticlesOfDeletedCondition, revalidateDeletedCondition],
  },
  fields: [
    // Indexed: condition lists and pickers sort and filter by name.
    { name: 'name', type: 'text', required: true, index: true },
    slugField('name'),
    {
      name: 'alsoKnownAs',
      label: 'Also known as',
      type: 'text',
      hasMany: true,
    },
    { name: 'summary', type: 'textarea', required: true, maxLength: 300 },
    richTextField('body'),
    referencesField,
  ],
}
