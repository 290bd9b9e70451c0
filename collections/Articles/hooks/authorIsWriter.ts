import type { FieldHook } from 'payload'

import { isEditor } from '@/access/roles'

/**
 * A writer creating an article is its author: only editors may name someone else (a byline, and
 * later the reviewer-is-not-the-author rule, depend on it). Changing it afterwards is editor-only
 * through field access.
 */
export const authorIsWriter: FieldHook = ({ value, operation, req }) => {
  if (operation === 'create' && req.user && !isEditor(req.user)) return req.user.id
  return value
}
