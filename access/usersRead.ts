import type { Access } from 'payload'

import { isStaff } from './roles'

/**
 * Staff see every account (to pick authors and reviewers); readers see only public profiles.
 * Private fields (email, roles) have their own field-level rules.
 */
export const usersRead: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  return { publicProfile: { equals: true } }
}
