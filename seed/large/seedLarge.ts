/**
 * `npm run seed:large`: fills a database with a large, realistic data set — people, symptoms,
 * conditions and cause articles with their whole review history — for benchmarks and for
 * checking query plans at scale.
 *
 * People and symptoms are few and go through the Local API. Conditions and articles are written
 * by `BulkWriter`: every planned event (create, edit, submit, sign-off, answer to a request,
 * publish, unpublish) of every document, in one global time order so the ledger reads
 * chronologically, in batches of one transaction each. Each event leaves exactly one version row, so the number of version rows is
 * how far a run got: an interrupted run resumes from there. The options are kept in the
 * database's comment, so a resumed run regenerates exactly the same plans.
 */
import crypto from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'
import type { Pool } from 'pg'

import { quoteIdentifier } from '@/tooling/db/selectDatabase'
import { isProduction } from '@/lib/runtimeConfig'
import { sqlRows } from '@/plugins/common/sql'
import { reviewerRegistry } from '@/collections/Users/registry'

import { verifiedLicence } from '../licences'
import { BulkWriter, type DocState } from './bulkWriter'
import {
  type ArticleContext,
  articlePlan,
  ARTICLES_FROM,
  type Cast,
  conditionPlan,
  personSpec,
  roleOf,
  symptomSpec,
} from './generate'
import type { DocPlan, Person, ReviewableCollection } from './plan'
import { newestVersionId } from '@/plugins/medicalReview'

export interface SeedLargeOptions {
  articles: number
  conditions: number
  symptoms: number
  people: number
  seed: number
}

export const DEFAULT_SEED_OPTIONS: SeedLargeOptions = {
  articles: 10_000,
  conditions: 500,
  symptoms: 60,
  people: 200,
  seed: 1,
}

export type Phase = 'people' | 'symptoms' | 'conditions' | 'history'

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
/** Session advisory lock held for a whole run ("seedlg" in ASCII): one seed:large per database. */
const RUN_LOCK_KEY = 0x736565646c67
const ANALYZE_EVERY_BATCHES = 10

