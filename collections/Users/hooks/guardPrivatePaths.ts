import type { CollectionAfterReadHook, CollectionBeforeOperationHook } from 'payload'

import { Refusal } from '@/lib/refusal'

/** Paths of the users collection that no HTTP client may filter or sort by. */
const PRIVATE = [
  'sessions',
  'hash',
  'salt',
  'resetPasswordToken',
  'resetPasswordExpiration',
  'loginAttempts',
  'lockUntil',
]

function paths(where: unknown, found: string[] = []): string[] {
  if (Array.isArray(where)) where.forEach((item) => paths(item, found))
  else if (where && typeof where === 'object') {
    for (const [key, value] of Object.entries(where)) {
      if (key === 'and' || key === 'or') paths(value, found)
      else found.push(key)
    }
  }
  return found
}

const sortPaths = (sort: unknown): string[] =>
  (Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : []).map((item) =>
    String(item).trim().replace(/^-/, ''),
  )

/**
 * Refuses a REST or GraphQL query that filters or sorts users by a private auth field. Payload
 * already refuses most of these by field access, but its `sessions` field grants read when both
 * the user and the document are absent — which is exactly an anonymous query — so
 * `where[sessions.id][exists]=true` would tell anyone which people are logged in.
 */
export const guardPrivatePaths: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (req.payloadAPI === 'local' || (operation !== 'read' && operation !== 'count')) return args
  const used = [...paths((args as { where?: unknown }).where), ...sortPaths((args as { sort?: unknown }).sort)]
  const refused = used.filter((path) => PRIVATE.some((name) => path === name || path.startsWith(`${name}.`)))
  if (refused.length) {
    throw new Refusal(`The following path cannot be queried: ${refused.join(', ')}`, 400, { paths: refused })
  }
  return args
}

/**
 * Drops the `sessions` array from every user document an HTTP client reads, except their own
 * (or for admins). Reads with `overrideAccess` — Payload's own login check among them — keep it.
 */
export const hideSessions: CollectionAfterReadHook = ({ doc, overrideAccess, req }) => {
  if (overrideAccess) return doc
  const self = req.user && String(req.user.id) === String(doc?.id)
  const admin = (req.user as { roles?: string[] } | null)?.roles?.includes('admin')
  if (doc && !self && !admin && req.payloadAPI !== 'local') delete (doc as { sessions?: unknown }).sessions
  return doc
}
