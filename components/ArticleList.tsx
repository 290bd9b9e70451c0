import type { ReactNode } from 'react'

import type { ArticleCard } from '@/lib/data'

/** A list of article cards: question as the link, summary beneath, and an optional line under it. */
export function ArticleList<T extends ArticleCard>({
  articles,
  empty,
  note,
}: {
  articles: T[]
  empty: string
  note?: (article: T) => ReactNode
}) {
  if (!articles.length) return <p className="empty">{empty}</p>
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.id}>
          <a href={`/articles/${article.slug}`} className="article-list__link">
            {article.question}
          </a>
          <p className="article-list__summary">{article.summary}</p>
          {note ? <p className="article-list__note">{note(article)}</p> : null}
        </li>
      ))}
    </ul>
  )
}
