import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { publicationChange } from '@/plugins/common/publishedBefore'
import { relationIds } from '@/plugins/common/relationIds'
import type { Article, Condition, Symptom } from '@/payload-types'

import {
  articleEntry,
  conditionEntry,
  indexDocument,
  removeDocument,
  symptomEntry,
  type SearchCollection,
} from './searchIndex'

/**
 * The article with the names of the conditions its causes link (indexed with weight B) — only
 * conditions readers can see: the index must never answer a search with the name of a condition
 * that is unpublished (or was never published), which the page itself does not show either.
 */
async function withConditionNames(doc: Article, req: PayloadRequest): Promise<Article> {
  const ids = [...new Set((doc.causes ?? []).flatMap((cause) => relationIds(cause.conditions)))]
  const { docs } = ids.length
    ? await req.payload.find({
        collection: 'conditions',
        where: { and: [{ id: { in: ids } }, { _status: { equals: 'published' } }] },
        select: { name: true },
        draft: false,
        depth: 0,
        pagination: false,
        overrideAccess: true,
        req,
      })
    : { docs: [] }
  const byId = new Map(docs.map((condition) => [condition.id, condition]))
  return {
    ...doc,
    causes: (doc.causes ?? []).map((cause) => ({
      ...cause,
      conditions: relationIds(cause.conditions)
        .map((id) => byId.get(Number(id)))
        .filter(Boolean) as Condition[],
    })),
  }
}

/** A symptom has no drafts: every save (re)indexes it; search shows it while it has published articles. */
export const indexSymptom: CollectionAfterChangeHook<Symptom> = async ({ doc, req }) => {
  await indexDocument(req.payload, symptomEntry(doc), req)
  return doc
}

/** (Re)indexes a published document, as readers see it now. */
async function indexPublished(collection: 'articles' | 'conditions', doc: Article | Condition, req: PayloadRequest) {
  const entry =
    collection === 'articles'
      ? articleEntry(await withConditionNames(doc as Article, req))
      : conditionEntry(doc as Condition)
  await indexDocument(req.payload, entry, req)
}

/**
 * Keeps `search_documents` equal to what is published, in the same transaction as the change:
 * a publish (re)indexes the document, an unpublish removes it; draft saves change nothing.
 */
export function indexForSearch(collection: 'articles' | 'conditions'): CollectionAfterChangeHook {
  return async ({ doc, req }) => {
    const change = await publicationChange(req, collection, doc)
    if (change === 'published') await indexPublished(collection, doc, req)
    else if (change === 'unpublished') await removeDocument(req.payload, collection, doc.id, req)
    return doc
  }
}

/**
 * When what readers see of a condition changes — it is published (perhaps renamed), unpublished
 * or deleted — the published articles that link it are indexed again, so their entries carry its
 * current published name, or none.
 */
async function reindexArticlesLinking(conditionId: number | string, req: PayloadRequest) {
  const { docs } = await req.payload.find({
    collection: 'articles',
    where: { and: [{ 'causes.conditions': { in: [conditionId] } }, { _status: { equals: 'published' } }] },
    draft: false,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const article of docs) await indexPublished('articles', article, req)
}

export const reindexArticlesOfCondition: CollectionAfterChangeHook<Condition> = async ({ doc, req }) => {
  if (await publicationChange(req, 'conditions', doc)) await reindexArticlesLinking(doc.id, req)
  return doc
}

export const reindexArticlesOfDeletedCondition: CollectionAfterDeleteHook<Condition> = async ({ doc, req }) => {
  await reindexArticlesLinking(doc.id, req)
  return doc
}

export function removeFromSearch(collection: SearchCollection): CollectionAfterDeleteHook {
  return async ({ doc, req }) => {
    await removeDocument(req.payload, collection, doc.id, req)
    return doc
  }
}

/**
 * Indexes every published article and condition, and every symptom, again, as the hooks would now (a migration runs
 * it when the indexing rules change). Returns how many documents it indexed.
 */
export async function reindexAllPublished(req: PayloadRequest): Promise<number> {
  let indexed = 0
  for (const collection of ['conditions', 'articles'] as const) {
    for (let page = 1; ; page++) {
      const result = await req.payload.find({
        collection,
        where: { _status: { equals: 'published' } },
        draft: false,
        depth: 0,
        limit: 200,
        page,
        sort: 'id',
        overrideAccess: true,
        req,
      })
      for (const doc of result.docs) await indexPublished(collection, doc, req)
      indexed += result.docs.length
      if (!result.hasNextPage) break
    }
  }
  const symptoms = await req.payload.find({ collection: 'symptoms', depth: 0, limit: 0, pagination: false, req })
  for (const doc of symptoms.docs) await indexDocument(req.payload, symptomEntry(doc), req)
  return indexed + symptoms.docs.length
}
