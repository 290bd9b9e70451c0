/**
 * The reader site's queries, as plain functions of a Payload instance. They read as an anonymous
 * visitor (`overrideAccess: false`, no user) unless given a staff `viewer` for draft previews.
 * Reader reads may be answered by a read replica that is up to date; previews read the primary.
 * `./index.ts` adds caching and draft mode around them; tests call them directly.
 */
import type { Payload, Where } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { BODY_REGIONS } from '@/collections/Symptoms'
import { readFromReplica } from '@/lib/db/readReplicas'
import { relationIds } from '@/plugins/common/relationIds'
import { sqlFor } from '@/plugins/common/sql'
import type { Article, Condition, Symptom, User } from '@/payload-types'

const published: Where = { _status: { equals: 'published' } }

/**
 * A read of published content as a reader: it may be answered by a read replica, but only one that
 * has replayed every commit the primary had made when the read began (lib/db/readReplicas.ts).
 * Everything else — staff previews included — reads the primary.
 */
const asReader =
  <A extends unknown[], R>(read: (payload: Payload, ...args: A) => Promise<R>) =>
  (payload: Payload, ...args: A): Promise<R> =>
    readFromReplica(payload, () => read(payload, ...args))

/**
 * What a page shows of a linked document: populating only these fields (instead of whole
 * conditions with their rich text, or whole people), and skipping the page count, took a draft
 * preview's read from 19 ms to 11 ms on the 10 000-article data set.
 */
const LINKED = {
  users: { name: true, slug: true, credentials: true, jobTitle: true, publicProfile: true },
  conditions: { name: true, slug: true },
  symptoms: { name: true, slug: true },
} as const

// ——— shapes the pages render ———

export type PersonLink = Pick<User, 'id' | 'name' | 'slug' | 'credentials' | 'jobTitle'>
export type ConditionLink = Pick<Condition, 'id' | 'name' | 'slug'>
export type SymptomLink = Pick<Symptom, 'id' | 'name' | 'slug'>
export type ArticleCard = Pick<Article, 'id' | 'question' | 'slug' | 'summary' | 'updatedAt'>

/** A clinical sign-off as readers see it: who, with the credentials they held when signing, and when. */
export interface ReviewCredit {
  reviewer: PersonLink | null
  name: string
  credentials: string | null
  signedAt: string
  nextReviewDue: string | null
}

/**
 * One published version in an article's public history. `publicNote` is the line for readers
 * approved with the sign-off; the internal change note is never read here (nor readable by a
 * visitor: the publication record keeps it staff-only).
 */
export interface HistoryEntry {
  id: number
  /** The published version's id (`_articles_v`): what a reader's feedback says they read. */
  versionId: string | null
  publishedAt: string
  review: Omit<ReviewCredit, 'nextReviewDue'> | null
  publicNote: string | null
}

/** `changeNote` is left out even for a staff preview: it is internal, and no page shows it. */
export interface ArticlePage extends Omit<Article, 'author' | 'symptoms' | 'causes' | 'changeNote'> {
  author: PersonLink | null
  symptoms: SymptomLink[]
  causes: Array<Omit<NonNullable<Article['causes']>[number], 'conditions'> & { conditions: ConditionLink[] }>
  /** The sign-off of exactly this version; null for a draft whose content has not been signed. */
  review: ReviewCredit | null
  /** Each published version, newest first. */
  history: HistoryEntry[]
  /** True when this is an unpublished draft shown to an editor. */
  isDraft: boolean
}

/**
 * A person readers may see: only one with a public profile. Readers cannot read anyone else; a
 * staff preview can, and is held to the same rule so that it shows what readers will see.
 */
const personLink = (value: unknown): PersonLink | null =>
  value && typeof value === 'object' && 'name' in value && (value as User).publicProfile === true
    ? (({ id, name, slug, credentials, jobTitle }: User) => ({ id, name, slug, credentials, jobTitle }))(value as User)
    : null

const links = <T extends { id: number }>(values: unknown, pick: (doc: T) => T): T[] =>
  (Array.isArray(values) ? values : []).filter((v): v is T => Boolean(v) && typeof v === 'object').map(pick)

/** The sign-off stored with `doc`, if it covers the content `doc` holds. */
function reviewCredit(doc: Article): ReviewCredit | null {
  const signOff = doc.signOff
  if (!signOff?.hash || !signOff.signedAt || !signOff.reviewerName || signOff.hash !== doc.contentHash) return null
  return {
    reviewer: personLink(signOff.reviewer),
    name: signOff.reviewerName,
    credentials: signOff.reviewerCredentials ?? null,
    signedAt: signOff.signedAt,
    nextReviewDue: signOff.nextReviewDue ?? null,
  }
}

