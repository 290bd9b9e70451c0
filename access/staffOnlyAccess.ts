import type { Access } from 'payload'

import { isStaff } from './roles'

export const staffOnlyAccess: Access = ({ req: { user } }) => isStaff(user)
