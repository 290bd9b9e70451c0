import type { Payload, PayloadRequest } from 'payload'

import { entryHash, type LedgerEntryContent } from './entryHash'

/**
 * Appends a sign-off to the ledger, chained to the newest entry. Server code only (the review
 * endpoints); the ledger accepts no writes through any API. Pass the request so the entry is
 * written in the caller's transaction.
 */
export async function appendLedgerEntry(
  payload: Payload,
  content: Omit<LedgerEntryContent, 'previousHash'> & { subjectTitle?: string | null },
  req?: Partial<PayloadRequest>,
) {
  const { docs } = await payload.find({
    collection: 'reviews',
    sort: '-id',
    limit: 1,
    depth: 0,
    select: { entryHash: true },
    overrideAccess: true,
    req,
  })
  const previousHash = docs[0]?.entryHash ?? null
  const entry = { ...content, previousHash }
  return payload.create({
    collection: 'reviews',
    data: {
      ...entry,
      subjectId: String(entry.subjectId),
      reviewer: Number(entry.reviewer),
      decision: entry.decision as 'approve' | 'changes-requested',
      snapshot: entry.snapshot as Record<string, unknown>,
      entryHash: entryHash(entry),
    },
    overrideAccess: true,
    req,
  })
}
