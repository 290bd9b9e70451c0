import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cache/tags'
import { publicationChange, publishedBefore } from '@/plugins/common/publishedBefore'
import { dependentArticleTags } from '@/lib/cache/dependentArticleTags'
import { revalidateTags } from '@/lib/cache/revalidate'
import type { Condition } from '@/payload-types'

/** The condition's page (old and new slug), the lists, and every article that names it. */
async function conditionTags(doc: Condition, previousDoc: Partial<Condition> | undefined, req: PayloadRequest) {
  return [
    TAGS.conditions,
    doc.slug ? TAGS.condition(doc.slug) : null,
    previousDoc?.slug ? TAGS.condition(previousDoc.slug) : null,
    ...(await dependentArticleTags({ 'causes.conditions': { in: [doc.id] } }, req)),
  ]
}

/** On publish or unpublish (not on draft saves), refresh the pages that show the condition. */
export const revalidateCondition: CollectionAfterChangeHook<Condition> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  if (!(await publicationChange(req, 'conditions', doc))) return doc
  await revalidateTags(
    await conditionTags(doc, publishedBefore<Condition>(req, 'conditions', doc.id) ?? undefined, req),
    req,
  )
  return doc
}

export const revalidateDeletedCondition: CollectionAfterDeleteHook<Condition> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  await revalidateTags(await conditionTags(doc, undefined, req), req)
  return doc
}
