import type { CollectionBeforeChangeHook } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'

type Licence = {
  type?: string | null
  number?: string | null
  issuingBody?: string | null
  expiresOn?: string | null
  verified?: boolean | null
  verifiedBy?: unknown
  verifiedAt?: string | null
}

/** What a verification vouches for: change any of it and the verification no longer holds. */
const VERIFIED_PARTS = ['type', 'number', 'issuingBody', 'expiresOn'] as const

const sameDay = (a: unknown, b: unknown) =>
  (a ? new Date(String(a)).toISOString().slice(0, 10) : null) ===
  (b ? new Date(String(b)).toISOString().slice(0, 10) : null)

/**
 * Who verified a reviewer's credentials, and when, is recorded by the server (never taken from
 * the client): ticking "verified" stamps the admin and the time; changing what was verified
 * (type, number, issuing body, expiry) without ticking it again clears the verification, so a
 * sign-off cannot rest on credentials nobody checked.
 */
export const recordVerification: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const before = (originalDoc?.licence ?? {}) as Licence
  const after = { ...before, ...((data.licence ?? {}) as Licence) }
  const changed = VERIFIED_PARTS.some((part) =>
    part === 'expiresOn' ? !sameDay(before[part], after[part]) : (before[part] ?? null) !== (after[part] ?? null),
  )
  const ticked = Boolean((data.licence as Licence | undefined)?.verified)
  const newlyTicked = ticked && (!before.verified || changed)
  let verified = Boolean(after.verified)
  let verifiedBy = relationIds(before.verifiedBy)[0] ?? null
  let verifiedAt = before.verifiedAt ?? null
  if (newlyTicked) {
    verified = true
    verifiedBy = relationIds(req.user)[0] ?? null
    verifiedAt = new Date().toISOString()
  } else if (changed || !ticked) {
    if (changed || (data.licence && (data.licence as Licence).verified === false)) {
      verified = false
      verifiedBy = null
      verifiedAt = null
    }
  }
  data.licence = {
    ...after,
    verified,
    verifiedBy,
    verifiedAt,
    expiryWarnedFor: changed ? null : ((before as { expiryWarnedFor?: string | null }).expiryWarnedFor ?? null),
  }
  return data
}
