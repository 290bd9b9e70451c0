/**
 * Every read the reader site makes goes through this module.
 *
 * Published reads run as an anonymous visitor — `overrideAccess: false`, no user (see
 * ./queries.ts) — so a page sees exactly what anonymous REST would. They are cached with
 * `unstable_cache` under the tags in `TAGS`; the collections' hooks expire those tags, and with
 * them the cached pages, when content changes.
 *
 * Drafts are read only in draft mode, and only for a logged-in staff member, with the access rules
 * the admin applies to them; those reads are never cached.
 *
 * With read replicas (DATABASE_REPLICA_URLS), published reads and search may be answered by a
 * replica that has replayed every commit; the session check and draft previews read the primary
 * (./queries.ts, lib/db/readReplicas.ts).
 */
import config from '@payload-config'
import { unstable_cache } from 'next/cache'
import { draftMode, headers } from 'next/headers'
import { getPayload, type Payload } from 'payload'
import { cache } from 'react'

import { isStaff } from '@/access/roles'
import { TAGS } from '@/lib/cache/tags'
import { readFromReplica } from '@/lib/db/readReplicas'
import { searchPublished } from '@/lib/search/searchIndex'
import { isSlug } from '@/lib/slugify'
import type { User } from '@/payload-types'

import * as queries from './queries'

export type * from './queries'

const payload = (): Promise<Payload> => getPayload({ config })

/** The person to read drafts as: a staff member viewing in draft mode, else null. */
async function draftViewer(): Promise<User | null> {
  if (!(await draftMode()).isEnabled) return null
  const { user } = await (await payload()).auth({ headers: await headers() })
  return user && isStaff(user) ? (user as User) : null
}

/**
 * The article at `slug`: the published version, or in draft mode (for staff) the latest draft.
 * Memoised per request: the page and its metadata share one read (and one auth check in preview).
 */
export const getArticle = cache(async function getArticle(slug: string): Promise<queries.ArticlePage | null> {
  // Addresses that cannot be slugs are answered without a query or a cache entry.
  if (!isSlug(slug)) return null
  const viewer = await draftViewer()
  if (viewer) return queries.findArticle(await payload(), slug, viewer)
  return unstable_cache(async () => queries.findArticle(await payload(), slug), ['article', slug], {
    tags: [TAGS.article(slug)],
  })()
})

/** Where an article that used to live at `slug` lives now, if it is published. */
export function getArticleRedirect(slug: string): Promise<string | null> {
  if (!isSlug(slug)) return Promise.resolve(null)
  return unstable_cache(async () => queries.findArticleRedirect(await payload(), slug), ['article-redirect', slug], {
    tags: [TAGS.article(slug)],
  })()
}

/** Symptoms by body region; a publish or unpublish can add or remove one (only those with articles show). */
export const getSymptomsByBodyRegion = unstable_cache(
  async () => queries.findSymptomsByBodyRegion(await payload()),
  ['symptoms-by-region'],
  { tags: [TAGS.symptoms, TAGS.articles] },
)

/** The newest published articles, for the home page. */
export const getNewestArticles = unstable_cache(
  async (limit: number) => queries.findPublishedArticles(await payload(), {}, limit),
  ['newest-articles'],
  { tags: [TAGS.articles] },
)

export function getCondition(slug: string): Promise<queries.ConditionPage | null> {
  if (!isSlug(slug)) return Promise.resolve(null)
  return unstable_cache(async () => queries.findCondition(await payload(), slug), ['condition', slug], {
    tags: [TAGS.condition(slug)],
  })()
}

export function getSymptom(slug: string): Promise<queries.SymptomPage | null> {
  if (!isSlug(slug)) return Promise.resolve(null)
  // The page lists conditions by name and slug, so any condition change refreshes it too.
  return unstable_cache(async () => queries.findSymptom(await payload(), slug), ['symptom', slug], {
    tags: [TAGS.symptom(slug), TAGS.conditions],
  })()
}

export function getPerson(slug: string): Promise<queries.PersonPage | null> {
  if (!isSlug(slug)) return Promise.resolve(null)
  // Any publish or unpublish may add or remove an article the person wrote or reviewed.
  return unstable_cache(async () => queries.findPerson(await payload(), slug), ['person', slug], {
    tags: [TAGS.person(slug), TAGS.articles],
  })()
}

/**
 * Other published articles sharing a symptom or condition with `article`. Tagged with those
 * symptoms and conditions, whose tags every publish or unpublish of an article naming them
 * expires: the page that shows the list is refreshed with it.
 */
export function getRelatedArticles(article: queries.ArticlePage): Promise<queries.ArticleCard[]> {
  const symptoms = article.symptoms.filter((symptom) => symptom.slug)
  const conditions = [
    ...new Map(article.causes.flatMap((cause) => cause.conditions).map((c) => [c.id, c] as const)).values(),
  ].filter((condition) => condition.slug)
  const input = {
    id: article.id,
    symptomIds: symptoms.map((symptom) => symptom.id).sort((a, b) => a - b),
    conditionIds: conditions.map((condition) => condition.id).sort((a, b) => a - b),
  }
  if (article.isDraft) return payload().then((client) => queries.findRelatedArticles(client, input))
  return unstable_cache(
    async () => queries.findRelatedArticles(await payload(), input),
    ['related', JSON.stringify(input)],
    {
      tags: [
        TAGS.article(article.slug!),
        ...symptoms.map((symptom) => TAGS.symptom(symptom.slug!)),
        ...conditions.map((condition) => TAGS.condition(condition.slug!)),
      ],
    },
  )()
}

export const getSitemapEntries = unstable_cache(async () => queries.findSitemapEntries(await payload()), ['sitemap'], {
  tags: [TAGS.articles, TAGS.conditions, TAGS.symptoms, TAGS.people],
})

/**
 * Reader search. Not cached: queries are open-ended, and PostgreSQL answers them from the GIN
 * index (see lib/search/searchIndex.ts). Only published documents are ever indexed.
 */
export async function searchSite(query: string, page: number) {
  const client = await payload()
  return readFromReplica(client, () => searchPublished(client, query, page))
}
