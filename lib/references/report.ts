/**
 * What the staff dashboard shows of reference health (components/admin/ReferenceHealth.tsx): the
 * references whose last check calls for someone to look, with the pages citing them, and the
 * totals for the all-clear line. One function, so the integration test reads exactly what the
 * dashboard reads.
 *
 * Listed: every `broken` and `moved` reference at once (a 404 or a redirect is an answer, and it
 * stays until the reference is fixed), and an `unreachable` one only once it has failed for more
 * than UNREACHABLE_GRACE_DAYS. A site down for maintenance, a rate limit or a network problem on our
 * side clears itself by the next night; two days is the third daily check in a row failing, long
 * enough not to send staff chasing outages, short enough that a site that has gone for good shows
 * within the week.
 */
import type { Payload, Where } from 'payload'

import type { ReferenceCheck } from '@/payload-types'

import { REFERENCE_CHECKS_SLUG } from './referenceHealth'

export const UNREACHABLE_GRACE_DAYS = 2
const DAY = 24 * 60 * 60 * 1000

export interface CitingPage {
  collection: 'articles' | 'conditions'
  id: number
  title: string
}

export type ReferenceProblem = Pick<
  ReferenceCheck,
  | 'id'
  | 'reference'
  | 'title'
  | 'checkedUrl'
  | 'result'
  | 'httpStatus'
  | 'finalUrl'
  | 'error'
  | 'checkedAt'
  | 'failingSince'
> & { citedBy: CitingPage[] }

export interface ReferenceHealthReport {
  /** The listed references: broken first, then moved, then unreachable; longest failing first. */
  problems: ReferenceProblem[]
  /** How many there are in all (`problems` holds at most `limit`). */
  totalProblems: number
  /** References on published pages with a stored check. */
  checked: number
  /** Unreachable ones not listed yet (failing for less than the grace period). */
  recentlyUnreachable: number
  /** The newest check, or null before the first run. */
  lastCheckedAt: string | null
}

/** The dashboard's reading of the `reference-checks` rows at `now`; at most `limit` listed. */
export async function referenceHealthReport(
  payload: Payload,
  { now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {},
): Promise<ReferenceHealthReport> {
  const read = { collection: REFERENCE_CHECKS_SLUG, depth: 0, overrideAccess: true } as const
  const since = new Date(now.getTime() - UNREACHABLE_GRACE_DAYS * DAY).toISOString()
  // Broken first, then moved, then unreachable; in each, the longest failing first.
  const lists: Where[] = [
    { result: { equals: 'broken' } },
    { result: { equals: 'moved' } },
    { and: [{ result: { equals: 'unreachable' } }, { failingSince: { less_than: since } }] },
  ]
  const [found, checked, allUnreachable, newest] = await Promise.all([
    Promise.all(lists.map((where) => payload.find({ ...read, where, sort: 'failingSince', limit }))),
    payload.count(read),
    payload.count({ ...read, where: { result: { equals: 'unreachable' } } }),
    payload.find({ ...read, sort: '-checkedAt', limit: 1, select: { checkedAt: true } }),
  ])
  const rows = found.flatMap((list) => list.docs).slice(0, limit)

  // The citing pages' titles, as published, one query per collection.
  const titles = new Map<string, string>()
  for (const collection of ['articles', 'conditions'] as const) {
    const ids = [...new Set(rows.flatMap((row) => idsOf(row[collection])))]
    if (!ids.length) continue
    const titleField = payload.collections[collection].config.admin.useAsTitle ?? 'id'
    const { docs } = await payload.find({
      collection,
      where: { id: { in: ids } },
      draft: false,
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    for (const doc of docs as unknown as Array<Record<string, unknown> & { id: number }>)
      titles.set(`${collection}:${doc.id}`, String(doc[titleField] || doc.id))
  }

  return {
    problems: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      title: row.title ?? null,
      checkedUrl: row.checkedUrl ?? null,
      result: row.result,
      httpStatus: row.httpStatus ?? null,
      finalUrl: row.finalUrl ?? null,
      error: row.error ?? null,
      checkedAt: row.checkedAt,
      failingSince: row.failingSince ?? null,
      citedBy: (['articles', 'conditions'] as const).flatMap((collection) =>
        idsOf(row[collection]).map((id) => ({
          collection,
          id,
          title: titles.get(`${collection}:${id}`) ?? `#${id}`,
        })),
      ),
    })),
    totalProblems: found.reduce((sum, list) => sum + list.totalDocs, 0),
    checked: checked.totalDocs,
    recentlyUnreachable: allUnreachable.totalDocs - found[2]!.totalDocs,
    lastCheckedAt: newest.docs[0]?.checkedAt ?? null,
  }
}

const idsOf = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [])
    .map((item) => (item && typeof item === 'object' ? (item as { id: unknown }).id : item))
    .filter((id): id is number => typeof id === 'number')
