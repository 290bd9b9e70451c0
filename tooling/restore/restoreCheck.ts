/**
 * `npm run restore:check` (scripts/restore-check.ts), the checks to run after any restore of the
 * database and before the site serves it:
 *
 * 1. the database holds every migration this build ships (else nothing below can be read);
 * 2. the sign-off ledger's hash chain is intact (`verifyStoredLedger`, as `npm run ledger:verify`);
 * 3. every published document of every reviewable collection is exactly what was signed: its
 *    clinical hash, computed afresh from the published version, equals its stored `contentHash`
 *    and its `signOff.hash`, and the ledger entry named by `signOff.entry` exists, is an approval
 *    of this document and approved that same hash;
 * 4. the page cache is expired on every server, so that nothing rendered before the restore is
 *    served: one `FLUSH_ALL` row in the restored database's cache-invalidation outbox
 *    (./pageCache.ts says how and why).
 *
 * Each problem is reported with the document or entry it concerns and what to do about it. The
 * database is only read, but for that one outbox row; the page cache is expired even when a check
 * fails.
 */
import type { Payload, PayloadRequest } from 'payload'

import { pendingMigrations } from '@/lib/db/faults'
import { migrations } from '@/migrations'
import { bulkHistory, reviewOptionsOf, reviewSettingsOf, verifyStoredLedger } from '@/plugins/medicalReview'
import { bold, red, step } from '@/tooling/cli'

import { flushPageCache, type PageCacheFlush } from './pageCache'

export interface RestoreProblem {
  /** What it concerns: `articles 12 "Why does my knee hurt?"`, `ledger entry 40`, `schema`, `page cache`. */
  subject: string
  /** What is wrong. */
  problem: string
  /** What to do about it. */
  todo: string
}

export interface PublishedCheck {
  /** Published documents checked, per reviewable collection. */
  published: Record<string, number>
  problems: RestoreProblem[]
}

export interface RestoreCheckResult {
  problems: RestoreProblem[]
  /** Ledger entries checked (null when the ledger could not be read: migrations pending). */
  ledgerEntries: number | null
  published: Record<string, number> | null
  /** The flush recorded (null when it could not be). */
  cache: PageCacheFlush | null
}

const PAGE = 200
const short = (hash: unknown) => (typeof hash === 'string' && hash ? `${hash.slice(0, 12)}…` : 'none')

/** The ledger's hash chain, as `npm run ledger:verify` checks it. */
export async function checkLedger(payload: Payload): Promise<{ checked: number; problems: RestoreProblem[] }> {
  const { checked, problem } = await verifyStoredLedger(payload)
  if (!problem) return { checked, problems: [] }
  const what =
    problem.kind === 'altered'
      ? `its content no longer matches its stored hash (stored ${short(problem.stored)}, content hashes to ${short(problem.expected)}): it was changed after signing`
      : `it does not point at the entry before it (expected ${short(problem.expected)}, found ${short(problem.stored)}): an entry before it was removed, altered or inserted`
  return {
    checked,
    problems: [
      {
        subject: `ledger entry ${problem.id}`,
        problem: `${what} (the first broken entry of ${checked})`,
        todo:
          'The ledger was changed outside the workflow. Do not serve this database: restore a backup from before the change ' +
          '(compare this entry with an older backup to find it) and run restore:check on that one.',
      },
    ],
  }
}

/** The slugs of the reviewable collections (those the medicalReview plugin was applied to). */
export function reviewableCollections(payload: Payload): string[] {
  return Object.entries(payload.collections)
    .filter(([, collection]) => (collection.config.custom as Record<string, unknown> | undefined)?.medicalReview)
    .map(([slug]) => slug)
}

interface EntryFacts {
  id: number
  decision: string
  contentHash: string
  subjectCollection: string
  subjectId: string
}

type PublishedDoc = Record<string, unknown> & {
  id: number | string
  contentHash?: string | null
  signOff?: { entry?: number | string | null; hash?: string | null } | null
}

/** What is wrong with one published document, given its hash computed afresh and the ledger entry it names. */
function mismatchesOf(
  slug: string,
  doc: PublishedDoc,
  hash: string,
  entryId: number | null,
  entry: EntryFacts | undefined,
): string[] {
  const found: string[] = []
  if (doc.contentHash !== hash) {
    found.push(
      `its published content hashes to ${short(hash)}, not to its stored contentHash ${short(doc.contentHash)}: the clinical content was changed without going through the workflow`,
    )
  }
  if (doc.signOff?.hash !== hash) {
    found.push(`its sign-off is for ${short(doc.signOff?.hash)}, not for the published content (${short(hash)})`)
  }
  if (entryId === null) {
    found.push('it names no ledger entry as its sign-off')
  } else if (!entry) {
    found.push(`the ledger entry it names as its sign-off, ${entryId}, does not exist`)
  } else {
    if (entry.decision !== 'approve') {
      found.push(`ledger entry ${entryId}, named as its sign-off, is a "${entry.decision}" decision, not an approval`)
    }
    if (entry.subjectCollection !== slug || String(entry.subjectId) !== String(doc.id)) {
      found.push(
        `ledger entry ${entryId}, named as its sign-off, is about ${entry.subjectCollection} ${entry.subjectId}, not this document`,
      )
    }
    if (entry.contentHash !== hash) {
      found.push(
        `ledger entry ${entryId}, named as its sign-off, approved ${short(entry.contentHash)}, not the published content (${short(hash)})`,
      )
    }
  }
  return found
}

