import type { CollectionBeforeValidateHook, PayloadRequest } from 'payload'

import { requestScoped } from './requestScope'

type Published = Record<string, unknown> & { id: number | string; _status?: string | null }

// Per request, not on `req.context`: callers may pass the same context object to many operations.
const store = (req: PayloadRequest): Map<string, Published | null> =>
  requestScoped(req, 'publishedBefore', () => new Map())

/**
 * With drafts, Payload's `originalDoc`/`previousDoc` are the *latest version* — often a draft —
 * not what readers currently see. This hook reads the main row (the published document, if any)
 * before a change, so later hooks can tell what was public: which pages to refresh on publish or
 * unpublish, which slug readers knew.
 */
export const rememberPublished: CollectionBeforeValidateHook = async ({ collection, operation, originalDoc, req }) => {
  if (operation !== 'update' || !originalDoc?.id) return
  const id = String(originalDoc.id)
  const doc = await req.payload
    .findByID({ collection: collection.slug, id: originalDoc.id, draft: false, depth: 0, overrideAccess: true, req })
    .catch(() => null)
  store(req).set(`${collection.slug}:${id}`, (doc as Published | null) ?? null)
}

/** The document as readers saw it before this change: published, or null. */
export function publishedBefore<T>(req: PayloadRequest, collection: string, id: number | string | undefined): T | null {
  if (id === undefined) return null
  const doc = store(req).get(`${collection}:${String(id)}`)
  return doc && doc._status === 'published' ? (doc as unknown as T) : null
}

/** Whether the main row of a document is published right now (after a change). */
export async function isPublishedNow(req: PayloadRequest, collection: 'articles' | 'conditions', id: number | string) {
  const doc = await req.payload
    .findByID({ collection, id, draft: false, depth: 0, overrideAccess: true, req, select: { _status: true } })
    .catch(() => null)
  return doc?._status === 'published'
}

/**
 * What a write just did to what readers see: published the document (or a new version of it),
 * took it off the site, or neither (a draft save). Cache refreshes and the search index follow it.
 */
export async function publicationChange(
  req: PayloadRequest,
  collection: 'articles' | 'conditions',
  doc: { id: number | string; _status?: string | null },
): Promise<'published' | 'unpublished' | null> {
  if (doc._status === 'published') return 'published'
  if (publishedBefore(req, collection, doc.id) !== null && !(await isPublishedNow(req, collection, doc.id)))
    return 'unpublished'
  return null
}
