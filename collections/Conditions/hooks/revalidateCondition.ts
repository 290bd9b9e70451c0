import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cacheTags'
import { dependentArticleTags } from '@/lib/dependentArticleTags'
import { revalidateTags } from '@/lib/revalidate'
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

export const revalidateCondition: CollectionAfterChangeHook<Condition> = async ({ doc, previousDoc, req, context }) => {
  if (context.disableRevalidate) return doc
  if (doc._status !== 'published' && previousDoc?._status !== 'published') return doc
  await revalidateTags(await conditionTags(doc, previousDoc, req), req)
  return doc
}

export const revalidateDeletedCondition: CollectionAfterDeleteHook<Condition> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  await revalidateTags(await conditionTags(doc, undefined, req), req)
  return doc
}
