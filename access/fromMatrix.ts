import type { Access, CollectionConfig, Where } from 'payload'

import { ACCESS, grantsFor, type Grant, type MatrixCollection, type Operation } from './matrix'

type UserLike = { id?: number | string; roles?: readonly string[] | null } | null | undefined

/** A grant as a Payload access result: true, false, or a query the documents must match. */
function constraint(grant: Grant, user: UserLike): boolean | Where {
  switch (grant) {
    case 'all':
      return true
    case 'published':
      return { _status: { equals: 'published' } }
    case 'public-profiles':
      return { publicProfile: { equals: true } }
    case 'publish-records':
      return { action: { equals: 'publish' } }
    case 'recipient':
      return user?.id !== undefined ? { recipient: { equals: user.id } } : false
    case 'self':
      return user?.id !== undefined ? { id: { equals: user.id } } : false
    default:
      return false
  }
}

/** Payload access for one operation, from the table: the union of the user's roles' grants. */
export function accessFor(collection: MatrixCollection, operation: Operation): Access {
  return ({ req: { user } }) => {
    const results = grantsFor(collection, operation, user as UserLike).map((grant) =>
      constraint(grant, user as UserLike),
    )
    if (results.includes(true)) return true
    const queries = results.filter((result): result is Where => typeof result === 'object')
    if (!queries.length) return false
    return queries.length === 1 ? queries[0]! : { or: queries }
  }
}

const PAYLOAD_OPERATION: Partial<Record<Operation, keyof NonNullable<CollectionConfig['access']>>> = {
  create: 'create',
  read: 'read',
  readDrafts: 'readVersions',
  update: 'update',
  delete: 'delete',
  unlock: 'unlock',
  admin: 'admin',
}

/** A collection's whole `access` config, from its rows of the table. */
export function collectionAccess(collection: MatrixCollection): NonNullable<CollectionConfig['access']> {
  const access: Record<string, Access> = {}
  for (const [operation, payloadOperation] of Object.entries(PAYLOAD_OPERATION) as Array<[Operation, string]>) {
    if (ACCESS[collection][operation].anonymous === 'n/a') continue
    access[payloadOperation] = accessFor(collection, operation)
  }
  return access as NonNullable<CollectionConfig['access']>
}
