/**
 * The publish gate: the one server-side check between any write and "published".
 *
 * It passes only when the newest approving sign-off in the ledger covers exactly the content
 * being published (same clinical hash), is still in date, was not withdrawn by a later
 * request for changes on the same content, and was not given by the document's author. The hooks
 * in ./hooks run it on every write whose result is published — the admin's publish button, REST,
 * GraphQL, the Local API, bulk updates, version restores, duplicates and scheduled publishing —
 * and once more on what was actually stored.
 */
import { APIError, type PayloadRequest } from 'payload'

import { formatDate } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

import { changedFieldLabels, clinicalHash, clinicalSnapshot, pickSignedFields, type SignedFields } from './clinicalHash'
import { mayPublish } from './permissions'
import type { ResolvedCollectionOptions } from './resolveOptions'

export type GateRefusal =
  'not-permitted' | 'no-sign-off' | 'stale' | 'withdrawn' | 'expired' | 'reviewer-is-author' | 'reviewer-edited'

export interface LedgerEntryDoc {
  id: number
  contentHash: string
  snapshot: Record<string, unknown>
  decision: string
  comments?: string | null
  reviewer: number | { id: number }
  reviewerName: string
  reviewerCredentials?: string | null
  signedAt: string
  nextReviewDue?: string | null
  versionId?: string | null
  /** The internal change note the reviewer saw when signing. */
  changeNote?: string | null
  /** The line for readers approved with the sign-off: what the public history shows. */
  publicNote?: string | null
  /** The review interval the reviewer confirmed. */
  reviewIntervalMonths?: number | null
  /** Who changed the clinical content since the previous approval, as recorded when signing. */
  clinicalEditors?: Array<{ id: number | string; name?: string | null }> | null
}

export type GateResult =
  | { ok: true; hash: string; entry: LedgerEntryDoc }
  | { ok: false; hash: string; reason: GateRefusal; message: string; changedFields?: string[]; entry?: LedgerEntryDoc }

/** Thrown by the hooks; `data.reason` names the rule, the message says what to do next. */
export class PublishRefused extends APIError<{ reason: GateRefusal; changedFields?: string[] }> {
  constructor(result: Extract<GateResult, { ok: false }>) {
    const status = result.reason === 'not-permitted' ? 403 : 409
    super(result.message, status, { reason: result.reason, changedFields: result.changedFields }, true)
    this.name = 'PublishRefused'
  }
}

const fieldCache = new Map<string, SignedFields>()

/** What a sign-off covers in the collection, looked up once from the running config. */
export function signedFieldsOf(req: PayloadRequest, options: ResolvedCollectionOptions): SignedFields {
  let signed = fieldCache.get(options.slug)
  if (!signed) {
    signed = pickSignedFields(
      req.payload.collections[options.slug as 'articles'].config.fields,
      options.clinicalFields,
      options.signedWhenSet,
    )
    fieldCache.set(options.slug, signed)
  }
  return signed
}

export async function newestEntry(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  where: Record<string, unknown> = {},
): Promise<LedgerEntryDoc | null> {
  const { docs } = await req.payload.find({
    collection: options.reviewsSlug as 'reviews',
    where: { subjectCollection: { equals: options.slug }, subjectId: { equals: String(id) }, ...where },
    sort: '-id',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return (docs[0] as unknown as LedgerEntryDoc | undefined) ?? null
}

const who = (entry: LedgerEntryDoc) =>
  entry.reviewerCredentials ? `${entry.reviewerName}, ${entry.reviewerCredentials}` : entry.reviewerName

/**
 * Evaluates the gate for `doc` — the complete document as it would be stored — without writing
 * anything. `id` is undefined for a document being created, which can never have a sign-off.
 */
export async function evaluateGate(args: {
  req: PayloadRequest
  options: ResolvedCollectionOptions
  id: number | string | undefined
  doc: Record<string, unknown>
  now?: Date
}): Promise<GateResult> {
  const { req, options, id, doc } = args
  const fields = signedFieldsOf(req, options)
  const hash = clinicalHash(fields, doc)
  const title = String(doc[options.titleField] ?? 'This document')
  const again = `Submit it for review again; only the signed-off version can be published.`

  if (req.user && !mayPublish(options, req.user)) {
    return {
      ok: false,
      hash,
      reason: 'not-permitted',
      message:
        'Only editors and admins can publish. Submit it for review; an editor publishes it once a reviewer has signed it off.',
    }
  }
  const entry = id === undefined ? null : await newestEntry(req, options, id, { decision: { equals: 'approve' } })
  if (!entry) {
    return {
      ok: false,
      hash,
      reason: 'no-sign-off',
      message: `"${title}" has no clinical sign-off. Submit it for review; it can be published once a reviewer approves it.`,
    }
  }
  if (entry.contentHash !== hash) {
    const changedFields = changedFieldLabels(fields, entry.snapshot ?? {}, clinicalSnapshot(fields, doc))
    const changed = changedFields.length ? ` (changed: ${changedFields.join(', ')})` : ''
    return {
      ok: false,
      hash,
      entry,
      changedFields,
      reason: 'stale',
      message: `The content changed since the sign-off by ${who(entry)} on ${formatDate(entry.signedAt)}${changed}. ${again}`,
    }
  }
  const withdrawn = await newestEntry(req, options, id!, {
    id: { greater_than: entry.id },
    contentHash: { equals: hash },
    decision: { in: ['changes-requested', 'withdrawn'] },
  })
  if (withdrawn) {
    return {
      ok: false,
      hash,
      entry,
      reason: 'withdrawn',
      message:
        withdrawn.decision === 'withdrawn'
          ? `${withdrawn.reviewerName} withdrew the sign-off on ${formatDate(withdrawn.signedAt)} when unpublishing it for a clinical reason${withdrawn.comments ? ` (${withdrawn.comments})` : ''}. Submit it for a new review before publishing it again.`
          : `${who(withdrawn)} requested changes to this exact content on ${formatDate(withdrawn.signedAt)}, after approving it. Make the changes and submit it for review again.`,
    }
  }
  const now = args.now ?? new Date()
  if (entry.nextReviewDue && new Date(entry.nextReviewDue).getTime() <= now.getTime()) {
    return {
      ok: false,
      hash,
      entry,
      reason: 'expired',
      message: `The sign-off by ${who(entry)} on ${formatDate(entry.signedAt)} expired on ${formatDate(entry.nextReviewDue)}. Submit it for re-review before publishing.`,
    }
  }
  const reviewerId = relationIds(entry.reviewer)[0]
  const authorIds = relationIds(doc[options.authorField]).map(String)
  if (reviewerId !== undefined && authorIds.includes(String(reviewerId))) {
    return {
      ok: false,
      hash,
      entry,
      reason: 'reviewer-is-author',
      message: `The sign-off is by ${who(entry)}, who is the author: nobody may sign off their own work. Assign another reviewer and submit it again.`,
    }
  }
  // The ledger records who changed the clinical content since the approval before: the author
  // label says who is credited, these say who actually wrote it.
  if (
    reviewerId !== undefined &&
    (entry.clinicalEditors ?? []).some((editor) => String(editor.id) === String(reviewerId))
  ) {
    return {
      ok: false,
      hash,
      entry,
      reason: 'reviewer-edited',
      message: `The sign-off is by ${who(entry)}, who changed this clinical content before signing it: nobody may sign off their own changes. Assign another reviewer and submit it again.`,
    }
  }
  return { ok: true, hash, entry }
}
