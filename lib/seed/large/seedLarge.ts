/**
 * `npm run seed:large`: fills a database with a large, realistic data set — people, symptoms,
 * conditions and cause articles with their whole review history — for benchmarks and for
 * checking query plans at scale.
 *
 * People and symptoms are few and go through the Local API. Conditions and articles are written
 * by `BulkWriter`: every planned event (create, edit, submit, sign-off, publish, unpublish) of
 * every document, in one global time order so the ledger reads chronologically, in batches of one
 * transaction each. Each event leaves exactly one version row, so the number of version rows is
 * how far a run got: an interrupted run resumes from there. The options are kept in the
 * database's comment, so a resumed run regenerates exactly the same plans.
 */
import crypto from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import { quoteIdentifier } from '@/lib/database'
import { sqlFor } from '@/lib/transactionDb'

import { BulkWriter, type DocState } from './bulkWriter'
import { type ArticleContext, articlePlan, type Cast, conditionPlan, personSpec, roleOf, symptomSpec } from './generate'
import type { DocPlan, Person, ReviewableCollection } from './plan'

export interface SeedLargeOptions {
  articles: number
  conditions: number
  symptoms: number
  people: number
  seed: number
}

export const DEFAULT_SEED_OPTIONS: SeedLargeOptions = { articles: 10_000, conditions: 500, symptoms: 60, people: 200, seed: 1 }

export type Phase = 'people' | 'symptoms' | 'conditions' | 'articles'

export interface Progress {
  phase: Phase
  /** Units done so far in this phase (people, symptoms, or history events for conditions and articles). */
  done: number
  total: number
  /** Units done in this phase by earlier, interrupted runs. */
  resumedFrom: number
}

export class SeedOptionsMismatch extends Error {}

const EMAIL_DOMAIN = '@causeway.example'
const SEED_CONTEXT = { disableRevalidate: true } as const
/** Events per transaction: large enough to amortise the commit, small enough to lose little on interrupt. */
const BATCH_EVENTS = 400
const ANALYZE_EVERY_BATCHES = 10

async function query<T extends Record<string, unknown>>(payload: Payload, text: ReturnType<typeof sql>): Promise<T[]> {
  const { db } = await sqlFor(payload)
  return (await db.execute(text)).rows as T[]
}

/** The options this database was seeded with (kept in its comment), or null. */
async function recordedOptions(payload: Payload): Promise<SeedLargeOptions | null> {
  const [row] = await query<{ comment: string | null }>(
    payload,
    sql`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()`,
  )
  try {
    const parsed = JSON.parse(row?.comment ?? '') as { seedLarge?: SeedLargeOptions }
    return parsed.seedLarge ?? null
  } catch {
    return null
  }
}

async function recordOptions(payload: Payload, options: SeedLargeOptions): Promise<void> {
  const [row] = await query<{ name: string }>(payload, sql`SELECT current_database() AS name`)
  const literal = JSON.stringify({ seedLarge: options }).replaceAll("'", "''")
  await query(payload, sql.raw(`COMMENT ON DATABASE ${quoteIdentifier(row!.name)} IS '${literal}'`))
}

const sameOptions = (a: SeedLargeOptions, b: SeedLargeOptions) =>
  a.articles === b.articles && a.conditions === b.conditions && a.symptoms === b.symptoms && a.people === b.people && a.seed === b.seed

/** Creates the people not yet there; returns everyone, by role (the cast of every plan). */
export async function seedPeople(payload: Payload, options: SeedLargeOptions, report: (progress: Progress) => void = () => {}): Promise<Cast> {
  const existing = await query<{ id: number; email: string; name: string; credentials: string | null }>(
    payload,
    sql`SELECT id, email, name, credentials FROM users WHERE email LIKE ${`%${EMAIL_DOMAIN}`} ORDER BY id`,
  )
  const byIndex = new Map<number, Person>()
  for (const row of existing) {
    const index = Number(/\.(\d+)@/.exec(row.email)?.[1])
    byIndex.set(index, { id: row.id, name: row.name, credentials: row.credentials })
  }
  const resumedFrom = byIndex.size
  // Nobody logs in as a generated person: each gets a random password nobody keeps.
  for (let index = 0; index < options.people; index++) {
    if (byIndex.has(index)) continue
    const spec = personSpec(options.seed, index, options.people)
    const doc = await payload.create({
      collection: 'users',
      data: { ...spec, password: crypto.randomBytes(24).toString('base64url'), publicProfile: spec.roles[0] !== 'admin' },
      overrideAccess: true,
      context: SEED_CONTEXT,
    })
    byIndex.set(index, { id: doc.id, name: doc.name, credentials: doc.credentials })
    report({ phase: 'people', done: byIndex.size, total: options.people, resumedFrom })
  }
  report({ phase: 'people', done: byIndex.size, total: options.people, resumedFrom })
  const cast: Cast = { writers: [], reviewers: [], editors: [] }
  for (const [index, person] of [...byIndex].sort(([a], [b]) => a - b)) {
    const role = roleOf(index, options.people)
    if (role === 'writer') cast.writers.push(person)
    else if (role === 'reviewer') cast.reviewers.push(person)
    else if (role === 'editor') cast.editors.push(person)
  }
  if (!cast.writers.length || cast.reviewers.length < 2 || !cast.editors.length) {
    throw new SeedOptionsMismatch('The data set needs at least one writer, two reviewers and one editor: use --people 10 or more.')
  }
  return cast
}

