import {
  APIError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type PayloadRequest,
} from 'payload'

import { isPublishedNow, publishedBefore } from '@/lib/hooks/publishedBefore'
import { relationIds } from '@/lib/relationIds'

import { clinicalHash } from '../clinicalHash'
import { gatedHash, rememberGated, takeTransition } from '../context'
import { clinicalFieldsOf, evaluateGate, type LedgerEntryDoc, PublishRefused } from '../gate'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import { type ReviewStage, stageAfterEdit } from '../stages'
import { newestVersionId } from '../versions'

type Doc = Record<string, unknown> & { id?: number | string; _status?: string | null }

/** The `signOff` group of a document, from the ledger entry that signed it. */
export function signOffFromEntry(entry: LedgerEntryDoc) {
  return {
    entry: entry.id,
    hash: entry.contentHash,
    reviewer: relationIds(entry.reviewer)[0] ?? null,
    reviewerName: entry.reviewerName,
    reviewerCredentials: entry.reviewerCredentials ?? null,
    signedAt: entry.signedAt,
    nextReviewDue: entry.nextReviewDue ?? null,
    versionId: entry.versionId ?? null,
  }
}

/**
 * Runs last before every write to a reviewable document. It keeps the review fields server-only
 * (whatever a client sent is replaced from the stored document or the workflow's transition),
 * moves the stage back to draft when clinical content changes after submission or approval, and
 * runs the publish gate when the write would leave the document published.
 */
export const reviewBeforeChange =
  (options: ResolvedCollectionOptions): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    const original = operation === 'update' ? (originalDoc as Doc | undefined) : undefined
    const id = original?.id
    const effective: Doc = { ...(original ?? {}), ...data }
    const hash = clinicalHash(clinicalFieldsOf(req, options), effective)
    const transition = takeTransition(req, options.slug, id)

    data.contentHash = hash
    data.signOff = transition && 'signOff' in transition ? transition.signOff : (original?.signOff ?? {})
    data.lastDecision = transition && 'lastDecision' in transition ? transition.lastDecision : (original?.lastDecision ?? {})
    let stage: ReviewStage = transition?.stage ?? ((original?.reviewStage as ReviewStage | undefined) ?? 'draft')

    const status = data._status ?? original?._status ?? 'draft'
    // A version restored as a draft arrives here still marked published (Payload sets the final
    // status after this hook), so a restore the gate refuses is left to the check on what was
    // stored, which sees the final status.
    const restoring = Boolean(req.context?.isRestoringVersion)
    let publishing = status === 'published'
    if (publishing) {
      const result = await evaluateGate({ req, options, id, doc: effective })
      if (result.ok) {
        if (id !== undefined) rememberGated(req, options.slug, id, result.hash)
        data.signOff = signOffFromEntry(result.entry)
        stage = 'published'
      } else if (restoring) {
        publishing = false
      } else {
        throw new PublishRefused(result)
      }
    }
    if (!publishing && !transition?.stage) {
      stage = stageAfterEdit(stage, {
        changed: Boolean(original) && original?.contentHash !== hash,
        hash,
        signedHash: (data.signOff as { hash?: string } | null)?.hash,
      })
    }
    data.reviewStage = stage
    return data
  }

export type PublicationRecord = { action: 'publish'; signOff?: ReturnType<typeof signOffFromEntry>; hash: string } | { action: 'unpublish'; reason: string }

/** A publication-record entry: the document, its version, the sign-off behind a publish or the reason for an unpublish. */
export function publicationData(
  options: ResolvedCollectionOptions,
  doc: Doc,
  record: PublicationRecord,
  meta: { versionId: string | null; by: number | null; at: string },
) {
  return {
    subjectCollection: options.slug,
    subjectId: String(doc.id),
    subjectTitle: String(doc[options.titleField] ?? ''),
    action: record.action,
    versionId: meta.versionId,
    ...(record.action === 'publish'
      ? {
          contentHash: record.hash,
          signOffEntry: record.signOff?.entry ?? null,
          reviewer: (record.signOff?.reviewer as number | null) ?? null,
          reviewerName: record.signOff?.reviewerName ?? null,
          reviewerCredentials: record.signOff?.reviewerCredentials ?? null,
          signedAt: record.signOff?.signedAt ?? null,
          changeNote: (doc.changeNote as string | null) ?? null,
        }
      : { reason: record.reason }),
    by: meta.by,
    at: meta.at,
  }
}

/** Appends one entry to the publication record, in `req`'s transaction. */
async function recordPublication(req: PayloadRequest, options: ResolvedCollectionOptions, doc: Doc, record: PublicationRecord) {
  const id = doc.id as number | string
  await req.payload.create({
    collection: options.publicationsSlug as 'publications',
    data: publicationData(options, doc, record, {
      versionId: await newestVersionId(req, options.slug, id),
      by: (relationIds(req.user)[0] as number | undefined) ?? null,
      at: new Date().toISOString(),
    }),
    overrideAccess: true,
    req,
  })
}

/**
 * After every write: checks once more, on what was actually stored, that a published result
 * passed the gate (throwing rolls the whole write back), and records each publish and unpublish
 * in the publication record inside the same transaction. An unpublish that does not come from the
 * workflow's unpublish action — which asks for a reason — is refused.
 */
export const reviewAfterChange =
  (options: ResolvedCollectionOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    const id = doc.id as number | string
    if (doc._status === 'published') {
      const hash = clinicalHash(clinicalFieldsOf(req, options), doc)
      let signOff = doc.signOff as ReturnType<typeof signOffFromEntry> | undefined
      if (gatedHash(req, options.slug, id) !== hash) {
        const result = await evaluateGate({ req, options, id, doc })
        if (!result.ok) throw new PublishRefused(result)
        signOff = signOffFromEntry(result.entry)
      }
      await recordPublication(req, options, doc, { action: 'publish', signOff, hash })
      return doc
    }
    if (operation !== 'update' || !publishedBefore(req, options.slug, id)) return doc
    if (!(await isPublishedNow(req, options.slug as 'articles', id))) {
      const reason = takeTransition(req, options.slug, id)?.unpublishReason
      if (!reason) {
        throw new APIError(
          'Unpublishing needs a reason, which is recorded. Use "Unpublish" in the review panel (or POST /api/' +
            `${options.slug}/${id}/unpublish with a "reason").`,
          409,
          { reason: 'unpublish-needs-reason' },
          true,
        )
      }
      await recordPublication(req, options, doc, { action: 'unpublish', reason })
    }
    return doc
  }

/**
 * A person who signed a sign-off or published an article cannot be deleted: the ledger and the
 * publication record name them for good. Remove their roles instead.
 */
export const keepRecordedPeople =
  (slugs: { reviews: string; publications: string }): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const [signed, published] = await Promise.all([
      req.payload.count({ collection: slugs.reviews as 'reviews', where: { reviewer: { equals: id } }, overrideAccess: true, req }),
      req.payload.count({
        collection: slugs.publications as 'publications',
        where: { or: [{ reviewer: { equals: id } }, { by: { equals: id } }] },
        overrideAccess: true,
        req,
      }),
    ])
    if (signed.totalDocs + published.totalDocs > 0) {
      throw new APIError(
        `This person is named in ${signed.totalDocs} sign-off(s) and ${published.totalDocs} publication record(s), which are kept for good, so they cannot be deleted. Remove their roles to end their access instead.`,
        409,
        { reason: 'person-on-record' },
        true,
      )
    }
  }
