import type { CollectionConfig, Config, Plugin } from 'payload'

import { rememberPublished } from '@/plugins/common/publishedBefore'

import { reviewEventsCollection } from './collections/events'
import { notificationsCollection } from './collections/notifications'
import { publicationsCollection } from './collections/publications'
import { reviewsCollection } from './collections/reviews'
import { etagHeader, rememberClientSave } from './concurrency'
import { captureLock, guardLockRecords, restoreLock } from './documentLocks'
import { reviewEndpoints } from './endpoints'
import { reviewFields, reviewPanelField } from './fields'
import { lockClinicalFields } from './lockFields'
import { keepRecordedPeople, refusePublishedDelete, reviewAfterChange, reviewBeforeChange } from './hooks/reviewHooks'
import { reviewExpiryTask } from './jobs/reviewExpiry'
import { scheduledPublishingTask } from './jobs/scheduledPublishing'
import { deliverNotificationsTask } from './notifications/deliver'
import {
  DEFAULT_PUBLICATIONS_SLUG,
  DEFAULT_REVIEWS_SLUG,
  EVENTS_SLUG,
  type MedicalReviewSettings,
  NOTIFICATIONS_SLUG,
  resolveCollectionOptions,
  type ResolvedCollectionOptions,
} from './resolveOptions'
import type { MedicalReviewOptions } from './types'

// The plugin's public API: nothing outside plugins/medicalReview/ imports anything else from it
// (the lint rule `no-restricted-imports` in eslint.config.mjs keeps it that way).
export type {
  MedicalReviewAccess,
  MedicalReviewOptions,
  ReviewableCollectionOptions,
  ReviewerRegistry,
  ReviewUser,
} from './types'
export { DEFAULT_PUBLICATIONS_SLUG, DEFAULT_REVIEWS_SLUG, EVENTS_SLUG, NOTIFICATIONS_SLUG }
export { requestAs, reviewWorkflow } from './actAs'
export { appendLedgerEntry, lockLedger } from './ledger/appendEntry'
export { verifyStoredLedger } from './ledger/verifyStoredLedger'
export { expiredReviewsWhere, QUEUE_READ, reviewQueueLists } from './queries'
export { reviewOptionsOf, reviewSettingsOf } from './resolveOptions'
export { newestVersionId } from './versions'
export { SIGNATURE_MEANINGS } from './stages'
export { type ChecklistItem, checklistAfterDecision, checklistOf, requestsFrom } from './workflow'
export * as bulkHistory from './bulk'

function withReview(collection: CollectionConfig, options: ResolvedCollectionOptions): CollectionConfig {
  if (!collection.versions || typeof collection.versions !== 'object' || !collection.versions.drafts) {
    throw new Error(`medicalReview: "${collection.slug}" needs versions with drafts to be reviewable.`)
  }
  const drafts = collection.versions.drafts
  if (typeof drafts === 'object' && drafts.schedulePublish) {
    // Payload's schedule drawer cannot ask an unpublish for its reason; the review panel schedules.
    throw new Error(
      `medicalReview: "${collection.slug}" enables Payload's schedulePublish; scheduling is the review panel's (remove it).`,
    )
  }
  const beforeValidate = collection.hooks?.beforeValidate ?? []
  return {
    ...collection,
    custom: { ...collection.custom, medicalReview: options },
    admin: {
      ...collection.admin,
      defaultColumns: collection.admin?.defaultColumns?.map((column) =>
        column === '_status' ? 'reviewStage' : column,
      ),
      components: {
        ...collection.admin?.components,
        edit: {
          ...collection.admin?.components?.edit,
          PublishButton: {
            path: '/plugins/medicalReview/admin/EditorPublishButton#EditorPublishButton',
            serverProps: { collectionSlug: collection.slug },
          },
        },
      },
    },
    fields: [
      reviewPanelField,
      ...lockClinicalFields(collection.fields, options.clinicalFields, collection.slug),
      ...reviewFields({ defaultReviewIntervalMonths: options.defaultReviewIntervalMonths, access: options.access }),
    ],
    endpoints: [...(collection.endpoints || []), ...reviewEndpoints(options)],
    hooks: {
      ...collection.hooks,
      beforeOperation: [
        ...(collection.hooks?.beforeOperation ?? []),
        rememberClientSave(collection.slug),
        captureLock(options, options.access),
      ],
      afterOperation: [...(collection.hooks?.afterOperation ?? []), etagHeader(collection.slug)],
      beforeValidate: beforeValidate.includes(rememberPublished)
        ? beforeValidate
        : [rememberPublished, ...beforeValidate],
      // Last, so the gate sees the data every other hook produced.
      beforeChange: [...(collection.hooks?.beforeChange ?? []), reviewBeforeChange(options)],
      beforeDelete: [refusePublishedDelete(options), ...(collection.hooks?.beforeDelete ?? [])],
      // First, so nothing else (cache refreshes, e-mails) runs for a write the gate refuses.
      afterChange: [reviewAfterChange(options), ...(collection.hooks?.afterChange ?? []), restoreLock(options)],
    },
  }
}

