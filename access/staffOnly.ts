import type { PayloadRequest } from 'payload'

import { isStaff } from './roles'

/** Admin-panel entry: only users holding a role. */
export const staffOnly = ({ req: { user } }: { req: PayloadRequest }): boolean => isStaff(user)
