/**
 * The review workflow (docs/medical-review.md, "Workflow"). `reviewStage` describes the newest
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

/** Stages a clinical edit sends back to draft: the sign-off (or the request for one) no longer fits. */
const REOPENED_BY_EDIT: readonly ReviewStage[] = ['in-review', 'approved', 'published']

/**
 * The stage a write leaves when it is not a publish and no workflow transition sets the stage:
 * a clinical change after submission or approval reopens it as a draft; a published document
 * whose newest version is still the signed content is "approved" (an editor may publish it).
 * Shared by the plugin's hook and the bulk data-set writer, so both follow one rule.
 */
export function stageAfterEdit(
  stage: ReviewStage,
  edit: { changed: boolean; hash: string; signedHash?: string | null },
): ReviewStage {
  if (edit.changed && REOPENED_BY_EDIT.includes(stage)) return 'draft'
  if (stage === 'published') return edit.signedHash === edit.hash ? 'approved' : 'draft'
  return stage
}
