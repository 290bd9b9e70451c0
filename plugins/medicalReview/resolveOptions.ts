import type { Payload } from 'payload'

import type { MedicalReviewAccess, MedicalReviewOptions, ReviewableCollectionOptions, ReviewerRegistry } from './types'

export const DEFAULT_REVIEWS_SLUG = 'reviews'
export const DEFAULT_PUBLICATIONS_SLUG = 'publications'
/** The review timeline and the notifications drawn from it. */
export const EVENTS_SLUG = 'review-events'
export const NOTIFICATIONS_SLUG = 'notifications'

/** One reviewable collection's options with every default filled in. */
export interface ResolvedCollectionOptions extends Required<ReviewableCollectionOptions> {
  slug: string
  reviewsSlug: string
  publicationsSlug: string
  /** The field holding the document's title (its `useAsTitle`). */
  titleField: string
  access: MedicalReviewAccess
  registry: ReviewerRegistry
}

/** What the plugin keeps on the whole config (`custom.medicalReview`), for code that has only `payload`. */
export interface MedicalReviewSettings {
  reviewsSlug: string
  publicationsSlug: string
  access: MedicalReviewAccess
  registry: ReviewerRegistry
}

/** The plugin's settings in a running Payload. */
export function reviewSettingsOf(payload: Pick<Payload, 'config'>): MedicalReviewSettings {
  const settings = payload.config.custom?.medicalReview as MedicalReviewSettings | undefined
  if (!settings) throw new Error('The medicalReview plugin is not installed in this Payload config.')
  return settings
}

export function resolveCollectionOptions(
  options: MedicalReviewOptions,
  slug: string,
  titleField: string | undefined,
): ResolvedCollectionOptions {
  const own = options.collections[slug as keyof MedicalReviewOptions['collections']]
  if (!own) throw new Error(`medicalReview: "${slug}" is not a reviewable collection.`)
  return {
    slug,
    clinicalFields: own.clinicalFields,
    signedWhenSet: own.signedWhenSet ?? [],
    authorField: own.authorField ?? 'author',
    defaultReviewIntervalMonths: own.defaultReviewIntervalMonths ?? 12,
    reviewsSlug: options.reviewsSlug ?? DEFAULT_REVIEWS_SLUG,
    publicationsSlug: options.publicationsSlug ?? DEFAULT_PUBLICATIONS_SLUG,
    titleField: titleField ?? 'id',
    access: options.access,
    registry: options.registry,
  }
}

/** The resolved options of a reviewable collection in a running Payload (set by the plugin). */
export function reviewOptionsOf(
  payload: { collections: Record<string, { config: { custom?: Record<string, unknown> } }> },
  slug: string,
) {
  const options = payload.collections[slug]?.config.custom?.medicalReview as ResolvedCollectionOptions | undefined
  if (!options) throw new Error(`"${slug}" is not a reviewable collection.`)
  return options
}

/** Every reviewable collection's resolved options in a running Payload, in config order. */
export function reviewableCollections(payload: {
  collections: Record<string, { config: { custom?: Record<string, unknown> } }>
}): ResolvedCollectionOptions[] {
  return Object.values(payload.collections).flatMap(({ config }) => {
    const options = config.custom?.medicalReview as ResolvedCollectionOptions | undefined
    return options ? [options] : []
  })
}