function toArticlePage(
  { changeNote: _internal, ...doc }: Article,
  isDraft: boolean,
  history: HistoryEntry[],
): ArticlePage {
  return {
    ...doc,
    review: reviewCredit(doc),
    history,
    author: personLink(doc.author),
    symptoms: links<Symptom>(doc.symptoms, ({ id, name, slug }) => ({ id, name, slug }) as Symptom),
    causes: (doc.causes ?? []).map((cause) => ({
      ...cause,
      conditions: links<Condition>(cause.conditions, ({ id, name, slug }) => ({ id, name, slug }) as Condition),
    })),
    isDraft,
  }
}

/**
 * The article at `slug`: published, or for a staff `viewer` the newest draft. A preview reads the
 * primary (the draft saved a moment ago must show); a reader may be answered by a replica.
 */
export async function findArticle(
  payload: Payload,
  slug: string,
  viewer: User | null = null,
): Promise<ArticlePage | null> {
  return viewer ? articlePage(payload, slug, viewer) : readFromReplica(payload, () => articlePage(payload, slug, null))
}

async function articlePage(payload: Payload, slug: string, viewer: User | null): Promise<ArticlePage | null> {
  const { docs } = await payload.find({
    collection: 'articles',
    where: { slug: { equals: slug } },
    depth: 1,
    populate: LINKED,
    limit: 1,
    // One document by its unique slug: no count query for a page total nobody reads.
    pagination: false,
    draft: Boolean(viewer),
    overrideAccess: false,
    user: viewer ?? undefined,
  })
  const doc = docs[0]
  return doc ? toArticlePage(doc, doc._status !== 'published', await articleHistory(payload, doc.id)) : null
}

/** The published versions of an article, newest first, from the publication record. */
export const findArticleHistory = asReader(articleHistory)

/** `findArticleHistory` on whichever database the caller reads: a preview's is the primary. */
async function articleHistory(payload: Payload, id: number): Promise<HistoryEntry[]> {
  const { docs } = await payload.find({
    collection: 'publications',
    where: {
      subjectCollection: { equals: 'articles' },
      subjectId: { equals: String(id) },
      action: { equals: 'publish' },
    },
    sort: '-at',
    select: {
      at: true,
      versionId: true,
      publicNote: true,
      reviewer: true,
      reviewerName: true,
      reviewerCredentials: true,
      signedAt: true,
    },
    depth: 1,
    populate: { users: LINKED.users },
    pagination: false,
    overrideAccess: false,
  })
  return docs.map((record) => ({
    id: record.id,
    versionId: record.versionId ?? null,
    publishedAt: record.at,
    publicNote: record.publicNote?.trim() || null,
    review:
      record.reviewerName && record.signedAt
        ? {
            reviewer: personLink(record.reviewer),
            name: record.reviewerName,
            credentials: record.reviewerCredentials ?? null,
            signedAt: record.signedAt,
          }
        : null,
  }))
}

/** Where an article that used to live at `slug` lives now, if it is published. */
export const findArticleRedirect = asReader(async function findArticleRedirect(
  payload: Payload,
  slug: string,
): Promise<string | null> {
  const { docs } = await payload.find({
    collection: 'articles',
    where: { and: [published, { previousSlugs: { in: [slug] } }] },
    select: { slug: true, previousSlugs: true },
    depth: 0,
    limit: 1,
    overrideAccess: false,
  })
  const doc = docs.find((candidate) => candidate.previousSlugs?.includes(slug))
  return doc?.slug ?? null
})

export const findPublishedArticles = asReader(async function findPublishedArticles(
  payload: Payload,
  where: Where,
  limit: number = 0,
): Promise<ArticleCard[]> {
  const { docs } = await payload.find({
    collection: 'articles',
    where: { and: [published, where] },
    select: { question: true, slug: true, summary: true, updatedAt: true },
    sort: '-updatedAt',
    depth: 0,
    limit,
    pagination: limit > 0,
    overrideAccess: false,
  })
  return docs.map(({ id, question, slug, summary, updatedAt }) => ({ id, question, slug, summary, updatedAt }))
})

export interface BodyRegionGroup {
  region: string
  label: string
  symptoms: Array<Pick<Symptom, 'id' | 'name' | 'slug' | 'summary'>>
}

/**
 * The symptoms at least one published article is about. Only ids, from the relationship table:
 * reading every published article's symptoms through the Local API took the home page's
 * uncached render from milliseconds to a second on the 10 000-article data set.
 */
async function symptomsWithArticles(payload: Payload): Promise<Set<number>> {
  const { db } = await sqlFor(payload)
  const { rows } = await db.execute(sql`
    SELECT DISTINCT r.symptoms_id AS id FROM articles_rels r JOIN articles a ON a.id = r.parent_id
    WHERE r.path = 'symptoms' AND r.symptoms_id IS NOT NULL AND a._status = 'published'`)
  return new Set(rows.map((row) => Number(row.id)))
}

