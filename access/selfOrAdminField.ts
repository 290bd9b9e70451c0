import type { FieldAccess } from 'payload'

import { isAdmin } from './roles'

/** A field only its own user and admins may see. */
export const selfOrAdminField: FieldAccess = ({ req: { user }, id, doc }) => {
  if (!user) return false
  if (isAdmin(user)) return true
  const owner = id ?? (doc as { id?: number | string } | undefined)?.id
  return owner !== undefined && String(owner) === String(user.id)
}
