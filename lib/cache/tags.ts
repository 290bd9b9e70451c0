/**
 * Every cache tag the reader site uses, in one place. Data reads declare these tags; the
 * collections' revalidation hooks expire them when content a page shows changes.
 */
export const TAGS = {
  /** Lists of published articles: home page, sitemap. */
  articles: 'articles',
  /** One article page, by slug (also answers the redirect from an old slug). */
  article: (slug: string) => `article:${slug}`,
  conditions: 'conditions',
  /** A condition page, with the articles that name it as a cause. */
  condition: (slug: string) => `condition:${slug}`,
  symptoms: 'symptoms',
  /** A symptom page, with its articles and the causes they name. */
  symptom: (slug: string) => `symptom:${slug}`,
  people: 'people',
  /** A person's public profile and their published articles. */
  person: (slug: string) => `person:${slug}`,
} as const
