import type { Payload } from 'payload'

import { reviewSettingsOf } from '../resolveOptions'
import { findFirstBrokenEntry, type LedgerProblem, type StoredEntry } from './verifyLedger'

const PAGE = 500

/** Reads the whole ledger in insertion order, page by page, and checks its chain. */
export async function verifyStoredLedger(
  payload: Payload,
  slug = reviewSettingsOf(payload).reviewsSlug,
): Promise<{ checked: number; problem: LedgerProblem | null }> {
  const entries: StoredEntry[] = []
  for (let page = 1; ; page++) {
    const result = await payload.find({
      collection: slug as 'reviews',
      sort: 'id',
      depth: 0,
      limit: PAGE,
      page,
      overrideAccess: true,
    })
    for (const doc of result.docs) {
      entries.push({ ...(doc as unknown as StoredEntry), reviewer: (doc as { reviewer: number }).reviewer })
    }
    if (!result.hasNextPage) break
  }
  return { checked: entries.length, problem: findFirstBrokenEntry(entries) }
}
