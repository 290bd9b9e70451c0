import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '@/payload-types'

/**
 * The account made on the admin's "create first user" screen is the one who can make all the
 * others, so it is an admin whatever the form said. That screen is the only way to create a user
 * over HTTP while none exist; server code (seed scripts, tests) uses the Local API and sets roles
 * itself, so it is left alone.
 */
export const makeFirstUserAdmin: CollectionBeforeChangeHook<User> = async ({ data, operation, req }) => {
  if (operation !== 'create' || req.payloadAPI === 'local') return data
  const { totalDocs } = await req.payload.count({ collection: 'users', req })
  return totalDocs === 0 ? { ...data, roles: ['admin'] } : data
}
