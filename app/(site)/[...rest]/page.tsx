import { notFound } from 'next/navigation'

// Any address the site does not know gets the site's own 404 page, in the site's layout.
export default function UnknownPage() {
  notFound()
}
