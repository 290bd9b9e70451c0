/**
 * The large data set generator (`npm run seed:large`): what its bulk writer leaves is what the
 * real workflow leaves for the same plan; every planned event lands exactly once, also across an
 * interrupted and resumed run; the ledger it writes verifies; it refuses mismatched options.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DocPlan } from '@/lib/seed/large/plan'
import { playWithWorkflow } from '@/lib/seed/large/playWithWorkflow'
import {
  articleContext,
  planArticles,
  planConditions,
  seedLarge,
  type SeedLargeOptions,
  SeedOptionsMismatch,
  seedPeople,
  seedSymptoms,
} from '@/lib/seed/large/seedLarge'
import { sqlFor } from '@/lib/transactionDb'
import { verifyStoredLedger } from '@/plugins/medicalReview/ledger/verifyStoredLedger'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

const OPTIONS: SeedLargeOptions = { articles: 80, conditions: 12, symptoms: 8, people: 16, seed: 7 }

let ctx: PayloadIntContext
let payload: Payload
let conditionPlans: DocPlan[]
let articlePlans: DocPlan[]

async function rows<T>(text: ReturnType<typeof sql>): Promise<T[]> {
  const { db } = await sqlFor(payload)
  return (await db.execute(text)).rows as T[]
}

class Interrupted extends Error {}

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  // Interrupted once part-way through the articles, then run again to the end.
  let batches = 0
  await expect(
    seedLarge(payload, OPTIONS, (progress) => {
      if (progress.phase === 'articles' && progress.done > 0 && ++batches === 1) throw new Interrupted('stop')
    }),
  ).rejects.toBeInstanceOf(Interrupted)
  const resumed = await seedLarge(payload, OPTIONS)
  expect(resumed.resumed).toBe(true)

  const cast = await seedPeople(payload, OPTIONS)
  const symptoms = await seedSymptoms(payload, OPTIONS)
  conditionPlans = planConditions(OPTIONS, cast)
  articlePlans = planArticles(OPTIONS, await articleContext(payload, conditionPlans, cast, symptoms))
}, 240_000)

afterAll(async () => {
  await ctx?.cleanup()
})

const kinds = (plan: DocPlan) => plan.events.map((event) => event.kind).join(',')

describe('seed:large', () => {
  it('writes every planned event exactly once across an interrupted and resumed run', async () => {
    for (const [collection, plans] of [
      ['articles', articlePlans],
      ['conditions', conditionPlans],
    ] as const) {
      const versions = await rows<{ slug: string; n: number }>(
        sql`SELECT d.slug, count(v.id)::int AS n FROM ${sql.identifier(collection)} d JOIN ${sql.identifier(`_${collection}_v`)} v ON v.parent_id = d.id GROUP BY d.slug`,
      )
      const written = new Map(versions.map((row) => [row.slug, row.n]))
      expect(written.size).toBe(plans.length)
      for (const plan of plans) expect(written.get(plan.slug), plan.slug).toBe(plan.events.length)
    }
    const planned = (kind: string) => [...articlePlans, ...conditionPlans].flatMap((plan) => plan.events).filter((event) => event.kind === kind).length
    const [ledger] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM reviews`)
    expect(ledger!.n).toBe(planned('signOff'))
    const records = await rows<{ action: string; n: number }>(sql`SELECT action, count(*)::int AS n FROM publications GROUP BY action`)
    expect(Object.fromEntries(records.map((row) => [row.action, row.n]))).toEqual({ publish: planned('publish'), unpublish: planned('unpublish') })
  })

  it('generates a realistic mix: 3–8 causes, drafts, reviews in progress, history and unpublished articles', () => {
    const causes = articlePlans.map((plan) => (plan.data.causes as unknown[]).length)
    expect(Math.min(...causes)).toBeGreaterThanOrEqual(3)
    expect(Math.max(...causes)).toBeLessThanOrEqual(8)
    const published = articlePlans.filter((plan) => plan.events.some((event) => event.kind === 'publish'))
    const neverSubmitted = articlePlans.filter((plan) => !plan.events.some((event) => event.kind === 'submit'))
    const republished = articlePlans.filter((plan) => plan.events.filter((event) => event.kind === 'publish').length > 1)
    expect(published.length / articlePlans.length).toBeGreaterThan(0.6)
    expect(neverSubmitted.length).toBeGreaterThan(0)
    expect(republished.length).toBeGreaterThan(0)
    // The ledger reads in time order, as if the history had happened.
    const signed = articlePlans.flatMap((plan) => plan.events.filter((event) => event.kind === 'signOff').map((event) => event.by.id))
    const authors = new Set(articlePlans.map((plan) => plan.data.author))
    expect(signed.some((id) => authors.has(id))).toBe(false)
  })

  it('keeps the ledger in time order, and it verifies', async () => {
    const ledger = await rows<{ signed_at: string }>(sql`SELECT signed_at FROM reviews ORDER BY id`)
    const times = ledger.map((row) => new Date(row.signed_at).getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const { checked, problem } = await verifyStoredLedger(payload)
    expect(problem).toBeNull()
    expect(checked).toBe(ledger.length)
  })

  it('refuses to resume with other options, naming both', async () => {
    const error = await seedLarge(payload, { ...OPTIONS, articles: OPTIONS.articles + 1 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SeedOptionsMismatch)
    expect((error as Error).message).toContain('--articles 80')
    expect((error as Error).message).toContain('--articles 81')
  })

  it('leaves the same records as the real workflow for the same plan', async () => {
    // One plan of each shape (event sequence), plus a condition.
    const shapes = new Map<string, DocPlan>()
    for (const plan of articlePlans) if (!shapes.has(kinds(plan))) shapes.set(kinds(plan), plan)
    const samples = [...shapes.values(), conditionPlans.find((plan) => kinds(plan).includes('publish'))!]
    expect(samples.length).toBeGreaterThanOrEqual(6)
    expect(new Set(samples.flatMap((plan) => plan.events.map((event) => event.kind)))).toEqual(
      new Set(['create', 'edit', 'submit', 'signOff', 'publish', 'unpublish']),
    )

    for (const plan of samples) {
      // The slug is not clinical content; a copy with its own slug gets the same hashes.
      const copy = { ...plan, slug: `${plan.slug}-via-workflow` }
      await playWithWorkflow(payload, OPTIONS.seed, copy)
      const [bulk, real] = await Promise.all([recordsOf(plan), recordsOf(copy)])
      expect(bulk, `${plan.collection} ${kinds(plan)}`).toEqual(real)
    }
  }, 120_000)
})

/** Keys that differ between any two writes of the same content: ids, times, chain links. */
const VOLATILE = new Set([
  'id',
  'parent',
  'slug',
  'createdAt',
  'updatedAt',
  'entry',
  'versionId',
  'signedAt',
  'nextReviewDue',
  'at',
  'subjectId',
  'entryHash',
  'previousHash',
  'signOffEntry',
])

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, child]) => [key, normalise(child)]),
  )
}

