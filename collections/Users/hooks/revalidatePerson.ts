import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cache/tags'
import { dependentArticleTags } from '@/lib/cache/dependentArticleTags'
import { revalidateTags } from '@/lib/cache/revalidate'
import type { User } from '@/payload-types'

/** A profile's page (old and new slug), the people list, and the bylines of their articles. */
async function personTags(doc: User, previousDoc: Partial<User> | undefined, req: PayloadRequest) {
  return [
    TAGS.people,
    doc.slug ? TAGS.person(doc.slug) : null,
    previousDoc?.slug ? TAGS.person(previousDoc.slug) : null,
    ...(await dependentArticleTags({ author: { equals: doc.id } }, req)),
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
