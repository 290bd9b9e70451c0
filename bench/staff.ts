/**
 * The benchmark's own staff: an editor (previews drafts, edits, submits, publishes) and a
 * clinical reviewer (signs off). Neither wrote any article, so the reviewer may sign off any
 * of them. Made through the Local API; in a database kept between runs they are reused, with a
 * fresh password each run (so none is stored anywhere) and any login lockout cleared.
 */
import { verifiedLicence } from '@/seed/licences'
import crypto from 'node:crypto'

import type { Payload } from 'payload'

export interface BenchAccount {
  id: number
  email: string
  password: string
}

export interface BenchStaff {
  editor: BenchAccount
  reviewer: BenchAccount
}

const ACCOUNTS = {
  editor: { email: 'bench.editor@causeway.test', name: 'Bench Editor', roles: ['editor' as const] },
  reviewer: {
    email: 'bench.reviewer@causeway.test',
    name: 'Dr. Bench Reviewer',
    roles: ['reviewer' as const],
    credentials: 'MD',
    licence: verifiedLicence('MD'),
  },
}

// Seeds and scripts skip cache revalidation: no server is running yet.
const context = { disableRevalidate: true }

export async function ensureBenchStaff(payload: Payload): Promise<BenchStaff> {
  const ensure = async (key: keyof typeof ACCOUNTS): Promise<BenchAccount> => {
    const account = ACCOUNTS[key]
    const password = crypto.randomBytes(18).toString('base64url')
    const { docs } = await payload.find({
      collection: 'users',
      where: { email: { equals: account.email } },
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    const existing = docs[0]
    if (!existing) {
      const created = await payload.create({
        collection: 'users',
        data: { ...account, password },
        overrideAccess: true,
        context,
      })
      return { id: created.id, email: account.email, password }
    }
    await payload.update({
      collection: 'users',
      id: existing.id,
      data: { ...account, password },
      overrideAccess: true,
      context,
    })
    // Only the email is read; the type asks for a password too.
    await payload.unlock({ collection: 'users', data: { email: account.email, password }, overrideAccess: true })
    return { id: existing.id, email: account.email, password }
  }
  return { editor: await ensure('editor'), reviewer: await ensure('reviewer') }
}