/** Everything a document's life left behind, read through Payload and SQL, without volatile keys. */
async function recordsOf(plan: DocPlan) {
  const collection = plan.collection
  const { docs } = await payload.find({ collection, where: { slug: { equals: plan.slug } }, depth: 0, overrideAccess: true, limit: 1 })
  const live = docs[0]!
  const newest = await payload.findByID({ collection, id: live.id, draft: true, depth: 0, overrideAccess: true })
  const { docs: versions } = await payload.findVersions({
    collection,
    where: { parent: { equals: live.id } },
    sort: 'updatedAt',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const { docs: ledger } = await payload.find({
    collection: 'reviews',
    where: { and: [{ subjectCollection: { equals: collection } }, { subjectId: { equals: String(live.id) } }] },
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const { docs: publications } = await payload.find({
    collection: 'publications',
    where: { and: [{ subjectCollection: { equals: collection } }, { subjectId: { equals: String(live.id) } }] },
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const search = await rows(
    sql`SELECT title, summary, body, vector::text AS vector FROM search_documents WHERE collection = ${collection} AND doc_id = ${live.id}`,
  )
  return normalise({
    live,
    newest,
    versions: versions.map((version) => ({ latest: version.latest, autosave: (version as { autosave?: boolean }).autosave, version: version.version })),
    ledger,
    publications,
    search,
  })
}
