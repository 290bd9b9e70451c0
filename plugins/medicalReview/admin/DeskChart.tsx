import type { Payload } from 'payload'

import { dueByMonth, formatDuration, median, niceMax, turnarounds } from '../deskStats'
import { reviewDatesWhere } from '../queries'
import { EVENTS_SLUG } from '../resolveOptions'

const DAY = 24 * 60 * 60 * 1000
/** Turnaround is measured over decisions of the last this many days. */
export const TURNAROUND_DAYS = 90

/** Chart geometry, in SVG user units (the SVG scales to its box). */
const WIDTH = 480
const HEIGHT = 190
const PAD = { top: 20, right: 4, bottom: 36, left: 26 }

/**
 * The review desk in one picture, drawn on the server (no client JavaScript): how many
 * published documents' sign-offs fall due in each of the next twelve months, and the median
 * review turnaround — from a submission to the reviewer's decision — over the last 90 days.
 * The same numbers are in a table for screen readers (the SVG itself is hidden from them).
 */
export async function DeskChart({
  payload,
  collections,
  now = new Date(),
}: {
  payload: Payload
  collections: string[]
  now?: Date
}) {
  const since = new Date(now.getTime() - TURNAROUND_DAYS * DAY)
  const [dates, events] = await Promise.all([
    Promise.all(
      collections.map((slug) =>
        payload
          .find({
            collection: slug as 'articles',
            where: reviewDatesWhere,
            select: { signOff: { nextReviewDue: true } } as never,
            draft: false,
            depth: 0,
            pagination: false,
            overrideAccess: true,
          })
          .then(({ docs }) =>
            (docs as Array<{ signOff?: { nextReviewDue?: string | null } | null }>).map(
              (doc) => doc.signOff?.nextReviewDue ?? null,
            ),
          ),
      ),
    ).then((lists) => lists.flat()),
    payload
      .find({
        collection: EVENTS_SLUG as 'review-events',
        // Submissions from before the window whose decision falls inside it count too.
        where: {
          event: { in: ['submitted', 'withdrawn', 'approved', 'changes-requested'] },
          at: { greater_than_equal: new Date(since.getTime() - TURNAROUND_DAYS * DAY).toISOString() },
        },
        select: { subjectCollection: true, subjectId: true, event: true, at: true },
        sort: 'at',
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
      .then(({ docs }) => docs as Array<{ subjectCollection: string; subjectId: string; event: string; at: string }>),
  ])

  const { months, overdue, later } = dueByMonth(dates, now)
  const reviews = turnarounds(events, since, now)
  const middle = median(reviews.map((review) => review.ms))
  const top = niceMax(Math.max(...months.map((month) => month.count)))
  const plotWidth = WIDTH - PAD.left - PAD.right
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const slot = plotWidth / months.length
  const barWidth = Math.max(4, slot * 0.62)
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight
  const total = months.reduce((sum, month) => sum + month.count, 0)

  return (
    <figure
      data-desk-chart
      aria-labelledby="desk-chart-title"
      style={{
        margin: 0,
        border: '1px solid var(--theme-elevation-150)',
        borderRadius: 'var(--style-radius-m, 4px)',
        padding: 'calc(var(--base) * 0.75)',
        background: 'var(--theme-elevation-0)',
      }}
    >
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'baseline',
          justifyContent: 'space-between',
          gap: '0.25rem 1.5rem',
        }}
      >
        <h3 id="desk-chart-title" style={{ margin: 0, fontSize: '1rem' }}>
          Reviews due, next 12 months
        </h3>
        <p data-turnaround style={{ margin: 0, fontSize: '0.875rem', color: 'var(--theme-elevation-700)' }}>
          Median turnaround (last {TURNAROUND_DAYS} days):{' '}
          <strong>{middle === null ? 'no reviews decided' : formatDuration(middle)}</strong>
          {reviews.length ? ` over ${reviews.length} review${reviews.length === 1 ? '' : 's'}` : ''}
        </p>
      </div>
      <p style={{ margin: '0.25rem 0 0', fontSize: '0.8125rem', color: 'var(--theme-elevation-600)' }}>
        {total} due in the next 12 months
        {overdue ? ` · ${overdue} overdue already` : ''}
        {later ? ` · ${later} later` : ''}
      </p>
      {/* Scrolls sideways on a very narrow screen rather than shrinking its labels out of reach. */}
      <div style={{ overflowX: 'auto', marginTop: '0.5rem' }}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="presentation"
          aria-hidden="true"
          focusable="false"
          style={{ display: 'block', minWidth: 320, maxHeight: 220, overflow: 'visible' }}
        >
          {[0, top / 2, top].map((tick) => (
            <g key={tick}>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y(tick)}
                y2={y(tick)}
                stroke="var(--theme-elevation-150)"
                strokeWidth={1}
              />
              <text
                x={PAD.left - 6}
                y={y(tick)}
                textAnchor="end"
                dominantBaseline="middle"
                fontSize={13}
                fill="var(--theme-elevation-600)"
              >
                {Number.isInteger(tick) ? tick : ''}
              </text>
            </g>
          ))}
          {months.map((month, index) => {
            const x = PAD.left + index * slot + (slot - barWidth) / 2
            const height = (month.count / top) * plotHeight
            return (
              <g key={month.key}>
                <rect
                  x={x}
                  y={y(month.count)}
                  width={barWidth}
                  height={Math.max(0, height)}
                  rx={2}
                  fill={index === 0 ? 'var(--theme-warning-500)' : 'var(--theme-elevation-700)'}
                >
                  <title>{`${month.name}: ${month.count}`}</title>
                </rect>
                {month.count ? (
                  <text
                    x={x + barWidth / 2}
                    y={y(month.count) - 4}
                    textAnchor="middle"
                    fontSize={13}
                    fill="var(--theme-text)"
                  >
                    {month.count}
                  </text>
                ) : null}
                <text
                  x={x + barWidth / 2}
                  y={HEIGHT - PAD.bottom + 16}
                  textAnchor="middle"
                  fontSize={13}
                  fill="var(--theme-elevation-600)"
                >
                  {month.label.split(' ')[0]}
                </text>
                {index === 0 || month.start.getUTCMonth() === 0 ? (
                  <text
                    x={x + barWidth / 2}
                    y={HEIGHT - PAD.bottom + 31}
                    textAnchor="middle"
                    fontSize={12}
                    fill="var(--theme-elevation-500)"
                  >
                    {month.start.getUTCFullYear()}
                  </text>
                ) : null}
              </g>
            )
          })}
        </svg>
      </div>
      <table style={VISUALLY_HIDDEN}>
        <caption>
          Published documents whose medical review falls due, per month, for the next 12 months ({overdue} overdue
          already, {later} later). Median review turnaround over the last {TURNAROUND_DAYS} days:{' '}
          {middle === null ? 'no reviews decided' : `${formatDuration(middle)} over ${reviews.length} reviews`}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Reviews due</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.key}>
              <th scope="row">{month.name}</th>
              <td>{month.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

/** Read by screen readers, not shown: the chart is the visible form of the same numbers. */
const VISUALLY_HIDDEN: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
}
