import type { Metadata } from 'next'

import { getSymptomsByBodyRegion, searchSite } from '@/lib/data'
import { MARK_END, MARK_START, PAGE_SIZE } from '@/lib/search/searchIndex'

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> }

const KIND = { articles: 'Article', conditions: 'Condition', symptoms: 'Symptom' } as const

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? ''

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = first((await searchParams).q).trim()
  return { title: q ? `Search: ${q}` : 'Search', robots: { index: false, follow: true } }
}

/** A snippet with its matched words in <mark>, built as elements — the text is never parsed as HTML. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(MARK_START)
  return (
    <p className="search-hit__snippet">
      {parts.map((part, index) => {
        if (index === 0) return <span key={index}>{part}</span>
        const [marked, rest = ''] = part.split(MARK_END)
        return (
          <span key={index}>
            <mark>{marked}</mark>
            {rest}
          </span>
        )
      })}
    </p>
  )
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams
  const q = first(params.q).trim()
  const page = Math.max(1, Number.parseInt(first(params.page), 10) || 1)
  const { hits, total } = q ? await searchSite(q, page) : { hits: [], total: 0 }
  const pages = Math.ceil(total / PAGE_SIZE)
  const symptoms = hits.length ? [] : (await getSymptomsByBodyRegion()).flatMap((group) => group.symptoms).slice(0, 8)
  const pageLink = (n: number) => `/search?${new URLSearchParams({ q, page: String(n) })}`

  return (
    <div className="search">
      <h1>Search</h1>
      <form
        className="search-form"
        action="/search"
        method="get"
        role="search"
        aria-label="Search articles, conditions and symptoms"
      >
        <label htmlFor="search-q">Search articles, conditions and symptoms</label>
        <div className="search-form__row">
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={200}
            placeholder="e.g. hip pain when walking"
          />
          <button type="submit">Search</button>
        </div>
        <p className="search-form__hint">
          Use quotes for a phrase, a minus sign to leave a word out, and “or” for either word.
        </p>
      </form>

      {q ? (
        <p role="status" className="search__count">
          {total === 0
            ? `No results for “${q}”.`
            : `${total} result${total === 1 ? '' : 's'} for “${q}”${pages > 1 ? ` · page ${page} of ${pages}` : ''}.`}
        </p>
      ) : null}

      {hits.length ? (
        <ol className="search-results">
          {hits.map((hit) => (
            <li key={`${hit.collection}:${hit.id}`} className="search-hit">
              <p className="eyebrow">{KIND[hit.collection]}</p>
              <h2>
                <a href={`/${hit.collection}/${hit.slug}`}>{hit.title}</a>
              </h2>
              <Snippet text={hit.snippet || hit.summary} />
            </li>
          ))}
        </ol>
      ) : (
        <section aria-labelledby="search-suggest" className="search__suggest">
          <h2 id="search-suggest">{q ? 'Try a symptom instead' : 'Or start from a symptom'}</h2>
          <ul>
            {symptoms.map((symptom) => (
              <li key={symptom.id}>
                <a href={`/symptoms/${symptom.slug}`}>{symptom.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {pages > 1 ? (
        <nav className="pagination" aria-label="Search result pages">
          {page > 1 ? (
            <a href={pageLink(page - 1)} rel="prev">
              Previous
            </a>
          ) : null}
          {page < pages ? (
            <a href={pageLink(page + 1)} rel="next">
              Next
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}
