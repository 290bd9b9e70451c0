import { Fragment, type ReactNode } from 'react'

import type { PersonLink, ReviewCredit } from '@/lib/data'
import { formatDate } from '@/plugins/common/formatDate'
import { nameWithCredentials } from '@/lib/personName'

/** Who a byline names when the writer has no public profile: the desk stands behind the text. */
export const EDITORIAL_TEAM = 'the Causeway editorial team'

function Person({ person }: { person: PersonLink }) {
  const label = nameWithCredentials(person)
  return person.slug ? <a href={`/people/${person.slug}`}>{label}</a> : <>{label}</>
}

/** The reviewer as they signed: credentials held at signing, linked to their profile if public. */
export function Reviewer({ review }: { review: Pick<ReviewCredit, 'reviewer' | 'name' | 'credentials'> }) {
  const label = nameWithCredentials({ name: review.name, credentials: review.credentials })
  return review.reviewer?.slug ? <a href={`/people/${review.reviewer.slug}`}>{label}</a> : <>{label}</>
}

/**
 * "Written by …", then "Medically reviewed by …, credentials · Updated date · N min read", then
 * "Last reviewed … · Next review due …". The writer is always named: a writer without a public
 * profile is credited as the editorial team, in the preview too, so the preview shows what
 * readers will see. Without a sign-off for the version shown (only ever a draft preview) it says so.
 *
 * Items flow as text; each separator is glued to the item before it, so a line never starts
 * with "·" however narrow the screen.
 */
export function Byline({
  author,
  review,
  updatedAt,
  readingMinutes,
}: {
  author: PersonLink | null
  review: ReviewCredit | null
  /** When the version shown was published (a draft: last saved). */
  updatedAt: string
  readingMinutes: number
}) {
  return (
    <div className="byline-block">
      <p className="byline">Written by {author ? <Person person={author} /> : EDITORIAL_TEAM}</p>
      <p className="byline">
        <Items>
          {review ? (
            <>
              Medically reviewed by <Reviewer review={review} />
            </>
          ) : (
            <span className="byline__unreviewed">Not yet medically reviewed</span>
          )}
          <>
            Updated <time dateTime={updatedAt}>{formatDate(updatedAt)}</time>
          </>
          <>{readingMinutes} min read</>
        </Items>
      </p>
      {review ? (
        <p className="byline review-dates">
          <Items>
            <>
              Last reviewed <time dateTime={review.signedAt}>{formatDate(review.signedAt)}</time>
            </>
            {review.nextReviewDue ? (
              <>
                Next review due <time dateTime={review.nextReviewDue}>{formatDate(review.nextReviewDue)}</time>
              </>
            ) : null}
          </Items>
        </p>
      ) : null}
    </div>
  )
}

/** Items separated by " · ", the dot glued to the item before it; lines break only between items. */
function Items({ children }: { children: ReactNode[] }) {
  const items = children.filter(Boolean)
  return items.map((item, index) => (
    <Fragment key={index}>
      <span className="byline__item">
        {item}
        {index < items.length - 1 ? '\u00a0·' : null}
      </span>
      {index < items.length - 1 ? ' ' : null}
    </Fragment>
  ))
}
