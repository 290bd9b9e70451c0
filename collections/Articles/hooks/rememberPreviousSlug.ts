import type { FieldHook } from 'payload'

import type { Article } from '@/payload-types'

/**
 * Field hook for `previousSlugs`: keeps every slug the article has had, so its old URLs keep
 * answering with a redirect. Derived only from the stored document — whatever a client sends
 * for this field is ignored, so nobody can claim another article's old address.
 */
export const rememberPreviousSlug: FieldHook<Article, string[] | null | undefined> = ({ originalDoc, siblingData }) => {
  const kept = new Set(originalDoc?.previousSlugs ?? [])
  const previous = originalDoc?.slug
  const next = typeof siblingData?.slug === 'string' ? siblingData.slug : previous
  if (previous && next && next !== previous) kept.add(previous)
  if (next) kept.delete(next)
  return [...kept]
}
