import type { Config, Plugin } from 'payload'

import { reviewsCollection } from './collections/reviews'
import type { MedicalReviewOptions } from './types'

export type { MedicalReviewOptions, ReviewableCollectionOptions } from './types'

export const DEFAULT_REVIEWS_SLUG = 'reviews'

/**
 * Medical review for the collections named in `options.collections`: the sign-off ledger now;
 * the stage fields, transition endpoints, publish gate and admin components join it here.
 */
export const medicalReview =
  (options: MedicalReviewOptions): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: [...(config.collections ?? []), reviewsCollection(options.reviewsSlug ?? DEFAULT_REVIEWS_SLUG)],
  })
