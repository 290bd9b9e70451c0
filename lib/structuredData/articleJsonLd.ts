import type { MedicalCause, MedicalSignOrSymptom, MedicalWebPage, Person, WithContext } from 'schema-dts'

import type { ArticlePage, PersonLink } from '@/lib/data'

const person = (p: PersonLink, origin: string): Person => ({
  '@type': 'Person',
  name: p.name,
  ...(p.credentials ? { honorificSuffix: p.credentials } : {}),
  ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
  ...(p.slug ? { url: `${origin}/people/${p.slug}` } : {}),
})

/**
 * schema.org `MedicalWebPage` for a cause article: `about` the symptom(s), `mainEntity` the
 * symptom with each listed cause as a `MedicalCause`; `reviewedBy` and `lastReviewed` come from the
 * sign-off of the version shown (credentials as held when signing).
 */
export function articleJsonLd(article: ArticlePage, origin: string): WithContext<MedicalWebPage> {
  const url = `${origin}/articles/${article.slug}`
  const symptoms: MedicalSignOrSymptom[] = article.symptoms.map((symptom) => ({
    '@type': 'MedicalSignOrSymptom',
    name: symptom.name,
    ...(symptom.slug ? { url: `${origin}/symptoms/${symptom.slug}` } : {}),
  }))
  const causes: MedicalCause[] = article.causes.map((cause) => ({
    '@type': 'MedicalCause',
    name: cause.heading,
    ...(cause.conditions.length
      ? {
          sameAs: cause.conditions
            .filter((condition) => condition.slug)
            .map((condition) => `${origin}/conditions/${condition.slug}`),
        }
      : {}),
  }))
  return {
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    url,
    headline: article.question,
    name: article.question,
    description: article.summary,
    inLanguage: 'en',
    datePublished: article.createdAt,
    // What the byline says: when the version shown was published.
    dateModified: (!article.isDraft && article.history[0]?.publishedAt) || article.updatedAt,
    // Like the byline: a writer without a public profile is credited as the editorial team.
    author: article.author
      ? person(article.author, origin)
      : { '@type': 'Organization', name: 'Causeway editorial team', url: origin },
    ...(article.review
      ? {
          reviewedBy: person(
            {
              ...(article.review.reviewer ?? { id: 0, slug: null, jobTitle: null }),
              name: article.review.name,
              credentials: article.review.credentials,
            },
            origin,
          ),
          lastReviewed: article.review.signedAt.slice(0, 10),
        }
      : {}),
    ...(symptoms.length ? { about: symptoms } : {}),
    mainEntity: {
      '@type': 'MedicalSignOrSymptom',
      name: symptoms[0]?.name ?? article.question,
      cause: causes,
    },
  }
}

/** JSON for a `<script type="application/ld+json">`, safe against `</script>` in content. */
export function serializeJsonLd(data: object): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