/** The options this database was seeded with (kept in its comment), or null. */
async function recordedOptions(payload: Payload): Promise<SeedLargeOptions | null> {
  const [row] = await sqlRows<{ comment: string | null }>(
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
  const [row] = await sqlRows<{ name: string }>(payload, sql`SELECT current_database() AS name`)
  // Only numbers go in; the quote doubling is for form's sake.
  const literal = JSON.stringify({ seedLarge: options }).replaceAll("'", "''")
  try {
    await sqlRows(payload, sql.raw(`COMMENT ON DATABASE ${quoteIdentifier(row!.name)} IS '${literal}'`))
  } catch (error) {
    throw new SeedOptionsMismatch(
      `seed:large keeps its options in the database's comment, which only the database's owner may set (${(error as Error).message}). ` +
        'Point --database-url at a database this role owns, or leave it out to use causeway_large.',
    )
  }
}

const sameOptions = (a: SeedLargeOptions, b: SeedLargeOptions) =>
  a.articles === b.articles &&
  a.conditions === b.conditions &&
  a.symptoms === b.symptoms &&
  a.people === b.people &&
  a.seed === b.seed

/** Creates the people not yet there; returns everyone, by role (the cast of every plan). */
export async function seedPeople(
  payload: Payload,
  options: SeedLargeOptions,
  report: (progress: Progress) => void = () => {},
): Promise<Cast> {
  const existing = await sqlRows<{
    id: number
    email: string
    name: string
    credentials: string | null
    licence_type: string | null
  }>(
    payload,
    sql`SELECT id, email, name, credentials, licence_type FROM users WHERE email LIKE ${`%${EMAIL_DOMAIN}`} ORDER BY id`,
  )
  const byIndex = new Map<number, Person>()
  for (const row of existing) {
    const index = Number(/\.(\d+)@/.exec(row.email)?.[1])
    const person = { credentials: row.credentials, licence: { type: row.licence_type } }
    byIndex.set(index, { id: row.id, name: row.name, credentials: reviewerRegistry.credentialsOf(person) })
  }
  const resumedFrom = byIndex.size
  // Nobody logs in as a generated person: each gets a random password nobody keeps.
  for (let index = 0; index < options.people; index++) {
    if (byIndex.has(index)) continue
    const spec = personSpec(options.seed, index, options.people)
    const doc = await payload.create({
      collection: 'users',
      data: {
        ...spec,
        // Verified (by nobody: a server write) and valid for two years, so they may sign off.
        licence: spec.licence ? verifiedLicence(spec.licence.type, spec.licence) : undefined,
        password: crypto.randomBytes(24).toString('base64url'),
        publicProfile: spec.roles[0] !== 'admin',
      },
      overrideAccess: true,
      context: SEED_CONTEXT,
    })
    // What a sign-off records of them (the registry's answer), as the workflow would.
    byIndex.set(index, { id: doc.id, name: doc.name, credentials: reviewerRegistry.credentialsOf(doc as never) })
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
    throw new SeedOptionsMismatch(
      'The data set needs at least one writer, two reviewers and one editor: use --people 10 or more.',
    )
  }
  return cast
}

/** Creates the symptoms not yet there; returns all their ids in generated order. */
export async function seedSymptoms(
  payload: Payload,
  options: SeedLargeOptions,
  report: (progress: Progress) => void = () => {},
): Promise<number[]> {
  const existing = await sqlRows<{ id: number; slug: string }>(payload, sql`SELECT id, slug FROM symptoms ORDER BY id`)
  const bySlug = new Map(existing.map((row) => [row.slug, row.id]))
  const resumedFrom = bySlug.size
  const ids: number[] = []
  for (let index = 0; index < options.symptoms; index++) {
    const spec = symptomSpec(index)
    let id = bySlug.get(spec.slug)
    if (id === undefined) {
      id = (await payload.create({ collection: 'symptoms', data: spec, overrideAccess: true, context: SEED_CONTEXT }))
        .id
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

const keyOf = (plan: DocPlan) => `${plan.collection}:${plan.index}`

/** Every event of every plan, in time order (ties by collection, document, then the plan's own order). */
function timeline(events: TimedEvent[]): TimedEvent[] {
  return events.sort((a, b) => {
    const at = a.plan.events[a.seq]!.at.localeCompare(b.plan.events[b.seq]!.at)
    return at || a.plan.collection.localeCompare(b.plan.collection) || a.plan.index - b.plan.index || a.seq - b.seq
  })
}

const eventsOf = (plans: DocPlan[], keep: (at: string) => boolean) =>
  plans.flatMap((plan) => plan.events.flatMap((event, seq) => (keep(event.at) ? [{ plan, seq }] : [])))

/** Where each document already created stands, read back from the database. */
async function statesOf(payload: Payload, plans: DocPlan[]): Promise<Map<string, DocState>> {
  const states = new Map<string, DocState>()
  const req = await createLocalReq({}, payload)
  for (const collection of ['conditions', 'articles'] as const) {
    const ofCollection = plans.filter((plan) => plan.collection === collection)
    for (let start = 0; start < ofCollection.length; start += 500) {
      const chunk = ofCollection.slice(start, start + 500)
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
        const { id, updatedAt: _updatedAt, ...content } = doc
        states.set(keyOf(plan), { id, doc: content, versionId: (await newestVersionId(req, collection, id))! })
      }
    }
  }
  return states
}

/** One stretch of the history, written in time order: its events and how far earlier runs got. */
interface HistoryPhase {
  phase: 'conditions' | 'history'
  events: TimedEvent[]
  /** The collections its events write versions to. */
  collections: ReviewableCollection[]
  /** Versions of those collections written by the phases before it. */
  before: number
}

async function versionsWritten(
  payload: Payload,
  collections: ReviewableCollection[],
  req?: PayloadRequest,
): Promise<number> {
  let total = 0
  for (const collection of collections)
    total += (await payload.countVersions({ collection, overrideAccess: true, req })).totalDocs
  return total
}

async function writeHistory(
  payload: Payload,
  options: SeedLargeOptions,
  { phase, events, collections, before }: HistoryPhase,
  conditionNames: Map<number, string>,
  report: (progress: Progress) => void,
  batchEvents: number,
): Promise<void> {
  const written = (await versionsWritten(payload, collections)) - before
  if (written > events.length && phase === 'history') {
    throw new SeedOptionsMismatch(
      `The database holds ${written} more versions than the data set has events: it was changed after seeding. Run again with --fresh.`,
    )
  }
  // The first phase's documents gain versions in the next one too, so its count is capped.
  const resumedFrom = Math.min(Math.max(written, 0), events.length)
  const remaining = events.slice(resumedFrom)
  const states = await statesOf(payload, [...new Set(remaining.map((event) => event.plan))])
  const lastSeq = new Map(events.map(({ plan }) => [keyOf(plan), plan.events.length - 1]))

  let done = resumedFrom
  report({ phase, done, total: events.length, resumedFrom })
  for (let start = 0; start < remaining.length; start += batchEvents) {
    const batch = remaining.slice(start, start + batchEvents)
    const req = await createLocalReq({ context: SEED_CONTEXT }, payload)
    await initTransaction(req)
    // States change only when the batch commits, so a failed batch leaves them as they were.
    const changed = new Map<string, DocState>()
    try {
      const writer = new BulkWriter(payload, req, options.seed, conditionNames)
      await writer.begin()
      // Every event leaves one version, so the count says where the data stands; anything else
      // writing here (another run, the app) would make this run skip or repeat events.
      const found = (await versionsWritten(payload, collections, req)) - before
      if (found !== done) {
        throw new SeedOptionsMismatch(
          `The database changed while seeding (${found} events' versions where ${done} were expected). Stop whatever else writes to it, then run the same command again.`,
        )
      }
      for (const { plan, seq } of batch) {
        const state = changed.get(keyOf(plan)) ?? states.get(keyOf(plan))
        changed.set(keyOf(plan), await writer.apply(plan, plan.events[seq]!, state))
      }
      await commitTransaction(req)
    } catch (error) {
      await killTransaction(req)
      throw error
    }
    for (const [key, state] of changed) states.set(key, state)
    for (const { plan, seq } of batch) if (seq === lastSeq.get(keyOf(plan))) states.delete(keyOf(plan))
    done += batch.length
    // Fresh planner statistics as the tables grow: with the ones from when they were nearly empty,
    // Payload's own "mark older versions not latest" update reads a whole index per version and
    // the load slows down quadratically (autovacuum, which would do this, may be off or behind).
    if ((start / batchEvents) % ANALYZE_EVERY_BATCHES === ANALYZE_EVERY_BATCHES - 1)
      await sqlRows(payload, sql`ANALYZE`)
    report({ phase, done, total: events.length, resumedFrom })
  }
}

export const planConditions = (options: SeedLargeOptions, cast: Cast) =>
  Array.from({ length: options.conditions }, (_, index) => conditionPlan(options.seed, index, options.conditions, cast))

export const planArticles = (options: SeedLargeOptions, context: ArticleContext) =>
  Array.from({ length: options.articles }, (_, index) => articlePlan(options.seed, index, options.articles, context))

/** What article plans link to: the written conditions (ids and names, in generated order), the symptoms and the cast. */
export async function articleContext(
  payload: Payload,
  conditionPlans: DocPlan[],
  cast: Cast,
  symptoms: number[],
): Promise<ArticleContext> {
  const rows = await sqlRows<{ id: number; name: string; slug: string }>(
    payload,
    sql`SELECT id, name, slug FROM conditions ORDER BY id`,
  )
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
  counts: Record<'people' | 'symptoms' | 'conditions' | 'articles', number>
}

/**
 * Seeds (or finishes seeding) the data set described by `options` into the database `payload`
 * is connected to. Refuses a database seeded with other options, or one holding other content.
 */
export async function seedLarge(
  payload: Payload,
  options: SeedLargeOptions,
  report: (progress: Progress) => void = () => {},
  { batchEvents = BATCH_EVENTS }: { batchEvents?: number } = {},
): Promise<SeedLargeSummary> {
  // Generated people and published content, written past the workflow's endpoints: never on a live site.
  if (isProduction(process.env)) {
    throw new SeedOptionsMismatch(
      'seed:large writes generated people and published articles; it refuses to run with NODE_ENV=production.',
    )
  }
  // One connection holds the run's lock until the run ends, however it ends.
  const lock = await (payload.db as unknown as { pool: Pool }).pool.connect()
  try {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RUN_LOCK_KEY])
    if (!rows[0]?.locked) {
      throw new SeedOptionsMismatch(
        'Another seed:large is writing to this database. Wait for it to finish (or stop it), then run again.',
      )
    }
    return await seedLocked(payload, options, report, batchEvents)
  } finally {
    await lock.query('SELECT pg_advisory_unlock_all()').catch(() => {})
    lock.release()
  }
}

async function seedLocked(
  payload: Payload,
  options: SeedLargeOptions,
  report: (progress: Progress) => void,
  batchEvents: number,
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

  // Conditions come first (articles link them); their later re-reviews interleave with the
  // articles' history, so the ledger reads in time order.
  const conditionPlans = planConditions(options, cast)
  const beforeArticles = (at: string) => Date.parse(at) < ARTICLES_FROM
  const early = timeline(eventsOf(conditionPlans, beforeArticles))
  await writeHistory(
    payload,
    options,
    { phase: 'conditions', events: early, collections: ['conditions'], before: 0 },
    new Map(),
    report,
    batchEvents,
  )

  const context = await articleContext(payload, conditionPlans, cast, symptoms)
  const articlePlans = planArticles(options, context)
  const rest = timeline([
    ...eventsOf(conditionPlans, (at) => !beforeArticles(at)),
    ...eventsOf(articlePlans, () => true),
  ])
  // Search indexes an article by the names of the linked conditions readers can see: published
  // ones. Conditions are only ever published in the first phase (and never unpublished), so the
  // ones with a publish in their plan are exactly those.
  const publishedNames = new Set(
    conditionPlans
      .filter((plan) => plan.events.some((event) => event.kind === 'publish'))
      .map((plan) => plan.data.name),
  )
  const names = new Map(
    context.conditions
      .filter((condition) => publishedNames.has(condition.name))
      .map((condition) => [condition.id, condition.name]),
  )
  await writeHistory(
    payload,
    options,
    { phase: 'history', events: rest, collections: ['conditions', 'articles'], before: early.length },
    names,
    report,
    batchEvents,
  )
  await sqlRows(payload, sql`ANALYZE`)

  return {
    resumed: Boolean(recorded),
    counts: {
      people: options.people,
      symptoms: options.symptoms,
      conditions: options.conditions,
      articles: options.articles,
    },
  }
}

export function describe(options: SeedLargeOptions): string {
  return `--articles ${options.articles} --conditions ${options.conditions} --symptoms ${options.symptoms} --people ${options.people} --seed ${options.seed}`
}
