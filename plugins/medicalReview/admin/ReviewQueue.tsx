import type { ServerProps, Where } from 'payload'

import { formatDate, formatDateTime } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

import { SCHEDULED_PUBLISHING_TASK } from '../jobs/scheduledPublishing'
import { ago, waitingFor } from '../deskStats'
import { mayPublish, maySignOff, maySubmit } from '../permissions'
import {
  QUEUE_READ,
  recentEventsWhere,
  recentUnpublishesWhere,
  reviewQueueLists,
  UNPUBLISHED_DAYS,
  unreadNotificationsWhere,
  WITHDRAWN_DAYS,
} from '../queries'
import {
  EVENTS_SLUG,
  NOTIFICATIONS_SLUG,
  type ResolvedCollectionOptions,
  reviewableCollections,
} from '../resolveOptions'
import { STAGE_LABELS, type ReviewStage } from '../stages'
import { signOffStatus } from '../status'
import { DeskChart } from './DeskChart'
import { MarkNotificationsRead } from './MarkNotificationsRead'

const DAY = 24 * 60 * 60 * 1000
/** Items shown per section; the count says how many there are in all. */
const SHOWN = 8

type Row = {
  key: string
  href: string
  title: string
  /** Short facts, shown on one line separated by dots. */
  facts: string[]
  /** A note in the person's own words (change note, reason), quoted. */
  quote?: string | null
  /** Highlights the row (overdue, failed schedule). */
  alert?: boolean
}

type Section = {
  key: string
  title: string
  rows: Row[]
  /** How many there are in all (default: the rows'). */
  total?: number
  /** How many rows to list (default SHOWN). */
  shown?: number
  empty: string
  action?: React.ReactNode
}

type QueueDoc = Record<string, unknown> & {
  id: number
  updatedAt?: string | null
  reviewStage?: ReviewStage | null
  changeNote?: string | null
  assignedReviewer?: unknown
  contentHash?: string | null
  signOff?: {
    hash?: string | null
    nextReviewDue?: string | null
    reviewer?: unknown
    reviewerName?: string | null
    signedAt?: string | null
  } | null
  lastDecision?: {
    decision?: string | null
    reviewerName?: string | null
    at?: string | null
    comments?: string | null
  }
}

type EventDoc = {
  id: number
  subjectCollection: string
  subjectId: string
  subjectTitle?: string | null
  event: string
  by?: unknown
  byName?: string | null
  note?: string | null
  at: string
}

type Reviewable = {
  options: ResolvedCollectionOptions
  slug: string
  title: string
  label: string
  /** Whether its documents have an author field (the writer's lists are by author). */
  authored: boolean
}

/** Every reviewable collection in the running config, with its title field and singular label. */
function reviewablesOf(payload: ServerProps['payload']): Reviewable[] {
  return reviewableCollections(payload as never).map((options) => {
    const { config } = payload.collections[options.slug as 'articles']
    const singular = config.labels?.singular
    const label = typeof singular === 'string' ? singular : config.slug
    const authored = config.flattenedFields.some((field) => 'name' in field && field.name === options.authorField)
    return { options, slug: config.slug, title: options.titleField, label, authored }
  })
}

const shorten = (text: string | null | undefined, length = 160) => {
  const value = (text ?? '').trim().replace(/\s+/g, ' ')
  return value.length > length ? `${value.slice(0, length - 1)}…` : value || null
}

/**
 * The review desk on the admin dashboard, by role (a person may hold several): writers see their
 * drafts, what they submitted and what came back; reviewers what waits on them, what was
 * withdrawn from them and which re-reviews are due; editors what is approved, scheduled, recently
 * unpublished, stale or overdue. Everyone sees their unread notifications. Each section has a
 * count and links to the documents.
 */
