import { createHash } from 'node:crypto'

import canonicalize from 'canonicalize'

/** The fields of a ledger entry that its hash covers — everything a sign-off asserts. */
export interface LedgerEntryContent {
  subjectCollection: string
  subjectId: string
  versionId: string | null
  contentHash: string
  snapshot: unknown
  decision: string
  comments: string | null
  reviewer: number | string
  reviewerName: string
  reviewerCredentials: string | null
  signedAt: string
  nextReviewDue: string | null
  previousHash: string | null
}

/** The hash that chains the ledger: SHA-256 of the entry's canonical JSON, previous hash included. */
export function entryHash(entry: LedgerEntryContent): string {
  const canonical = canonicalize({
    subjectCollection: entry.subjectCollection,
    subjectId: String(entry.subjectId),
    versionId: entry.versionId ?? null,
    contentHash: entry.contentHash,
    snapshot: entry.snapshot ?? null,
    decision: entry.decision,
    comments: entry.comments ?? null,
    reviewer: String(entry.reviewer),
    reviewerName: entry.reviewerName,
    reviewerCredentials: entry.reviewerCredentials ?? null,
    signedAt: new Date(entry.signedAt).toISOString(),
    nextReviewDue: entry.nextReviewDue ? new Date(entry.nextReviewDue).toISOString() : null,
    previousHash: entry.previousHash ?? null,
  })
  if (canonical === undefined) throw new Error('Ledger entry could not be serialised.')
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
