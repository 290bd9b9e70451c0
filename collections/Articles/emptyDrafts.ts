/**
 * Empty drafts left by "Create new".
 *
 * With autosave on, Payload 3 creates the document the moment the create view opens
 * (@payloadcms/next views/Document/index.js: `shouldAutosave && !validateDraftData && !id` →
 * `payload.create({ data: initialData || {}, draft: true })`, then a redirect to the new id), so an
 * editor who opens "Create new" and leaves again leaves a "<No Question>" draft. The only switch
 * that stops it is `versions.drafts.validate: true`, which would also validate every autosave as if
 * publishing: a half-written article could no longer be saved. So instead this job removes, once
 * an hour, the drafts nobody ever put anything in.
 *
 * A draft is removed only when all of this holds:
 * - it is an unpublished draft, created more than `olderThanMs` ago (default one hour);
 * - every field a person fills in is empty: the clinical content, the SEO fields, symptoms,
 *   specialties, hero image, and the review fields (reviewer, notes, checklist);
 * - it never got further than the first version (autosave rewrites that version in place, so an
 *   edited-then-emptied draft may still have only one: the emptiness check is what decides);
 * - no version of it was ever published, and nothing of it is on record: no ledger entry, no
 *   publication, no review event;
 * - nobody holds a document lock on it from the last day (an editor with the create view still
 *   open, about to type: the admin releases the lock when they leave).
 */
import { NotFound, type Payload, type PayloadRequest, type TaskConfig, type Where } from 'payload'

import { EVENTS_SLUG, reviewSettingsOf } from '@/plugins/medicalReview'

export const EMPTY_DRAFTS_TASK = 'deleteEmptyDrafts'

/** How old an untouched draft must be before it is removed. */
export const EMPTY_DRAFT_AGE_MS = 60 * 60 * 1000

/** How long a document lock on a draft keeps it. */
const LOCK_KEEPS_MS = 24 * 60 * 60 * 1000

/** The fields a person fills in. A draft with any of them set is kept. */
export const ARTICLE_CONTENT_FIELDS = [
  'question',
  'summary',
  'intro',
  'causes',
  'whenToSeekCare',
  'takeaway',
  'references',
  'meta',
  'symptoms',
  'specialties',
  'heroImage',
  'assignedReviewer',
  'changeNote',
  'publicChangeNote',
  'checklist',
] as const

/** Whether a stored value holds anything a person wrote or chose. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (typeof value === 'number' || typeof value === 'boolean') return false
  if (Array.isArray(value)) return value.every(isEmptyValue)
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    // Lexical rich text: empty when its text nodes hold no text (an empty paragraph is empty).
    if ('root' in record) return lexicalText(record.root).trim() === ''
    // A group, or an array row (its `id` is Payload's, not the writer's). Relations and uploads are
    // read at depth 0: a chosen one is a number.
    return Object.entries(record).every(([key, inner]) => key === 'id' || isEmptyValue(inner))
  }
  return false
}

function lexicalText(node: unknown): string {
  if (!node || typeof node !== 'object') return ''
  const { text, children } = node as { text?: unknown; children?: unknown }
  const own = typeof text === 'string' ? text : ''
  // Anything that is not text (an image, a link to a page, a horizontal rule) counts as content.
  const type = (node as { type?: unknown }).type
  const other = typeof type === 'string' && !['root', 'paragraph', 'text', 'linebreak'].includes(type) ? 'x' : ''
  return own + other + (Array.isArray(children) ? children.map(lexicalText).join('') : '')
}

/** Whether nothing a person fills in is set on `doc`. */
export function isUntouchedArticle(doc: Record<string, unknown>): boolean {
  return ARTICLE_CONTENT_FIELDS.every((field) => isEmptyValue(doc[field]))
}

interface Options {
  olderThanMs?: number
  now?: Date
  /** At most this many candidates per run (the rest go next time). */
  limit?: number
}

/**
 * Deletes the untouched drafts described above and returns their ids. Each candidate is checked
 * again in full (the stored draft, its versions, the records) just before it is deleted.
 */
