import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  Field,
  PayloadRequest,
} from 'payload'

import { isPublishedNow, publishedBefore } from '@/plugins/common/publishedBefore'
import { relationIds } from '@/plugins/common/relationIds'

import { clinicalHash, labelText } from '../clinicalHash'
import { WorkflowError } from '../errors'
import { gatePass, rememberGated, transitionOf } from '../context'
import { evaluateGate, type LedgerEntryDoc, PublishRefused, signedFieldsOf } from '../gate'
import { LEDGER_LOCK_KEY } from '../ledger/appendEntry'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import { reviewIntervalProblem } from '../reviewInterval'
import { loadPerson } from '../people'
import { LOCKED_STAGES, type ReviewStage, stageAfterEdit } from '../stages'
import {
  changedContentFields,
  clientBaseOf,
  clientSentOf,
  completeFromCurrent,
  lockDocumentRow,
  refuseStaleSave,
} from '../concurrency'
import { nounOf, overriddenLockHolder } from '../documentLocks'
import { SERVER_FIELDS } from '../fields'
import { lockIfInTransaction } from '../transaction'
import { newestVersionId, readDocument } from '../versions'

type Doc = Record<string, unknown> & { id?: number | string; _status?: string | null }

/** A top-level field's label as editors see it (its name when it has no plain-text label). */
function fieldLabel(req: PayloadRequest, collection: string, name: string): string {
  const field = req.payload.collections[collection as 'articles']?.config.flattenedFields.find(
    (candidate) => 'name' in candidate && candidate.name === name,
  )
  return field ? labelText(field as Field) : name
}

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
 * Who has changed the clinical content since its last approval, after this write: everyone who
 * did before, plus the person saving now if the write changes that content. Taken from the
 * writes themselves — never from the author label — and carried into every version, so it
 * survives autosave rewriting the same version in place. An approval starts it again.
 */
export function clinicalEditorsAfter(input: {
  before: unknown
  reset: boolean
  changed: boolean
  by: unknown
}): Array<number | string> {
  const editors = input.reset ? [] : relationIds(input.before)
  const [by] = relationIds(input.by)
  if (input.changed && by !== undefined && !editors.map(String).includes(String(by))) editors.push(by)
  return editors
}

/**
 * Runs last before every write to a reviewable document. It keeps the review fields server-only
 * (whatever a client sent is replaced from the stored document or the workflow's transition),
 * validates the review interval (drafts included: Payload skips field validation on drafts),
 * records who changed the clinical content, moves the stage back to draft when clinical content
 * changes after submission or approval, and runs the publish gate when the write would leave the
 * document published.
 */
