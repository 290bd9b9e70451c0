import type { PayloadRequest } from 'payload'

import { requestRoot } from '@/lib/hooks/requestRoot'

import type { ReviewStage } from './stages'

/** What a review transition asks the document hooks to write (server code only). */
export interface Transition {
  stage?: ReviewStage
  signOff?: Record<string, unknown> | null
  lastDecision?: Record<string, unknown> | null
  /** Set by the unpublish action: the recorded reason. Without it an unpublish is refused. */
  unpublishReason?: string
}

/*
 * Kept off `req.context` on purpose: a Local API caller can put anything into `context`, so a
 * transition travels in a WeakMap keyed by the request, which only this plugin's code can reach.
 */
const transitions = new WeakMap<object, Map<string, Transition>>()

const key = (collection: string, id: number | string) => `${collection}:${String(id)}`

export function setTransition(req: PayloadRequest, collection: string, id: number | string, transition: Transition) {
  let map = transitions.get(requestRoot(req))
  if (!map) transitions.set(requestRoot(req), (map = new Map()))
  map.set(key(collection, id), transition)
}

export function takeTransition(req: PayloadRequest, collection: string, id: number | string | undefined): Transition | undefined {
  if (id === undefined) return undefined
  return transitions.get(requestRoot(req))?.get(key(collection, id))
}

export function clearTransition(req: PayloadRequest, collection: string, id: number | string) {
  transitions.get(requestRoot(req))?.delete(key(collection, id))
}

/** Hashes the publish gate approved in beforeChange, checked again against what was stored. */
const gated = new WeakMap<object, Map<string, string>>()

export function rememberGated(req: PayloadRequest, collection: string, id: number | string, hash: string) {
  let map = gated.get(requestRoot(req))
  if (!map) gated.set(requestRoot(req), (map = new Map()))
  map.set(key(collection, id), hash)
}

export function gatedHash(req: PayloadRequest, collection: string, id: number | string): string | undefined {
  return gated.get(requestRoot(req))?.get(key(collection, id))
}
