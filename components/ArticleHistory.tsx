import type { HistoryEntry } from '@/lib/data'
import { formatDate } from '@/plugins/common/formatDate'

import { Reviewer } from './Byline'

/** What the history says of a publish that came with no note for readers. */
export const NO_PUBLIC_NOTE = 'Reviewed and updated.'

/**
 * Each published version of the article, newest first: when, who reviewed it, and the note for
 * readers approved with its sign-off (the internal change note is never part of the page data).
 */
export function ArticleHistory({ history }: { history: HistoryEntry[] }) {
  if (!history.length) return null
  return (
    <section aria-labelledby="history" className="history">
      <h2 id="history">Article history</h2>
      <ol className="history__list">
        {history.map((entry, index) => (
          <li key={entry.id}>
            <p className="history__when">
              <time dateTime={entry.publishedAt}>{formatDate(entry.publishedAt)}</time>
              {index === 0 ? <span className="history__current"> · current version</span> : null}
            </p>
            {entry.review ? (
              <p className="history__review">
                Medically reviewed by <Reviewer review={entry.review} /> on{' '}
                <time dateTime={entry.review.signedAt}>{formatDate(entry.review.signedAt)}</time>
              </p>
            ) : null}
            <p className="history__note">{entry.publicNote ?? NO_PUBLIC_NOTE}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}
