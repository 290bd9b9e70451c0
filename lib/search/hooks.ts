import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { isPublishedNow, publishedBefore } from '@/lib/hooks/publishedBefore'
import { relationIds } from '@/lib/relationIds'
import type { Article, Condition } from '@/payload-types'

import { articleEntry, conditionEntry, indexDocument, removeDocument, type SearchCollection } from './searchIndex'

/** The article with the names of the conditions its causes link (indexed with weight B). */
async function withConditionNames(doc: Article, req: PayloadRequest): Promise<Article> {
  const ids = [...new Set((doc.causes ?? []).flatMap((cause) => relationIds(cause.conditions)))]
  if (!ids.length) return doc
  const { docs } = await req.payload.find({
    collection: 'conditions',
    where: { id: { in: ids } },
    select: { name: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const byId = new Map(docs.map((condition) => [condition.id, condition]))
  return {
    ...doc,
    causes: (doc.causes ?? []).map((cause) => ({
      ...cause,
      conditions: relationIds(cause.conditions).map((id) => byId.get(Number(id))).filter(Boolean) as Condition[],
    })),
  }
}

/**
 * Keeps `search_documents` equal to what is published, in the same transaction as the change:
 * a publish (re)indexes the document, an unpublish removes it; draft saves change nothing.
 */
export function indexForSearch(collection: SearchCollection): CollectionAfterChangeHook {
  return async ({ doc, operation, req }) => {
    if (doc._status === 'published') {
      const entry = collection === 'articles' ? articleEntry(await withConditionNames(doc as Article, req)) : conditionEntry(doc as Condition)
      await indexDocument(req.payload, entry, req)
    } else if (operation === 'update' && publishedBefore(req, collection, doc.id) && !(await isPublishedNow(req, collection, doc.id))) {
      await removeDocument(req.payload, collection, doc.id, req)
    }
    return doc
  }
}

export function removeFromSearch(collection: SearchCollection): CollectionAfterDeleteHook {
  return async ({ doc, req }) => {
    await removeDocument(req.payload, collection, doc.id, req)
    return doc
  }
}
