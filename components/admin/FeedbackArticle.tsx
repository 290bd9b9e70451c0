/**
 * The article a reader's report is about, as links: to the page readers see (`/articles/<slug>`)
 * and to its edit view in the admin; in the edit view also to the exact version the reader read.
 * Server components (collections/Feedback: the `article` field's list cell and, after its input,
 * in the edit view).
 */
import type { DefaultServerCellComponentProps, Payload, ServerComponentProps } from 'payload'

import { formatDate, formatDateTime } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

type ArticleInfo = { id: number; slug: string | null; question: string | null; live: boolean }

async function articleInfo(payload: Payload, value: unknown): Promise<ArticleInfo | null> {
  const [id] = relationIds(value)
  if (id === undefined) return null
  const doc = await payload.findByID({
    collection: 'articles',
    id,
    depth: 0,
    select: { slug: true, question: true, _status: true },
    overrideAccess: true,
    disableErrors: true,
  })
  if (!doc) return null
  return { id: doc.id, slug: doc.slug ?? null, question: doc.question ?? null, live: doc._status === 'published' }
}

const adminHref = (payload: Payload, path: string) => `${payload.config.routes.admin}${path}`

function Links({ payload, article }: { payload: Payload; article: ArticleInfo }) {
  return (
    <>
      {article.live && article.slug ? (
        <a href={`/articles/${article.slug}`} target="_blank" rel="noopener" data-feedback-link="reader">
          On the site
        </a>
      ) : (
        <span title="Readers get a 404 for it">Not published</span>
      )}
      {' · '}
      <a href={adminHref(payload, `/collections/articles/${article.id}`)} data-feedback-link="admin">
        Edit article
      </a>
    </>
  )
}

/** List cell: the article's question, then "On the site · Edit article". */
export async function FeedbackArticleCell({ cellData, payload }: DefaultServerCellComponentProps) {
  const article = await articleInfo(payload, cellData)
  if (!article) return <span style={{ color: 'var(--theme-elevation-500)' }}>Article deleted</span>
  return (
    <span style={{ display: 'grid', gap: '0.125rem' }}>
      <span>{article.question ?? `Article ${article.id}`}</span>
      <span style={{ fontSize: '0.8125rem' }}>
        <Links payload={payload} article={article} />
      </span>
    </span>
  )
}

/** Edit view, under the article: where to read it, edit it, and the version the reader read. */
export async function FeedbackArticleLinks({ data, payload }: ServerComponentProps) {
  const article = await articleInfo(payload, data?.article)
  if (!article) return null
  const versionId = typeof data?.articleVersion === 'string' && data.articleVersion ? data.articleVersion : null
  const { docs } = versionId
    ? await payload.find({
        collection: 'publications',
        where: {
          subjectCollection: { equals: 'articles' },
          subjectId: { equals: String(article.id) },
          action: { equals: 'publish' },
          versionId: { equals: versionId },
        },
        sort: 'at',
        select: { at: true },
        depth: 0,
        limit: 1,
        pagination: false,
        overrideAccess: true,
      })
    : { docs: [] }
  const publishedAt = docs[0]?.at
  return (
    <p data-feedback-article style={{ margin: '0.5rem 0 0', fontSize: '0.875rem' }}>
      <Links payload={payload} article={article} />
      {versionId ? (
        <>
          {' · '}
          <a href={adminHref(payload, `/collections/articles/${article.id}/versions/${versionId}`)}>
            Version the reader read{publishedAt ? ` (published ${formatDate(publishedAt)})` : ''}
          </a>
        </>
      ) : null}
    </p>
  )
}

/**
 * Edit view, under "Fixed by": the article's publishes, newest first, with when and what each
 * changed, since the picker can only show each record's title (the article's question).
 */
export async function FeedbackFixedByHint({ data, payload }: ServerComponentProps) {
  const [articleId] = relationIds(data?.article)
  if (articleId === undefined) return null
  const [chosen] = relationIds(data?.fixedBy)
  const { docs } = await payload.find({
    collection: 'publications',
    where: {
      subjectCollection: { equals: 'articles' },
      subjectId: { equals: String(articleId) },
      action: { equals: 'publish' },
    },
    sort: '-at',
    select: { at: true, publicNote: true, reviewerName: true },
    depth: 0,
    limit: 5,
    overrideAccess: true,
  })
  if (!docs.length) return <p style={{ margin: '0.5rem 0 0', fontSize: '0.8125rem' }}>This article has no publishes.</p>
  return (
    <div data-feedback-publishes style={{ margin: '0.5rem 0 0', fontSize: '0.8125rem' }}>
      <p style={{ margin: 0 }}>Its publishes, newest first:</p>
      <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.1rem' }}>
        {docs.map((record) => (
          <li key={record.id} style={{ fontWeight: String(record.id) === String(chosen) ? 600 : undefined }}>
            {formatDateTime(record.at)}
            {record.reviewerName ? `, signed by ${record.reviewerName}` : ''}
            {record.publicNote ? ` — “${record.publicNote}”` : ''}
            {String(record.id) === String(chosen) ? ' (chosen)' : ''}
          </li>
        ))}
      </ul>
    </div>
  )
}
