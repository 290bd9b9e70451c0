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
import { signOffFromEntry, lockedContentError } from './hooks/reviewHooks'
import { publishers, recordEvent } from './events'
import { appendLedgerEntry } from './ledger/appendEntry'
import { signOffEntryContent } from './ledger/entryContent'
import type { ResolvedCollectionOptions } from './resolveOptions'
import { reviewIntervalProblem } from './reviewInterval'
import { checkSignature, type Signature } from './signature'
import { type Decision, DECISIONS, LOCKED_STAGES, type ReviewStage, SIGNATURE_MEANINGS, STAGE_LABELS } from './stages'
import { inTransaction } from './transaction'
import { contentOf, newestVersionId, readDocument, signedVersionBehind } from './versions'
import { clinicalHash, clinicalSnapshot } from './clinicalHash'

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

export type ChecklistItem = {
  id?: string | null
  request: string
  raisedBy?: string | null
  raisedAt?: string | null
  answer?: string | null
  answeredBy?: string | null
  answeredAt?: string | null
  state?: 'open' | 'answered' | 'closed' | null
}

export const checklistOf = (doc: Record<string, unknown>): ChecklistItem[] =>
  Array.isArray(doc.checklist) ? (doc.checklist as ChecklistItem[]) : []

/** The review requests the writer has not answered yet. */
const openItems = (doc: Doc) => checklistOf(doc).filter((item) => (item.state ?? 'open') === 'open')

/** Writer or editor sends the current draft to a named reviewer, saying what changed and why. */
export async function submitForReview(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { changeNote?: unknown; publicChangeNote?: unknown; reviewer?: unknown },
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
        `It is already waiting for review${reviewer ? ` by ${reviewer.name}` : ''}. Withdraw it from review to change it, or wait for the decision.`,
        409,
        'already-in-review',
      )
    }
    if (stage === 'approved') {
      throw new WorkflowError(
        'It is already approved as it stands; an editor can publish it. Reopen it for editing to start a new review.',
        409,
        'already-approved',
      )
    }
    const open = openItems(doc)
    if (open.length) {
      throw new WorkflowError(
        `Answer the reviewer's ${open.length === 1 ? 'request' : `${open.length} requests`} first (in the review panel's checklist), so the reviewer sees what you did about ${open.length === 1 ? 'it' : 'each'}. Still open - ${open.map((item) => `"${item.request}"`).join('; ')}.`,
        409,
        'checklist-unanswered',
      )
    }
    const changeNote = text(input.changeNote) || text(doc.changeNote)
    if (!changeNote) {
      throw new WorkflowError(
        'Write a note for the reviewer - what changed and why. It stays internal; readers never see it.',
        400,
        'change-note-required',
      )
    }
    const publicChangeNote =
      input.publicChangeNote === undefined ? text(doc.publicChangeNote) : text(input.publicChangeNote)
    if (publicChangeNote.length > 200) {
      throw new WorkflowError('Keep the line for readers to 200 characters.', 400, 'public-note-too-long')
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
    const problem = options.registry.signingProblem(reviewer as never, new Date())
    if (problem) {
      throw new WorkflowError(
        `${reviewer.name} cannot sign off at the moment (${problem.replace(/^Your /, 'their ').replace(/\.$/, '')}). Choose another reviewer.`,
        400,
        'reviewer-not-eligible',
      )
    }
    setTransition(req, options.slug, doc.id, { stage: 'in-review' })
    await saveDraft(req, options, doc.id, {
      changeNote,
      publicChangeNote: publicChangeNote || null,
      assignedReviewer: reviewer.id,
    })
    await recordEvent(req, options, doc, 'submitted', { note: changeNote, recipients: [reviewer.id] })
    return { stage: 'in-review' as const, reviewer: { id: reviewer.id, name: reviewer.name } }
  })
}

/**
 * Takes a document out of review (or out of "approved") so its clinical content can be edited
 * again: who and why are recorded, and the reviewer is told. The only way to edit content that
 * is with a reviewer or approved as it stands.
 */
export async function withdrawFromReview(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { reason?: unknown },
) {
  const user = requireUser(req)
  if (!maySubmit(options, user) && !mayPublish(options, user)) {
    throw new WorkflowError('Only writers and editors withdraw documents from review.', 403, 'not-permitted')
  }
  const reason = text(input.reason)
  if (!reason) {
    throw new WorkflowError('Say why you are withdrawing it; the reviewer is told.', 400, 'reason-required')
  }
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'withdrawing it')
    const doc = await loadDraft(req, options, id)
    const stage = stageOf(doc)
    if (!LOCKED_STAGES.includes(stage)) {
      throw new WorkflowError(
        `It is ${STAGE_LABELS[stage].toLowerCase()}, not in review or approved: it can be edited as it is.`,
        409,
        'not-locked',
      )
    }
    setTransition(req, options.slug, doc.id, { stage: 'draft' })
    await saveDraft(req, options, doc.id, {})
    const signer = (doc.signOff as { reviewer?: unknown } | null)?.reviewer
    await recordEvent(req, options, doc, 'withdrawn', {
      note: reason,
      recipients: [doc.assignedReviewer, ...(stage === 'approved' ? [signer] : []), ...authorIds(options, doc)],
    })
    return { stage: 'draft' as const, was: stage }
  })
}