export async function ReviewQueue({ payload, user }: ServerProps) {
  if (!user) return null
  const now = new Date()
  const me = user.id
  const adminRoute = payload.config.routes.admin
  const docHref = (collection: string, id: number | string) => `${adminRoute}/collections/${collection}/${id}`
  const reviewable = reviewablesOf(payload)
  const writer = reviewable.some(({ options }) => maySubmit(options, user))
  const reviewer = reviewable.some(({ options }) => maySignOff(options, user))
  const editor = reviewable.some(({ options }) => mayPublish(options, user))

  const find = (slug: string, { where, draft }: { where: Where; draft: boolean }) =>
    payload
      .find({ collection: slug as 'articles', where, draft, ...QUEUE_READ, overrideAccess: true })
      .then((result) => ({ docs: result.docs as unknown as QueueDoc[], total: result.totalDocs }))

  /** Names of people by id, one query. */
  const names = new Map<string, string>()
  const loadNames = async (ids: unknown[]) => {
    const wanted = [...new Set(ids.flatMap((id) => relationIds(id).map(Number)))].filter((id) => !names.has(String(id)))
    if (!wanted.length) return
    const { docs } = await payload.find({
      collection: 'users',
      where: { id: { in: wanted } },
      select: { name: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    for (const person of docs as Array<{ id: number; name?: string | null }>)
      names.set(String(person.id), person.name ?? `Person ${person.id}`)
  }
  const nameOf = (id: unknown) => {
    const [first] = relationIds(id)
    return first === undefined ? null : (names.get(String(first)) ?? null)
  }

  /** The newest `submitted` event of each document in `ids`: who submitted it and since when it waits. */
  const newestSubmissions = async (slug: string, ids: number[]) => {
    const found = new Map<string, EventDoc>()
    if (!ids.length) return found
    const { docs } = await payload.find({
      collection: EVENTS_SLUG as 'review-events',
      where: {
        subjectCollection: { equals: slug },
        subjectId: { in: ids.map(String) },
        event: { equals: 'submitted' },
      },
      sort: '-at',
      depth: 0,
      limit: ids.length * 5,
      overrideAccess: true,
    })
    for (const event of docs as unknown as EventDoc[])
      if (!found.has(event.subjectId)) found.set(event.subjectId, event)
    return found
  }

  const sections: Array<Section & { group: 'writer' | 'reviewer' | 'editor' }> = []
  const add = (group: 'writer' | 'reviewer' | 'editor', section: Section) => sections.push({ ...section, group })

  // ---- Writers ------------------------------------------------------------------------------------------------
  if (writer) {
    const drafts: Row[] = []
    const submitted: Row[] = []
    const changes: Row[] = []
    let totals = { drafts: 0, submitted: 0, changes: 0 }
    for (const { options, slug, title, label } of reviewable.filter(
      ({ options, authored }) => authored && maySubmit(options, user),
    )) {
      const lists = reviewQueueLists(me, now, options.authorField)
      const [mine, sent, back] = await Promise.all([
        find(slug, lists.myDrafts),
        find(slug, lists.mySubmitted),
        find(slug, lists.myChanges),
      ])
      totals = {
        drafts: totals.drafts + mine.total,
        submitted: totals.submitted + sent.total,
        changes: totals.changes + back.total,
      }
      const heading = (doc: QueueDoc) => `${label}: ${String(doc[title] ?? doc.id)}`
      drafts.push(
        ...mine.docs.map((doc) => ({
          key: `${slug}:${doc.id}`,
          href: docHref(slug, doc.id),
          title: heading(doc),
          facts: [
            STAGE_LABELS[doc.reviewStage ?? 'draft'] ?? 'Draft',
            doc.updatedAt ? `edited ${ago(doc.updatedAt, now)}` : '',
          ].filter(Boolean),
        })),
      )
      const submissions = await newestSubmissions(
        slug,
        sent.docs.map((doc) => doc.id),
      )
      await loadNames(sent.docs.map((doc) => doc.assignedReviewer))
      submitted.push(
        ...sent.docs.map((doc) => {
          const since = submissions.get(String(doc.id))?.at ?? doc.updatedAt
          return {
            key: `${slug}:${doc.id}`,
            href: docHref(slug, doc.id),
            title: heading(doc),
            facts: [`with ${nameOf(doc.assignedReviewer) ?? 'a reviewer'}`, waitingFor(since, now) ?? ''].filter(
              Boolean,
            ),
          }
        }),
      )
      changes.push(
        ...back.docs.map((doc) => ({
          key: `${slug}:${doc.id}`,
          href: docHref(slug, doc.id),
          title: heading(doc),
          facts: [
            `requested by ${doc.lastDecision?.reviewerName ?? 'the reviewer'}`,
            doc.lastDecision?.at ? `${ago(doc.lastDecision.at, now)} (${formatDate(doc.lastDecision.at)})` : '',
          ].filter(Boolean),
          quote: shorten(doc.lastDecision?.comments),
        })),
      )
    }
    add('writer', {
      key: 'drafts',
      title: 'My drafts',
      rows: drafts,
      total: totals.drafts,
      empty: 'No drafts of yours.',
    })
    add('writer', {
      key: 'submitted',
      title: 'Submitted',
      rows: submitted,
      total: totals.submitted,
      empty: 'Nothing of yours is in review.',
    })
    add('writer', {
      key: 'changes',
      title: 'Changes requested',
      rows: changes,
      total: totals.changes,
      empty: 'No changes requested.',
    })
  }

  // ---- Reviewers ----------------------------------------------------------------------------------------------
  if (reviewer) {
    const waiting: Row[] = []
    let waitingTotal = 0
    const signers = reviewable.filter(({ options }) => maySignOff(options, user))
    for (const { options, slug, title, label } of signers) {
      const { docs, total } = await find(slug, reviewQueueLists(me, now, options.authorField).mine)
      waitingTotal += total
      const submissions = await newestSubmissions(
        slug,
        docs.map((doc) => doc.id),
      )
      const rows = docs.map((doc) => {
        const submission = submissions.get(String(doc.id))
        return {
          key: `${slug}:${doc.id}`,
          href: docHref(slug, doc.id),
          title: `${label}: ${String(doc[title] ?? doc.id)}`,
          facts: [
            submission?.byName ? `from ${submission.byName}` : '',
            waitingFor(submission?.at ?? doc.updatedAt, now) ?? '',
          ].filter(Boolean),
          quote: shorten(doc.changeNote),
          since: new Date(submission?.at ?? doc.updatedAt ?? now).getTime(),
        }
      })
      // Longest waiting first.
      waiting.push(...rows.sort((a, b) => a.since - b.since).map(({ since: _since, ...row }) => row))
    }

    // Withdrawn from my queue: withdrawals in the last days of documents assigned to me, or that I
    // was told about.
    const withdrawnSince = new Date(now.getTime() - WITHDRAWN_DAYS * DAY)
    const [{ docs: withdrawals }, { docs: told }] = await Promise.all([
      payload.find({
        collection: EVENTS_SLUG as 'review-events',
        where: recentEventsWhere(['withdrawn'], withdrawnSince, {
          subjectCollection: { in: signers.map(({ slug }) => slug) },
        }),
        sort: '-at',
        depth: 0,
        limit: 100,
        overrideAccess: true,
      }),
      payload.find({
        collection: NOTIFICATIONS_SLUG as 'notifications',
        where: {
          recipient: { equals: me },
          kind: { equals: 'withdrawn' },
          createdAt: { greater_than_equal: withdrawnSince.toISOString() },
        },
        select: { event: true },
        depth: 0,
        limit: 100,
        overrideAccess: true,
      }),
    ])
    const toldOf = new Set(told.flatMap((row) => relationIds((row as { event?: unknown }).event).map(String)))
    const events = withdrawals as unknown as EventDoc[]
    const assignedToMe = new Set<string>()
    for (const { slug } of signers) {
      const ids = [...new Set(events.filter((event) => event.subjectCollection === slug).map((e) => e.subjectId))]
      if (!ids.length) continue
      const { docs } = await payload.find({
        collection: slug as 'articles',
        where: { id: { in: ids.map(Number).filter(Number.isInteger) }, assignedReviewer: { equals: me } },
        draft: true,
        select: {},
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
      for (const doc of docs) assignedToMe.add(`${slug}:${doc.id}`)
    }
    const withdrawn = events
      .filter(
        (event) => toldOf.has(String(event.id)) || assignedToMe.has(`${event.subjectCollection}:${event.subjectId}`),
      )
      .map((event) => {
        const label = reviewable.find(({ slug }) => slug === event.subjectCollection)?.label ?? event.subjectCollection
        return {
          key: `withdrawn:${event.id}`,
          href: docHref(event.subjectCollection, event.subjectId),
          title: `${label}: ${event.subjectTitle ?? event.subjectId}`,
          facts: [`withdrawn by ${event.byName ?? 'someone'}`, `${ago(event.at, now)} (${formatDate(event.at)})`],
          quote: shorten(event.note),
        }
      })

    add('reviewer', {
      key: 'waiting',
      title: 'Waiting on me',
      rows: waiting,
      total: waitingTotal,
      empty: 'Nothing is waiting for your sign-off.',
    })
    add('reviewer', {
      key: 'withdrawn',
      title: 'Withdrawn from my queue',
      rows: withdrawn,
      empty: `Nothing withdrawn in the last ${WITHDRAWN_DAYS} days.`,
    })
  }

  // ---- Re-reviews due, stale and overdue (reviewers and editors) -----------------------------------------------
  const due: Row[] = []
  const overdue: Row[] = []
  const stale: Row[] = []
  const approved: Row[] = []
  let approvedTotal = 0
  if (reviewer || editor) {
    for (const { options, slug, title, label } of reviewable) {
      const lists = reviewQueueLists(me, now, options.authorField)
      const [published, signedDrafts, ready] = await Promise.all([
        find(slug, lists.dueSoon),
        editor ? find(slug, lists.signedDrafts) : { docs: [], total: 0 },
        editor ? find(slug, lists.approved) : { docs: [], total: 0 },
      ])
      const heading = (doc: QueueDoc) => `${label}: ${String(doc[title] ?? doc.id)}`
      for (const doc of published.docs.sort((a, b) =>
        String(a.signOff?.nextReviewDue).localeCompare(String(b.signOff?.nextReviewDue)),
      )) {
        const dueAt = doc.signOff?.nextReviewDue
        if (!dueAt) continue
        const signedByMe = relationIds(doc.signOff?.reviewer).map(String).includes(String(me))
        const signer = signedByMe ? 'signed by you' : `signed by ${doc.signOff?.reviewerName ?? 'a reviewer'}`
        const row = { key: `${slug}:${doc.id}`, href: docHref(slug, doc.id), title: heading(doc) }
        if (new Date(dueAt).getTime() <= now.getTime())
          overdue.push({ ...row, facts: [`review was due ${formatDate(dueAt)}`, signer], alert: true })
        else due.push({ ...row, facts: [`due ${formatDate(dueAt)}`, signer] })
      }
      stale.push(
        ...signedDrafts.docs
          .filter((doc) => signOffStatus(doc as never, now) === 'stale')
          .map((doc) => ({
            key: `${slug}:${doc.id}`,
            href: docHref(slug, doc.id),
            title: heading(doc),
            facts: [
              'edited since its sign-off',
              doc.signOff?.signedAt ? `signed ${formatDate(doc.signOff.signedAt)}` : '',
            ].filter(Boolean),
          })),
      )
      approvedTotal += ready.total
      approved.push(
        ...ready.docs.map((doc) => ({
          key: `${slug}:${doc.id}`,
          href: docHref(slug, doc.id),
          title: heading(doc),
          facts: [
            `signed off by ${doc.signOff?.reviewerName ?? 'the reviewer'}`,
            doc.signOff?.signedAt ? (ago(doc.signOff.signedAt, now) ?? '') : '',
          ].filter(Boolean),
        })),
      )
    }
    if (reviewer) {
      add('reviewer', {
        key: 'due',
        title: 'Re-reviews due in 30 days',
        rows: due,
        empty: 'No sign-off is due in the next 30 days.',
      })
    }
  }

  // ---- Editors ------------------------------------------------------------------------------------------------
  if (editor) {
    const { docs: jobs } = await payload.find({
      collection: 'payload-jobs',
      where: {
        and: [
          { taskSlug: { equals: SCHEDULED_PUBLISHING_TASK } },
          { or: [{ completedAt: { exists: false } }, { hasError: { equals: true } }] },
        ],
      },
      sort: 'waitUntil',
      depth: 0,
      limit: 50,
      overrideAccess: true,
    })
    type Input = { collection?: string; docId?: string; action?: string; reason?: string | null; scheduledBy?: unknown }
    const titles = new Map<string, string>()
    for (const { slug, title } of reviewable) {
      const ids = jobs
        .map((job) => job.input as Input | null)
        .filter((input) => input?.collection === slug)
        .map((input) => Number(input!.docId))
        .filter(Number.isInteger)
      if (!ids.length) continue
      const { docs } = await payload.find({
        collection: slug as 'articles',
        where: { id: { in: [...new Set(ids)] } },
        draft: true,
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
      for (const doc of docs as unknown as QueueDoc[]) titles.set(`${slug}:${doc.id}`, String(doc[title] ?? doc.id))
    }
    await loadNames(jobs.map((job) => (job.input as Input | null)?.scheduledBy))
    const scheduled: Row[] = jobs.flatMap((job) => {
      const input = job.input as Input | null
      if (!input?.collection || !input.docId) return []
      const label = reviewable.find(({ slug }) => slug === input.collection)?.label ?? input.collection
      const failed = job.hasError
        ? ((job.error as { message?: string } | null)?.message ?? 'The scheduled action failed.')
        : null
      return [
        {
          key: `job:${job.id}`,
          href: docHref(input.collection, input.docId),
          title: `${label}: ${titles.get(`${input.collection}:${input.docId}`) ?? input.docId}`,
          facts: [
            `${input.action === 'unpublish' ? 'unpublish' : 'publish'} ${formatDateTime(String(job.waitUntil ?? ''))}`,
            nameOf(input.scheduledBy) ? `by ${nameOf(input.scheduledBy)}` : '',
            failed ? `failed: ${failed}` : '',
          ].filter(Boolean),
          quote: input.action === 'unpublish' ? shorten(input.reason) : null,
          alert: Boolean(failed),
        },
      ]
    })

    const unpublishedSince = new Date(now.getTime() - UNPUBLISHED_DAYS * DAY)
    const { docs: records, totalDocs: unpublishedTotal } = await payload.find({
      collection: (reviewable[0]?.options.publicationsSlug ?? 'publications') as 'publications',
      where: recentUnpublishesWhere(unpublishedSince),
      sort: '-at',
      depth: 0,
      limit: 20,
      overrideAccess: true,
    })
    const unpublishes = records as unknown as Array<EventDoc & { reason?: string | null }>
    await loadNames(unpublishes.map((record) => record.by))
    const unpublished: Row[] = unpublishes.map((record) => {
      const label = reviewable.find(({ slug }) => slug === record.subjectCollection)?.label ?? record.subjectCollection
      return {
        key: `unpublished:${record.id}`,
        href: docHref(record.subjectCollection, record.subjectId),
        title: `${label}: ${record.subjectTitle ?? record.subjectId}`,
        facts: [`by ${nameOf(record.by) ?? 'someone'}`, `${ago(record.at, now)} (${formatDate(record.at)})`],
        quote: shorten(record.reason),
      }
    })

    add('editor', {
      key: 'approved',
      title: 'Approved, ready to publish',
      rows: approved,
      total: approvedTotal,
      empty: 'Nothing is waiting to be published.',
    })
    add('editor', { key: 'scheduled', title: 'Scheduled', rows: scheduled, empty: 'Nothing is scheduled.' })
    add('editor', {
      key: 'unpublished',
      title: 'Recently unpublished',
      rows: unpublished,
      total: unpublishedTotal,
      empty: `Nothing unpublished in the last ${UNPUBLISHED_DAYS} days.`,
    })
    add('editor', { key: 'stale', title: 'Stale sign-offs', rows: stale, empty: 'No stale sign-offs.' })
    if (!reviewer) add('editor', { key: 'due', title: 'Reviews due in 30 days', rows: due, empty: 'None due soon.' })
    add('editor', { key: 'overdue', title: 'Overdue reviews', rows: overdue, empty: 'No overdue reviews.' })
  }

  // ---- Everyone: notifications -------------------------------------------------------------------------------
  const { docs: unread, totalDocs: unreadTotal } = await payload.find({
    collection: NOTIFICATIONS_SLUG as 'notifications',
    where: unreadNotificationsWhere(me),
    sort: '-createdAt',
    depth: 0,
    limit: 10,
    overrideAccess: true,
  })
  const notifications: Section = {
    key: 'notifications',
    title: 'Notifications',
    total: unreadTotal,
    shown: 10,
    empty: 'You are up to date.',
    action: unreadTotal ? <MarkNotificationsRead recipient={me} /> : null,
    rows: (
      unread as unknown as Array<{
        id: number
        message: string
        url?: string | null
        subjectCollection?: string | null
        subjectId?: string | null
        createdAt: string
      }>
    ).map((row) => ({
      key: `notification:${row.id}`,
      href:
        row.url ??
        (row.subjectCollection && row.subjectId
          ? docHref(row.subjectCollection, row.subjectId)
          : `${adminRoute}/collections/${NOTIFICATIONS_SLUG}/${row.id}`),
      title: row.message,
      facts: [ago(row.createdAt, now) ?? ''].filter(Boolean),
    })),
  }

  const groups = [
    { key: 'writer', title: 'Writing', show: writer },
    { key: 'reviewer', title: 'Reviewing', show: reviewer },
    { key: 'editor', title: 'Publishing', show: editor },
  ].filter((group) => group.show)

  return (
    <section
      aria-labelledby="review-queue-title"
      className="review-queue"
      style={{ marginBottom: 'calc(var(--base) * 2)' }}
    >
      <h2 id="review-queue-title" style={{ marginBottom: 'var(--base)' }}>
        Review queue
      </h2>
      <div style={GRID}>
        <Card section={notifications} wide />
      </div>
      {groups.map((group) => (
        <div key={group.key} data-queue-group={group.key} style={{ marginTop: 'calc(var(--base) * 1.25)' }}>
          <h3
            style={{
              margin: '0 0 calc(var(--base) * 0.5)',
              fontSize: '0.8125rem',
              letterSpacing: '0.04em',
              textTransform: 'uppercase',
              color: 'var(--theme-elevation-600)',
            }}
          >
            {group.title}
          </h3>
          <div style={GRID}>
            {sections
              .filter((section) => section.group === group.key)
              .map((section) => (
                <Card key={section.key} section={section} />
              ))}
          </div>
        </div>
      ))}
      {reviewer || editor ? (
        <div style={{ marginTop: 'calc(var(--base) * 1.25)' }}>
          <DeskChart payload={payload} collections={reviewable.map(({ slug }) => slug)} now={now} />
        </div>
      ) : null}
    </section>
  )
}

const GRID: React.CSSProperties = {
  display: 'grid',
  gap: 'var(--base)',
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 300px), 1fr))',
  alignItems: 'start',
}

function Card({ section, wide = false }: { section: Section; wide?: boolean }) {
  const count = section.total ?? section.rows.length
  const listed = Math.min(section.rows.length, section.shown ?? SHOWN)
  const titleId = `review-queue-${section.key}`
  return (
    <div
      data-queue={section.key}
      role="region"
      aria-labelledby={titleId}
      style={{
        border: '1px solid var(--theme-elevation-150)',
        borderRadius: 'var(--style-radius-m, 4px)',
        background: 'var(--theme-elevation-0)',
        padding: 'calc(var(--base) * 0.75)',
        minWidth: 0,
        gridColumn: wide ? '1 / -1' : undefined,
      }}
    >
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: '0.5rem',
          flexWrap: 'wrap',
        }}
      >
        <h4 id={titleId} style={{ margin: 0, fontSize: '1rem', display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
          {section.title}
          <span
            data-count
            style={{
              display: 'inline-block',
              minWidth: '1.6em',
              padding: '0 0.45em',
              borderRadius: '999px',
              background: count ? 'var(--theme-elevation-800)' : 'var(--theme-elevation-100)',
              color: count ? 'var(--theme-elevation-0)' : 'var(--theme-elevation-600)',
              fontSize: '0.75rem',
              lineHeight: '1.6em',
              textAlign: 'center',
            }}
          >
            {count}
          </span>
        </h4>
        {section.action}
      </div>
      {section.rows.length === 0 ? (
        <p style={{ margin: '0.5rem 0 0', color: 'var(--theme-elevation-500)' }}>{section.empty}</p>
      ) : (
        <ul style={{ margin: '0.5rem 0 0', padding: 0, listStyle: 'none' }}>
          {section.rows.slice(0, listed).map((item) => (
            <li
              key={item.key}
              style={{
                padding: '0.4rem 0',
                borderTop: '1px solid var(--theme-elevation-100)',
                overflowWrap: 'anywhere',
              }}
            >
              <a href={item.href} style={{ fontWeight: 500 }}>
                {item.title}
              </a>
              {item.facts.length ? (
                <div
                  style={{
                    fontSize: '0.8125rem',
                    color: item.alert ? 'var(--theme-error-500)' : 'var(--theme-elevation-600)',
                  }}
                >
                  {item.facts.join(' · ')}
                </div>
              ) : null}
              {item.quote ? (
                <blockquote
                  style={{
                    margin: '0.25rem 0 0',
                    paddingLeft: '0.5rem',
                    borderLeft: '2px solid var(--theme-elevation-200)',
                    fontSize: '0.8125rem',
                    color: 'var(--theme-elevation-700)',
                  }}
                >
                  {item.quote}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {count > listed ? (
        <p style={{ margin: '0.35rem 0 0', fontSize: '0.8125rem', color: 'var(--theme-elevation-500)' }}>
          and {count - listed} more
        </p>
      ) : null}
    </div>
  )
}
