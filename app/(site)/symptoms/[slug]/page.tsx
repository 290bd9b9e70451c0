import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleList } from '@/components/ArticleList'
import { getSymptom } from '@/lib/data'

import { NOT_FOUND_METADATA } from '../../notFoundMetadata'

type Props = { params: Promise<{ slug: string }> }

export const generateStaticParams = async () => []

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getSymptom((await params).slug)
  if (!page) return NOT_FOUND_METADATA
  const { symptom } = page
  return {
    title: symptom.name,
    description: symptom.summary ?? undefined,
    alternates: { canonical: `/symptoms/${symptom.slug}` },
  }
}

export default async function SymptomPage({ params }: Props) {
  const page = await getSymptom((await params).slug)
  if (!page) notFound()
  const { symptom, articles, causes } = page
  return (
    <article className="article" aria-labelledby="symptom-title">
      <header className="article__header">
        <p className="eyebrow">Symptom</p>
        <h1 id="symptom-title">{symptom.name}</h1>
      </header>
      {symptom.summary ? <p className="lede">{symptom.summary}</p> : null}

      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">Questions answered</h2>
        <ArticleList articles={articles} empty="No published articles about this symptom yet." />
      </section>

      {causes.length ? (
        <section aria-labelledby="causes-heading">
          <h2 id="causes-heading">Causes these articles discuss</h2>
          <ul className="cause-counts">
            {causes.map((cause) => (
              <li key={cause.id}>
                <a href={`/conditions/${cause.slug}`}>{cause.name}</a>{' '}
                <span className="count">
                  in {cause.count} {cause.count === 1 ? 'article' : 'articles'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}
