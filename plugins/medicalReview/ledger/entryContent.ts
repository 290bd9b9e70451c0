import { clinicalHash, clinicalSnapshot, type SignedFields } from '../clinicalHash'
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
 * as of `versionId`, the change note submitted with it, the decision, the reviewer with the
 * credentials they hold when signing, and who changed the content since the previous approval.
 * An approval is due for review after the interval the reviewer confirmed. The workflow's
 * sign-off and the bulk data-set writer both build entries with it.
 */
export function signOffEntryContent(input: {
  options: ResolvedCollectionOptions
  fields: SignedFields
  doc: Record<string, unknown> & { id: number | string }
  versionId: string | null
  decision: Decision
  comments: string | null
  reviewer: { id: number | string; name: string; credentials?: string | null }
  signedAt: Date
  /** Months until re-review, as confirmed by the reviewer (approvals only). */
  reviewIntervalMonths: number
  clinicalEditors: Array<{ id: number | string; name: string }>
  /** The signature's stated meaning and how the signer was identified. */
  signature?: { meaning: string; method: string }
}): Omit<LedgerEntryContent, 'previousHash'> & { subjectTitle: string } {
  const { options, fields, doc, decision, reviewer, signedAt } = input
  const approve = decision === 'approve'
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
    nextReviewDue: approve ? addMonths(signedAt, input.reviewIntervalMonths).toISOString() : null,
    changeNote: typeof doc.changeNote === 'string' && doc.changeNote.trim() ? doc.changeNote.trim() : null,
    reviewIntervalMonths: approve ? input.reviewIntervalMonths : null,
    clinicalEditors: input.clinicalEditors,
    // The line for readers is approved with the content: only an approval carries it.
    publicNote:
      approve && typeof doc.publicChangeNote === 'string' && doc.publicChangeNote.trim()
        ? doc.publicChangeNote.trim()
        : null,
    signatureMeaning: input.signature?.meaning ?? null,
    signatureMethod: input.signature?.method ?? null,
  }
}
