import type { FieldHook } from 'payload'

import { publishedBefore } from '@/plugins/common/publishedBefore'
import type { Article } from '@/payload-types'

/**
 * Field hook for `previousSlugs`: keeps every slug under which the article was *published*, so
 * its old public URLs keep answering with a redirect. Derived only from stored documents —
 * whatever a client sends is ignored, so nobody can claim another article's old address — and
 * slugs that only ever existed in drafts are never recorded.
 */
export const rememberPreviousSlug: FieldHook<Article, string[] | null | undefined> = ({
  originalDoc,
  siblingData,
  req,
}) => {
  const kept = new Set(originalDoc?.previousSlugs ?? [])
  const published = publishedBefore<Article>(req, 'articles', originalDoc?.id)
  const next = typeof siblingData?.slug === 'string' ? siblingData.slug : originalDoc?.slug
  if (published?.slug && next && next !== published.slug) kept.add(published.slug)
  if (next) kept.delete(next)
  return [...kept]
}
