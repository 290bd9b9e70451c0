import type { Field } from 'payload'

import { clinicalHash, clinicalSnapshot } from '../clinicalHash'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import type { Decision } from '../stages'
import type { LedgerEntryContent } from './entryHash'

function addMonths(date: Date, months: number): Date {
  const result = new Date(date)
  result.setUTCMonth(result.getUTCMonth() + months)
  return result
}

/**
 * What a sign-off asserts, for the ledger: the document's clinical content (hash and snapshot)
 * as of `versionId`, the decision, and the reviewer with the credentials they hold when signing.
 * An approval is due for review after the document's interval (or the collection's default).
 * The workflow's sign-off and the bulk data-set writer both build entries with it.
 */
export function signOffEntryContent(input: {
  options: ResolvedCollectionOptions
  fields: Field[]
  doc: Record<string, unknown> & { id: number | string }
  versionId: string | null
  decision: Decision
  comments: string | null
  reviewer: { id: number | string; name: string; credentials?: string | null }
  signedAt: Date
}): Omit<LedgerEntryContent, 'previousHash'> & { subjectTitle: string } {
  const { options, fields, doc, decision, reviewer, signedAt } = input
  const months = Number(doc.reviewIntervalMonths) || options.defaultReviewIntervalMonths
  return {
    subjectCollection: options.slug,
    subjectId: String(doc.id),
    subjectTitle: String(doc[options.titleField] ?? ''),
    versionId: input.versionId,
    contentHash: clinicalHash(fields, doc),
    snapshot: clinicalSnapshot(fields, doc),
    decision,
    comments: input.comments,
    reviewer: reviewer.id,
    reviewerName: reviewer.name,
    reviewerCredentials: reviewer.credentials ?? null,
    signedAt: signedAt.toISOString(),
    nextReviewDue: decision === 'approve' ? addMonths(signedAt, months).toISOString() : null,
  }
}