export async function deleteEmptyDrafts(
  payload: Payload,
  { olderThanMs = EMPTY_DRAFT_AGE_MS, now = new Date(), limit = 100 }: Options = {},
  req?: PayloadRequest,
): Promise<number[]> {
  const cutoff = new Date(now.getTime() - olderThanMs).toISOString()
  // A lock left by a tab that was closed without leaving the page does not keep a draft for ever.
  const lockCutoff = new Date(now.getTime() - Math.max(olderThanMs, LOCK_KEEPS_MS)).toISOString()
  const { docs } = await payload.find({
    collection: 'articles',
    where: {
      and: [
        { _status: { not_equals: 'published' } },
        { createdAt: { less_than: cutoff } },
        { or: [{ question: { exists: false } }, { question: { equals: '' } }] },
      ],
    },
    draft: true,
    depth: 0,
    limit,
    sort: 'createdAt',
    pagination: false,
    overrideAccess: true,
    req,
  })
  const deleted: number[] = []
  for (const doc of docs) {
    if (!(await isRemovable(payload, doc as unknown as Record<string, unknown> & { id: number }, lockCutoff, req)))
      continue
    try {
      await payload.delete({
        collection: 'articles',
        id: doc.id,
        overrideAccess: true,
        context: { disableRevalidate: true },
        req,
      })
    } catch (error) {
      // Already gone: another run of this job (two instances may each have queued it) got there first.
      if (error instanceof NotFound) continue
      throw error
    }
    deleted.push(doc.id)
  }
  return deleted
}

async function isRemovable(
  payload: Payload,
  doc: Record<string, unknown> & { id: number },
  lockCutoff: string,
  req?: PayloadRequest,
): Promise<boolean> {
  if (doc._status === 'published' || !isUntouchedArticle(doc)) return false
  const stage = doc.reviewStage
  if (stage !== undefined && stage !== null && stage !== 'draft') return false

  const count = async (collection: string, where: Where) =>
    (await payload.count({ collection: collection as 'articles', where, overrideAccess: true, req })).totalDocs

  const versions = await payload.countVersions({
    collection: 'articles',
    where: { parent: { equals: doc.id } },
    overrideAccess: true,
    req,
  })
  if (versions.totalDocs > 1) return false
  const published = await payload.countVersions({
    collection: 'articles',
    where: { and: [{ parent: { equals: doc.id } }, { 'version._status': { equals: 'published' } }] },
    overrideAccess: true,
    req,
  })
  if (published.totalDocs > 0) return false

  const { reviewsSlug, publicationsSlug } = reviewSettingsOf(payload)
  const subject: Where = {
    and: [{ subjectCollection: { equals: 'articles' } }, { subjectId: { equals: String(doc.id) } }],
  }
  for (const collection of [reviewsSlug, publicationsSlug, EVENTS_SLUG]) {
    if (await count(collection, subject)) return false
  }
  const openLocks = await count('payload-locked-documents', {
    and: [
      { 'document.relationTo': { equals: 'articles' } },
      { 'document.value': { equals: doc.id } },
      { updatedAt: { greater_than: lockCutoff } },
    ],
  })
  return openLocks === 0
}

/** The hourly job (also runnable by hand: queue task `deleteEmptyDrafts`). */
export function emptyDraftsTask(
  cron = '17 * * * *',
): TaskConfig<{ input: Record<string, never>; output: { deleted: number } }> {
  return {
    slug: EMPTY_DRAFTS_TASK,
    label: 'Delete untouched drafts left by "Create new"',
    schedule: [{ cron, queue: 'default' }],
    outputSchema: [{ name: 'deleted', type: 'number', required: true }],
    handler: async ({ req }) => {
      const deleted = await deleteEmptyDrafts(req.payload, {}, req)
      if (deleted.length)
        req.payload.logger.info(
          { deleted },
          `Deleted ${deleted.length} untouched draft article(s) left by "Create new".`,
        )
      return { output: { deleted: deleted.length } }
    },
  }
}
