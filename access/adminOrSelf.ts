import type { Access } from 'payload'

import { isAdmin } from './roles'

/** Admins see every user; anyone else only their own account. */
export const adminOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (isAdmin(user)) return true
  return { id: { equals: user.id } }
}
