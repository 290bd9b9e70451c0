import type { ServerProps } from 'payload'

import { isStaff } from '@/access/roles'
import { referenceHealthReport, type ReferenceProblem, UNREACHABLE_GRACE_DAYS } from '@/lib/references/report'
import { REFERENCE_CHECKS_SLUG } from '@/lib/references/referenceHealth'
import { safeHref } from '@/lib/safeUrl'
import { formatDate, formatDateTime } from '@/plugins/common/formatDate'

import { CountBadge } from './CountBadge'

/** Rows listed; the count says how many there are in all, and the collection lists the rest. */
const SHOWN = 8

const RESULT_LABELS: Record<ReferenceProblem['result'], string> = {
  ok: 'Working',
  moved: 'Moved',
  broken: 'Broken',
  unreachable: 'Unreachable',
}

const COLLECTION_LABELS = { articles: 'Article', conditions: 'Condition' } as const

/**
 * Reference health on the admin dashboard, for staff (writers, reviewers, editors, admins: the
 * `reference-checks` collection's readers, access/matrix.ts): the references of published pages
 * whose last check was broken or moved, and those unreachable for more than two days
 * (lib/references/report.ts says why), each with where it leads and links to the pages citing it.
 * Otherwise one line: all worked when last checked, or not checked yet. Written like the review
 * queue beside it (plugins/medicalReview/admin/ReviewQueue.tsx): a card in Payload's theme colours.
 */
export async function ReferenceHealth({ payload, user }: ServerProps) {
  if (!isStaff(user as { roles?: string[] | null } | null)) return null
  const now = new Date()
  const report = await referenceHealthReport(payload, { now, limit: SHOWN })
  const adminRoute = payload.config.routes.admin
  const docHref = (collection: string, id: number | string) => `${adminRoute}/collections/${collection}/${id}`
  const count = report.totalProblems
  const listed = report.problems.length

  let summary: string
  if (!report.lastCheckedAt) summary = 'Not checked yet: the daily check has not run since references were published.'
  else if (count === 0) {
    summary = `All ${report.checked} reference${report.checked === 1 ? '' : 's'} on published pages worked when last checked (${formatDateTime(report.lastCheckedAt)}).`
    if (report.recentlyUnreachable) {
      summary = `All ${report.checked} references on published pages answered when last checked (${formatDateTime(report.lastCheckedAt)}), but ${report.recentlyUnreachable} could not be reached; they are checked again daily and listed here if it lasts more than ${UNREACHABLE_GRACE_DAYS} days.`
    }
  } else {
    summary = `${count} of ${report.checked} references on published pages need a look (last checked ${formatDateTime(report.lastCheckedAt)}).`
  }

  return (
    <section
      aria-labelledby="reference-health-title"
      className="reference-health"
      style={{ marginBottom: 'calc(var(--base) * 2)' }}
    >
      <div
        data-reference-health
        style={{
          border: '1px solid var(--theme-elevation-150)',
          borderRadius: 'var(--style-radius-m, 4px)',
          background: 'var(--theme-elevation-0)',
          padding: 'calc(var(--base) * 0.75)',
          minWidth: 0,
        }}
      >
        <h2
          id="reference-health-title"
          style={{ margin: 0, fontSize: '1rem', display: 'flex', alignItems: 'center', gap: '0.5rem' }}
        >
          Reference health
          <CountBadge count={count} />
        </h2>
        <p
          data-reference-summary
          style={{ margin: '0.5rem 0 0', color: count ? 'var(--theme-elevation-600)' : 'var(--theme-elevation-500)' }}
        >
          {summary}
        </p>
        {listed ? (
          <ul style={{ margin: '0.5rem 0 0', padding: 0, listStyle: 'none' }}>
            {report.problems.map((problem) => (
              <Problem key={problem.id} problem={problem} docHref={docHref} />
            ))}
          </ul>
        ) : null}
        {count > listed ? (
          <p style={{ margin: '0.35rem 0 0', fontSize: '0.8125rem', color: 'var(--theme-elevation-500)' }}>
            and {count - listed} more in{' '}
            <a href={`${adminRoute}/collections/${REFERENCE_CHECKS_SLUG}`}>Reference health</a>
          </p>
        ) : null}
      </div>
    </section>
  )
}

function Problem({
  problem,
  docHref,
}: {
  problem: ReferenceProblem
  docHref: (collection: string, id: number) => string
}) {
  // The link staff follow to see for themselves: what was requested (a DOI through its resolver).
  const href = safeHref(problem.checkedUrl)
  const facts = [
    `${RESULT_LABELS[problem.result]}${problem.httpStatus ? ` (${problem.httpStatus})` : ''}`,
    problem.result === 'unreachable' && problem.failingSince ? `failing since ${formatDate(problem.failingSince)}` : '',
    `checked ${formatDateTime(problem.checkedAt)}`,
  ].filter(Boolean)
  return (
    <li
      data-reference={problem.reference}
      style={{ padding: '0.4rem 0', borderTop: '1px solid var(--theme-elevation-100)', overflowWrap: 'anywhere' }}
    >
      <div style={{ fontWeight: 500 }}>{problem.title || problem.reference}</div>
      <div style={{ fontSize: '0.8125rem' }}>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {problem.reference}
          </a>
        ) : (
          problem.reference
        )}
      </div>
      <div
        style={{
          fontSize: '0.8125rem',
          color: problem.result === 'moved' ? 'var(--theme-elevation-600)' : 'var(--theme-error-500)',
        }}
      >
        {facts.join(' · ')}
      </div>
      {problem.result === 'moved' && problem.finalUrl ? (
        <div style={{ fontSize: '0.8125rem', color: 'var(--theme-elevation-600)' }}>
          now ends at{' '}
          {safeHref(problem.finalUrl) ? (
            <a href={safeHref(problem.finalUrl)!} target="_blank" rel="noopener noreferrer">
              {problem.finalUrl}
            </a>
          ) : (
            problem.finalUrl
          )}
        </div>
      ) : problem.error ? (
        <div style={{ fontSize: '0.8125rem', color: 'var(--theme-elevation-600)' }}>{problem.error}</div>
      ) : null}
      {problem.citedBy.length ? (
        <div style={{ fontSize: '0.8125rem', marginTop: '0.15rem' }}>
          Cited by{' '}
          {problem.citedBy.map((page, index) => (
            <span key={`${page.collection}:${page.id}`}>
              {index ? ', ' : ''}
              <a href={docHref(page.collection, page.id)}>
                {COLLECTION_LABELS[page.collection]}: {page.title}
              </a>
            </span>
          ))}
        </div>
      ) : null}
    </li>
  )
}
