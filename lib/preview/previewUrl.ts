import { serverUrl } from '@/lib/runtimeConfig'

import { previewSecret } from './previewSecret'

// Conditions join once their page can read drafts (with the review gate).
export const PREVIEWABLE = { articles: '/articles' } as const
export type PreviewableCollection = keyof typeof PREVIEWABLE

/** The admin's preview link: enables draft mode for a logged-in editor, then opens the page. */
export function previewUrl(collection: PreviewableCollection, slug: string | null | undefined): string | null {
  if (!slug) return null
  const url = new URL('/preview', serverUrl(process.env))
  url.searchParams.set('collection', collection)
  url.searchParams.set('slug', slug)
  url.searchParams.set('secret', previewSecret())
  return url.toString()
}
