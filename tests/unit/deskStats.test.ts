import { describe, expect, it } from 'vitest'

import {
  ago,
  dueByMonth,
  formatDuration,
  median,
  niceMax,
  type TimelineEvent,
  turnarounds,
  waitingFor,
} from '@/plugins/medicalReview/deskStats'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('dueByMonth', () => {
  const now = new Date('2026-12-01T23:38:00Z')

  it('counts review dates per UTC month for twelve months from the current one', () => {
    const { months, overdue, later } = dueByMonth(
      [
        '2026-12-02T00:00:00Z',
        '2026-12-31T23:59:59Z',
        '2027-01-01T00:00:00Z',
        '2027-11-30T12:00:00Z',
        '2027-12-01T00:00:00Z', // the 13th month: later
        '2026-11-30T10:00:00Z', // overdue
        '2026-12-01T23:00:00Z', // earlier today: overdue
        null,
        'not a date',
      ],
      now,
    )
    expect(months).toHaveLength(12)
    expect(months[0]).toMatchObject({ key: '2026-12', label: 'Dec 2026', name: 'December 2026', count: 2 })
    expect(months[1]).toMatchObject({ key: '2027-01', count: 1 })
    expect(months[11]).toMatchObject({ key: '2027-11', label: 'Nov 2027', count: 1 })
    expect(months.reduce((sum, month) => sum + month.count, 0)).toBe(4)
    expect(overdue).toBe(2)
    expect(later).toBe(1)
  })

  it('rolls over the year and takes Date objects', () => {
    const { months } = dueByMonth([new Date('2028-02-29T12:00:00Z')], new Date('2027-06-15T00:00:00Z'), 12)
    expect(months.map((month) => month.key)).toEqual([
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
      '2027-11',
      '2027-12',
      '2028-01',
      '2028-02',
      '2028-03',
      '2028-04',
      '2028-05',
    ])
    expect(months[8]!.count).toBe(1)
  })
})

describe('turnarounds and their median', () => {
  const now = new Date('2026-12-01T12:00:00Z')
  const since = new Date(now.getTime() - 90 * DAY)
  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * DAY + hours * HOUR).toISOString()
  const event = (id: string, name: string, when: string, collection = 'articles'): TimelineEvent => ({
    subjectCollection: collection,
    subjectId: id,
    event: name,
    at: when,
  })

  it('measures from each submission to the next decision on the same document', () => {
    const events = [
      // Out of order on purpose: the function sorts each document's timeline.
      event('1', 'approved', at(10)),
      event('1', 'submitted', at(12)),
      // Changes requested, answered, resubmitted, approved: two reviews.
      event('2', 'submitted', at(30)),
      event('2', 'changes-requested', at(29)),
      event('2', 'answered', at(28)),
      event('2', 'submitted', at(28)),
      event('2', 'approved', at(25)),
      // Same id in another collection is another document.
      event('1', 'submitted', at(5), 'conditions'),
      event('1', 'approved', at(5, 6), 'conditions'),
    ]
    const result = turnarounds(events, since, now)
    expect(result.map((item) => [item.subjectCollection, item.subjectId, item.decision, item.ms])).toEqual([
      ['articles', '2', 'changes-requested', 1 * DAY],
      ['articles', '2', 'approved', 3 * DAY],
      ['articles', '1', 'approved', 2 * DAY],
      ['conditions', '1', 'approved', 6 * HOUR],
    ])
    expect(median(result.map((item) => item.ms))).toBe(1.5 * DAY)
  })

  it('ignores withdrawn and superseded submissions, decisions with no submission, and decisions before the window', () => {
    const events = [
      event('3', 'submitted', at(20)),
      event('3', 'withdrawn', at(19)),
      event('3', 'approved', at(18)), // nothing open: withdrawn
      event('4', 'submitted', at(40)),
      event('4', 'submitted', at(35)), // supersedes the first
      event('4', 'approved', at(34)),
      event('5', 'approved', at(3)), // no submission at all
      event('6', 'submitted', at(120)),
      event('6', 'approved', at(100)), // decided before the 90 days
      event('7', 'submitted', at(95)),
      event('7', 'approved', at(80)), // submitted before, decided within: counts
      event('8', 'submitted', at(1)), // still waiting
    ]
    const result = turnarounds(events, since, now)
    expect(result.map((item) => [item.subjectId, item.ms])).toEqual([
      ['7', 15 * DAY],
      ['4', 1 * DAY],
    ])
  })

  it('median: none, odd and even counts', () => {
    expect(median([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})

describe('durations as people say them', () => {
  const now = new Date('2026-12-01T12:00:00Z')

  it('formatDuration', () => {
    expect(formatDuration(30_000)).toBe('less than a minute')
    expect(formatDuration(60_000)).toBe('1 minute')
    expect(formatDuration(12 * 60_000)).toBe('12 minutes')
    expect(formatDuration(HOUR)).toBe('1 hour')
    expect(formatDuration(47 * HOUR)).toBe('47 hours')
    expect(formatDuration(3 * DAY + 5 * HOUR)).toBe('3 days')
    expect(formatDuration(Number.NaN)).toBe('less than a minute')
  })

  it('waitingFor and ago', () => {
    expect(waitingFor(new Date(now.getTime() - 3 * DAY).toISOString(), now)).toBe('waiting 3 days')
    expect(waitingFor(new Date(now.getTime() + DAY), now)).toBe('waiting less than a minute')
    expect(waitingFor(null, now)).toBeNull()
    expect(ago(new Date(now.getTime() - 2 * HOUR), now)).toBe('2 hours ago')
    expect(ago(now, now)).toBe('just now')
    expect(ago(undefined, now)).toBeNull()
  })

  it('niceMax rounds an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 26, 140].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 50, 200])
  })
})
