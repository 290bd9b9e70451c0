import { revalidateTag } from 'next/cache'
import type { RequestContext } from 'payload'

/**
 * Expires cache tags at once, so the next request renders fresh content (not stale-while-
 * revalidate). Skipped when `context.disableRevalidate` is set: seed scripts and tests run
 * outside Next.js, where there is no cache to expire.
 */
export function revalidateTags(tags: Iterable<string | null | undefined>, context: RequestContext): void {
  if (context.disableRevalidate) return
  for (const tag of new Set([...tags].filter((tag): tag is string => Boolean(tag)))) {
    revalidateTag(tag, { expire: 0 })
  }
}
