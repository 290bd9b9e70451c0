/**
 * Reference health: the daily job that checks every reference of every published article and
 * condition (./checkReference.ts) and keeps one `reference-checks` row per distinct reference
 * (collections/ReferenceChecks), which the staff dashboard lists (./report.ts,
 * components/admin/ReferenceHealth.tsx). Readers never see a result.
 *
 * - Only what readers can see is checked: the published version of each document (`draft: false`),
 *   never a draft, nor a newer draft of a published page.
 * - Each distinct reference (the URL or DOI as written) is one row, listing every published
 *   article and condition that cites it. Spellings that lead to the same request (`10.1/x` and
 *   `https://doi.org/10.1/x`) are requested once and share the result.
 * - `failingSince` is when the current run of failed checks began (anything but `ok`), kept while it
 *   keeps failing and cleared when it works again; the dashboard waits on it for `unreachable`.
 * - A row whose reference no published page cites any more is deleted.
 * - Politeness: at most `concurrency` references at a time (4), one request at a time per host.
 *
 * Two runs may overlap (a run by hand during the scheduled one, or two instances that each queued
 * it): both write the same kind of rows, an insert that loses to the other run's becomes an update,
 * so the outcome is one row per reference either way.
 */
import { NotFound, type Payload, type PayloadRequest, type TaskConfig, ValidationError } from 'payload'
import { isIP } from 'node:net'

import type { ReferenceCheck } from '@/payload-types'

import {
  checkReference,
  type CheckReferenceOptions,
  DEFAULT_DOI_RESOLVER,
  DEFAULT_TIMEOUT_MS,
  normalizeDoiResolver,
  referenceCheckUserAgent,
  type ReferenceCheckResult,
  type ReferenceResult,
  referenceTarget,
} from './checkReference'
import { wholeNumberSetting } from '@/lib/runtimeConfig'

export const REFERENCE_HEALTH_TASK = 'checkReferences'
export const REFERENCE_CHECKS_SLUG = 'reference-checks'
/** Daily, at night (UTC), away from the review-expiry job at 06:00. */
export const REFERENCE_HEALTH_CRON = '30 3 * * *'
/** References checked at once. */
export const REFERENCE_CHECK_CONCURRENCY = 4

/** Collections whose published documents carry `references` (fields/references.ts). */
const CITING = ['articles', 'conditions'] as const
type Citing = (typeof CITING)[number]

export interface CitedReference {
  /** The URL or DOI as written (trimmed). */
  reference: string
  /** The title the first citing document gives it. */
  title: string | null
  articles: number[]
  conditions: number[]
}

/**
 * Every distinct reference of every published article and condition, with the documents citing
 * it, in the order first met (articles, then conditions, by id).
 */
export async function citedReferences(payload: Payload, req?: PayloadRequest) {
  const cited = new Map<string, CitedReference>()
  const pages: Record<Citing, number> = { articles: 0, conditions: 0 }
  for (const collection of CITING) {
    for (let page = 1; ; page += 1) {
      const result = await payload.find({
        collection,
        where: { _status: { equals: 'published' } },
        // The published version: a newer draft's references are not on the site yet.
        draft: false,
        select: { references: true },
        depth: 0,
        limit: 200,
        page,
        sort: 'id',
        overrideAccess: true,
        req,
      })
      for (const doc of result.docs) {
        pages[collection] += 1
        for (const row of doc.references ?? []) {
          const reference = row.url?.trim()
          if (!reference) continue
          const entry = cited.get(reference) ?? { reference, title: row.title ?? null, articles: [], conditions: [] }
          if (!entry[collection].includes(doc.id)) entry[collection].push(doc.id)
          cited.set(reference, entry)
        }
      }
      if (!result.hasNextPage) break
    }
  }
  return { references: [...cited.values()], articles: pages.articles, conditions: pages.conditions }
}

/**
 * `throttle` for checkReference: one request at a time per host, the others wait their turn
 * (in order).
 */
export function onePerHost(): NonNullable<CheckReferenceOptions['throttle']> {
  const tails = new Map<string, Promise<unknown>>()
  return <T>(host: string, request: () => Promise<T>): Promise<T> => {
    const before = tails.get(host) ?? Promise.resolve()
    const mine = before.then(request, request)
    const tail = mine.catch(() => undefined)
    tails.set(host, tail)
    // Forget a host once nothing more is queued for it.
    void tail.then(() => {
      if (tails.get(host) === tail) tails.delete(host)
    })
    return mine
  }
}

/** Runs `work` on each item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!
      next += 1
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

const ENV_OFF = new Set(['off', 'false', '0', 'no'])

/** Whether REFERENCE_CHECKS switches the daily schedule off (`off`). */
export function referenceChecksOff(env: NodeJS.ProcessEnv): boolean {
  return ENV_OFF.has((env.REFERENCE_CHECKS ?? '').trim().toLowerCase())
}

/**
 * The checker's settings from the environment (.env.example): REFERENCE_DOI_RESOLVER,
 * REFERENCE_CHECK_TIMEOUT_MS, REFERENCE_CHECK_ALLOW_ADDRESSES. A bad value is refused, naming it.
 */
