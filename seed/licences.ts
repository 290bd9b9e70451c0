import type { CREDENTIAL_TYPES } from '@/collections/Users/credentialTypes'
import type { Specialty } from '@/fields/specialties'
import type { User } from '@/payload-types'

export type CredentialType = (typeof CREDENTIAL_TYPES)[number]['value']

/** A demo reviewer's registration as written down: seeding makes it verified and unexpired. */
export interface DemoLicence {
  type: CredentialType
  number: string
  issuingBody: string
  specialties: Specialty[]
}

/** Who registers each credential, for made-up but plausible registry entries. */
const ISSUING_BODIES: Record<CredentialType, { body: string; prefix: string }> = {
  MD: { body: 'General Medical Council', prefix: 'GMC' },
  DO: { body: 'State Medical Board of Ohio', prefix: 'OH-DO' },
  MBBS: { body: 'General Medical Council', prefix: 'GMC' },
  DPT: { body: 'Health and Care Professions Council', prefix: 'PH' },
  PT: { body: 'Health and Care Professions Council', prefix: 'PH' },
  RN: { body: 'Nursing and Midwifery Council', prefix: 'NMC' },
  NP: { body: 'Nursing and Midwifery Council', prefix: 'NMC' },
  PA: { body: 'Faculty of Physician Associates', prefix: 'PAMVR' },
  PharmD: { body: 'General Pharmaceutical Council', prefix: 'GPhC' },
  RD: { body: 'Health and Care Professions Council', prefix: 'DT' },
  DC: { body: 'General Chiropractic Council', prefix: 'GCC' },
  PhD: { body: 'Health and Care Professions Council', prefix: 'PYL' },
}

/** The body that registers `type`, and how its numbers are written here (`<prefix>-<digits>`). */
export const issuingBodyOf = (type: CredentialType) => ISSUING_BODIES[type]

const YEAR = 365 * 24 * 60 * 60 * 1000
let issued = 0

/** A credential type from free text ("MD, MPH" → "MD", "PA-C" → "PA"), or `fallback`. */
export function credentialTypeOf(
  credentials: string | null | undefined,
  fallback: CredentialType = 'MD',
): CredentialType {
  const first = (credentials ?? '').split(/[,\s]/)[0]!.replace(/-.*$/, '')
  return (first in ISSUING_BODIES ? first : fallback) as CredentialType
}

/**
 * A registry entry that lets a reviewer sign off: registered with a plausible issuing body,
 * verified (a Local API create with no user stamps `verifiedAt` and no `verifiedBy`) and valid
 * for two more years. Seeds and tests give every reviewer one; `overrides` change any part.
 */
export function verifiedLicence(
  type: CredentialType = 'MD',
  overrides: Partial<NonNullable<User['licence']>> & { number?: string } = {},
  now = new Date(),
): NonNullable<User['licence']> {
  const { body, prefix } = ISSUING_BODIES[type]
  issued += 1
  const serial = String(7_000_000 + issued)
  return {
    type,
    number: `${prefix}-${serial}`,
    issuingBody: body,
    expiresOn: new Date(now.getTime() + 2 * YEAR).toISOString(),
    specialties: ['general-practice'] satisfies Specialty[],
    verified: true,
    ...overrides,
  }
}
