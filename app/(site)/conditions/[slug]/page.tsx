import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleList } from '@/components/ArticleList'
import { References } from '@/components/References'
import { RichText } from '@/components/RichText'
import { getCondition } from '@/lib/data'

import { NOT_FOUND_METADATA } from '../../notFoundMetadata'

type Props = { params: Promise<{ slug: string }> }

export const generateStaticParams = async () => []

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await getCondition((await params).slug)
  if (!page) return NOT_FOUND_METADATA
  const { condition } = page
  return {
    title: condition.name,
    description: condition.summary,
    alternates: { canonical: `/conditions/${condition.slug}` },
    openGraph: { type: 'article', title: condition.name, description: condition.summary },
  }
}

export default async function ConditionPage({ params }: Props) {
  const page = await getCondition((await params).slug)
  if (!page) notFound()
  const { condition, articles } = page
  return (
    <article className="article" aria-labelledby="condition-title">
      <header className="article__header">
        <p className="eyebrow">Condition</p>
        <h1 id="condition-title">{condition.name}</h1>
        {condition.alsoKnownAs?.length ? <p className="aka">Also known as {condition.alsoKnownAs.join(', ')}</p> : null}
      </header>
      <p className="lede">{condition.summary}</p>
      <RichText data={condition.body} className="prose" />

      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">Questions where it is a possible cause</h2>
        <ArticleList articles={articles} empty="No published article lists this condition as a cause yet." />
      </section>

      <References references={condition.references} />
    </article>
  )
}
