import type { Payload } from 'payload'

import type { Role } from '@/access/roles'
import { isProduction } from '@/lib/runtimeConfig'

import { type DemoLicence, verifiedLicence } from './licences'

/** Shared by every demo account; local development only (printed by `npm run dev`, in README). */
export const DEMO_PASSWORD = 'causeway-demo'

export const DEMO_ACCOUNTS: ReadonlyArray<{
  email: string
  name: string
  role: Role
  credentials?: string
  /** Reviewers' registry entry (made verified and valid for two years when seeded). */
  licence?: DemoLicence
}> = [
  { email: 'writer@causeway.test', name: 'Wren Writer', role: 'writer' },
  {
    email: 'reviewer@causeway.test',
    name: 'Dr. Rui Reviewer',
    role: 'reviewer',
    credentials: 'MD',
    licence: {
      type: 'MD',
      number: '7052816',
      issuingBody: 'General Medical Council',
      specialties: ['general-practice', 'emergency-medicine'],
    },
  },
  { email: 'editor@causeway.test', name: 'Edie Editor', role: 'editor' },
  { email: 'admin@causeway.test', name: 'Ada Admin', role: 'admin' },
]

/**
 * Creates the demo accounts that do not exist yet and returns the emails it created. Accounts
 * that exist are left alone (a changed password stays changed). Refuses to run in production.
 */
export async function seedDemoAccounts(payload: Payload): Promise<string[]> {
  if (isProduction(process.env)) {
    throw new Error('Demo accounts are for local development only and are never created in production.')
  }
  const created: string[] = []
  for (const account of DEMO_ACCOUNTS) {
    const { totalDocs } = await payload.count({
      collection: 'users',
      where: { email: { equals: account.email } },
    })
    if (totalDocs > 0) continue
    await payload.create({
      collection: 'users',
      data: {
        email: account.email,
        name: account.name,
        password: DEMO_PASSWORD,
        roles: [account.role],
        credentials: account.credentials,
        licence: account.licence ? verifiedLicence(account.licence.type, account.licence) : undefined,
      },
      context: { disableRevalidate: true },
    })
    created.push(account.email)
  }
  return created
}
