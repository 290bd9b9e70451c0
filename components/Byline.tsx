import type { PersonLink } from '@/lib/data'
import { formatDate } from '@/lib/formatDate'
import { nameWithCredentials } from '@/lib/personName'

function Person({ person }: { person: PersonLink }) {
  const label = nameWithCredentials(person)
  return person.slug ? <a href={`/people/${person.slug}`}>{label}</a> : <>{label}</>
}

/**
 * "Written by … · Updated …". The medical reviewer ("Medically reviewed by …, credentials")
 * joins this line when the review sign-off exists; `reviewer` is that slot.
 */
export function Byline({
  author,
  reviewer,
  updatedAt,
}: {
  author: PersonLink | null
  reviewer?: PersonLink | null
  updatedAt: string
}) {
  return (
    <p className="byline">
      {author ? (
        <span>
          Written by <Person person={author} />
        </span>
      ) : null}
      {reviewer ? (
        <span>
          Medically reviewed by <Person person={reviewer} />
        </span>
      ) : null}
      <span>
        Updated <time dateTime={updatedAt}>{formatDate(updatedAt)}</time>
      </span>
    </p>
  )
}
