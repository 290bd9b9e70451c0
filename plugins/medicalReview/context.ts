import type { PayloadRequest } from 'payload'

import { requestScoped } from '@/plugins/common/requestScope'

import type { LedgerEntryDoc } from './gate'
import type { ReviewStage } from './stages'

/** What a review transition asks the document hooks to write (server code only). */
export interface Transition {
  stage?: ReviewStage
  signOff?: Record<string, unknown> | null
  lastDecision?: Record<string, unknown> | null
  /** Set by the unpublish action: the recorded reason. Without it an unpublish is refused. */
  unpublishReason?: string
  /** Set by an approval: the people who changed the clinical content start again from nobody. */
  resetClinicalEditors?: boolean
  /** Set by publish when a newer working draft goes back on top: its review fields, kept verbatim. */
  restore?: Record<string, unknown>
  /** The reviewer's checklist after this step (requests added, answered or closed). */
  checklist?: Array<Record<string, unknown>>
  /** Set by publish: the workflow itself writes the signed content, whatever the stage's lock. */
  publishing?: boolean
  /** Set by an unpublish for a clinical reason: the sign-off was withdrawn in the ledger. */
  withdrewSignOff?: boolean
}

/*
 * Kept off `req.context` on purpose: a Local API caller can put anything into `context`, so a
 * transition travels in the request's private scope, which only this plugin's code can reach.
 */
const key = (collection: string, id: number | string) => `${collection}:${String(id)}`
const transitions = (req: PayloadRequest) =>
  requestScoped(req, 'medicalReview.transitions', () => new Map<string, Transition>())
const gated = (req: PayloadRequest) => requestScoped(req, 'medicalReview.gated', () => new Map<string, GatePass>())

/** A publish the gate let through in beforeChange: the hash it approved and the sign-off that allowed it. */
export interface GatePass {
  hash: string
  entry: LedgerEntryDoc
}

export function setTransition(req: PayloadRequest, collection: string, id: number | string, transition: Transition) {
  transitions(req).set(key(collection, id), transition)
}

export function transitionOf(
  req: PayloadRequest,
  collection: string,
  id: number | string | undefined,
): Transition | undefined {
  if (id === undefined) return undefined
  return transitions(req).get(key(collection, id))
}

/** What the publish gate approved in beforeChange, checked again against what was stored. */
export function rememberGated(req: PayloadRequest, collection: string, id: number | string, pass: GatePass) {
  gated(req).set(key(collection, id), pass)
}

export function gatePass(req: PayloadRequest, collection: string, id: number | string): GatePass | undefined {
  return gated(req).get(key(collection, id))
}
