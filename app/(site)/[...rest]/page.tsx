import { notFound } from 'next/navigation'

import { NOT_FOUND_METADATA } from '../notFoundMetadata'

// The not-found file's metadata titles the server's HTML; the browser's router takes the page's.
export const metadata = NOT_FOUND_METADATA

// Any address the site does not know gets the site's own 404 page, in the site's layout.
export default function UnknownPage() {
  notFound()
}
