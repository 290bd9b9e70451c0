/**
 * The review workflow's transitions — submit, sign off, publish, unpublish — as server functions.
 * The collection endpoints are thin wrappers around them; seeds and tests call them directly.
 * Each runs in one transaction on `req` (`req.user` is the person acting) and answers a refused
 * transition with a `WorkflowError` whose message says what to do next.
 */
import type { PayloadRequest } from 'payload'

import { formatDate } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'

import { lockDocumentRow } from './concurrency'
import { setTransition } from './context'
import { refuseIfLockedByOther } from './documentLocks'
import { WorkflowError } from './errors'
import { clinicalEditorIds, loadPerson, namesOf, type Person } from './people'
import { signedFieldsOf } from './gate'
import { mayPublish, maySignOff, maySubmit } from './permissions'
import { signOffFromEntry } from './hooks/reviewHooks'
import { appendLedgerEntry } from './ledger/appendEntry'
import { signOffEntryContent } from './ledger/entryContent'
import type { ResolvedCollectionOptions } from './resolveOptions'
import { reviewIntervalProblem } from './reviewInterval'
import { type Decision, DECISIONS, type ReviewStage, STAGE_LABELS } from './stages'
import { inTransaction } from './transaction'
import { contentOf, newestVersionId, readDocument, signedVersionBehind } from './versions'

export { WorkflowError }

type Doc = Record<string, unknown> & { id: number | string; _status?: string | null; reviewStage?: ReviewStage | null }

/** A client's text input, trimmed; anything that is not a string is empty. */
export const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

function requireUser(req: PayloadRequest): Person {
  if (!req.user) throw new WorkflowError('Log in first.', 401, 'not-logged-in')
  return req.user as unknown as Person
}

/** The newest version of the document (its working copy), as stored; 404 when there is none. */
export async function loadDraft(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
): Promise<Doc> {
  const doc = await readDocument<Doc>(req, options.slug, id, true)
  if (!doc) throw new WorkflowError(`There is no ${options.slug.replace(/s$/, '')} with id ${id}.`, 404, 'not-found')
  return doc as unknown as Doc
}

/**
 * The start of every transition, inside its transaction: the document's row is locked, so
 * concurrent saves and transitions queue behind this one and it reads the document as it is, and
 * nobody else may be editing it right now (their next save would race this step).
 */
async function takeDocument(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  doing: string,
) {
  await lockDocumentRow(req, options.slug, id)
  await refuseIfLockedByOther(req, options, id, doing)
}

const authorIds = (options: ResolvedCollectionOptions, doc: Doc) => relationIds(doc[options.authorField]).map(String)
const stageOf = (doc: Doc): ReviewStage => doc.reviewStage ?? 'draft'

async function saveDraft(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  data: Record<string, unknown>,
) {
  return req.payload.update({
    collection: options.slug as 'articles',
    id,
    data,
    draft: true,
    depth: 0,
    overrideAccess: true,
    req,
  })
}

