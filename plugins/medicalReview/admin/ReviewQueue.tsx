import type { ServerProps, Where } from 'payload'

import { formatDate } from '@/plugins/common/formatDate'

import { maySignOff } from '../permissions'
import { QUEUE_READ, reviewQueueLists } from '../queries'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import { signOffStatus } from '../status'

type Row = { collection: string; id: number; title: string; detail: string }
type QueueDoc = Record<string, unknown> & {
  id: number
  contentHash?: string | null
  signOff?: { hash?: string | null; nextReviewDue?: string | null } | null
}

/** Every reviewable collection in the running config, with its title field and singular label. */
function reviewableCollections(payload: ServerProps['payload']) {
  return Object.values(payload.collections).flatMap(({ config }) => {
    const options = config.custom?.medicalReview as ResolvedCollectionOptions | undefined
    if (!options) return []
    const singular = config.labels?.singular
    const label = typeof singular === 'string' ? singular : config.slug
    return [{ options, slug: config.slug, title: options.titleField, label }]
  })
}

/**
 * The review queue on the admin dashboard: what waits on the person looking, what came back with
 * changes requested, sign-offs made stale by later edits, and sign-offs due within 30 days or
 * already overdue — each with a count and links to the documents.
 */
export async function ReviewQueue({ payload, user }: ServerProps) {
  if (!user) return null
  const now = new Date()
  const waiting: Row[] = []
  const changes: Row[] = []
  const stale: Row[] = []
  const due: Row[] = []
  const overdue: Row[] = []

  const lists = reviewQueueLists(user.id, now)
  const reviewable = reviewableCollections(payload)
  for (const { slug, title, label } of reviewable) {
    const find = ({ where, draft }: { where: Where; draft: boolean }) =>
      payload
        .find({ collection: slug, where, draft, ...QUEUE_READ, overrideAccess: true })
        .then((result) => result.docs as unknown as QueueDoc[])
    const row = (doc: QueueDoc, detail: string): Row => ({
      collection: slug,
      id: doc.id,
      title: `${label}: ${String(doc[title] ?? doc.id)}`,
      detail,
    })
    const [mine, requested, signedDrafts, published] = await Promise.all([
      find(lists.mine),
      find(lists.requested),
      find(lists.signedDrafts),
      find(lists.dueSoon),
    ])
    waiting.push(...mine.map((doc) => row(doc, 'Waiting for your sign-off')))
    changes.push(...requested.map((doc) => row(doc, 'Changes requested by the reviewer')))
    stale.push(
      ...signedDrafts
        .filter((doc) => signOffStatus(doc as never, now) === 'stale')
        .map((doc) => row(doc, 'Edited since its sign-off')),
    )
    for (const doc of published) {
      const dueAt = doc.signOff?.nextReviewDue
      if (!dueAt) continue
      if (new Date(dueAt).getTime() <= now.getTime()) overdue.push(row(doc, `Review was due ${formatDate(dueAt)}`))
      else due.push(row(doc, `Review due ${formatDate(dueAt)}`))
    }
  }

  const sections = [
    {
      key: 'waiting',
      title: 'Waiting on me',
      rows: waiting,
      show: reviewable.some(({ options }) => maySignOff(options, user)),
    },
    { key: 'changes', title: 'Changes requested', rows: changes, show: true },
    { key: 'stale', title: 'Stale sign-offs', rows: stale, show: true },
    { key: 'due', title: 'Reviews due in 30 days', rows: due, show: true },
    { key: 'overdue', title: 'Overdue reviews', rows: overdue, show: true },
  ].filter((section) => section.show)

  return (
    <section
      aria-labelledby="review-queue-title"
      className="review-queue"
      style={{ marginBottom: 'calc(var(--base) * 2)' }}
    >
      <h2 id="review-queue-title" style={{ marginBottom: 'var(--base)' }}>
        Review queue
      </h2>
      <div
        style={{ display: 'grid', gap: 'var(--base)', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))' }}
      >
        {sections.map((section) => (
          <div
            key={section.key}
            data-queue={section.key}
            style={{
              border: '1px solid var(--theme-elevation-150)',
              borderRadius: 4,
              padding: 'calc(var(--base) * 0.75)',
            }}
          >
            <h3 style={{ margin: 0, fontSize: '1rem' }}>
              {section.title} <span data-count>{section.rows.length}</span>
            </h3>
            {section.rows.length === 0 ? (
              <p style={{ margin: '0.5rem 0 0', color: 'var(--theme-elevation-500)' }}>Nothing here.</p>
            ) : (
              <ul style={{ margin: '0.5rem 0 0', paddingLeft: '1.1rem' }}>
                {section.rows.slice(0, 8).map((item) => (
                  <li key={`${item.collection}:${item.id}`} style={{ marginBottom: '0.35rem' }}>
                    <a href={`/admin/collections/${item.collection}/${item.id}`}>{item.title}</a>
                    <br />
                    <small style={{ color: 'var(--theme-elevation-600)' }}>{item.detail}</small>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  )
}