/** Creates the symptoms not yet there; returns all their ids in generated order. */
export async function seedSymptoms(payload: Payload, options: SeedLargeOptions, report: (progress: Progress) => void = () => {}): Promise<number[]> {
  const existing = await query<{ id: number; slug: string }>(payload, sql`SELECT id, slug FROM symptoms ORDER BY id`)
  const bySlug = new Map(existing.map((row) => [row.slug, row.id]))
  const resumedFrom = bySlug.size
  const ids: number[] = []
  for (let index = 0; index < options.symptoms; index++) {
    const spec = symptomSpec(index)
    let id = bySlug.get(spec.slug)
    if (id === undefined) {
      id = (await payload.create({ collection: 'symptoms', data: spec, overrideAccess: true, context: SEED_CONTEXT })).id
      report({ phase: 'symptoms', done: index + 1, total: options.symptoms, resumedFrom })
    }
    ids.push(id)
  }
  report({ phase: 'symptoms', done: options.symptoms, total: options.symptoms, resumedFrom })
  return ids
}

interface TimedEvent {
  plan: DocPlan
  seq: number
}

/** Every event of every plan, in time order (ties by document, then by the plan's own order). */
function timeline(plans: DocPlan[]): TimedEvent[] {
  const events = plans.flatMap((plan) => plan.events.map((_, seq) => ({ plan, seq })))
  return events.sort((a, b) => {
    const at = a.plan.events[a.seq]!.at.localeCompare(b.plan.events[b.seq]!.at)
    return at || a.plan.index - b.plan.index || a.seq - b.seq
  })
}

async function versionCount(payload: Payload, collection: ReviewableCollection): Promise<number> {
  const { totalDocs } = await payload.countVersions({ collection, overrideAccess: true })
  return totalDocs
}

