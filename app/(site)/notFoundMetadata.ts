import type { Metadata } from 'next'

/**
 * What a missing page is called in the tab, in history and in search results. Set by the site's
 * not-found file, which Next renders (with its metadata) for unknown addresses and for every
 * `notFound()`; the failed page's own metadata is not used.
 */
export const NOT_FOUND_METADATA: Metadata = {
  title: 'Page not found',
  robots: { index: false, follow: true },
}