/**
 * Symptoms grouped by body region, in the order regions are declared. A symptom no published
 * article is about is left out (a reader would find an empty page), and so is an empty region.
 */
export const findSymptomsByBodyRegion = asReader(async function findSymptomsByBodyRegion(
  payload: Payload,
): Promise<BodyRegionGroup[]> {
  const [{ docs }, listed] = await Promise.all([
    payload.find({
      collection: 'symptoms',
      overrideAccess: false,
      depth: 0,
      limit: 0,
      pagination: false,
      sort: 'name',
      select: { name: true, slug: true, summary: true, bodyRegion: true },
    }),
    symptomsWithArticles(payload),
  ])
  return BODY_REGIONS.map(({ value, label }) => ({
    region: value,
    label,
    symptoms: docs
      .filter((doc) => doc.bodyRegion === value && listed.has(doc.id))
      .map(({ id, name, slug, summary }) => ({ id, name, slug, summary })),
  })).filter((group) => group.symptoms.length > 0)
})

export interface ConditionPage {
  condition: Condition
  articles: ArticleCard[]
}

/** A published condition and every published article that names it as a possible cause. */
export const findCondition = asReader(async function findCondition(
  payload: Payload,
  slug: string,
): Promise<ConditionPage | null> {
  const { docs } = await payload.find({
    collection: 'conditions',
    where: { slug: { equals: slug } },
    depth: 0,
    limit: 1,
    overrideAccess: false,
  })
  const condition = docs[0]
  if (!condition) return null
  return { condition, articles: await findPublishedArticles(payload, { 'causes.conditions': { in: [condition.id] } }) }
})

export interface SymptomPage {
  symptom: Symptom
  articles: ArticleCard[]
  /** Conditions the symptom's articles name as causes, most often named first. */
  causes: Array<ConditionLink & { count: number }>
}

