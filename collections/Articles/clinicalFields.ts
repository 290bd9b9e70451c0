/**
 * The clinical content of an article: what a clinician signs off and what the review gate hashes.
 * Everything else (slug, SEO, hero image, symptoms, author) can change without a new review.
 */
export const ARTICLE_CLINICAL_FIELDS = [
  'question',
  'summary',
  'intro',
  'causes',
  'whenToSeekCare',
  'takeaway',
  'references',
] as const

export type ArticleClinicalField = (typeof ARTICLE_CLINICAL_FIELDS)[number]
