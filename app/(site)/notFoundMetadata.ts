import type { Metadata } from 'next'

/**
 * What a missing page is called in the tab, in history and in search results. Set twice, because
 * Next 16 reads it from two places: the not-found file's metadata titles the HTML the server
 * sends, but once the page's JavaScript runs, the router applies the metadata of the page that
 * called `notFound()`. So each page's metadata says it too when its document is missing, and the
 * catch-all route for unknown addresses does.
 */
export const NOT_FOUND_METADATA: Metadata = {
  title: 'Page not found',
  robots: { index: false, follow: true },
}