export const reviewBeforeChange =
  (options: ResolvedCollectionOptions): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    let original = operation === 'update' ? (originalDoc as Doc | undefined) : undefined
    // The stage Payload read before the row lock: field access judged the write against it.
    const readStage = original?.reviewStage as ReviewStage | undefined
    const id = original?.id
    const transition = transitionOf(req, options.slug, id)
    if (original && id !== undefined) {
      // Serialise on the row, then work from the document as it is now: Payload read `originalDoc`
      // before the lock, and another save may have committed since.
      await lockDocumentRow(req, options.slug, id)
      const current = await readDocument<Doc>(req, options.slug, id, true)
      if (current) {
        if (current.updatedAt !== original.updatedAt) completeFromCurrent(req, options.slug, data, current)
        if (!transition) {
          await refuseStaleSave(req, {
            base: clientBaseOf(req, options.slug, id),
            current,
            data,
            labelOf: (name) => fieldLabel(req, options.slug, name),
            noun: nounOf(req, options.slug),
          })
        }
        original = current
      }
    }
    const effective: Doc = { ...(original ?? {}), ...data }
    if (original && !transition) await refuseLockedClinicalEdit(req, options, original, effective, readStage)
    const interval = reviewIntervalProblem(effective.reviewIntervalMonths)
    if (interval) {
      throw new WorkflowError(interval, 400, 'bad-review-interval')
    }
    const fields = signedFieldsOf(req, options)
    const hash = clinicalHash(fields, effective)

    data.contentHash = hash
    if (transition?.restore) {
      // Putting a working draft back on top of what was just published: its review state as it was.
      for (const name of SERVER_FIELDS) if (name !== 'contentHash') data[name] = transition.restore[name] ?? null
      return data
    }
    const overrodeLockOf = id === undefined ? null : overriddenLockHolder(req, options.slug, id)
    data.lastEdit =
      !original || overrodeLockOf !== null || (!transition && changedContentFields(data, original).length > 0)
        ? { at: new Date().toISOString(), by: relationIds(req.user)[0] ?? null, overrodeLockOf }
        : (original.lastEdit ?? {})
    data.signOff = transition && 'signOff' in transition ? transition.signOff : (original?.signOff ?? {})
    data.lastDecision =
      transition && 'lastDecision' in transition ? transition.lastDecision : (original?.lastDecision ?? {})
    data.checklist = transition?.checklist ?? (original?.checklist as unknown[] | undefined) ?? []
    data.clinicalEditors = clinicalEditorsAfter({
      before: original?.clinicalEditors,
      reset: Boolean(transition?.resetClinicalEditors),
      // Hashed afresh rather than read from `contentHash`, which a document stored before a
      // change to the signed fields may not hold.
      changed: !original || clinicalHash(fields, original) !== hash,
      by: req.user,
    })
    let stage: ReviewStage = transition?.stage ?? (original?.reviewStage as ReviewStage | undefined) ?? 'draft'

    const status = data._status ?? original?._status ?? 'draft'
    // A version restored as a draft arrives here still marked published (Payload sets the final
    // status after this hook), so a restore the gate refuses is left to the check on what was
    // stored, which sees the final status.
    const restoring = Boolean(req.context?.isRestoringVersion)
    let publishing = status === 'published'
    if (publishing) {
      const result = await evaluateGate({ req, options, id, doc: effective })
      if (result.ok) {
        if (id !== undefined) rememberGated(req, options.slug, id, { hash: result.hash, entry: result.entry })
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

/**
 * While a document is with its reviewer, or approved as it stands, its clinical content is locked
 * for everyone: a change would silently take it out of review. Editing starts with "Withdraw from
 * review" (or "Reopen"), which records who and why and tells the reviewer. Workflow steps (which
 * write through transitions) are not edits.
 */
async function refuseLockedClinicalEdit(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  original: Doc,
  effective: Doc,
  readStage?: ReviewStage,
) {
  const stage = (original.reviewStage as ReviewStage | undefined) ?? 'draft'
  // Locked now, or locked when Payload read the document for this save (a publish may have
  // committed in between): field access then dropped the change, and the caller must hear it.
  const locked = LOCKED_STAGES.includes(stage) ? stage : readStage
  if (!locked || !LOCKED_STAGES.includes(locked)) return
  const fields = signedFieldsOf(req, options)
  const before = clinicalHash(fields, original)
  // What was stored after field access, and what the caller sent before it (field access turns
  // a locked field's change into silence; the caller hears why instead).
  const sent = { ...original, ...clientSentOf(req, options.slug, original.id) }
  if (before === clinicalHash(fields, effective) && before === clinicalHash(fields, sent)) return
  throw await lockedContentError(req, options, { ...original, reviewStage: locked })
}

/** The refusal for an edit to locked clinical content: who has it and what to do instead. */
export async function lockedContentError(req: PayloadRequest, options: ResolvedCollectionOptions, doc: Doc) {
  const title = String(doc[options.titleField] ?? 'It')
  const stage = (doc.reviewStage as ReviewStage | undefined) ?? 'draft'
  const reviewer = stage === 'in-review' ? await loadPerson(req, doc.assignedReviewer) : null
  const where =
    stage === 'in-review'
      ? `is with ${reviewer?.name ?? 'its reviewer'} for review`
      : 'is approved as it stands, ready to publish'
  const action = stage === 'in-review' ? 'Withdraw from review' : 'Reopen for editing'
  return new WorkflowError(
    `“${title}” ${where}, so its clinical content is locked. To change it, use “${action}” in the review panel and say why; the reviewer is told.`,
    409,
    'clinical-content-locked',
  )
}

export type PublicationRecord =
  | {
      action: 'publish'
      signOff?: ReturnType<typeof signOffFromEntry>
      hash: string
      changeNote: string | null
      publicNote?: string | null
    }
  | { action: 'unpublish'; reason: string; withdrewSignOff?: boolean }

/**
 * A publication-record entry: the document, its version, the sign-off behind a publish (with the
 * change note as the reviewer saw it, never the document's current one) or the reason for an
 * unpublish.
 */
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
          changeNote: record.changeNote,
          publicNote: record.publicNote ?? null,
        }
      : { reason: record.reason, withdrewSignOff: record.withdrewSignOff ?? false }),
    by: meta.by,
    at: meta.at,
  }
}

/**
 * Appends one entry to the publication record, in `req`'s transaction. It takes the ledger's lock
 * first, so what goes live is serialised with sign-offs and with the checks that keep images shown
 * on published pages from changing (collections/Media).
 */
