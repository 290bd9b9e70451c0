'use client'

/**
 * What a reader sees when a page cannot be rendered — most often because the database is not
 * answering: the site's own page (header, search, footer come from the layout), saying what
 * happened and what to do, instead of Next's bare "This page couldn't load" with an error digest.
 * Cached pages keep being served meanwhile; this is for the ones that would need the database.
 */
export default function ReaderError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="not-found" aria-labelledby="error-title">
      <h1 id="error-title">This page is temporarily unavailable</h1>
      <p className="lede">We couldn’t load it just now. This is usually brief: please try again in a few seconds.</p>
      <p>
        <button type="button" className="retry-button" onClick={() => reset()}>
          Try again
        </button>{' '}
        or <a href="/">go to the home page</a>.
      </p>
    </section>
  )
}
