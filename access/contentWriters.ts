import type { Access } from 'payload'

import { canWriteContent } from './roles'

export const contentWriters: Access = ({ req: { user } }) => canWriteContent(user)