const entryIdOf = (doc: PublishedDoc): number | null => {
  const value = doc.signOff?.entry
  if (value === null || value === undefined || value === '') return null
  const id = Number(value)
  return Number.isFinite(id) ? id : null
}

/**
 * Every published document of every reviewable collection against its sign-off and the ledger
 * (see the top of the file), page by page.
 */
export async function checkPublishedDocuments(payload: Payload): Promise<PublishedCheck> {
  const { reviewsSlug } = reviewSettingsOf(payload)
  const result: PublishedCheck = { published: {}, problems: [] }
  const req = { payload } as PayloadRequest
  for (const slug of reviewableCollections(payload)) {
    const options = reviewOptionsOf(payload as never, slug)
    const signed = bulkHistory.signedFieldsOf(req, options)
    result.published[slug] = 0
    for (let page = 1; ; page++) {
      const { docs, hasNextPage } = await payload.find({
        collection: slug as 'articles',
        where: { _status: { equals: 'published' } },
        draft: false,
        sort: 'id',
        depth: 0,
        limit: PAGE,
        page,
        overrideAccess: true,
      })
      const published = docs as unknown as PublishedDoc[]
      const ids = [...new Set(published.map(entryIdOf).filter((id): id is number => id !== null))]
      const entries = new Map<number, EntryFacts>()
      if (ids.length) {
        const found = await payload.find({
          collection: reviewsSlug as 'reviews',
          where: { id: { in: ids } },
          depth: 0,
          limit: ids.length,
          pagination: false,
          overrideAccess: true,
          select: { decision: true, contentHash: true, subjectCollection: true, subjectId: true },
        })
        for (const entry of found.docs as unknown as EntryFacts[]) entries.set(Number(entry.id), entry)
      }
      for (const doc of published) {
        result.published[slug] += 1
        const hash = bulkHistory.clinicalHash(signed, doc)
        const entryId = entryIdOf(doc)
        const found = mismatchesOf(slug, doc, hash, entryId, entryId === null ? undefined : entries.get(entryId))
        if (!found.length) continue
        const title = String(doc[options.titleField] ?? '').trim()
        result.problems.push({
          subject: `${slug} ${doc.id}${title ? ` "${title}"` : ''}`,
          problem: found.join('; '),
          todo:
            'Readers would see content no clinician signed. Restore a backup from before the change and run restore:check again, ' +
            'or unpublish it (Unpublish in the review panel, with the reason) and put it through review again.',
        })
      }
      if (!hasNextPage) break
    }
  }
  return result
}

function printProblems(problems: RestoreProblem[]): void {
  for (const { subject, problem, todo } of problems) {
    console.error(`  ${red('✗')} ${bold(subject)}: ${problem}.\n    ${todo}`)
  }
}

/**
 * Runs every check (see the top of the file) on the database `payload` is connected to and
 * expires the page cache of every server that uses it, printing a progress line per step and each
 * problem.
 */
export async function restoreCheck(payload: Payload): Promise<RestoreCheckResult> {
  const result: RestoreCheckResult = { problems: [], ledgerEntries: null, published: null, cache: null }
  const report = (problems: RestoreProblem[]) => {
    printProblems(problems)
    result.problems.push(...problems)
  }

  step('Checking that the database holds every migration of this build')
  const pending = await pendingMigrations(payload)
  if (pending === null) {
    report([
      {
        subject: 'schema',
        problem: 'this database holds no Causeway schema (no payload_migrations table)',
        todo: 'Check DATABASE_URL: it should name the database you restored into, and the restore should have succeeded.',
      },
    ])
  } else if (pending.length) {
    report([
      {
        subject: 'schema',
        problem: `the database lacks ${pending.length} migration(s) of this build (${pending.join(', ')})`,
        todo: 'Apply them (npm run migrate with the same DATABASE_URL; npm start would too), then run restore:check again.',
      },
    ])
  } else {
    console.log(`  all ${migrations.length} migrations applied.`)

    step('Checking the sign-off ledger')
    const ledger = await checkLedger(payload)
    result.ledgerEntries = ledger.checked
    if (ledger.problems.length) report(ledger.problems)
    else console.log(`  ${ledger.checked} entries, every hash and link checks out.`)

    step('Checking every published document against its sign-off and the ledger')
    const documents = await checkPublishedDocuments(payload)
    result.published = documents.published
    for (const [slug, count] of Object.entries(documents.published)) {
      const wrong = documents.problems.filter((problem) => problem.subject.startsWith(`${slug} `)).length
      console.log(`  ${slug}: ${count} published, ${wrong ? red(`${wrong} not as signed`) : 'each exactly as signed'}.`)
    }
    report(documents.problems)
  }

  step('Expiring the page cache of every server that uses this database')
  try {
    const flush = await flushPageCache(payload)
    result.cache = flush
    console.log(
      `  recorded cache_invalidations row ${flush.id} (tags ${JSON.stringify(flush.tags)}, at ${flush.createdAt.toISOString()}): ` +
        'servers running on this database apply it at once, and servers started on it within ' +
        `${flush.retentionHours} h apply it at start. Neither serves anything cached before it, on disk or in Redis.`,
    )
  } catch (error) {
    report([
      {
        subject: 'page cache',
        problem: `the flush could not be recorded in this database, so servers may serve pages rendered before the restore: ${(error as Error).message}`,
        todo: 'Apply the missing migrations if the schema step names any (npm run migrate), then run restore:check again before starting the site.',
      },
    ])
  }
  return result
}
