import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import { reviewSettingsOf } from '../resolveOptions'
import { inTransaction, lockForTransaction } from '../transaction'
import { entryHash, type LedgerEntryContent } from './entryHash'

/** Advisory-lock key of the ledger chain ("ledger" in ASCII). */
export const LEDGER_LOCK_KEY = 0x6c6564676572

/**
 * Appends a sign-off to the ledger, chained to the newest entry. Server code only (the review
 * workflow); the ledger accepts no writes through any API. With `req`, the entry is written in
 * the caller's transaction; either way the chain is locked until that transaction ends, so two
 * sign-offs at the same moment are chained one after the other instead of forking.
 */
export async function appendLedgerEntry(
  payload: Payload,
  content: Omit<LedgerEntryContent, 'previousHash'> & { subjectTitle?: string | null },
  req?: PayloadRequest,
) {
  const request = req ?? (await createLocalReq({}, payload))
  return inTransaction(request, async () => {
    const entry = { ...content, previousHash: await lockLedgerHead(payload, request) }
    return payload.create({
      collection: reviewSettingsOf(payload).reviewsSlug as 'reviews',
      data: {
        ...entry,
        subjectId: String(entry.subjectId),
        reviewer: Number(entry.reviewer),
        decision: entry.decision as 'approve' | 'changes-requested' | 'withdrawn',
        snapshot: entry.snapshot as Record<string, unknown>,
        entryHash: entryHash(entry),
      },
      overrideAccess: true,
      req: request,
    })
  })
}

/**
 * Takes the ledger's lock until `req`'s transaction ends: every writer of the ledger, and anything
 * that must not change while a sign-off is written (an image a snapshot may name), waits here.
 */
export async function lockLedger(req: PayloadRequest): Promise<void> {
  await lockForTransaction(req, LEDGER_LOCK_KEY)
}

/**
 * Locks the chain until `req`'s transaction ends and returns the newest entry's hash (null for an
 * empty ledger): what the next entry links to. Every writer of the ledger starts here.
 */
export async function lockLedgerHead(payload: Payload, req: PayloadRequest): Promise<string | null> {
  await lockLedger(req)
  const { docs } = await payload.find({
    collection: reviewSettingsOf(payload).reviewsSlug as 'reviews',
    sort: '-id',
    limit: 1,
    depth: 0,
    select: { entryHash: true },
    overrideAccess: true,
    req,
  })
  return docs[0]?.entryHash ?? null
}