/**
 * Medical review for the collections named in `options.collections`: review fields and stage,
 * the transition endpoints (submit, sign-off, publish, unpublish), the publish gate on every
 * write, the append-only sign-off ledger and publication record, the review-expiry job and the
 * admin's review panel and queue.
 */
export const medicalReview =
  (options: MedicalReviewOptions): Plugin =>
  (config: Config): Config => {
    const reviewsSlug = options.reviewsSlug ?? DEFAULT_REVIEWS_SLUG
    const publicationsSlug = options.publicationsSlug ?? DEFAULT_PUBLICATIONS_SLUG
    const resolved: ResolvedCollectionOptions[] = []
    const userSlug = config.admin?.user ?? 'users'
    const collections = (config.collections ?? []).map((collection) => {
      if (collection.slug === userSlug) {
        return {
          ...collection,
          hooks: {
            ...collection.hooks,
            beforeDelete: [
              ...(collection.hooks?.beforeDelete ?? []),
              keepRecordedPeople({ reviews: reviewsSlug, publications: publicationsSlug, reviewable: resolved }),
            ],
          },
        }
      }
      if (!(collection.slug in options.collections)) return collection
      const own = resolveCollectionOptions(options, collection.slug, collection.admin?.useAsTitle)
      resolved.push(own)
      return withReview(collection, own)
    })
    const missing = Object.keys(options.collections).filter((slug) => !resolved.some((own) => own.slug === slug))
    if (missing.length) throw new Error(`medicalReview: no collection named ${missing.join(', ')}.`)

    return {
      ...config,
      collections: [
        ...collections,
        reviewsCollection(reviewsSlug, options.access),
        publicationsCollection(publicationsSlug, options.access),
        reviewEventsCollection(EVENTS_SLUG, options.access),
        notificationsCollection(NOTIFICATIONS_SLUG, EVENTS_SLUG, options.access),
      ],
      custom: {
        ...config.custom,
        medicalReview: {
          reviewsSlug,
          publicationsSlug,
          access: options.access,
          registry: options.registry,
        } satisfies MedicalReviewSettings,
      },
      admin: {
        ...config.admin,
        components: {
          ...config.admin?.components,
          // The review queue leads the dashboard; the host's own panels follow it.
          beforeDashboard: [
            '/plugins/medicalReview/admin/ReviewQueue#ReviewQueue',
            ...(config.admin?.components?.beforeDashboard ?? []),
          ],
        },
      },
      onInit: async (payload) => {
        guardLockRecords(payload, options.access)
        await config.onInit?.(payload)
      },
      jobs: {
        ...config.jobs,
        tasks: [
          ...(config.jobs?.tasks ?? []),
          reviewExpiryTask(resolved, options.expiryCron ?? '0 6 * * *'),
          scheduledPublishingTask(resolved),
          deliverNotificationsTask(),
        ],
      },
    }
  }
