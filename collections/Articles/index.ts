import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'
import { editorOnlyField } from '@/access/editorOnlyField'
import { referencesField } from '@/fields/references'
import { richTextField } from '@/fields/richText'
import { seoField } from '@/fields/seo'
import { slugField } from '@/fields/slug'
import { SPECIALTIES } from '@/fields/specialties'
import { rememberPublished } from '@/plugins/common/publishedBefore'
import { indexForSearch, removeFromSearch } from '@/lib/search/hooks'
import { previewUrl } from '@/lib/preview/previewUrl'

import { authorIsWriter } from './hooks/authorIsWriter'
import { rememberPreviousSlug } from './hooks/rememberPreviousSlug'
import { revalidateArticle, revalidateDeletedArticle } from './hooks/revalidateArticle'

export const Articles: CollectionConfig = {
  slug: 'articles',
  labels: { singular: 'Cause article', plural: 'Cause articles' },
  admin: {
    useAsTitle: 'question',
    defaultColumns: ['question', 'author', '_status', 'updatedAt'],
    livePreview: { url: ({ data }) => previewUrl('articles', data?.slug) },
    preview: (data) => previewUrl('articles', typeof data?.slug === 'string' ? data.slug : undefined),
  },
  access: collectionAccess('articles'),
  versions: {
    // Scheduled publishing is the review panel's (plugins/medicalReview/schedule.ts), not
    // Payload's drawer, which cannot ask an unpublish for its reason.
    drafts: { autosave: { interval: 2000 } },
    // Keep every version: the article's history is part of the medical record.
    maxPerDoc: 0,
  },
  hooks: {
    beforeValidate: [rememberPublished],
    afterChange: [indexForSearch('articles'), revalidateArticle],
    afterDelete: [removeFromSearch('articles'), revalidateDeletedArticle],
  },
  fields: [
    {
      type: 'tabs',
      tabs: [
        {
          label: 'Clinical content',
          description: 'What the clinical reviewer signs off. Any change here needs a new review.',
          fields: [
            {
              name: 'question',
              type: 'text',
              required: true,
              admin: { description: 'The symptom question, e.g. "Why does my lower back pain radiate to my hip?"' },
            },
            {
              name: 'summary',
              type: 'textarea',
              required: true,
              maxLength: 300,
              admin: { description: 'Plain text, up to 300 characters. Used on cards and as the search snippet.' },
            },
            richTextField('intro', { label: 'Introduction', required: true }),
            {
              name: 'causes',
              label: 'Possible causes',
              type: 'array',
              minRows: 1,
              // A reader's list, not a differential: beyond this the page stops being an answer.
              maxRows: 20,
              required: true,
              labels: { singular: 'Cause', plural: 'Causes' },
              admin: {
                description: 'Shown numbered, in this order (at most 20).',
                // Rows read "2. Their heading", not "Cause 02".
                components: { RowLabel: '/components/admin/RowLabels#CauseRowLabel' },
              },
              fields: [
                { name: 'heading', type: 'text', required: true },
                {
                  name: 'conditions',
                  label: 'Related conditions',
                  type: 'relationship',
                  relationTo: 'conditions',
                  hasMany: true,
                },
                richTextField('explanation', { required: true }),
              ],
            },
            richTextField('whenToSeekCare', { label: 'When to seek care', required: true }),
            richTextField('takeaway'),
            referencesField,
          ],
        },
        {
          label: 'SEO',
          // The plugin-seo inputs show no field descriptions, and mark an empty title "Missing": this
          // note is where a writer learns that empty is fine and that filled-in text is signed.
          description:
            'Left empty, search results and social cards show the question, the summary and the hero image. Once filled in, the title and description are signed off with the clinical content: changing them needs a new review.',
          fields: [seoField],
        },
      ],
    },
    slugField('question'),
    {
      name: 'previousSlugs',
      type: 'text',
      hasMany: true,
      hooks: { beforeChange: [rememberPreviousSlug] },
      admin: {
        position: 'sidebar',
        readOnly: true,
        description: 'Old addresses of this article; they redirect here.',
      },
    },
    {
      name: 'author',
      type: 'relationship',
      relationTo: 'users',
      required: true,
      defaultValue: ({ user }) => user?.id,
      access: { update: editorOnlyField },
      hooks: { beforeChange: [authorIsWriter] },
      admin: { position: 'sidebar' },
    },
    {
      name: 'symptoms',
      type: 'relationship',
      relationTo: 'symptoms',
      hasMany: true,
      admin: { position: 'sidebar' },
    },
    {
      name: 'specialties',
      type: 'select',
      hasMany: true,
      options: SPECIALTIES.map((item) => ({ value: item.value, label: item.label })),
      admin: {
        position: 'sidebar',
        description: 'The clinical areas it covers: reviewers registered for them are suggested first.',
      },
    },
    {
      name: 'heroImage',
      type: 'upload',
      relationTo: 'media',
      admin: { position: 'sidebar' },
    },
  ],
}
