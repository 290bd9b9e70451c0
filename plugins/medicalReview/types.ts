import type { CollectionSlug } from 'payload'

/** How one collection takes part in medical review. */
export interface ReviewableCollectionOptions {
  /**
   * The fields a clinician signs off — hashed and snapshotted into the ledger. Any change to one of
   * them makes an existing sign-off stale; every other field can change freely.
   */
  clinicalFields: readonly string[]
  /**
   * Fields that readers see in place of, or beside, clinical content when they hold a value — an
   * SEO title and description shown instead of the question and summary, a condition's other
   * names — by dotted path (`meta.title`). Empty, they add nothing to the hash (so listing one
   * here leaves existing sign-offs valid); filled in, they are signed content like any other.
   */
  signedWhenSet?: readonly string[]
  /** The relationship field naming the document's author, who may never sign it off. Default `author`. */
  authorField?: string
  /** Months until a sign-off must be renewed, unless the document sets its own. Default 12. */
  defaultReviewIntervalMonths?: number
}

export interface MedicalReviewOptions {
  /** The collections whose documents need a clinical sign-off before publishing, by slug. */
  collections: Partial<Record<CollectionSlug, ReviewableCollectionOptions>>
  /** Slug of the sign-off ledger collection. Default `reviews`. */
  reviewsSlug?: string
  /** Slug of the publication record (every publish and unpublish). Default `publications`. */
  publicationsSlug?: string
  /**
   * When the review-expiry job runs (cron, server time). Default daily at 06:00. It can also be
   * queued by hand (task `reviewExpiry`).
   */
  expiryCron?: string
}
