import type { MedicalReviewAccess } from '@/plugins/medicalReview'

import { collectionAccess } from './fromMatrix'
import { grantsFor, type MatrixCollection, mayAll } from './matrix'
import { isAdmin, isStaff } from './roles'

/**
 * The review plugin's permissions, read from the access table (./matrix.ts) like every other
 * permission: publish and unpublish need the collection's `publish` grant, submitting needs
 * `update`, and signing off needs `signOff` (for reviewers: only what is assigned to them, which
 * the plugin checks against the document).
 */
export const medicalReviewAccess: MedicalReviewAccess = {
  isStaff,
  maySubmit: (collection, user) => mayAll(collection as MatrixCollection, 'update', user),
  maySignOff: (collection, user) =>
    grantsFor(collection as MatrixCollection, 'signOff', user).some((grant) => grant === 'all' || grant === 'assigned'),
  mayPublish: (collection, user) => mayAll(collection as MatrixCollection, 'publish', user),
  mayOverrideLock: isAdmin,
  ledger: collectionAccess('reviews'),
  publications: collectionAccess('publications'),
  events: collectionAccess('review-events'),
  notifications: collectionAccess('notifications'),
}
