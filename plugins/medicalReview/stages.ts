/**
 * The review workflow (docs/medical-review.md, "Workflow"). `reviewStage` describes the newest
 * version of a document — its working copy — and only the server writes it.
 */
export const REVIEW_STAGES = [
  'draft',
  'in-review',
  'changes-requested',
  'approved',
  'published',
  'unpublished',
] as const
export type ReviewStage = (typeof REVIEW_STAGES)[number]

export const STAGE_LABELS: Record<ReviewStage, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  published: 'Published',
  unpublished: 'Unpublished',
}

export const DECISIONS = ['approve', 'changes-requested'] as const
export type Decision = (typeof DECISIONS)[number]

/**
 * What the ledger can record: a reviewer's decision, or an editor withdrawing a sign-off when
 * unpublishing for a clinical reason (the gate then refuses that content until a new review).
 */
export const LEDGER_DECISIONS = [...DECISIONS, 'withdrawn'] as const
export type LedgerDecision = (typeof LEDGER_DECISIONS)[number]

/** Stages in which the clinical content is locked: it is with the reviewer, or approved as it stands. */
export const LOCKED_STAGES: readonly ReviewStage[] = ['in-review', 'approved']

/**
 * What the reviewer states when signing (an electronic signature's meaning, 21 CFR Part 11
 * §11.50): shown in the sign-off dialog, confirmed there, and recorded in the ledger entry.
 */
export const SIGNATURE_MEANINGS: Record<Decision, string> = {
  approve: 'I have reviewed this exact version for clinical accuracy and approve it for publication.',
  'changes-requested': 'I have reviewed this exact version for clinical accuracy and it needs the changes I list.',
}

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
