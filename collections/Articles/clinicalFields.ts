/**
 * The clinical content of an article: what a clinician signs off and what the review gate hashes.
 * The slug, hero image, symptoms and author can change without a new review (an editor still
 * publishes the change, and an image on a published page can never change: collections/Media).
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

/**
 * Signed once filled in: the SEO title and description replace the question and summary in
 * search results and social cards, so they need the same review as the text they replace.
 */
export const ARTICLE_SIGNED_WHEN_SET = ['meta.title', 'meta.description'] as const
