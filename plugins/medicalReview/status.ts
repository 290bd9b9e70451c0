import type { PayloadRequest } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

import { evaluateGate } from './gate'
import { mayPublish, maySignOff, maySubmit } from './permissions'
import { clinicalEditorIds } from './people'
import { scheduledActions } from './schedule'
import { type ResolvedCollectionOptions, EVENTS_SLUG } from './resolveOptions'
import { contentOf, newestVersionId, readDocument, signedVersionBehind } from './versions'
import { REVIEW_EVENT_LABELS, type ReviewEvent } from './collections/events'
import {
  LOCKED_STAGES,
  type ReviewStage,
  SIGNATURE_MEANINGS,
  STAGE_LABELS,
  type SignOffStatus,
  SIGN_OFF_STATUS_LABELS,
} from './stages'

type Doc = Record<string, unknown> & { id: number | string; _status?: string | null }
type SignOff = {
  entry?: number | null
  hash?: string | null
  reviewer?: number | { id: number } | null
  reviewerName?: string | null
  reviewerCredentials?: string | null
  signedAt?: string | null
  nextReviewDue?: string | null
  versionId?: string | null
}

export type ReviewAction = 'submit' | 'withdraw' | 'approve' | 'request-changes' | 'publish' | 'unpublish' | 'schedule'

/** valid / stale / expired / none for a document's working copy. */
export function signOffStatus(
  doc: { contentHash?: unknown; signOff?: SignOff | null },
  now = new Date(),
): SignOffStatus {
  const signOff = doc.signOff
  if (!signOff?.hash) return 'none'
  if (signOff.hash !== doc.contentHash) return 'stale'
  if (signOff.nextReviewDue && new Date(signOff.nextReviewDue).getTime() <= now.getTime()) return 'expired'
  return 'valid'
}

/**
 * Everything the admin's review panel shows for one document and the person looking at it: the
 * stage, the sign-off and its status, whether the gate would let it be published now (and why
 * not), the actions this person may take, and a link to compare the signed version with the
 * newest one.
 */
