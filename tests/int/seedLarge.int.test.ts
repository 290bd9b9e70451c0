/**
 * The large data set generator (`npm run seed:large`): what its bulk writer leaves is what the
 * real workflow leaves for the same plan; every planned event lands exactly once, also across an
 * interrupted and resumed run; the ledger it writes verifies; it refuses mismatched options.
 */
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq, initTransaction, killTransaction, type Payload, type Where } from 'payload'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { BulkWriter } from '@/seed/large/bulkWriter'
import { ARTICLES_FROM, HISTORY_UNTIL } from '@/seed/large/generate'
import type { DocPlan } from '@/seed/large/plan'
import { playWithWorkflow } from '@/seed/large/playWithWorkflow'
import {
  articleContext,
  planArticles,
  planConditions,
  seedLarge,
  type SeedLargeOptions,
  SeedOptionsMismatch,
  seedPeople,
  seedSymptoms,
} from '@/seed/large/seedLarge'
import { sqlRows } from '@/plugins/common/sql'
import { verifyStoredLedger } from '@/plugins/medicalReview/ledger/verifyStoredLedger'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

// Seed 3 gives this small set every kind of event, unpublishing included.
const OPTIONS: SeedLargeOptions = { articles: 80, conditions: 12, symptoms: 8, people: 16, seed: 3 }

let ctx: PayloadIntContext
let payload: Payload
let conditionPlans: DocPlan[]
let articlePlans: DocPlan[]

const rows = <T>(text: ReturnType<typeof sql>) => sqlRows<T>(payload, text)

class Interrupted extends Error {}

const BATCH = 20
const atInterruption: Record<string, Map<string, number>> = {}

/** Makes the bulk writer fail on the `n`-th step of the next run (mid-batch), once. */
function failOnStep(n: number) {
  let seen = 0
  const original = BulkWriter.prototype.apply
  return vi.spyOn(BulkWriter.prototype, 'apply').mockImplementation(async function (
    this: BulkWriter,
    plan,
    event,
    state,
  ) {
    if (++seen === n) throw new Interrupted(`step ${n}`)
    return original.call(this, plan, event, state)
  })
}

/** How many versions each document had when a run was interrupted, by slug. */
async function versionsBySlug(collection: 'articles' | 'conditions'): Promise<Map<string, number>> {
  const counts = await rows<{ slug: string; n: number }>(
    sql`SELECT d.slug, count(v.id)::int AS n FROM ${sql.identifier(collection)} d JOIN ${sql.identifier(`_${collection}_v`)} v ON v.parent_id = d.id GROUP BY d.slug`,
  )
  return new Map(counts.map((row) => [row.slug, row.n]))
}

async function versionsWritten() {
  let total = 0
  for (const collection of ['conditions', 'articles'] as const)
    total += (await payload.countVersions({ collection, overrideAccess: true })).totalDocs
  return total
}

/**
 * Versions there must be after a run that started with `start` written and failed on its `step`-th
 * step, if every batch before the failing one committed and the failing one left nothing. The
 * history is written in two phases (conditions until 2024, then everything), each in batches.
 */
function expectedAfterFailure(start: number, step: number, firstPhase: number): number {
  const leftInFirst = Math.max(firstPhase - start, 0)
  if (step <= leftInFirst) return start + Math.floor((step - 1) / BATCH) * BATCH
  return start + leftInFirst + Math.floor((step - 1 - leftInFirst) / BATCH) * BATCH
}

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const run = () => seedLarge(payload, OPTIONS, undefined, { batchEvents: BATCH })

  // Interrupted in the middle of a batch, early (among the conditions).
  let spy = failOnStep(2 * BATCH + 7)
  await expect(run()).rejects.toBeInstanceOf(Interrupted)
  spy.mockRestore()
  const cast = await seedPeople(payload, OPTIONS)
  conditionPlans = planConditions(OPTIONS, cast)
  const firstPhase = conditionPlans
    .flatMap((plan) => plan.events)
    .filter((event) => Date.parse(event.at) < ARTICLES_FROM).length
  const afterFirst = await versionsWritten()
  expect(afterFirst, 'versions after the first interruption').toBe(expectedAfterFailure(0, 2 * BATCH + 7, firstPhase))
  atInterruption.conditions = await versionsBySlug('conditions')

  // Interrupted again, mid-batch, among the articles.
  const step = Math.max(firstPhase - afterFirst, 0) + 3 * BATCH + 13
  spy = failOnStep(step)
  await expect(run()).rejects.toBeInstanceOf(Interrupted)
  spy.mockRestore()
  expect(await versionsWritten(), 'versions after the second interruption').toBe(
    expectedAfterFailure(afterFirst, step, firstPhase),
  )
  atInterruption.articles = await versionsBySlug('articles')

  const resumed = await run()
  expect(resumed.resumed).toBe(true)

  const symptoms = await seedSymptoms(payload, OPTIONS)
  articlePlans = planArticles(OPTIONS, await articleContext(payload, conditionPlans, cast, symptoms))
}, 240_000)