/** A symptom, its published articles, and the causes those articles name (deduplicated, counted). */
export const findSymptom = asReader(async function findSymptom(
  payload: Payload,
  slug: string,
): Promise<SymptomPage | null> {
  const { docs } = await payload.find({
    collection: 'symptoms',
    where: { slug: { equals: slug } },
    depth: 0,
    limit: 1,
    overrideAccess: false,
  })
  const symptom = docs[0]
  if (!symptom) return null
  const { docs: articles } = await payload.find({
    collection: 'articles',
    where: { and: [published, { symptoms: { in: [symptom.id] } }] },
    // `causes: true` would drop the nested relationship (payload 3.90); name the sub-field.
    select: { question: true, slug: true, summary: true, updatedAt: true, causes: { conditions: true } },
    sort: '-updatedAt',
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: false,
  })
  // How many of these articles name each condition (once per article, however many causes do).
  const counts = new Map<number, number>()
  for (const article of articles) {
    const named = new Set((article.causes ?? []).flatMap((cause) => relationIds(cause.conditions).map(Number)))
    for (const id of named) counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  const { docs: conditions } = counts.size
    ? await payload.find({
        collection: 'conditions',
        where: { and: [published, { id: { in: [...counts.keys()] } }] },
        select: { name: true, slug: true },
        depth: 0,
        limit: 0,
        pagination: false,
        overrideAccess: false,
      })
    : { docs: [] }
  return {
    symptom,
    articles: articles.map(({ id, question, slug: s, summary, updatedAt }) => ({
      id,
      question,
      slug: s,
      summary,
      updatedAt,
    })),
    causes: conditions
      .map(({ id, name, slug: s }) => ({ id, name, slug: s, count: counts.get(id) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  }
})

export interface ReviewedArticle extends ArticleCard {
  /** When this person signed off the version readers see now. */
  reviewedAt: string
}

export interface PersonPage {
  person: Pick<User, 'id' | 'name' | 'slug' | 'credentials' | 'jobTitle' | 'bio' | 'photo'>
  /** Published articles this person wrote (the author is always the writer who wrote it). */
  written: ArticleCard[]
  /**
   * Published articles whose live version this person signed off: the sign-off stored with the
   * published version, counted only when it covers that version's content (its hash matches).
   */
  reviewed: ReviewedArticle[]
  /** The newest of those sign-offs: the credentials the reviewer registry verified when they signed. */
  lastSignOff: { credentials: string | null; signedAt: string } | null
}

/** A public profile, the published articles its person wrote, and those they medically reviewed. */
export const findPerson = asReader(async function findPerson(
  payload: Payload,
  slug: string,
): Promise<PersonPage | null> {
  const { docs } = await payload.find({
    collection: 'users',
    where: { slug: { equals: slug } },
    select: { name: true, slug: true, credentials: true, jobTitle: true, bio: true, photo: true },
    depth: 1,
    limit: 1,
    overrideAccess: false,
  })
  const person = docs[0]
  if (!person) return null
  const { id, name, slug: s, credentials, jobTitle, bio, photo } = person
  const [written, signed] = await Promise.all([
    findPublishedArticles(payload, { author: { equals: person.id } }),
    payload.find({
      collection: 'articles',
      where: { and: [published, { 'signOff.reviewer': { equals: person.id } }] },
      select: { question: true, slug: true, summary: true, updatedAt: true, contentHash: true, signOff: true },
      sort: '-updatedAt',
      depth: 0,
      limit: 0,
      pagination: false,
      overrideAccess: false,
    }),
  ])
  const reviewed = signed.docs
    .map((doc) => ({ doc, credit: reviewCredit(doc as Article) }))
    .filter(({ credit }) => credit !== null)
    .map(({ doc, credit }) => ({ ...articleCard(doc), reviewedAt: credit!.signedAt, credentials: credit!.credentials }))
    .sort((a, b) => b.reviewedAt.localeCompare(a.reviewedAt))
  const newest = reviewed[0]
  return {
    person: { id, name, slug: s, credentials, jobTitle, bio, photo },
    written,
    reviewed: reviewed.map(({ credentials: _held, ...card }) => card),
    lastSignOff: newest ? { credentials: newest.credentials, signedAt: newest.reviewedAt } : null,
  }
})

const articleCard = ({ id, question, slug, summary, updatedAt }: ArticleCard): ArticleCard => ({
  id,
  question,
  slug,
  summary,
  updatedAt,
})

/**
 * Up to `limit` other published articles that share a symptom or a condition with `article`,
 * those sharing the most first, then the newest.
 */
export const findRelatedArticles = asReader(async function findRelatedArticles(
  payload: Payload,
  article: { id: number; symptomIds: number[]; conditionIds: number[] },
  limit: number = 3,
): Promise<ArticleCard[]> {
  const { symptomIds, conditionIds } = article
  const shared: Where[] = [
    ...(symptomIds.length ? [{ symptoms: { in: symptomIds } }] : []),
    ...(conditionIds.length ? [{ 'causes.conditions': { in: conditionIds } }] : []),
  ]
  if (!shared.length) return []
  const { docs } = await payload.find({
    collection: 'articles',
    where: { and: [published, { id: { not_equals: article.id } }, { or: shared }] },
    select: {
      question: true,
      slug: true,
      summary: true,
      updatedAt: true,
      symptoms: true,
      causes: { conditions: true },
    },
    sort: '-updatedAt',
    depth: 0,
    // The newest candidates are enough to rank: a popular symptom may have thousands of articles.
    limit: 50,
    pagination: false,
    overrideAccess: false,
  })
  const mySymptoms = new Set(symptomIds)
  const myConditions = new Set(conditionIds)
  // How much each candidate shares: one point per shared symptom and per shared condition.
  const overlap = (doc: (typeof docs)[number]) => {
    const conditions = new Set((doc.causes ?? []).flatMap((cause) => relationIds(cause.conditions).map(Number)))
    return (
      relationIds(doc.symptoms).filter((id) => mySymptoms.has(Number(id))).length +
      [...conditions].filter((id) => myConditions.has(id)).length
    )
  }
  return docs
    .map((doc, order) => ({ doc, order, score: overlap(doc) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ doc }) => articleCard(doc as ArticleCard))
})

export interface SitemapEntry {
  path: string
  lastModified: string
}

/** Every public page, for sitemap.xml. */
export const findSitemapEntries = asReader(async function findSitemapEntries(
  payload: Payload,
): Promise<SitemapEntry[]> {
  const client = payload
  const common = { depth: 0, limit: 0, pagination: false, overrideAccess: false } as const
  const [articles, conditions, symptoms, people, listedSymptoms] = await Promise.all([
    client.find({ collection: 'articles', where: published, select: { slug: true, updatedAt: true }, ...common }),
    client.find({ collection: 'conditions', where: published, select: { slug: true, updatedAt: true }, ...common }),
    client.find({ collection: 'symptoms', select: { slug: true, updatedAt: true }, ...common }),
    client.find({ collection: 'users', select: { slug: true, updatedAt: true }, ...common }),
    symptomsWithArticles(client),
  ])
  const entries = (prefix: string, docs: Array<{ slug?: string | null; updatedAt: string }>) =>
    docs.filter((doc) => doc.slug).map((doc) => ({ path: `${prefix}/${doc.slug}`, lastModified: doc.updatedAt }))
  return [
    ...entries('/articles', articles.docs),
    ...entries('/conditions', conditions.docs),
    ...entries(
      '/symptoms',
      symptoms.docs.filter((doc) => listedSymptoms.has(doc.id)),
    ),
    ...entries('/people', people.docs),
  ]
})
