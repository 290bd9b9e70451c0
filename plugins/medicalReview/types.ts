import type { CollectionSlug } from 'payload'

/** How one collection takes part in medical review. */
export interface ReviewableCollectionOptions {
  /**
   * The fields a clinician signs off — hashed and snapshotted into the ledger. Any change to one of
   * them makes an existing sign-off stale; every other field can change freely.
   */
  clinicalFields: readonly string[]
}

export interface MedicalReviewOptions {
  /** The collections whose documents need a clinical sign-off before publishing, by slug. */
  collections: Partial<Record<CollectionSlug, ReviewableCollectionOptions>>
  /** Slug of the sign-off ledger collection. Default `reviews`. */
  reviewsSlug?: string
}
