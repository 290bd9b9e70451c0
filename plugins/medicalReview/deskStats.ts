/**
 * The review desk's numbers, as pure functions of what the database returned: reviews due per
 * month, review turnaround, and how long something has been waiting. admin/DeskChart.tsx and
 * admin/ReviewQueue.tsx draw them; tests/unit/deskStats.test.ts pins them down.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })

export interface MonthBucket {
  /** "2027-01" */
  key: string
  /** "Jan 2027" */
  label: string
  /** "January 2027" */
  name: string
  /** First instant of the month (UTC). */
  start: Date
  count: number
}

export interface DueByMonth {
  months: MonthBucket[]
  /** Due before `now`: overdue already, in no month's bar. */
  overdue: number
  /** Due after the last month shown. */
  later: number
}

const toTime = (value: string | Date | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') return null
  const time = (value instanceof Date ? value : new Date(value)).getTime()
  return Number.isNaN(time) ? null : time
}

/**
 * Review dates counted per calendar month (UTC) for `months` months starting with the month of
 * `now`. Dates before `now` count as overdue, dates after the last month as later; missing or
 * invalid dates are ignored.
 */
export function dueByMonth(dates: ReadonlyArray<string | Date | null | undefined>, now: Date, months = 12): DueByMonth {
  const buckets: MonthBucket[] = Array.from({ length: months }, (_, index) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + index, 1))
    return {
      key: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`,
      label: MONTH_LABEL.format(start),
      name: MONTH_NAME.format(start),
      start,
      count: 0,
    }
  })
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)
  let overdue = 0
  let later = 0
  for (const value of dates) {
    const time = toTime(value)
    if (time === null) continue
    if (time < now.getTime()) overdue += 1
    else if (time >= end) later += 1
    else {
      const date = new Date(time)
      const index = (date.getUTCFullYear() - now.getUTCFullYear()) * 12 + date.getUTCMonth() - now.getUTCMonth()
      buckets[index]!.count += 1
    }
  }
  return { months: buckets, overdue, later }
}

export interface TimelineEvent {
  subjectCollection: string
  subjectId: string
  event: string
  at: string | Date
}

export interface Turnaround {
  subjectCollection: string
  subjectId: string
  submittedAt: Date
  decidedAt: Date
  decision: 'approved' | 'changes-requested'
  ms: number
}

const DECISIONS = new Set(['approved', 'changes-requested'])

/**
 * Each review's turnaround: from a `submitted` event to the next decision (`approved` or
 * `changes-requested`) on the same document. A submission withdrawn or submitted again before
 * any decision has none. Only decisions made in [`since`, `until`] count.
 */
export function turnarounds(events: readonly TimelineEvent[], since: Date, until: Date): Turnaround[] {
  const byDocument = new Map<string, Array<{ event: string; at: number }>>()
  for (const item of events) {
    const at = toTime(item.at)
    if (at === null) continue
    const key = `${item.subjectCollection}\u0000${item.subjectId}`
    const list = byDocument.get(key) ?? []
    list.push({ event: item.event, at })
    byDocument.set(key, list)
  }
  const result: Turnaround[] = []
  for (const [key, list] of byDocument) {
    const [subjectCollection, subjectId] = key.split('\u0000') as [string, string]
    list.sort((a, b) => a.at - b.at)
    let open: number | null = null
    for (const item of list) {
      if (item.event === 'submitted') open = item.at
      else if (item.event === 'withdrawn') open = null
      else if (DECISIONS.has(item.event) && open !== null) {
        if (item.at >= since.getTime() && item.at <= until.getTime()) {
          result.push({
            subjectCollection,
            subjectId,
            submittedAt: new Date(open),
            decidedAt: new Date(item.at),
            decision: item.event as Turnaround['decision'],
            ms: item.at - open,
          })
        }
        open = null
      }
    }
  }
  return result.sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime())
}

/** The median of `values`, or null for none (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`

/** "3 days", "5 hours", "12 minutes", "less than a minute": a duration as people say it. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < MINUTE) return 'less than a minute'
  if (ms < HOUR) return plural(Math.floor(ms / MINUTE), 'minute')
  if (ms < 2 * DAY) return plural(Math.floor(ms / HOUR), 'hour')
  return plural(Math.floor(ms / DAY), 'day')
}

/** "waiting 3 days" since `since`, or null when it is not known. */
export function waitingFor(since: string | Date | null | undefined, now: Date): string | null {
  const time = toTime(since)
  if (time === null) return null
  return `waiting ${formatDuration(Math.max(0, now.getTime() - time))}`
}

/** "3 days ago", for when something happened. */
export function ago(at: string | Date | null | undefined, now: Date): string | null {
  const time = toTime(at)
  if (time === null) return null
  const ms = now.getTime() - time
  if (ms < MINUTE) return 'just now'
  return `${formatDuration(ms)} ago`
}

/** A round top for a bar chart's axis at or above `max` (1, 2, 5, 10, 20, 50 …; at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power
  return 10 * power
}
