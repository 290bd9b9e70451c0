import type { PayloadRequest } from 'payload'

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
