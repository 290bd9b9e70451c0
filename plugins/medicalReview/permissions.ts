/**
 * The workflow's role checks, read from the access table (access/matrix.ts) like every other
 * permission: publish and unpublish need the collection's `publish` grant, submitting needs
 * `update`, and signing off needs `signOff` (for reviewers: only what is assigned to them, which
 * the workflow checks against the document).
 */
import { grantsFor, type MatrixCollection, mayAll } from '@/access/matrix'

type UserLike = Parameters<typeof mayAll>[2]

export const mayPublish = (collection: string, user: UserLike) => mayAll(collection as MatrixCollection, 'publish', user)

export const maySubmit = (collection: string, user: UserLike) => mayAll(collection as MatrixCollection, 'update', user)

export const maySignOff = (collection: string, user: UserLike) =>
  grantsFor(collection as MatrixCollection, 'signOff', user).some((grant) => grant === 'all' || grant === 'assigned')