afterAll(async () => {
  await ctx?.cleanup()
})

const kinds = (plan: DocPlan) => plan.events.map((event) => event.kind).join(',')

describe('seed:large', () => {
  it('writes every planned event exactly once across interrupted and resumed runs', async () => {
    // Both interruptions left documents part-way through their lives, which the resumed run finished.
    for (const [collection, plans] of [
      ['articles', articlePlans],
      ['conditions', conditionPlans],
    ] as const) {
      const partial = plans.filter((plan) => {
        const written = atInterruption[collection]!.get(plan.slug) ?? 0
        return written > 0 && written < plan.events.length
      })
      expect(partial.length, `${collection} in flight at the interruption`).toBeGreaterThan(0)
    }
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
    const planned = (kind: string) =>
      [...articlePlans, ...conditionPlans].flatMap((plan) => plan.events).filter((event) => event.kind === kind).length
    const [ledger] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM reviews`)
    expect(ledger!.n).toBe(planned('signOff'))
    const records = await rows<{ action: string; n: number }>(
      sql`SELECT action, count(*)::int AS n FROM publications GROUP BY action`,
    )
    expect(planned('unpublish')).toBeGreaterThan(0)
    expect(Object.fromEntries(records.map((row) => [row.action, row.n]))).toEqual({
      publish: planned('publish'),
      unpublish: planned('unpublish'),
    })
  })

  it('generates a realistic mix: 3–8 causes, drafts, reviews in progress, history and unpublished articles', () => {
    const causes = articlePlans.map((plan) => (plan.data.causes as unknown[]).length)
    expect(Math.min(...causes)).toBeGreaterThanOrEqual(3)
    expect(Math.max(...causes)).toBeLessThanOrEqual(8)
    const published = articlePlans.filter((plan) => plan.events.some((event) => event.kind === 'publish'))
    const neverSubmitted = articlePlans.filter((plan) => !plan.events.some((event) => event.kind === 'submit'))
    const republished = articlePlans.filter(
      (plan) => plan.events.filter((event) => event.kind === 'publish').length > 1,
    )
    expect(published.length / articlePlans.length).toBeGreaterThan(0.6)
    expect(neverSubmitted.length).toBeGreaterThan(0)
    expect(republished.length).toBeGreaterThan(0)
  })

  it('keeps sign-offs current as a real team would: few published documents are past their review date when the history ends', async () => {
    for (const collection of ['articles', 'conditions'] as const) {
      const [row] = await rows<{ published: number; overdue: number }>(
        sql`SELECT count(*)::int AS published, count(*) FILTER (WHERE sign_off_next_review_due < ${new Date(HISTORY_UNTIL).toISOString()})::int AS overdue
            FROM ${sql.identifier(collection)} WHERE _status = 'published'`,
      )
      expect(row!.published, collection).toBeGreaterThan(0)
      expect(row!.overdue / row!.published, collection).toBeLessThan(0.2)
    }
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
    const error = await seedLarge(payload, { ...OPTIONS, articles: OPTIONS.articles + 1 }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(SeedOptionsMismatch)
    expect((error as Error).message).toContain(`--articles ${OPTIONS.articles} `)
    expect((error as Error).message).toContain(`--articles ${OPTIONS.articles + 1} `)
  })

  it('refuses to run in production', async () => {
    const previous = process.env.NODE_ENV
    ;(process.env as Record<string, string>).NODE_ENV = 'production'
    try {
      await expect(seedLarge(payload, OPTIONS)).rejects.toThrow(/refuses to run with NODE_ENV=production/)
    } finally {
      ;(process.env as Record<string, string>).NODE_ENV = previous!
    }
  })

  it('refuses to publish content nobody signed off, writing nothing', async () => {
    const source = articlePlans.find((plan) => kinds(plan).includes('publish'))!
    const plan = { ...source, slug: 'never-signed-off' }
    const create = plan.events[0]!
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    try {
      const writer = new BulkWriter(payload, req, OPTIONS.seed, new Map())
      await writer.begin()
      const created = await writer.apply(plan, create, undefined)
      await expect(writer.apply(plan, { kind: 'publish', at: create.at, by: create.by }, created)).rejects.toThrow(
        /not signed off/,
      )
    } finally {
      await killTransaction(req)
    }
    const { totalDocs } = await payload.count({
      collection: 'articles',
      where: { slug: { equals: plan.slug } },
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)
  })

  it('leaves the same records as the real workflow for the same plan', async () => {
    // One plan of each shape (event sequence), plus a condition.
    const shapes = new Map<string, DocPlan>()
    for (const plan of articlePlans) if (!shapes.has(kinds(plan))) shapes.set(kinds(plan), plan)
    const samples = [...shapes.values(), conditionPlans.find((plan) => kinds(plan).includes('publish'))!]
    expect(samples.length).toBeGreaterThanOrEqual(6)
    expect(new Set(samples.flatMap((plan) => plan.events.map((event) => event.kind)))).toEqual(
      new Set(['create', 'edit', 'submit', 'signOff', 'answer', 'publish', 'unpublish']),
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

/** Keys that differ between any two writes of the same content: row ids, times (the checklist's too), chain hashes (which cover times). */
const VOLATILE = new Set([
  'id',
  'parent',
  'slug',
  'createdAt',
  'updatedAt',
  'signedAt',
  'nextReviewDue',
  'at',
  'raisedAt',
  'answeredAt',
  'subjectId',
  'entryHash',
  'previousHash',
])

/**
 * Without volatile keys; references to the document's own versions and ledger entries become
 * their positions (first version = 0), so a record pointing at the wrong version still differs.
 */
function normalise(value: unknown, refs: { versions: Map<string, number>; entries: Map<string, number> }): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item, refs))
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, child]) => {
        if (key === 'versionId')
          return [
            key,
            child === null ? null : `version ${refs.versions.get(String(child)) ?? `unknown ${String(child)}`}`,
          ]
        if (key === 'entry' || key === 'signOffEntry')
          return [key, child === null ? null : `entry ${refs.entries.get(String(child)) ?? `unknown ${String(child)}`}`]
        return [key, normalise(child, refs)]
      }),
  )
}

/** Everything a document's life left behind, read through Payload and SQL. */
async function recordsOf(plan: DocPlan) {
  const collection = plan.collection
  const { docs } = await payload.find({
    collection,
    where: { slug: { equals: plan.slug } },
    depth: 0,
    overrideAccess: true,
    limit: 1,
  })
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
  const subject: Where = {
    and: [{ subjectCollection: { equals: collection } }, { subjectId: { equals: String(live.id) } }],
  }
  const { docs: ledger } = await payload.find({
    collection: 'reviews',
    where: subject,
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const { docs: publications } = await payload.find({
    collection: 'publications',
    where: subject,
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const search = await rows(
    sql`SELECT title, summary, body, vector::text AS vector FROM search_documents WHERE collection = ${collection} AND doc_id = ${live.id}`,
  )
  const refs = {
    versions: new Map(versions.map((version, position) => [String(version.id), position])),
    entries: new Map(ledger.map((entry, position) => [String(entry.id), position])),
  }
  return normalise(
    {
      live,
      newest,
      versions: versions.map((version) => ({
        latest: version.latest,
        autosave: (version as { autosave?: boolean }).autosave,
        version: version.version,
      })),
      ledger,
      publications,
      search,
    },
    refs,
  )
}
