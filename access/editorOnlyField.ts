import type { FieldAccess } from 'payload'

import { isEditor } from './roles'

export const editorOnlyField: FieldAccess = ({ req: { user } }) => isEditor(user)
