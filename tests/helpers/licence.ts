/**
 * Reviewers in tests: a sign-off is refused unless the reviewer's registry entry is verified and
 * unexpired, so every test reviewer gets one (of the same credential as their profile's, so
 * bylines and ledger entries read as before).
 */
import { credentialTypeOf, verifiedLicence } from '@/seed/licences'

export { credentialTypeOf, verifiedLicence }

/** A verified registry entry for someone with the reviewer role (of their profile's credential), else none. */
export function licenceFor(roles: readonly string[], credentials?: string | null) {
  return roles.includes('reviewer') ? verifiedLicence(credentialTypeOf(credentials)) : undefined
}