/** Where each document whose life is only partly written stands, read back from the database. */
async function statesInFlight(payload: Payload, collection: ReviewableCollection, plans: DocPlan[]): Promise<Map<number, DocState>> {
  const states = new Map<number, DocState>()
  for (let start = 0; start < plans.length; start += 500) {
    const chunk = plans.slice(start, start + 500)
    const { docs } = await payload.find({
      collection,
      where: { slug: { in: chunk.map((plan) => plan.slug) } },
      draft: true,
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    const bySlug = new Map(docs.map((doc) => [doc.slug, doc as unknown as Record<string, unknown> & { id: number }]))
    for (const plan of chunk) {
      const doc = bySlug.get(plan.slug)
      if (!doc) continue
      const { docs: versions } = await payload.findVersions({
        collection,
        where: { parent: { equals: doc.id } },
        sort: '-updatedAt',
        limit: 1,
        depth: 0,
        overrideAccess: true,
        select: {},
      })
      const { id, updatedAt: _updatedAt, ...content } = doc
      states.set(plan.index, { id, doc: content, versionId: String(versions[0]!.id) })
    }
  }
  return states
}

async function writeHistory(
  payload: Payload,
  options: SeedLargeOptions,
  collection: ReviewableCollection,
  plans: DocPlan[],
  conditionNames: Map<number, string>,
  report: (progress: Progress) => void,
): Promise<void> {
  const events = timeline(plans)
  const resumedFrom = await versionCount(payload, collection)
  if (resumedFrom > events.length) {
    throw new SeedOptionsMismatch(
      `The database holds ${resumedFrom} ${collection} versions but the data set has only ${events.length} events: it was changed after seeding. Run again with --fresh.`,
    )
  }
  const remaining = events.slice(resumedFrom)
  const inFlight = new Set(remaining.filter((event) => event.seq > 0).map((event) => event.plan))
  const states = resumedFrom ? await statesInFlight(payload, collection, [...inFlight]) : new Map<number, DocState>()
  const lastSeq = new Map(plans.map((plan) => [plan.index, plan.events.length - 1]))

  let done = resumedFrom
  report({ phase: collection, done, total: events.length, resumedFrom })
  for (let start = 0; start < remaining.length; start += BATCH_EVENTS) {
    const batch = remaining.slice(start, start + BATCH_EVENTS)
    const req = await createLocalReq({ context: SEED_CONTEXT }, payload)
    await initTransaction(req)
    // States change only when the batch commits, so a failed batch leaves them as they were.
    const changed = new Map<number, DocState>()
    try {
      const writer = new BulkWriter(payload, req, options.seed, conditionNames)
      await writer.begin()
      for (const { plan, seq } of batch) {
        const state = changed.get(plan.index) ?? states.get(plan.index)
        changed.set(plan.index, await writer.apply(plan, plan.events[seq]!, state))
      }
      await commitTransaction(req)
    } catch (error) {
      await killTransaction(req)
      throw error
    }
    for (const [index, state] of changed) states.set(index, state)
    for (const { plan, seq } of batch) if (seq === lastSeq.get(plan.index)) states.delete(plan.index)
    done += batch.length
    // Fresh planner statistics as the tables grow: with the ones from when they were nearly empty,
    // Payload's own "mark older versions not latest" update reads a whole index per version and
    // the load slows down quadratically (autovacuum, which would do this, may be off or behind).
    if ((start / BATCH_EVENTS) % ANALYZE_EVERY_BATCHES === ANALYZE_EVERY_BATCHES - 1) await query(payload, sql`ANALYZE`)
    report({ phase: collection, done, total: events.length, resumedFrom })
  }
}

export const planConditions = (options: SeedLargeOptions, cast: Cast) =>
  Array.from({ length: options.conditions }, (_, index) => conditionPlan(options.seed, index, options.conditions, cast))

export const planArticles = (options: SeedLargeOptions, context: ArticleContext) =>
  Array.from({ length: options.articles }, (_, index) => articlePlan(options.seed, index, options.articles, context))

/** What article plans link to: the written conditions (ids and names, in generated order), the symptoms and the cast. */
export async function articleContext(payload: Payload, conditionPlans: DocPlan[], cast: Cast, symptoms: number[]): Promise<ArticleContext> {
  const rows = await query<{ id: number; name: string; slug: string }>(payload, sql`SELECT id, name, slug FROM conditions ORDER BY id`)
  const bySlug = new Map(rows.map((row) => [row.slug, row]))
  const conditions = conditionPlans.map((plan) => {
    const row = bySlug.get(plan.slug)
    if (!row) throw new Error(`Condition ${plan.slug} is missing after its history was written.`)
    return { id: row.id, name: row.name }
  })
  return { ...cast, conditions, symptoms }
}

export interface SeedLargeSummary {
  resumed: boolean
  counts: Record<Phase, number>
}

/**
 * Seeds (or finishes seeding) the data set described by `options` into the database `payload`
 * is connected to. Refuses a database seeded with other options, or one holding other content.
 */
export async function seedLarge(
  payload: Payload,
  options: SeedLargeOptions,
  report: (progress: Progress) => void = () => {},
): Promise<SeedLargeSummary> {
  const recorded = await recordedOptions(payload)
  if (recorded && !sameOptions(recorded, options)) {
    throw new SeedOptionsMismatch(
      `This database was seeded with ${describe(recorded)}; this run asks for ${describe(options)}. Run with the same options to resume, or add --fresh to start over.`,
    )
  }
  if (!recorded) {
    const { totalDocs } = await payload.count({ collection: 'articles', overrideAccess: true })
    if (totalDocs > 0) {
      throw new SeedOptionsMismatch(
        'This database already holds articles that seed:large did not write. Point it at a database of its own (--database-url), or add --fresh to empty this one.',
      )
    }
    await recordOptions(payload, options)
  }

  const cast = await seedPeople(payload, options, report)
  const symptoms = await seedSymptoms(payload, options, report)

  const conditionPlans = planConditions(options, cast)
  await writeHistory(payload, options, 'conditions', conditionPlans, new Map(), report)

  const context = await articleContext(payload, conditionPlans, cast, symptoms)
  const articlePlans = planArticles(options, context)
  await writeHistory(payload, options, 'articles', articlePlans, new Map(context.conditions.map((c) => [c.id, c.name])), report)
  await query(payload, sql`ANALYZE`)

  return {
    resumed: Boolean(recorded),
    counts: { people: options.people, symptoms: options.symptoms, conditions: options.conditions, articles: options.articles },
  }
}

export function describe(options: SeedLargeOptions): string {
  return `--articles ${options.articles} --conditions ${options.conditions} --symptoms ${options.symptoms} --people ${options.people} --seed ${options.seed}`
}
