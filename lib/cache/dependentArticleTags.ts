import type { PayloadRequest, Where } from 'payload'

import { TAGS } from '@/lib/cache/tags'

/** Cache tags of the article pages matching `where` (their current slugs). */
export async function dependentArticleTags(where: Where, req: PayloadRequest): Promise<string[]> {
  const { docs } = await req.payload.find({
    collection: 'articles',
    where,
    select: { slug: true },
    depth: 0,
    limit: 0,
    pagination: false,
    req,
  })
  return docs
    .map((doc) => doc.slug)
    .filter((slug): slug is string => Boolean(slug))
    .map(TAGS.article)
}
