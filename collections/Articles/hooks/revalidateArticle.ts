import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cache/tags'
import { publicationChange, publishedBefore } from '@/plugins/common/publishedBefore'
import { relationIds } from '@/plugins/common/relationIds'
import { revalidateTags } from '@/lib/cache/revalidate'
import type { Article } from '@/payload-types'

/**
 * The pages an article appears on: its own (current and every previous slug), the lists, and
 * the pages of the conditions, symptoms and author it names — before and after the change, so a
 * removed cause or a changed author drops off the page it left.
 */
async function articlePageTags(docs: Array<Partial<Article> | null | undefined>, req: PayloadRequest) {
  const present = docs.filter((doc): doc is Partial<Article> => Boolean(doc))
  const conditionIds = present.flatMap((doc) => (doc.causes ?? []).flatMap((cause) => relationIds(cause.conditions)))
  const symptomIds = present.flatMap((doc) => relationIds(doc.symptoms))
  const authorIds = present.flatMap((doc) => relationIds(doc.author))
  const slugsOf = async (collection: 'conditions' | 'symptoms' | 'users', ids: Array<number | string>) => {
    if (!ids.length) return []
    const { docs: found } = await req.payload.find({
      collection,
      where: { id: { in: [...new Set(ids)] } },
      select: { slug: true },
      depth: 0,
      limit: 0,
      pagination: false,
      req,
    })
    return found.map((doc) => doc.slug).filter((slug): slug is string => Boolean(slug))
  }
  return [
    TAGS.articles,
    ...present
      .flatMap((doc) => [doc.slug, ...(doc.previousSlugs ?? [])])
      .filter(Boolean)
      .map((slug) => TAGS.article(slug!)),
    ...(await slugsOf('conditions', conditionIds)).map(TAGS.condition),
    ...(await slugsOf('symptoms', symptomIds)).map(TAGS.symptom),
    ...(await slugsOf('users', authorIds)).map(TAGS.person),
  ]
}

/**
 * Refreshes every page the article is or was on when what readers see changes: a publish (of
 * this or a scheduled version), or an unpublish. A draft save or autosave leaves the published
 * version — and its pages — as they are.
 */
export const revalidateArticle: CollectionAfterChangeHook<Article> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  if (!(await publicationChange(req, 'articles', doc))) return doc
  await revalidateTags(await articlePageTags([doc, publishedBefore<Article>(req, 'articles', doc.id)], req), req)
  return doc
}

export const revalidateDeletedArticle: CollectionAfterDeleteHook<Article> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  await revalidateTags(await articlePageTags([doc], req), req)
  return doc
}
