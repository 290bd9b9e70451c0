import { NOT_FOUND_METADATA } from './notFoundMetadata'

export const metadata = NOT_FOUND_METADATA

export default function NotFound() {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">We couldn’t find that page</h1>
      <p className="lede">It may have moved, or the address may be mistyped.</p>
      <p>
        <a href="/">Browse symptoms from the home page</a>
      </p>
    </section>
  )
}