/** Writer or editor sends the current draft to a named reviewer, saying what changed and why. */
export async function submitForReview(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { changeNote?: unknown; reviewer?: unknown },
) {
  const user = requireUser(req)
  if (!maySubmit(options, user)) {
    throw new WorkflowError('Only writers and editors submit for review.', 403, 'not-permitted')
  }
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'submitting it')
    const doc = await loadDraft(req, options, id)
    const stage = stageOf(doc)
    if (stage === 'in-review') {
      const reviewer = await loadPerson(req, doc.assignedReviewer)
      throw new WorkflowError(
        `It is already waiting for review${reviewer ? ` by ${reviewer.name}` : ''}. Edit the clinical content to withdraw it, or wait for the decision.`,
        409,
        'already-in-review',
      )
    }
    if (stage === 'approved') {
      throw new WorkflowError(
        'It is already approved as it stands; an editor can publish it. Edit the clinical content to start a new review.',
        409,
        'already-approved',
      )
    }
    const changeNote = text(input.changeNote) || text(doc.changeNote)
    if (!changeNote) {
      throw new WorkflowError(
        'Write a change note — what changed and why. It is shown in the article history.',
        400,
        'change-note-required',
      )
    }
    const reviewer = await loadPerson(req, input.reviewer ?? doc.assignedReviewer)
    if (!reviewer)
      throw new WorkflowError('Choose the clinical reviewer who will sign it off.', 400, 'reviewer-required')
    if (!maySignOff(options, reviewer)) {
      throw new WorkflowError(
        `${reviewer.name} is not a clinical reviewer. Choose someone with the reviewer role.`,
        400,
        'not-a-reviewer',
      )
    }
    if (authorIds(options, doc).includes(String(reviewer.id))) {
      throw new WorkflowError(
        `${reviewer.name} is the author, and nobody may review their own work. Choose another reviewer.`,
        400,
        'reviewer-is-author',
      )
    }
    if (clinicalEditorIds(doc).includes(String(reviewer.id))) {
      throw new WorkflowError(
        `${reviewer.name} changed the clinical content since its last approval, and nobody may review their own changes. Choose another reviewer.`,
        400,
        'reviewer-edited',
      )
    }
    setTransition(req, options.slug, doc.id, { stage: 'in-review' })
    await saveDraft(req, options, doc.id, { changeNote, assignedReviewer: reviewer.id })
    return { stage: 'in-review' as const, reviewer: { id: reviewer.id, name: reviewer.name } }
  })
}

/**
 * The assigned reviewer approves or requests changes. The server hashes the stored draft (a
 * client never sends a hash) and appends the decision to the ledger with the reviewer's
 * credentials as they are now; the stage moves in the same transaction.
 */
export async function signOff(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { decision?: unknown; comments?: unknown; reviewIntervalMonths?: unknown },
) {
  const user = requireUser(req)
  if (!maySignOff(options, user)) throw new WorkflowError('Only clinical reviewers sign off.', 403, 'not-permitted')
  const decision = input.decision as Decision
  if (!DECISIONS.includes(decision)) {
    throw new WorkflowError('Choose a decision: "approve" or "changes-requested".', 400, 'decision-required')
  }
  const comments = text(input.comments)
  if (decision === 'changes-requested' && !comments) {
    throw new WorkflowError(
      'Say what needs to change in the comments; the writer works from them.',
      400,
      'comments-required',
    )
  }
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'signing it off now')
    const doc = await loadDraft(req, options, id)
    const stage = stageOf(doc)
    if (stage !== 'in-review') {
      throw new WorkflowError(
        `There is nothing to sign off: it is ${STAGE_LABELS[stage].toLowerCase()}. The writer submits it for review first.`,
        409,
        'not-in-review',
      )
    }
    if (authorIds(options, doc).includes(String(user.id))) {
      throw new WorkflowError('You are the author, and nobody may sign off their own work.', 403, 'reviewer-is-author')
    }
    if (clinicalEditorIds(doc).includes(String(user.id))) {
      throw new WorkflowError(
        'You changed the clinical content since its last approval, and nobody may sign off their own changes. Ask the writer to resubmit it to another reviewer.',
        403,
        'reviewer-edited',
      )
    }
    const assigned = relationIds(doc.assignedReviewer).map(String)
    if (!assigned.includes(String(user.id))) {
      const reviewer = await loadPerson(req, doc.assignedReviewer)
      throw new WorkflowError(
        `It is assigned to ${reviewer?.name ?? 'another reviewer'}. Ask the writer to resubmit it to you if you should review it.`,
        403,
        'not-assigned',
      )
    }
    const person = await loadPerson(req, user.id)
    if (!person?.credentials) {
      throw new WorkflowError(
        'Your profile has no clinical credentials (e.g. MD, DPT); they are recorded with every sign-off. Ask an admin to add them.',
        400,
        'credentials-required',
      )
    }
    // The reviewer confirms how long the sign-off lasts: the document only proposes it.
    const interval = input.reviewIntervalMonths ?? doc.reviewIntervalMonths ?? options.defaultReviewIntervalMonths
    const intervalProblem = reviewIntervalProblem(interval)
    if (intervalProblem) throw new WorkflowError(intervalProblem, 400, 'bad-review-interval')
    const signedAt = new Date()
    const entry = await appendLedgerEntry(
      req.payload,
      signOffEntryContent({
        options,
        fields: signedFieldsOf(req, options),
        doc,
        versionId: await newestVersionId(req, options.slug, doc.id),
        decision,
        comments: comments || null,
        reviewer: person,
        signedAt,
        reviewIntervalMonths: Number(interval),
        clinicalEditors: await namesOf(req, doc.clinicalEditors),
      }),
      req,
    )
    const nextStage: ReviewStage = decision === 'approve' ? 'approved' : 'changes-requested'
    setTransition(req, options.slug, doc.id, {
      stage: nextStage,
      ...(decision === 'approve' ? { signOff: signOffFromEntry(entry as never), resetClinicalEditors: true } : {}),
      lastDecision: { decision, comments: comments || null, reviewerName: person.name, at: signedAt.toISOString() },
    })
    await saveDraft(req, options, doc.id, {})
    return {
      stage: nextStage,
      entry: {
        id: entry.id,
        contentHash: entry.contentHash,
        signedAt: entry.signedAt,
        nextReviewDue: entry.nextReviewDue ?? null,
        reviewIntervalMonths: entry.reviewIntervalMonths ?? null,
      },
    }
  })
}

