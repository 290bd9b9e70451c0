/**
 * The lists the site and the admin run most, run exactly as they run (the same data functions and
 * Local API calls), with the SQL Payload sends captured and put through `EXPLAIN`. A hot query
 * that has to read a large table from end to end (a sequential scan) gets slower with every
 * article; one that starts from an index does not. Used by the integration test on 10 000
 * articles and reported by `npm run bench` on the generated data set.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import type { Pool, QueryConfig } from 'pg'

import { findArticle, findCondition, findSymptom } from '@/lib/data/queries'
import { searchPublished } from '@/lib/search/searchIndex'
import { sqlRows } from '@/plugins/common/sql'
import { expiredReviewsWhere, QUEUE_READ, reviewQueueLists } from '@/plugins/medicalReview'

/** Tables this small are read whole whatever the indexes; the planner is right to. */
export const LARGE_TABLE_ROWS = 5_000

export interface Samples {
  articleSlug: string
  conditionSlug: string
  symptomSlug: string
  reviewerId: number
}

interface HotQuery {
  name: string
  run: (payload: Payload, samples: Samples) => Promise<unknown>
}

type Listed = 'articles' | 'conditions'

/** A review-queue list exactly as the dashboard reads it (plugins/medicalReview/queries.ts). */
const queueList =
  (collection: Listed, list: keyof ReturnType<typeof reviewQueueLists>) => (payload: Payload, samples: Samples) => {
    const { where, draft } = reviewQueueLists(samples.reviewerId, new Date())[list]
    return payload.find({ collection, where, draft, ...QUEUE_READ, overrideAccess: true })
  }

/**
 * The hot lists: the reader pages through lib/data/queries.ts itself, the review queue and the
 * expiry job through the plugin's own query definitions, the admin's list and picker as Payload's
 * admin asks for them.
 */
export const HOT_QUERIES: HotQuery[] = [
  { name: 'article page (by slug, with history)', run: (payload, s) => findArticle(payload, s.articleSlug) },
  { name: 'articles by symptom (symptom page)', run: (payload, s) => findSymptom(payload, s.symptomSlug) },
  { name: 'articles by condition (condition page)', run: (payload, s) => findCondition(payload, s.conditionSlug) },
  { name: 'articles by stage (review queue: waiting on me)', run: queueList('articles', 'mine') },
  { name: 'articles by stage (review queue: changes requested)', run: queueList('articles', 'requested') },
  { name: 'articles by stage (review queue: stale sign-offs)', run: queueList('articles', 'signedDrafts') },
  { name: 'articles by next review due (review queue: due soon)', run: queueList('articles', 'dueSoon') },
  {
    name: 'articles by next review due (expiry job)',
    run: (payload) =>
      payload.find({
        collection: 'articles',
        where: expiredReviewsWhere(new Date()),
        draft: false,
        depth: 0,
        pagination: false,
        overrideAccess: true,
      }),
  },
  {
    name: 'articles by stage (admin list filter)',
    run: (payload) =>
      payload.find({
        collection: 'articles',
        where: { reviewStage: { equals: 'changes-requested' } },
        draft: true,
        depth: 0,
        limit: 10,
        sort: '-updatedAt',
        overrideAccess: true,
      }),
  },
  {
    name: 'conditions by name (admin list and picker)',
    run: (payload) =>
      payload.find({ collection: 'conditions', sort: 'name', draft: true, depth: 0, limit: 10, overrideAccess: true }),
  },
  { name: 'search', run: (payload) => searchPublished(payload, 'pain after running') },
]

export interface ScanNode {
  node: string
  relation: string
  index?: string
}