export function referenceCheckSettings(env: NodeJS.ProcessEnv, serverUrl?: string | null): CheckReferenceOptions {
  const resolver = env.REFERENCE_DOI_RESOLVER?.trim()
  const timeoutMs = wholeNumberSetting(env, 'REFERENCE_CHECK_TIMEOUT_MS', {
    fallback: DEFAULT_TIMEOUT_MS,
    min: 100,
    max: 120_000,
    unit: 'milliseconds',
  })
  const allowed = (env.REFERENCE_CHECK_ALLOW_ADDRESSES ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean)
  const notAddress = allowed.find((address) => !isIP(address))
  if (notAddress !== undefined) {
    throw new Error(`REFERENCE_CHECK_ALLOW_ADDRESSES lists IP addresses (e.g. 127.0.0.1), not "${notAddress}".`)
  }
  return {
    doiResolver: normalizeDoiResolver(resolver || DEFAULT_DOI_RESOLVER),
    timeoutMs,
    allowPrivateAddresses: allowed,
    userAgent: referenceCheckUserAgent(serverUrl),
  }
}

export type ReferenceHealthSummary = Record<ReferenceResult, number> & {
  /** Distinct references checked. */
  checked: number
  /** Rows deleted: no published page cites them any more. */
  removed: number
  /** Results the database refused to store (logged each); the others are stored regardless. */
  failed: number
}

type Row = Pick<ReferenceCheck, 'id' | 'reference' | 'result' | 'failingSince'>

export interface ReferenceHealthOptions {
  /** How each reference is checked (default: from the environment, referenceCheckSettings). */
  check?: CheckReferenceOptions
  /** References checked at once. Default 4. */
  concurrency?: number
  /** The clock: `checkedAt` of each result. */
  now?: () => Date
  req?: PayloadRequest
}

/**
 * Checks every reference cited by a published page and stores the results, as described at the top
 * of this file. Returns how many ended in each result.
 */