/** The writer answers one of the reviewer's requests (what they changed, or why not). */
export async function answerChecklistItem(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  itemId: unknown,
  input: { answer?: unknown },
) {
  const user = requireUser(req)
  if (!maySubmit(options, user))
    throw new WorkflowError('Only writers and editors answer review requests.', 403, 'not-permitted')
  const answer = text(input.answer)
  if (!answer) throw new WorkflowError('Write what you changed, or why not.', 400, 'answer-required')
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'answering it')
    const doc = await loadDraft(req, options, id)
    if (LOCKED_STAGES.includes(stageOf(doc))) throw await lockedContentError(req, options, doc)
    const items = checklistOf(doc)
    const item = items.find((candidate) => String(candidate.id) === String(itemId))
    if (!item) throw new WorkflowError('That review request is not on this document.', 404, 'not-found')
    if (item.state === 'closed') {
      throw new WorkflowError('That request was closed by the reviewer.', 409, 'closed')
    }
    const person = await loadPerson(req, user.id)
    const checklist = items.map((candidate) =>
      candidate === item
        ? {
            ...candidate,
            answer,
            answeredBy: person?.name ?? null,
            answeredAt: new Date().toISOString(),
            state: 'answered' as const,
          }
        : candidate,
    )
    setTransition(req, options.slug, doc.id, { checklist })
    await saveDraft(req, options, doc.id, {})
    return {
      id: item.id,
      state: 'answered' as const,
      open: checklist.filter((candidate) => candidate.state === 'open').length,
    }
  })
}

