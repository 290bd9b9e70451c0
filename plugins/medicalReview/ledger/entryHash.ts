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
  /** The change note submitted with the version: what the public article history shows. */
  changeNote?: string | null
  /** The review interval the reviewer confirmed, in months (approvals). */
  reviewIntervalMonths?: number | null
  /** Who changed the clinical content since the previous approval: the people who may not sign it. */
  clinicalEditors?: Array<{ id: number | string; name: string }> | null
  /** The line for readers approved with the sign-off (the public article history). */
  publicNote?: string | null
  /** What the signer stated by signing: the electronic signature's meaning. */
  signatureMeaning?: string | null
  /** How the signer was identified when signing ("password", or "server" for seeds and scripts). */
  signatureMethod?: string | null
}

/**
 * Fields added to entries after the ledger began. An entry carries them in its hash only when it
 * has them, so every entry written before they existed still verifies as it was written.
 */
const LATER_FIELDS = [
  'changeNote',
  'reviewIntervalMonths',
  'clinicalEditors',
  'publicNote',
  'signatureMeaning',
  'signatureMethod',
] as const

function laterFields(entry: LedgerEntryContent): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of LATER_FIELDS) {
    const value = entry[key]
    if (value === null || value === undefined) continue
    out[key] =
      key === 'clinicalEditors'
        ? (value as Array<{ id: number | string; name: string }>).map(({ id, name }) => ({ id: String(id), name }))
        : value
  }
  return out
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
    ...laterFields(entry),
  })
  if (canonical === undefined) throw new Error('Ledger entry could not be serialised.')
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}
