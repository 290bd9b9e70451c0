import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'
import { fixedByOptions, guardFeedback } from '@/lib/feedback/queueRules'

export const FEEDBACK_KINDS = [
  { label: 'Helpful', value: 'helpful' },
  { label: 'Not helpful', value: 'not-helpful' },
  { label: 'Problem reported', value: 'problem' },
] as const

export const FEEDBACK_STATUSES = [
  { label: 'New', value: 'new' },
  { label: 'In progress', value: 'in-progress' },
  { label: 'Resolved', value: 'resolved' },
] as const

/** Longest message a reader may send; the form says so and the server cuts nothing: it refuses. */
export const FEEDBACK_MESSAGE_MAX = 2000

/**
 * What readers say about an article: "Was this page helpful?" and "Report a problem", posted by a
 * plain form to `POST /feedback` (app/(site)/feedback/route.ts), which is the only writer. Editors
 * work through them in the admin as a queue (new, in progress, resolved) and link a resolved
 * report to the publish that fixed it.
 */
export const Feedback: CollectionConfig = {
  slug: 'feedback',
  labels: { singular: 'Reader feedback', plural: 'Reader feedback' },
  admin: {
    useAsTitle: 'summary',
    defaultColumns: ['summary', 'kind', 'status', 'article', 'createdAt'],
    description: 'What readers said about an article. Work through new reports and link each fix to its publish.',
    group: 'Readers',
    // The list's search box looks in what readers wrote; filter by status, kind or article with "Filters".
    listSearchableFields: ['summary', 'message'],
    pagination: { defaultLimit: 25 },
  },
  access: collectionAccess('feedback'),
  defaultSort: '-createdAt',
  // What the reader sent stays as sent; "Fixed by" must be a publish of the report's article
  // (lib/feedback/queueRules.ts).
  hooks: { beforeChange: [guardFeedback] },
  fields: [
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'new',
      index: true,
      options: FEEDBACK_STATUSES.map((status) => ({ ...status })),
      admin: { position: 'sidebar' },
    },
    {
      name: 'kind',
      type: 'select',
      required: true,
      index: true,
      options: FEEDBACK_KINDS.map((kind) => ({ ...kind })),
      admin: { readOnly: true },
    },
    {
      name: 'summary',
      type: 'text',
      admin: { readOnly: true, description: 'The first words of the message, for the queue.' },
    },
    { name: 'message', type: 'textarea', maxLength: FEEDBACK_MESSAGE_MAX, admin: { readOnly: true } },
    {
      name: 'article',
      type: 'relationship',
      relationTo: 'articles',
      // Not required: a report outlives its article (deleting the article empties this field).
      index: true,
      admin: {
        readOnly: true,
        // Links to the page readers see and to the article's edit view (and, editing, the version read).
        components: {
          Cell: '/components/admin/FeedbackArticle#FeedbackArticleCell',
          afterInput: ['/components/admin/FeedbackArticle#FeedbackArticleLinks'],
        },
      },
    },
    {
      name: 'articleVersion',
      type: 'text',
      admin: { readOnly: true, description: 'The published version the reader was reading.' },
    },
    {
      name: 'fixedBy',
      label: 'Fixed by',
      type: 'relationship',
      relationTo: 'publications',
      // Only publishes of this report's article; the hook refuses anything else on every path.
      filterOptions: fixedByOptions,
      admin: {
        position: 'sidebar',
        description: 'The publish that fixed what this report describes.',
        // Shown once the report is resolved; a value set earlier is kept when the status changes back.
        condition: (data) => data?.status === 'resolved',
        // The picker shows each record's title (the article's question): newest first, dated below.
        sortOptions: '-at',
        components: { afterInput: ['/components/admin/FeedbackArticle#FeedbackFixedByHint'] },
      },
    },
    {
      name: 'editorNote',
      label: 'Note for the desk',
      type: 'textarea',
      maxLength: 2000,
      admin: { position: 'sidebar' },
    },
    {
      name: 'client',
      type: 'text',
      index: true,
      // A keyed hash of the client address, for the rate limit: never the address, never shown.
      admin: { hidden: true },
      access: { read: () => false, update: () => false },
    },
  ],
}
