/**
 * The rules of the editors' feedback queue (collections/Feedback), whatever the path — admin, REST,
 * GraphQL or the Local API:
 *
 * - what the reader sent (kind, summary, message, article, version read) is kept as they sent it:
 *   editors change the status, the fix and their own note, never the report;
 * - "Fixed by" names a **publish** of **this report's article** in the publication record; an
 *   unpublish, or a publish of another article, is refused with a message naming which.
 */
import { type CollectionBeforeChangeHook, type FilterOptionsProps, ValidationError, type Where } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

/** What the reader sent: written once, by the feedback route. */
export const READER_FIELDS = ['kind', 'summary', 'message', 'article', 'articleVersion'] as const

/** The publish records of article `articleId`: what may fix a report about it. */
export const publishesOf = (articleId: number | string): Where => ({
  action: { equals: 'publish' },
  subjectCollection: { equals: 'articles' },
  subjectId: { equals: String(articleId) },
})

/** The "Fixed by" picker offers only publishes of the report's article (none when it has none). */
export const fixedByOptions = ({ data }: Pick<FilterOptionsProps, 'data'>): Where | false => {
  const [articleId] = relationIds((data as { article?: unknown } | undefined)?.article)
  return articleId === undefined ? false : publishesOf(articleId)
}

/** Why `fixedBy` cannot fix a report about `articleId`, or null when it can. */
export async function whyNotAFix(
  req: Parameters<CollectionBeforeChangeHook>[0]['req'],
  fixedBy: number | string,
  articleId: number | string | undefined,
): Promise<string | null> {
  const record = await req.payload.findByID({
    collection: 'publications',
    id: fixedBy,
    depth: 0,
    select: { subjectCollection: true, subjectId: true, subjectTitle: true, action: true },
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (!record) return `Publication record ${fixedBy} does not exist. Choose a publish of this report’s article.`
  if (articleId === undefined)
    return 'This report’s article no longer exists, so no publish can be named as its fix. Leave “Fixed by” empty.'
  if (record.subjectCollection !== 'articles' || record.subjectId !== String(articleId))
    return `That record is a publish of another ${record.subjectCollection === 'articles' ? 'article' : 'document'} (“${record.subjectTitle ?? record.subjectId}”). Choose a publish of this report’s article.`
  if (record.action !== 'publish')
    return 'That record is an unpublish. A fix is the publish that put the corrected article live: choose a publish.'
  return null
}

/**
 * Keeps the reader's fields as they were on every update, and refuses a "Fixed by" that is not a
 * publish of the report's article. Runs before field validation (Payload's order), so its message
 * is the one shown — and it runs whatever the status, while the field's own validation runs only
 * when the field is shown (status resolved).
 */
export const guardFeedback: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (operation === 'update' && originalDoc) {
    for (const field of READER_FIELDS) if (field in data) data[field] = originalDoc[field]
  }
  const [fixedBy] = 'fixedBy' in data ? relationIds(data.fixedBy) : []
  if (fixedBy === undefined) return data
  // Unchanged: it passed when it was set (and its article may since have been deleted).
  if (operation === 'update' && String(relationIds(originalDoc?.fixedBy)[0]) === String(fixedBy)) return data
  const [articleId] = relationIds(operation === 'update' ? originalDoc?.article : data.article)
  const problem = await whyNotAFix(req, fixedBy, articleId)
  if (problem)
    throw new ValidationError({ collection: 'feedback', errors: [{ path: 'fixedBy', message: problem }], req })
  return data
}
