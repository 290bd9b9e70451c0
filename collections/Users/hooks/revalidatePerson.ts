import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cache/tags'
import { dependentArticleTags } from '@/lib/cache/dependentArticleTags'
import { revalidateTags } from '@/lib/cache/revalidate'
import type { User } from '@/payload-types'

/** The articles whose history credits `id` with a sign-off of some published version. */
async function reviewedArticleIds(id: number, req: PayloadRequest): Promise<number[]> {
  const { docs } = await req.payload.find({
    collection: 'publications',
    where: { reviewer: { equals: id }, subjectCollection: { equals: 'articles' } },
    select: { subjectId: true },
    depth: 0,
    limit: 0,
    pagination: false,
    req,
  })
  return [...new Set(docs.map((record) => Number(record.subjectId)))].filter(Number.isFinite)
}

/**
 * A profile's page (old and new slug), the people list, and every article that links the person:
 * the bylines of those they wrote, and the review byline and history of those they signed off
 * (which link the profile while it is public).
 */
async function personTags(doc: User, previousDoc: Partial<User> | undefined, req: PayloadRequest) {
  const reviewed = await reviewedArticleIds(doc.id, req)
  return [
    TAGS.people,
    doc.slug ? TAGS.person(doc.slug) : null,
    previousDoc?.slug ? TAGS.person(previousDoc.slug) : null,
    ...(await dependentArticleTags(
      {
        or: [
          { author: { equals: doc.id } },
          { 'signOff.reviewer': { equals: doc.id } },
          ...(reviewed.length ? [{ id: { in: reviewed } }] : []),
        ],
      },
      req,
    )),
  ]
}

export const revalidatePerson: CollectionAfterChangeHook<User> = async ({ doc, previousDoc, req, context }) => {
  if (context.disableRevalidate || (!doc.publicProfile && !previousDoc?.publicProfile)) return doc
  await revalidateTags(await personTags(doc, previousDoc, req), req)
  return doc
}

export const revalidateDeletedPerson: CollectionAfterDeleteHook<User> = async ({ doc, req, context }) => {
  if (context.disableRevalidate || !doc.publicProfile) return doc
  await revalidateTags(await personTags(doc, undefined, req), req)
  return doc
}
