import type { PayloadRequest } from 'payload'

import { specialtyLabel } from '@/fields/specialties'
import type { ReviewerRegistry } from '@/plugins/medicalReview'
import { formatDate } from '@/plugins/common/formatDate'

import { dayOf, EXPIRY_WARNED, type Licence } from './hooks/recordVerification'

const licenceOf = (person: Record<string, unknown>) => (person.licence ?? {}) as Licence

/** Today's day (`YYYY-MM-DD`, UTC) at `now`. */
const today = (now: Date) => now.toISOString().slice(0, 10)

/**
 * The reviewer registry the review plugin asks (users' `licence` group): a reviewer signs only
 * with registered, verified credentials that have not expired; the sign-off records the
 * credential it rests on (its type, e.g. "MD", shown in bylines); assignment lists reviewers by
 * how well their specialties match; the daily job warns 30 days before a registration expires.
 *
 * A registration is valid up to the day before `expiresOn`: on that day it has expired.
 */
export const reviewerRegistry: ReviewerRegistry = {
  signingProblem(person, now) {
    const licence = licenceOf(person)
    if (!licence.type || !licence.number || !licence.issuingBody || !dayOf(licence.expiresOn)) {
      return 'Your clinical credentials are not in the reviewer registry (credential, licence number, issuing body and expiry). Ask an admin to add and verify them; every sign-off records them.'
    }
    if (dayOf(licence.expiresOn)! <= today(now)) {
      return `Your ${licence.type} registration ${licence.number} expired on ${formatDate(licence.expiresOn)}. Ask an admin to record the renewal and verify it before signing off.`
    }
    if (!licence.verified) {
      return `Your ${licence.type} registration ${licence.number} has not been verified. Ask an admin to check it against the ${licence.issuingBody} register and mark it verified.`
    }
    return null
  },

  /** The registered credential (e.g. "MD"); before registration, the profile's credentials text. */
  credentialsOf(person) {
    const type = licenceOf(person).type
    if (type) return type
    return typeof person.credentials === 'string' && person.credentials.trim() ? person.credentials.trim() : null
  },

  specialtiesOf(person) {
    return (licenceOf(person).specialties ?? []).map(specialtyLabel)
  },

  documentSpecialties(doc) {
    return Array.isArray(doc.specialties) ? (doc.specialties as string[]).map(specialtyLabel) : []
  },

  /** "MD registration GMC-7012345", as the expiry warning names it. */
  registrationOf(person) {
    const { type, number } = licenceOf(person)
    return type ? `${type} registration${number ? ` ${number}` : ''}` : null
  },

  expiresOn(person) {
    return dayOf(licenceOf(person).expiresOn)
  },

  expiryWarnedFor(person) {
    return dayOf(licenceOf(person).expiryWarnedFor)
  },

  async markExpiryWarned(req: PayloadRequest, person, expiresOn) {
    try {
      await req.payload.update({
        collection: 'users',
        id: person.id as number,
        data: { licence: { expiryWarnedFor: expiresOn } } as never,
        depth: 0,
        overrideAccess: true,
        req,
        // The Local API merges this into req.context: only this write may set expiryWarnedFor.
        context: { [EXPIRY_WARNED]: { id: person.id, expiresOn } },
      })
    } finally {
      delete (req.context as Record<string, unknown>)[EXPIRY_WARNED]
    }
  },
}
