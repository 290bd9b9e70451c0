import type { Metadata } from 'next'
import { draftMode } from 'next/headers'
import { notFound, permanentRedirect } from 'next/navigation'

import { ArticleHistory } from '@/components/ArticleHistory'
import { Byline } from '@/components/Byline'
import { References } from '@/components/References'
import { RefreshOnSave } from '@/components/RefreshOnSave'
import { RichText } from '@/components/RichText'
import { ArticleList } from '@/components/ArticleList'
import { FeedbackForm } from '@/components/FeedbackForm'
import { getArticle, getArticleRedirect, getRelatedArticles } from '@/lib/data'
import { mediaImage } from '@/lib/media/image'
import { readingMinutes } from '@/lib/reader/readingTime'
import { serverUrl } from '@/lib/runtimeConfig'
import { articleJsonLd, serializeJsonLd } from '@/lib/structuredData/articleJsonLd'

import { NOT_FOUND_METADATA } from '../../notFoundMetadata'

type Props = { params: Promise<{ slug: string }> }

// Rendered on first request, then served from the cache until a hook expires its tags.
export const generateStaticParams = async () => []

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const article = await getArticle(slug)
  if (!article) return NOT_FOUND_METADATA
  const title = article.meta?.title || article.question
  const description = article.meta?.description || article.summary
  const url = `/articles/${article.slug}`
  const image = mediaImage(article.meta?.image) ?? mediaImage(article.heroImage)
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: 'article',
      title,
      description,
      url,
      modifiedTime: article.updatedAt,
      ...(image ? { images: [{ url: image.url, alt: image.alt, width: image.width, height: image.height }] } : {}),
    },
    twitter: { card: image ? 'summary_large_image' : 'summary', title, description },
    robots: article.isDraft ? { index: false, follow: false } : undefined,
  }
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params
  const article = await getArticle(slug)
  if (!article) {
    const moved = await getArticleRedirect(slug)
    if (moved) permanentRedirect(`/articles/${moved}`)
    notFound()
  }
  const { isEnabled: previewing } = await draftMode()
  const hero = mediaImage(article.heroImage)
  const references = article.references ?? []
  const related = await getRelatedArticles(article)
  // The date readers see is when the version shown was published; a draft's is its last save.
  const updatedAt = (!article.isDraft && article.history[0]?.publishedAt) || article.updatedAt

  return (
    <article className="article article--paged" aria-labelledby="article-title">
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: serializeJsonLd(articleJsonLd(article, serverUrl(process.env))) }}
      />
      {previewing ? <RefreshOnSave adminOrigin={new URL(serverUrl(process.env)).origin} /> : null}
      {previewing ? (
        <p className="preview-banner" role="status">
          Preview{article.isDraft ? ' of an unpublished draft' : ''}.{' '}
          <a href={`/preview/exit?slug=${article.slug}`}>Leave preview</a>
        </p>
      ) : null}
      <header className="article__header">
        {article.symptoms.length ? (
          <p className="eyebrow">
            {article.symptoms.map((symptom, index) => (
              <span key={symptom.id}>
                {index > 0 ? ' · ' : null}
                <a href={`/symptoms/${symptom.slug}`}>{symptom.name}</a>
              </span>
            ))}
          </p>
        ) : null}
        <h1 id="article-title">{article.question}</h1>
        <Byline
          author={article.author}
          review={article.review}
          updatedAt={updatedAt}
          readingMinutes={readingMinutes(article)}
        />
      </header>

      <div className="article__layout">
        {hero ? (
          // Plain <img>: the renditions are already sized by sharp, and no client JavaScript is needed.
          // eslint-disable-next-line @next/next/no-img-element
          <img className="hero" src={hero.url} alt={hero.alt} width={hero.width} height={hero.height} />
        ) : null}

        {/* First in the page for small screens and screen readers; a sticky side column on wide screens. */}
        <nav className="toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading">In this article</h2>
          <ol>
            <li>
              <a href="#causes">Possible causes</a>
              <ol>
                {article.causes.map((cause, index) => (
                  <li key={cause.id ?? index}>
                    <a href={`#cause-${index + 1}`}>{cause.heading}</a>
                  </li>
                ))}
              </ol>
            </li>
            <li>
              <a href="#when-to-seek-care">When to seek care</a>
            </li>
            {article.takeaway ? (
              <li>
                <a href="#takeaway">The takeaway</a>
              </li>
            ) : null}
            {references.length ? (
              <li>
                <a href="#references">References</a>
              </li>
            ) : null}
            {article.history.length ? (
              <li>
                <a href="#history">Article history</a>
              </li>
            ) : null}
            {related.length ? (
              <li>
                <a href="#related">Related articles</a>
              </li>
            ) : null}
          </ol>
        </nav>

        <div className="article__body">
          <RichText data={article.intro} className="prose intro" />

          <section aria-labelledby="causes">
            <h2 id="causes">Possible causes</h2>
            <ol className="causes">
              {article.causes.map((cause, index) => (
                <li key={cause.id ?? index} className="cause">
                  <h3 id={`cause-${index + 1}`}>
                    <span className="cause__number" aria-hidden="true">
                      {index + 1}
                    </span>
                    {cause.heading}
                  </h3>
                  <RichText data={cause.explanation} className="prose" />
                  {cause.conditions.length ? (
                    <p className="cause__conditions">
                      Read more:{' '}
                      {cause.conditions.map((condition, i) => (
                        <span key={condition.id}>
                          {i > 0 ? ', ' : null}
                          <a href={`/conditions/${condition.slug}`}>{condition.name}</a>
                        </span>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="when-to-seek-care" className="callout">
            <h2 id="when-to-seek-care">When to seek care</h2>
            <RichText data={article.whenToSeekCare} className="prose" />
          </section>

          {article.takeaway ? (
            <section aria-labelledby="takeaway">
              <h2 id="takeaway">The takeaway</h2>
              <RichText data={article.takeaway} className="prose" />
            </section>
          ) : null}

          <References references={article.references} />

          <ArticleHistory history={article.history} />

          {/* Readers say what they think of the published version; a draft preview has nothing to report on. */}
          {article.isDraft ? null : (
            <FeedbackForm articleId={article.id} version={article.history[0]?.versionId ?? null} />
          )}

          {related.length ? (
            <section aria-labelledby="related" className="related">
              <h2 id="related">Related articles</h2>
              <ArticleList articles={related} empty="" />
            </section>
          ) : null}
        </div>
      </div>
    </article>
  )
}
