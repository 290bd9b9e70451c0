import type { PayloadRequest } from 'payload'

import { clinicalHash } from './clinicalHash'
import { NOT_CONTENT } from './concurrency'
import { signedFieldsOf } from './gate'
import type { ResolvedCollectionOptions } from './resolveOptions'

/** The id of a document's newest version (its working copy), read in `req`'s transaction. */
export async function newestVersionId(
  req: PayloadRequest,
  collection: string,
  id: number | string,
): Promise<string | null> {
  const { docs } = await req.payload.findVersions({
    collection: collection as 'articles',
    where: { parent: { equals: id } },
    sort: '-updatedAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0] ? String(docs[0].id) : null
}

/**
 * Document `id` as its newest draft (`draft: true`) or as readers have it (`draft: false`), read
 * past access in `req`'s transaction; null when there is none.
 */
export function readDocument<T = Record<string, unknown>>(
  req: PayloadRequest,
  collection: string,
  id: number | string,
  draft: boolean,
): Promise<T | null> {
  return req.payload
    .findByID({
      collection: collection as 'articles',
      id,
      draft,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    .catch(() => null) as Promise<T | null>
}

/** What a save writes of a stored document: its content, without bookkeeping or review state. */
export function contentOf(doc: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) if (!NOT_CONTENT.has(key)) content[key] = value
  return content
}

/**
 * When the working copy `doc` was edited after its sign-off: the newest stored version whose
 * clinical content is the signed content — what publishing sends out. Null when the working copy
 * is itself the signed content, or there is no sign-off (the gate then says why it cannot go).
 */
export async function signedVersionBehind(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  doc: Record<string, unknown> & { id: number | string },
): Promise<Record<string, unknown> | null> {
  const hash = (doc.signOff as { hash?: string | null } | null)?.hash
  if (!hash || clinicalHash(signedFieldsOf(req, options), doc) === hash) return null
  const { docs } = await req.payload.findVersions({
    collection: options.slug as 'articles',
    where: { and: [{ parent: { equals: doc.id } }, { 'version.contentHash': { equals: hash } }] },
    sort: '-updatedAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  // Stored hashes are the server's own; the gate re-hashes whatever is published all the same.
  return (docs[0]?.version as Record<string, unknown> | undefined) ?? null
}
