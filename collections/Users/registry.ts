import type { ReviewerRegistry } from '@/plugins/medicalReview'
import { formatDate } from '@/plugins/common/formatDate'

import { specialtyLabel } from '@/fields/specialties'

type Licence = {
  type?: string | null
  number?: string | null
  issuingBody?: string | null
  expiresOn?: string | null
  verified?: boolean | null
  specialties?: string[] | null
}

const licenceOf = (person: Record<string, unknown>) => (person.licence ?? {}) as Licence

/**
 * The reviewer registry the review plugin asks (users' `licence` group): a reviewer signs only
 * with verified credentials that have not expired; the sign-off records the credential and the
 * registration it rests on; assignment lists reviewers by how well their specialties match.
 */
export const reviewerRegistry: ReviewerRegistry = {
  signingProblem(person, now) {
    const licence = licenceOf(person)
    if (!licence.type || !licence.number || !licence.issuingBody || !licence.expiresOn) {
      return 'Your clinical credentials are not in the reviewer registry (credential, licence number, issuing body and expiry). Ask an admin to add and verify them; every sign-off records them.'
    }
    if (new Date(licence.expiresOn).getTime() <= now.getTime()) {
      return `Your ${licence.type} registration (${licence.number}) expired on ${formatDate(licence.expiresOn)}. Ask an admin to record the renewal and verify it before signing off.`
    }
    if (!licence.verified) {
      return `Your ${licence.type} registration (${licence.number}) has not been verified. Ask an admin to check it against the ${licence.issuingBody} register and mark it verified.`
    }
    return null
  },
  credentialsOf(person) {
    const licence = licenceOf(person)
    const type = licence.type ?? (typeof person.credentials === 'string' ? person.credentials : null)
    return type || null
  },
  specialtiesOf(person) {
    return (licenceOf(person).specialties ?? []).map(specialtyLabel)
  },
  documentSpecialties(doc) {
    return Array.isArray(doc.specialties) ? (doc.specialties as string[]).map(specialtyLabel) : []
  },
}
