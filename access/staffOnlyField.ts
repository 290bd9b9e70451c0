import type { FieldAccess } from 'payload'

import { isStaff } from './roles'

export const staffOnlyField: FieldAccess = ({ req: { user } }) => isStaff(user)
