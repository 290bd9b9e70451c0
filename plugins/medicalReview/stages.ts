/**
 * The review workflow (../shared/DESIGN.md "Workflow"). `reviewStage` describes the newest
 * version of a document — its working copy — and only the server writes it.
 */
export const REVIEW_STAGES = ['draft', 'in-review', 'changes-requested', 'approved', 'published'] as const
export type ReviewStage = (typeof REVIEW_STAGES)[number]

export const STAGE_LABELS: Record<ReviewStage, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  published: 'Published',
}

export const DECISIONS = ['approve', 'changes-requested'] as const
export type Decision = (typeof DECISIONS)[number]

/** valid: the newest content is signed and in date; stale: edited since; expired: past its review date. */
export type SignOffStatus = 'none' | 'valid' | 'stale' | 'expired'

export const SIGN_OFF_STATUS_LABELS: Record<SignOffStatus, string> = {
  none: 'No sign-off',
  valid: 'Signed off',
  stale: 'Stale — changed since sign-off',
  expired: 'Expired — re-review due',
}