/**
 * An editor publishes the signed version: exactly what the reviewer approved, whatever was saved
 * after it. When a newer working draft exists (edited after approval, perhaps already back in
 * review), the signed version is published and that draft is put back on top, unchanged, as the
 * working copy — nobody's work drops out of the draft. The publish gate in the hooks decides, as
 * on every write.
 */
export async function publish(req: PayloadRequest, options: ResolvedCollectionOptions, id: number | string) {
  const user = requireUser(req)
  if (!mayPublish(options, user)) {
    throw new WorkflowError(
      'Only editors and admins publish. Ask an editor once a reviewer has signed it off.',
      403,
      'not-permitted',
    )
  }
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'publishing it now')
    const doc = await loadDraft(req, options, id)
    if (doc._status === 'published') {
      throw new WorkflowError('This version is already published.', 409, 'already-published')
    }
    const signedVersion = await signedVersionBehind(req, options, doc)
    const published = await req.payload.update({
      collection: options.slug as 'articles',
      id: doc.id,
      data: { ...(signedVersion ? contentOf(signedVersion) : {}), _status: 'published' },
      draft: false,
      depth: 0,
      overrideAccess: false,
      req,
    })
    if (signedVersion) {
      setTransition(req, options.slug, doc.id, { restore: doc })
      await saveDraft(req, options, doc.id, contentOf(doc))
    }
    const signOff = (published as unknown as { signOff?: { reviewerName?: string; signedAt?: string } }).signOff
    return {
      stage: 'published' as const,
      signedOffBy: signOff?.reviewerName ?? null,
      signedAt: signOff?.signedAt ?? null,
      keptNewerDraft: Boolean(signedVersion),
    }
  })
}

/** An editor takes a published document off the site. No review needed; the reason is recorded. */
export async function unpublish(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { reason?: unknown },
) {
  const user = requireUser(req)
  if (!mayPublish(options, user)) throw new WorkflowError('Only editors and admins unpublish.', 403, 'not-permitted')
  const reason = text(input.reason)
  if (!reason) throw new WorkflowError('Give a reason for unpublishing; it is recorded.', 400, 'reason-required')
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'unpublishing it now')
    const live = await readDocument<Doc>(req, options.slug, id, false)
    if (!live || live._status !== 'published') throw new WorkflowError('It is not published.', 409, 'not-published')
    setTransition(req, options.slug, id, { unpublishReason: reason })
    const doc = await req.payload.update({
      collection: options.slug as 'articles',
      id,
      data: { _status: 'draft' },
      draft: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    return {
      stage: (doc as unknown as Doc).reviewStage ?? 'draft',
      unpublishedAt: formatDate(new Date().toISOString()),
    }
  })
}
