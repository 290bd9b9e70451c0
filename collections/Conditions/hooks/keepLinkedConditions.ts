import type { CollectionBeforeDeleteHook } from 'payload'

import { Refusal } from '@/lib/refusal'

/**
 * A condition that a published article names as a possible cause cannot be deleted: the link is
 * part of that article's signed content, and deleting the condition would quietly remove it from
 * the stored article. Unlink it in the article (a clinical change, so a new review) first.
 */
export const keepLinkedConditions: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const { totalDocs } = await req.payload.count({
    collection: 'articles',
    where: { and: [{ 'causes.conditions': { in: [id] } }, { _status: { equals: 'published' } }] },
    overrideAccess: true,
    req,
  })
  if (!totalDocs) return
  throw new Refusal(
    `${totalDocs} published article(s) name this condition as a possible cause, so it cannot be deleted: the link is part of their signed content. Remove it from those articles first (which needs a new review), or unpublish the condition instead.`,
    409,
    { reason: 'condition-linked' },
  )
}
