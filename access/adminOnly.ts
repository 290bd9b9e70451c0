import type { FieldAccess } from 'payload'

import { isAdmin } from './roles'

export const adminOnlyField: FieldAccess = ({ req: { user } }) => isAdmin(user)
