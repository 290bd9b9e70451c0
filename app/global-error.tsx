'use client'

/**
 * The last resort, when even a layout fails: a plain page in the site's words, never Next's bare
 * error with a digest. It replaces the root layout, so it brings its own html, body and styles.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          margin: '0 auto',
          maxWidth: '40rem',
          padding: '2rem 1rem',
          lineHeight: 1.5,
        }}
      >
        <p style={{ fontWeight: 700, fontSize: '1.25rem' }}>Causeway</p>
        <h1>Causeway is temporarily unavailable</h1>
        <p>We couldn’t load this page just now. This is usually brief: please try again in a few seconds.</p>
        <p>
          <button type="button" onClick={() => reset()}>
            Try again
          </button>{' '}
          or <a href="/">go to the home page</a>.
        </p>
      </body>
    </html>
  )
}