async function recordPublication(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  doc: Doc,
  record: PublicationRecord,
) {
  await lockIfInTransaction(req, LEDGER_LOCK_KEY)
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
 * The newest action in the document's publication record. Every publish and every unpublish
 * writes one in the same transaction, so "publish" here means readers could see the document
 * before this write — whatever Payload handed the hooks.
 */
async function lastRecordedAction(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
): Promise<string | null> {
  const { docs } = await req.payload.find({
    collection: options.publicationsSlug as 'publications',
    where: { subjectCollection: { equals: options.slug }, subjectId: { equals: String(id) } },
    sort: '-id',
    limit: 1,
    pagination: false,
    depth: 0,
    select: { action: true },
    overrideAccess: true,
    req,
  })
  return (docs[0] as { action?: string } | undefined)?.action ?? null
}

/**
 * After every write: checks once more, on what was actually stored, that a published result
 * passed the gate (throwing rolls the whole write back), and records each publish and unpublish
 * in the publication record inside the same transaction. An unpublish that does not come from the
 * workflow's unpublish action — which asks for a reason — is refused, however it was attempted
 * (a status change, a bulk edit, restoring a draft version).
 */
export const reviewAfterChange =
  (options: ResolvedCollectionOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    const id = doc.id as number | string
    if (doc._status === 'published') {
      const hash = clinicalHash(signedFieldsOf(req, options), doc)
      let pass = gatePass(req, options.slug, id)
      if (pass?.hash !== hash) {
        const result = await evaluateGate({ req, options, id, doc })
        if (!result.ok) throw new PublishRefused(result)
        pass = { hash: result.hash, entry: result.entry }
      }
      await recordPublication(req, options, doc, {
        action: 'publish',
        signOff: signOffFromEntry(pass.entry),
        hash,
        changeNote: pass.entry.changeNote ?? null,
        publicNote: pass.entry.publicNote ?? null,
      })
      return doc
    }
    if (operation !== 'update') return doc
    const wasLive =
      publishedBefore(req, options.slug, id) !== null || (await lastRecordedAction(req, options, id)) === 'publish'
    if (!wasLive || (await isPublishedNow(req, options.slug as 'articles', id))) return doc
    const transition = transitionOf(req, options.slug, id)
    const reason = transition?.unpublishReason
    if (!reason) {
      const title = String(doc[options.titleField] ?? 'It')
      const how = `use "Unpublish" in the review panel (or POST /api/${options.slug}/${id}/unpublish with a "reason"), which records why`
      throw new WorkflowError(
        req.context?.isRestoringVersion
          ? `Restoring this draft version would take "${title}" off the site. To work from it, restore it as a draft: the published version stays live. To take it down, ${how}.`
          : `Unpublishing needs a reason, which is recorded. To take "${title}" off the site, ${how}.`,
        409,
        'unpublish-needs-reason',
      )
    }
    await recordPublication(req, options, doc, {
      action: 'unpublish',
      reason,
      withdrewSignOff: Boolean(transition?.withdrewSignOff),
    })
    return doc
  }

/**
 * A published document cannot be deleted: readers would lose it with no reason on record.
 * Unpublishing first asks for the reason and records it; the unpublished document can then go.
 */
export const refusePublishedDelete =
  (options: ResolvedCollectionOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const live = await readDocument<Doc>(req, options.slug, id, false)
    if (live?._status !== 'published') return
    const title = String((live as unknown as Doc)[options.titleField] ?? 'It')
    throw new WorkflowError(
      `"${title}" is published, so it cannot be deleted: readers would lose it with no reason on record. Unpublish it first (the reason is recorded), then delete it.`,
      409,
      'unpublish-before-delete',
    )
  }

/**
 * A person who signed a sign-off or published an article cannot be deleted: the ledger and the
 * publication record name them for good. Nor can the author of something published: its byline
 * would change under readers. Remove their roles instead.
 */
export const keepRecordedPeople =
  (slugs: {
    reviews: string
    publications: string
    reviewable: ResolvedCollectionOptions[]
  }): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const [signed, published] = await Promise.all([
      req.payload.count({
        collection: slugs.reviews as 'reviews',
        where: { reviewer: { equals: id } },
        overrideAccess: true,
        req,
      }),
      req.payload.count({
        collection: slugs.publications as 'publications',
        where: { or: [{ reviewer: { equals: id } }, { by: { equals: id } }] },
        overrideAccess: true,
        req,
      }),
    ])
    if (signed.totalDocs + published.totalDocs > 0) {
      throw new WorkflowError(
        `This person is named in ${signed.totalDocs} sign-off(s) and ${published.totalDocs} publication record(s), which are kept for good, so they cannot be deleted. Remove their roles to end their access instead.`,
        409,
        'person-on-record',
      )
    }
    let authored = 0
    for (const options of slugs.reviewable) {
      const hasAuthor = req.payload.collections[options.slug as 'articles']?.config.flattenedFields.some(
        (field) => field.name === options.authorField,
      )
      if (!hasAuthor) continue
      const { totalDocs } = await req.payload.count({
        collection: options.slug as 'articles',
        where: { [options.authorField]: { equals: id }, _status: { equals: 'published' } },
        overrideAccess: true,
        req,
      })
      authored += totalDocs
    }
    if (authored > 0) {
      throw new WorkflowError(
        `This person is the author of ${authored} published document(s); deleting them would change those bylines under readers. Remove their roles instead, or have an editor change the author and republish first.`,
        409,
        'person-on-record',
      )
    }
  }
