import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { TAGS } from '@/lib/cache/tags'
import { dependentArticleTags } from '@/lib/cache/dependentArticleTags'
import { revalidateTags } from '@/lib/cache/revalidate'
import type { Symptom } from '@/payload-types'

/** The symptom's page (old and new slug), the lists (home page) and the articles about it. */
async function symptomTags(doc: Symptom, previousDoc: Partial<Symptom> | undefined, req: PayloadRequest) {
  return [
    TAGS.symptoms,
    doc.slug ? TAGS.symptom(doc.slug) : null,
    previousDoc?.slug ? TAGS.symptom(previousDoc.slug) : null,
    ...(await dependentArticleTags({ symptoms: { in: [doc.id] } }, req)),
  ]
}

export const revalidateSymptom: CollectionAfterChangeHook<Symptom> = async ({ doc, previousDoc, req, context }) => {
  if (context.disableRevalidate) return doc
  await revalidateTags(await symptomTags(doc, previousDoc, req), req)
  return doc
}

export const revalidateDeletedSymptom: CollectionAfterDeleteHook<Symptom> = async ({ doc, req, context }) => {
  if (context.disableRevalidate) return doc
  await revalidateTags(await symptomTags(doc, undefined, req), req)
  return doc
}
