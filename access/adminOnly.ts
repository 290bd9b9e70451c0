import type { Access, FieldAccess } from 'payload'

import { isAdmin } from './roles'

export const adminOnly: Access = ({ req: { user } }) => isAdmin(user)

export const adminOnlyField: FieldAccess = ({ req: { user } }) => isAdmin(user)
