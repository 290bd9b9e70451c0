import type { CollectionBeforeChangeHook } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

export type Licence = {
  type?: string | null
  number?: string | null
  issuingBody?: string | null
  expiresOn?: string | null
  specialties?: string[] | null
  verified?: boolean | null
  verifiedBy?: unknown
  verifiedAt?: string | null
  expiryWarnedFor?: string | null
}

/** What a verification vouches for: change any of it and the verification no longer holds. */
const VERIFIED_PARTS = ['type', 'number', 'issuingBody', 'expiresOn'] as const

/** A date field's day (`YYYY-MM-DD`, UTC), or null: what `expiresOn` and `expiryWarnedFor` mean. */
export const dayOf = (value: unknown): string | null => {
  if (!value) return null
  const date = new Date(String(value))
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10)
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null)

function partsChanged(before: Licence, after: Licence): boolean {
  return VERIFIED_PARTS.some((part) =>
    part === 'expiresOn' ? dayOf(before[part]) !== dayOf(after[part]) : text(before[part]) !== text(after[part]),
  )
}

/**
 * Set on `req.context` by the registry's `markExpiryWarned` (registry.ts): the user id and the
 * expiry date the 30-day warning was just sent for. Only that server write may change
 * `licence.expiryWarnedFor`.
 */
export const EXPIRY_WARNED = 'causeway.licenceExpiryWarned'

type ExpiryWarned = { id: number | string; expiresOn: string }

/**
 * Who verified a reviewer's credentials, and when, is recorded by the server, never taken from
 * the client:
 *
 * - ticking "verified" (unverified before, verified in this save) stamps the person saving as
 *   `verifiedBy` and now as `verifiedAt`. A server write with no user (a seed, a test, a script)
 *   that creates or ticks it stamps the time and leaves `verifiedBy` empty;
 * - changing what was verified (credential type, number, issuing body, expiry) of a verified
 *   licence clears the verification, whatever the save says of the checkbox: the admin's form
 *   still shows it ticked, so "verified" in the same save would vouch for details nobody checked.
 *   Tick it again in a later save to verify the new details;
 * - unticking it clears who and when.
 *
 * Only admins may write the licence at all (field access: anyone else's values are dropped before
 * this hook, leaving the stored ones). `expiryWarnedFor` is written only by the expiry job
 * (through the registry's `markExpiryWarned`); whatever a client sends for it is ignored.
 */
export const recordVerification: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const before = (originalDoc?.licence ?? {}) as Licence
  const sent = (data.licence ?? {}) as Licence
  const after: Licence = { ...before, ...sent }
  const wasVerified = Boolean(before.verified)
  const changed = wasVerified && partsChanged(before, after)

  let verified: boolean
  let verifiedBy: number | string | null
  let verifiedAt: string | null
  if (changed || !after.verified) {
    verified = false
    verifiedBy = null
    verifiedAt = null
  } else if (!wasVerified) {
    verified = true
    verifiedBy = relationIds(req.user)[0] ?? null
    verifiedAt = new Date().toISOString()
  } else {
    verified = true
    verifiedBy = relationIds(before.verifiedBy)[0] ?? null
    verifiedAt = before.verifiedAt ?? null
  }

  const warned = (req.context as Record<string, unknown>)[EXPIRY_WARNED] as ExpiryWarned | undefined
  const warnedNow = originalDoc && warned && String(warned.id) === String(originalDoc.id) ? warned.expiresOn : undefined

  data.licence = {
    ...after,
    verified,
    verifiedBy,
    verifiedAt,
    expiryWarnedFor: warnedNow ?? before.expiryWarnedFor ?? null,
  }
  return data
}
