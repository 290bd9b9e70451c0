import type { PersonLink, ReviewCredit } from '@/lib/data'
import { formatDate } from '@/plugins/common/formatDate'
import { nameWithCredentials } from '@/lib/personName'

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
 * "Written by … · Medically reviewed by …, credentials · date", then "Last reviewed … · Next
 * review due …". Without a sign-off for the version shown (only ever a draft preview) it says so.
 */
export function Byline({
  author,
  review,
  updatedAt,
}: {
  author: PersonLink | null
  review: ReviewCredit | null
  updatedAt: string
}) {
  return (
    <div className="byline-block">
      <p className="byline">
        {author ? (
          <span>
            Written by <Person person={author} />
          </span>
        ) : null}
        {review ? (
          <span>
            Medically reviewed by <Reviewer review={review} />
          </span>
        ) : (
          <span className="byline__unreviewed">Not yet medically reviewed</span>
        )}
        <span>
          <time dateTime={review?.signedAt ?? updatedAt}>{formatDate(review?.signedAt ?? updatedAt)}</time>
        </span>
      </p>
      {review ? (
        <p className="byline review-dates">
          <span>
            Last reviewed <time dateTime={review.signedAt}>{formatDate(review.signedAt)}</time>
          </span>
          {review.nextReviewDue ? (
            <span>
              Next review due <time dateTime={review.nextReviewDue}>{formatDate(review.nextReviewDue)}</time>
            </span>
          ) : null}
        </p>
      ) : null}
    </div>
  )
}
