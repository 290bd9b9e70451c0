import type { PayloadRequest } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

import { evaluateGate } from './gate'
import { mayPublish, maySignOff, maySubmit } from './permissions'
import { clinicalEditorIds } from './people'
import { scheduledActions } from './schedule'
import type { ResolvedCollectionOptions } from './resolveOptions'
import { contentOf, newestVersionId, readDocument, signedVersionBehind } from './versions'
import { type ReviewStage, STAGE_LABELS, type SignOffStatus, SIGN_OFF_STATUS_LABELS } from './stages'

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

export type ReviewAction = 'submit' | 'approve' | 'request-changes' | 'publish' | 'unpublish' | 'schedule'

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
    (stage === 'draft' || stage === 'changes-requested' || (stage === 'published' && status !== 'valid'))
  ) {
    actions.push('submit')
  }
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
