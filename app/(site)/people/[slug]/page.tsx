import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleList } from '@/components/ArticleList'
import { getPerson } from '@/lib/data'
import { nameWithCredentials } from '@/lib/personName'

type Props = { params: Promise<{ slug: string }> }

export const generateStaticParams = async () => []

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getPerson((await params).slug)
  if (!page) return {}
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
  const { person, articles } = page
  return (
    <article className="article" aria-labelledby="person-title">
      <header className="article__header">
        <p className="eyebrow">{person.jobTitle ?? 'Contributor'}</p>
        <h1 id="person-title">{nameWithCredentials(person)}</h1>
      </header>
      {person.bio ? <p className="lede">{person.bio}</p> : null}
      <section aria-labelledby="written-heading">
        <h2 id="written-heading">Articles</h2>
        <ArticleList articles={articles} empty="No published articles yet." />
      </section>
    </article>
  )
}
