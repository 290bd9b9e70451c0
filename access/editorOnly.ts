import type { Access } from 'payload'

import { isEditor } from './roles'

export const editorOnly: Access = ({ req: { user } }) => isEditor(user)