/** Requests written one per line (a leading "-", "*", "•" or "1." is dropped). */
export function requestsFrom(comments: string): string[] {
  return comments
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter(Boolean)
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
  input: { decision?: unknown; comments?: unknown; reviewIntervalMonths?: unknown; signature?: unknown },
  /** Server code (seeds, scripts, tests) signing for a named reviewer: recorded as such in the ledger. */
  serverSignature?: { method: 'server' },
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
  // Checked before the transaction: a wrong password must count towards lockout even though the
  // sign-off it refuses writes nothing.
  const signature: Signature = serverSignature
    ? { meaning: SIGNATURE_MEANINGS[decision], method: 'server' }
    : await checkSignature(req, decision, input.signature)
  return inTransaction(req, async () => {
    // Only the row lock: in review the clinical content is locked, so whoever has the edit view
    // open (the writer who just submitted it, say) cannot change what is being signed, and a
    // sign-off need not wait for them to close it.
    await lockDocumentRow(req, options.slug, id)
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
    const signedAt = new Date()
    const problem = person ? options.registry.signingProblem(person as never, signedAt) : 'You have no account.'
    if (problem) throw new WorkflowError(problem, 403, 'credentials-not-valid')
    const credentials = options.registry.credentialsOf(person as never) ?? person?.credentials ?? null
    if (!person || !credentials) {
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
    const checklist = checklistAfterDecision(doc, decision, comments, person.name, signedAt)
    const entry = await appendLedgerEntry(
      req.payload,
      signOffEntryContent({
        options,
        fields: signedFieldsOf(req, options),
        doc,
        versionId: await newestVersionId(req, options.slug, doc.id),
        decision,
        comments: comments || null,
        reviewer: { ...person, credentials },
        signedAt,
        signature,
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
      checklist,
    })
    await saveDraft(req, options, doc.id, {})
    const submitter = await lastSubmitter(req, options, doc.id)
    await recordEvent(req, options, doc, decision === 'approve' ? 'approved' : 'changes-requested', {
      note: comments || null,
      recipients: [
        ...authorIds(options, doc),
        submitter,
        ...(decision === 'approve' ? await publishers(req, options) : []),
      ],
    })
    return {
      stage: nextStage,
      entry: {
        id: entry.id,
        contentHash: entry.contentHash,
        signedAt: entry.signedAt,
        nextReviewDue: entry.nextReviewDue ?? null,
        reviewIntervalMonths: entry.reviewIntervalMonths ?? null,
        signatureMeaning: signature.meaning,
        signatureMethod: signature.method,
      },
    }
  })
}

/**
 * The checklist after a decision: answered requests are closed (the reviewer has seen the
 * answers); requesting changes adds one open item per requested change; approving closes all.
 * `newId` gives new rows an id (Payload's id hook does when the workflow saves; the bulk data-set
 * writer, which writes rows itself, passes one).
 */
export function checklistAfterDecision(
  doc: Record<string, unknown>,
  decision: Decision,
  comments: string,
  reviewerName: string,
  at: Date,
  newId?: () => string,
): ChecklistItem[] {
  const closed = checklistOf(doc).map((item) =>
    decision === 'approve' || item.state === 'answered' ? { ...item, state: 'closed' as const } : item,
  )
  if (decision !== 'changes-requested') return closed
  return [
    ...closed,
    ...requestsFrom(comments).map((request) => ({
      ...(newId ? { id: newId() } : {}),
      request,
      raisedBy: reviewerName,
      raisedAt: at.toISOString(),
      state: 'open' as const,
    })),
  ]
}

/** Who submitted the version under review (the newest "submitted" event). */
async function lastSubmitter(req: PayloadRequest, options: ResolvedCollectionOptions, id: number | string) {
  const { docs } = await req.payload.find({
    collection: 'review-events',
    where: {
      subjectCollection: { equals: options.slug },
      subjectId: { equals: String(id) },
      event: { equals: 'submitted' },
    },
    sort: '-id',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0]?.by ?? null
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
    // The workflow writes the signed content itself, whatever the stage's lock on clinical fields.
    setTransition(req, options.slug, doc.id, { publishing: true })
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
    const signOff = (
      published as unknown as { signOff?: { reviewer?: unknown; reviewerName?: string; signedAt?: string } }
    ).signOff
    await recordEvent(req, options, published as unknown as Doc, 'published', {
      recipients: [...authorIds(options, doc), signOff?.reviewer],
    })
    return {
      stage: 'published' as const,
      signedOffBy: signOff?.reviewerName ?? null,
      signedAt: signOff?.signedAt ?? null,
      keptNewerDraft: Boolean(signedVersion),
    }
  })
}

/**
 * An editor takes a published document off the site, with a reason (recorded). For a clinical
 * reason (`withdrawSignOff`) the sign-off is withdrawn in the ledger too, so the same content can
 * only go live again after a new review; otherwise it can be republished as it was signed.
 */
export async function unpublish(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  input: { reason?: unknown; withdrawSignOff?: unknown },
) {
  const user = requireUser(req)
  if (!mayPublish(options, user)) throw new WorkflowError('Only editors and admins unpublish.', 403, 'not-permitted')
  const reason = text(input.reason)
  if (!reason) throw new WorkflowError('Give a reason for unpublishing; it is recorded.', 400, 'reason-required')
  const withdrawSignOff = input.withdrawSignOff === true || input.withdrawSignOff === 'true'
  return inTransaction(req, async () => {
    await takeDocument(req, options, id, 'unpublishing it now')
    const live = await readDocument<Doc>(req, options.slug, id, false)
    if (!live || live._status !== 'published') throw new WorkflowError('It is not published.', 409, 'not-published')
    if (withdrawSignOff) await withdrawSignOffOf(req, options, live, reason)
    setTransition(req, options.slug, id, {
      unpublishReason: reason,
      stage: 'unpublished',
      withdrewSignOff: withdrawSignOff,
    })
    const doc = await req.payload.update({
      collection: options.slug as 'articles',
      id,
      data: { _status: 'draft' },
      draft: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    const signer = (live.signOff as { reviewer?: unknown } | null)?.reviewer
    await recordEvent(req, options, live, 'unpublished', {
      note: withdrawSignOff ? `${reason} (sign-off withdrawn: it needs a new review)` : reason,
      recipients: [...authorIds(options, live), signer, ...(await publishers(req, options))],
    })
    return {
      stage: (doc as unknown as Doc).reviewStage ?? 'unpublished',
      unpublishedAt: formatDate(new Date().toISOString()),
      withdrewSignOff: withdrawSignOff,
    }
  })
}

/**
 * Appends a "withdrawn" entry to the ledger for the live content: the publish gate refuses that
 * content from now on (a withdrawal after an approval of the same hash), until a new review.
 */
async function withdrawSignOffOf(req: PayloadRequest, options: ResolvedCollectionOptions, live: Doc, reason: string) {
  const person = await loadPerson(req, req.user?.id)
  const fields = signedFieldsOf(req, options)
  await appendLedgerEntry(
    req.payload,
    {
      subjectCollection: options.slug,
      subjectId: String(live.id),
      subjectTitle: String(live[options.titleField] ?? ''),
      versionId: await newestVersionId(req, options.slug, live.id),
      contentHash: clinicalHash(fields, live),
      snapshot: clinicalSnapshot(fields, live),
      decision: 'withdrawn',
      comments: reason,
      reviewer: person!.id,
      reviewerName: person!.name,
      reviewerCredentials: null,
      signedAt: new Date().toISOString(),
      nextReviewDue: null,
      signatureMeaning: 'I withdraw the sign-off of this published content for a clinical reason.',
      signatureMethod: 'session',
    },
    req,
  )
}
