import type { ArticleCard } from '@/lib/data'

/** A list of article cards: question as the link, summary beneath. */
export function ArticleList({ articles, empty }: { articles: ArticleCard[]; empty: string }) {
  if (!articles.length) return <p className="empty">{empty}</p>
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.id}>
          <a href={`/articles/${article.slug}`} className="article-list__link">
            {article.question}
          </a>
          <p className="article-list__summary">{article.summary}</p>
        </li>
      ))}
    </ul>
  )
}
