/**
 * "N new reader reports" on the admin dashboard, for those who work the feedback queue (who may
 * read `feedback` in access/matrix.ts: editors and admins): the newest few, each linking to the
 * report, and a link to the whole list of new ones. Registered in payload.config.ts
 * (`admin.components.beforeDashboard`).
 */
import type { ServerProps } from 'payload'

import { mayAll } from '@/access/matrix'
import { KIND_LABELS } from '@/lib/feedback/form'
import { formatDate } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

import { CountBadge } from './CountBadge'

/** Reports listed; the count says how many are new in all. */
const SHOWN = 5

export async function FeedbackQueue({ payload, user }: ServerProps) {
  if (!user || !mayAll('feedback', 'read', user)) return null
  const adminRoute = payload.config.routes.admin
  const { docs, totalDocs } = await payload.find({
    collection: 'feedback',
    where: { status: { equals: 'new' } },
    sort: '-createdAt',
    select: { summary: true, kind: true, article: true, createdAt: true },
    depth: 0,
    limit: SHOWN,
    overrideAccess: false,
    user,
  })
  const articleIds = [...new Set(docs.flatMap((doc) => relationIds(doc.article)))]
  const titles = new Map<string, string>()
  if (articleIds.length) {
    const { docs: articles } = await payload.find({
      collection: 'articles',
      where: { id: { in: articleIds } },
      select: { question: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    for (const article of articles) titles.set(String(article.id), article.question)
  }
  const listHref = `${adminRoute}/collections/feedback?where[status][equals]=new`

  return (
    <section
      aria-labelledby="feedback-queue-title"
      className="feedback-queue"
      style={{
        marginBottom: 'calc(var(--base) * 2)',
        border: '1px solid var(--theme-elevation-150)',
        borderRadius: 'var(--style-radius-m, 4px)',
        background: 'var(--theme-elevation-0)',
        padding: 'calc(var(--base) * 0.75)',
      }}
    >
      <div
        style={{
          display: 'flex',
          alignItems: 'baseline',
          justifyContent: 'space-between',
          gap: '0.5rem',
          flexWrap: 'wrap',
        }}
      >
        <h2
          id="feedback-queue-title"
          style={{ margin: 0, fontSize: '1rem', display: 'flex', alignItems: 'center', gap: '0.5rem' }}
        >
          {totalDocs === 1 ? 'New reader report' : 'New reader reports'}
          <CountBadge count={totalDocs} />
        </h2>
        <a href={listHref}>{totalDocs ? 'Work through them' : 'All reader feedback'}</a>
      </div>
      {docs.length ? (
        <ul style={{ margin: '0.5rem 0 0', padding: 0, listStyle: 'none' }}>
          {docs.map((doc) => {
            const [articleId] = relationIds(doc.article)
            const about = articleId === undefined ? 'article deleted' : titles.get(String(articleId))
            return (
              <li
                key={doc.id}
                style={{
                  padding: '0.4rem 0',
                  borderTop: '1px solid var(--theme-elevation-100)',
                  overflowWrap: 'anywhere',
                }}
              >
                <a href={`${adminRoute}/collections/feedback/${doc.id}`} style={{ fontWeight: 500 }}>
                  {doc.summary || KIND_LABELS[doc.kind] || 'Reader feedback'}
                </a>
                <div style={{ fontSize: '0.8125rem', color: 'var(--theme-elevation-600)' }}>
                  {[KIND_LABELS[doc.kind], about, formatDate(doc.createdAt)].filter(Boolean).join(' · ')}
                </div>
              </li>
            )
          })}
        </ul>
      ) : (
        <p style={{ margin: '0.5rem 0 0', color: 'var(--theme-elevation-500)' }}>
          Readers’ votes and problem reports appear here as they arrive.
        </p>
      )}
    </section>
  )
}
