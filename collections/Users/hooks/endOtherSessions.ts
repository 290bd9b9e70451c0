import type { CollectionAfterChangeHook } from 'payload'

type Session = { id: string }

/**
 * A password change ends every other session of that account: someone who learned the old
 * password and logged in with it is logged out. The session making the change (if it is the
 * account's own) stays. Written straight to the database because `sessions` is not writable
 * through any API.
 */
export const endOtherSessions: CollectionAfterChangeHook = async ({ data, doc, operation, previousDoc, req }) => {
  if (operation !== 'update' || typeof data?.password !== 'string' || !data.password) return doc
  const own = req.user && String(req.user.id) === String(doc.id) ? (req.user as { _sid?: string })._sid : undefined
  const stored = await req.payload.db.findOne<{ id: number; sessions?: Session[] }>({
    collection: 'users',
    where: { id: { equals: doc.id } },
    req,
  })
  const sessions = (stored?.sessions ?? (previousDoc as { sessions?: Session[] })?.sessions ?? []).filter(
    (session) => own && session.id === own,
  )
  await req.payload.db.updateOne({ collection: 'users', id: doc.id, data: { sessions }, req, returning: false })
  return doc
}
