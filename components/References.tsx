import type { Article } from '@/payload-types'
import { referenceHref } from '@/lib/safeUrl'

type Reference = NonNullable<Article['references']>[number]

/** Numbered sources; a reference whose URL is neither http(s) nor a DOI is shown as text only. */
export function References({ references }: { references: Reference[] | null | undefined }) {
  if (!references?.length) return null
  return (
    <section aria-labelledby="references" className="references">
      <h2 id="references">References</h2>
      <ol>
        {references.map((reference, index) => {
          const href = referenceHref(reference.url)
          const details = [reference.publisher, reference.year].filter(Boolean).join(', ')
          return (
            <li key={reference.id ?? index}>
              {href ? (
                <a href={href} rel="noopener noreferrer">
                  {reference.title}
                </a>
              ) : (
                reference.title
              )}
              {details ? <span className="reference__details">. {details}.</span> : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