export async function checkReferenceHealth(
  payload: Payload,
  { check, concurrency = REFERENCE_CHECK_CONCURRENCY, now = () => new Date(), req }: ReferenceHealthOptions = {},
): Promise<ReferenceHealthSummary> {
  const settings: CheckReferenceOptions = {
    ...(check ?? referenceCheckSettings(process.env, payload.config.serverURL)),
    throttle: check?.throttle ?? onePerHost(),
  }
  const cited = await citedReferences(payload, req)
  const { docs: stored } = await payload.find({
    collection: REFERENCE_CHECKS_SLUG,
    select: { reference: true, result: true, failingSince: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const rows = new Map((stored as Row[]).map((row) => [row.reference, row]))

  // One request per distinct target: the spellings of one DOI share it.
  const groups = new Map<string, CitedReference[]>()
  for (const entry of cited.references) {
    const target = referenceTarget(entry.reference, settings.doiResolver)
    const key = target.kind === 'refused' ? `refused ${entry.reference}` : `${target.kind} ${target.url}`
    groups.set(key, [...(groups.get(key) ?? []), entry])
  }

  const summary: ReferenceHealthSummary = {
    checked: 0,
    ok: 0,
    moved: 0,
    broken: 0,
    unreachable: 0,
    removed: 0,
    failed: 0,
  }
  payload.logger.info(
    { references: cited.references.length, articles: cited.articles, conditions: cited.conditions },
    `Reference health: checking ${cited.references.length} reference(s) cited by ${cited.articles} published article(s) and ${cited.conditions} condition(s).`,
  )
  let lastProgress = Date.now()
  await eachLimited([...groups.values()], concurrency, async (entries) => {
    const result = await checkReference(entries[0]!.reference, settings)
    for (const entry of entries) {
      try {
        await store(payload, entry, result, rows.get(entry.reference), now(), req)
      } catch (error) {
        // One reference the database will not take must not stop the others (nor the clean-up).
        summary.failed += 1
        payload.logger.error({ err: error, reference: entry.reference }, 'Reference health: could not store a result.')
        continue
      }
      summary.checked += 1
      summary[result.result] += 1
    }
    if (Date.now() - lastProgress > 30_000) {
      lastProgress = Date.now()
      payload.logger.info({ ...summary }, `Reference health: ${summary.checked} of ${cited.references.length} checked.`)
    }
  })

  const stillCited = new Set(cited.references.map((entry) => entry.reference))
  const uncited = [...rows.values()].filter((row) => !stillCited.has(row.reference)).map((row) => row.id)
  if (uncited.length) {
    const { docs } = await payload.delete({
      collection: REFERENCE_CHECKS_SLUG,
      where: { id: { in: uncited } },
      depth: 0,
      overrideAccess: true,
      req,
    })
    summary.removed = docs.length
  }
  payload.logger.info(
    { ...summary },
    `Reference health: ${summary.checked} reference(s) checked: ${summary.ok} working, ${summary.moved} moved, ${summary.broken} broken, ${summary.unreachable} unreachable; ${summary.removed} no longer cited removed${summary.failed ? `; ${summary.failed} could not be stored` : ''}.`,
  )
  return summary
}

/** Writes the row of `entry`: creates it, or updates the one stored (kept `failingSince`). */
async function store(
  payload: Payload,
  entry: CitedReference,
  result: ReferenceCheckResult,
  previous: Row | undefined,
  checkedAt: Date,
  req?: PayloadRequest,
) {
  const failing = result.result !== 'ok'
  const dataAfter = (before: Pick<Row, 'result' | 'failingSince'> | undefined) => ({
    reference: entry.reference,
    title: entry.title,
    checkedUrl: result.checkedUrl,
    result: result.result,
    httpStatus: result.httpStatus,
    finalUrl: result.finalUrl,
    error: result.error?.slice(0, 1000) ?? null,
    checkedAt: checkedAt.toISOString(),
    // The start of the current run of failures: kept while it keeps failing, cleared once it works.
    failingSince: failing
      ? before && before.result !== 'ok' && before.failingSince
        ? before.failingSince
        : checkedAt.toISOString()
      : null,
    articles: entry.articles,
    conditions: entry.conditions,
  })
  const common = { collection: REFERENCE_CHECKS_SLUG, depth: 0, overrideAccess: true, req } as const
  if (previous) {
    try {
      return await payload.update({ ...common, id: previous.id, data: dataAfter(previous) })
    } catch (error) {
      // Deleted meanwhile by an overlapping run: written anew below.
      if (!(error instanceof NotFound)) throw error
    }
  }
  try {
    return await payload.create({ ...common, data: dataAfter(undefined) })
  } catch (error) {
    // An overlapping run inserted it first (the reference is unique): update that row.
    if (!(error instanceof ValidationError)) throw error
    const { docs } = await payload.find({
      ...common,
      where: { reference: { equals: entry.reference } },
      limit: 1,
      select: { result: true, failingSince: true },
    })
    const row = docs[0] as Row | undefined
    if (!row) throw error
    return payload.update({ ...common, id: row.id, data: dataAfter(row) })
  }
}

/** A run still marked as running after this long has lost its runner (a restart, a crash). */
export const ABANDONED_AFTER_MS = 6 * 60 * 60 * 1000

/**
 * Marks runs of this job that have been "processing" for more than ABANDONED_AFTER_MS as failed, and
 * returns their ids. A runner that dies mid-run (a deploy restarting the server during the check)
 * leaves its job marked as processing for ever, and Payload's scheduler queues no new run while one
 * is: without this, one badly timed restart would stop the nightly check for good. (A run that is
 * in fact still going finishes and writes its rows all the same; see the top of this file.)
 */
export async function releaseAbandonedChecks(payload: Payload, now = new Date(), req?: PayloadRequest) {
  const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: REFERENCE_HEALTH_TASK } },
        { processing: { equals: true } },
        { completedAt: { exists: false } },
        { updatedAt: { less_than: cutoff } },
      ],
    },
    depth: 0,
    limit: 20,
    overrideAccess: true,
    req,
  })
  for (const job of docs) {
    await payload.update({
      collection: 'payload-jobs',
      id: job.id,
      data: {
        processing: false,
        hasError: true,
        error: {
          message: `Abandoned: still marked as running ${ABANDONED_AFTER_MS / 3_600_000} hours after it started.`,
        },
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
  }
  if (docs.length)
    payload.logger.warn(
      { jobs: docs.map((job) => job.id) },
      `Reference health: ${docs.length} run(s) had been running for over ${ABANDONED_AFTER_MS / 3_600_000} hours (runner stopped?); marked as failed so the next run can be scheduled.`,
    )
  return docs.map((job) => job.id)
}

/**
 * The daily job (task `checkReferences`, queue `default`). REFERENCE_CHECKS=off leaves it
 * unscheduled (the end-to-end tests, and any copy of the site that must not reach the internet);
 * it can still be run by hand: `npm run payload -- run lib/references/checkNow.ts`.
 */
export function referenceHealthTask(
  env: NodeJS.ProcessEnv = process.env,
  cron = REFERENCE_HEALTH_CRON,
): TaskConfig<{ input: Record<string, never>; output: ReferenceHealthSummary }> {
  return {
    slug: REFERENCE_HEALTH_TASK,
    label: 'Check the references of published pages',
    ...(referenceChecksOff(env)
      ? {}
      : {
          schedule: [
            {
              cron,
              queue: 'default',
              hooks: {
                beforeSchedule: async (args) => {
                  await releaseAbandonedChecks(args.req.payload, new Date(), args.req)
                  return args.defaultBeforeSchedule(args)
                },
              },
            },
          ],
        }),
    outputSchema: (['checked', 'ok', 'moved', 'broken', 'unreachable', 'removed'] as const).map((name) => ({
      name,
      type: 'number' as const,
      required: true,
    })),
    handler: async ({ req }) => {
      // Read when it runs, not when the config was built.
      const check = referenceCheckSettings(env, req.payload.config.serverURL)
      return { output: await checkReferenceHealth(req.payload, { check, req }) }
    },
  }
}
