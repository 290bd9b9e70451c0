import type { Access } from 'payload'

import { isStaff } from './roles'

/** Staff read every version; everyone else only what is published. */
export const staffOrPublished: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  return { _status: { equals: 'published' } }
}
