import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleList } from '@/components/ArticleList'
import { getPerson } from '@/lib/data'
import { mediaImage } from '@/lib/media/image'
import { nameWithCredentials } from '@/lib/personName'
import { formatDate } from '@/plugins/common/formatDate'

import { NOT_FOUND_METADATA } from '../../notFoundMetadata'

type Props = { params: Promise<{ slug: string }> }

export const generateStaticParams = async () => []

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getPerson((await params).slug)
  if (!page) return NOT_FOUND_METADATA
  const { person } = page
  return {
    title: nameWithCredentials(person),
    description: person.bio ?? undefined,
    alternates: { canonical: `/people/${person.slug}` },
    openGraph: { type: 'profile', title: nameWithCredentials(person) },
  }
}

export default async function PersonPage({ params }: Props) {
  const page = await getPerson((await params).slug)
  if (!page) notFound()
  const { person, written, reviewed, lastSignOff } = page
  const photo = mediaImage(person.photo, 'card')
  return (
    <article className="person" aria-labelledby="person-title">
      <header className="person__header">
        {photo ? (
          // Plain <img>: the rendition is already sized, and no client JavaScript is needed.
          // eslint-disable-next-line @next/next/no-img-element
          <img className="person__photo" src={photo.url} alt={photo.alt} width={photo.width} height={photo.height} />
        ) : null}
        <div>
          <p className="eyebrow">{person.jobTitle ?? 'Contributor'}</p>
          <h1 id="person-title">{nameWithCredentials(person)}</h1>
          {lastSignOff ? (
            <p className="person__verified">
              Clinical credentials{lastSignOff.credentials ? ` (${lastSignOff.credentials})` : ''} checked against our
              reviewer registry at every sign-off; last checked{' '}
              <time dateTime={lastSignOff.signedAt}>{formatDate(lastSignOff.signedAt)}</time>.
            </p>
          ) : null}
        </div>
      </header>
      {person.bio ? <p className="lede">{person.bio}</p> : null}
      {written.length || !reviewed.length ? (
        <section aria-labelledby="written-heading">
          <h2 id="written-heading">Articles written</h2>
          <ArticleList articles={written} empty="No published articles yet." />
        </section>
      ) : null}
      {reviewed.length ? (
        <section aria-labelledby="reviewed-heading">
          <h2 id="reviewed-heading">Articles reviewed</h2>
          <p className="section-note">
            Published articles whose current version {person.name} medically reviewed and signed off.
          </p>
          <ArticleList
            articles={reviewed}
            empty=""
            note={(article) => (
              <>
                Reviewed <time dateTime={article.reviewedAt}>{formatDate(article.reviewedAt)}</time>
              </>
            )}
          />
        </section>
      ) : null}
    </article>
  )
}