export interface ExplainedQuery {
  name: string
  statements: number
  /** Sequential scans of tables with at least LARGE_TABLE_ROWS rows: what must stay empty. */
  largeSeqScans: string[]
  /** Every table access in the plans, for the report. */
  scans: ScanNode[]
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

/** Bitmap index scans under a bitmap heap scan (they name the index, not the table). */
const bitmapIndexes = (node: PlanNode): string[] =>
  (node.Plans ?? []).flatMap((child) =>
    child['Node Type'] === 'Bitmap Index Scan' && child['Index Name'] ? [child['Index Name']] : bitmapIndexes(child),
  )

function scansOf(node: PlanNode, into: ScanNode[] = []): ScanNode[] {
  if (node['Relation Name']) {
    const index =
      node['Index Name'] ?? (node['Node Type'] === 'Bitmap Heap Scan' ? bitmapIndexes(node).join(' + ') : undefined)
    into.push({ node: node['Node Type'], relation: node['Relation Name'], ...(index ? { index } : {}) })
  }
  for (const child of node.Plans ?? []) scansOf(child, into)
  return into
}

/** Picks real values to query with: the busiest symptom, condition and reviewer, a published article. */
export async function pickSamples(payload: Payload): Promise<Samples> {
  const one = async (query: ReturnType<typeof sql>) => (await sqlRows(payload, query))[0]
  const article = await one(sql`SELECT slug FROM articles WHERE _status = 'published' ORDER BY id LIMIT 1`)
  const symptom = await one(
    sql`SELECT s.slug FROM articles_rels r JOIN symptoms s ON s.id = r.symptoms_id GROUP BY s.slug ORDER BY count(*) DESC, s.slug LIMIT 1`,
  )
  const condition = await one(
    sql`SELECT c.slug FROM articles_rels r JOIN conditions c ON c.id = r.conditions_id WHERE c._status = 'published' GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1`,
  )
  const reviewer = await one(
    sql`SELECT version_assigned_reviewer_id AS id FROM _articles_v WHERE latest AND version_review_stage = 'in-review' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  )
  if (!article || !symptom || !condition)
    throw new Error('The database holds no published articles linked to symptoms and conditions to query with.')
  return {
    articleSlug: String(article.slug),
    symptomSlug: String(symptom.slug),
    conditionSlug: String(condition.slug),
    reviewerId: Number(reviewer?.id ?? 0),
  }
}

/** Runs each hot query, capturing the SQL Payload sends, and EXPLAINs every SELECT it sent. */
export async function explainHotQueries(payload: Payload, samples?: Samples): Promise<ExplainedQuery[]> {
  const values = samples ?? (await pickSamples(payload))
  const pool = (payload.db as unknown as { pool: Pool }).pool
  const { rows: sizes } = await pool.query<{ relname: string; rows: number }>(
    "SELECT relname, reltuples::bigint AS rows FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
  )
  const large = new Set(sizes.filter((row) => Number(row.rows) >= LARGE_TABLE_ROWS).map((row) => row.relname))

  const results: ExplainedQuery[] = []
  for (const query of HOT_QUERIES) {
    const captured: Array<{ text: string; values: unknown[] }> = []
    const original = pool.query.bind(pool)
    pool.query = ((config: string | QueryConfig, params?: unknown[]) => {
      const text = typeof config === 'string' ? config : config.text
      captured.push({
        text,
        values: (params ?? (typeof config === 'object' ? config.values : undefined) ?? []) as unknown[],
      })
      return (original as (c: unknown, p?: unknown) => Promise<unknown>)(config, params)
    }) as Pool['query']
    try {
      await query.run(payload, values)
    } finally {
      pool.query = original as Pool['query']
    }
    const scans: ScanNode[] = []
    let statements = 0
    for (const statement of captured) {
      if (!/^\s*(select|with)\b/i.test(statement.text)) continue
      statements++
      const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
        `EXPLAIN (FORMAT JSON) ${statement.text}`,
        statement.values,
      )
      scansOf(rows[0]!['QUERY PLAN'][0]!.Plan, scans)
    }
    results.push({
      name: query.name,
      statements,
      largeSeqScans: [
        ...new Set(
          scans.filter((scan) => scan.node === 'Seq Scan' && large.has(scan.relation)).map((scan) => scan.relation),
        ),
      ],
      scans,
    })
  }
  return results
}
