import type { Payload } from 'payload'

import { seedDemoContent } from '@/seed/seedDemoContent'

/** The browser tests' own admin; exists only in their throwaway database. */
export const E2E_ADMIN = {
  email: 'e2e.admin@causeway.test',
  name: 'E2E Admin',
  password: 'e2e-admin-password-not-secret',
} as const

/** The e2e admin, plus the demo people, symptoms, conditions and published articles. */
export async function seedE2E(payload: Payload): Promise<void> {
  await seedUsers(payload)
  await seedDemoContent(payload)
}

export async function seedUsers(payload: Payload): Promise<void> {
  await payload.create({
    collection: 'users',
    data: { ...E2E_ADMIN, roles: ['admin'] },
    context: { disableRevalidate: true },
  })
}