export async function reviewStatus(req: PayloadRequest, options: ResolvedCollectionOptions, id: number | string) {
  const find = (draft: boolean) => readDocument<Doc>(req, options.slug, id, draft)
  const [doc, live] = await Promise.all([find(true), find(false)])
  if (!doc) return null
  const stage = (doc.reviewStage as ReviewStage | undefined) ?? 'draft'
  const signOff = (doc.signOff as SignOff | null) ?? null
  const status = signOffStatus(doc as never)
  const isPublished = live?._status === 'published'
  const newestIsPublished = doc._status === 'published'
  // What "Publish" would send out: the signed version when the working copy changed after it.
  const signedVersion = newestIsPublished ? null : await signedVersionBehind(req, options, doc)
  const gate = newestIsPublished
    ? null
    : await evaluateGate({
        req,
        options,
        id,
        doc: { ...(signedVersion ? { ...doc, ...contentOf(signedVersion) } : doc), _status: 'published' },
      })
  const user = req.user
  const authors = relationIds(doc[options.authorField]).map(String)
  const isAuthor = user ? authors.includes(String(user.id)) : false
  const isAssigned = user ? relationIds(doc.assignedReviewer).map(String).includes(String(user.id)) : false

  const actions: ReviewAction[] = []
  if (
    maySubmit(options, user) &&
    (stage === 'draft' ||
      stage === 'changes-requested' ||
      stage === 'unpublished' ||
      (stage === 'published' && status !== 'valid'))
  ) {
    actions.push('submit')
  }
  if ((maySubmit(options, user) || mayPublish(options, user)) && LOCKED_STAGES.includes(stage)) actions.push('withdraw')
  const editedIt = user ? clinicalEditorIds(doc).includes(String(user.id)) : false
  if (stage === 'in-review' && maySignOff(options, user) && isAssigned && !isAuthor && !editedIt)
    actions.push('approve', 'request-changes')
  if (mayPublish(options, user) && !newestIsPublished) actions.push('publish')
  if (mayPublish(options, user) && isPublished) actions.push('unpublish')
  if (mayPublish(options, user)) actions.push('schedule')

  const lastDecision = (doc.lastDecision as Record<string, unknown> | null) ?? null
  const assigned = relationIds(doc.assignedReviewer)[0]
  const assignedReviewer =
    assigned === undefined
      ? null
      : await req.payload
          .findByID({
            collection: 'users',
            id: assigned,
            depth: 0,
            overrideAccess: true,
            req,
            select: { name: true },
            disableErrors: true,
          })
          .catch(() => null)
  const newestVersion = await newestVersionId(req, options.slug, id)
  const { docs: events } = await req.payload.find({
    collection: EVENTS_SLUG as 'review-events',
    where: { subjectCollection: { equals: options.slug }, subjectId: { equals: String(id) } },
    sort: '-id',
    limit: 12,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const checklist = (Array.isArray(doc.checklist) ? doc.checklist : []) as Array<Record<string, unknown>>
  return {
    id: doc.id,
    stage,
    stageLabel: STAGE_LABELS[stage],
    isPublished,
    signOff: signOff?.hash ? signOff : null,
    signOffStatus: status,
    signOffStatusLabel: SIGN_OFF_STATUS_LABELS[status],
    lastDecision: lastDecision?.decision ? lastDecision : null,
    assignedReviewer: assignedReviewer
      ? { id: assignedReviewer.id, name: (assignedReviewer as { name?: string }).name ?? '' }
      : null,
    changeNote: (doc.changeNote as string | null) ?? null,
    publicChangeNote: (doc.publicChangeNote as string | null) ?? null,
    /** Locked: in review or approved, its clinical content cannot be edited until it is withdrawn. */
    locked: LOCKED_STAGES.includes(stage),
    /** The reviewer's requests and the writer's answers, oldest first; closed ones from earlier rounds included. */
    checklist: checklist.map((item) => ({
      id: String(item.id ?? ''),
      request: String(item.request ?? ''),
      raisedBy: (item.raisedBy as string | null) ?? null,
      raisedAt: (item.raisedAt as string | null) ?? null,
      answer: (item.answer as string | null) ?? null,
      answeredBy: (item.answeredBy as string | null) ?? null,
      state: ((item.state as string | null) ?? 'open') as 'open' | 'answered' | 'closed',
    })),
    /** The workflow timeline, newest first, each with the version it concerns. */
    timeline: events.map((event) => ({
      id: event.id,
      event: event.event as ReviewEvent,
      label: REVIEW_EVENT_LABELS[event.event as ReviewEvent],
      byName: event.byName ?? null,
      note: event.note ?? null,
      at: event.at,
      versionUrl: event.versionId ? `/admin/collections/${options.slug}/${doc.id}/versions/${event.versionId}` : null,
    })),
    /** What a signature on each decision states (the sign-off dialog shows and confirms it). */
    signatureMeanings: SIGNATURE_MEANINGS,
    /** The interval the document proposes; the reviewer confirms it (or another) when approving. */
    proposedReviewIntervalMonths: (doc.reviewIntervalMonths as number | null) ?? options.defaultReviewIntervalMonths,
    /** Whether the person looking changed the clinical content since its last approval (so may not sign it). */
    youEditedIt: editedIt,
    scheduled: mayPublish(options, user) ? await scheduledActions(req, options, id) : [],
    /** Publishing sends out the signed version; the newer working copy stays a draft. */
    publishesSignedVersion: Boolean(signedVersion),
    gate: gate ? { ok: gate.ok, message: gate.ok ? null : gate.message, reason: gate.ok ? null : gate.reason } : null,
    actions,
    compareUrl:
      signOff?.versionId && newestVersion && signOff.versionId !== newestVersion
        ? `/admin/collections/${options.slug}/${doc.id}/versions/${newestVersion}?versionFrom=${signOff.versionId}`
        : null,
  }
}

export type ReviewStatus = NonNullable<Awaited<ReturnType<typeof reviewStatus>>>
