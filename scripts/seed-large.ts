/**
 * `npm run seed:large [-- --articles 10000 …]`: fills a database of its own with the large
 * generated data set (see seed/large/seedLarge.ts), showing progress with rate and ETA.
 * Interrupt it at any time; running it again with the same options resumes where it stopped.
 *
 * The target is --database-url, else a database named `causeway_large` on the development
 * server (DATABASE_URL's, or the embedded PostgreSQL under .data/). It is created and migrated
 * when missing; --fresh empties it first (only a database seed:large made, or an empty one).
 */
import { parseArgs } from 'node:util'

import {
  ensureDatabase,
  parseDatabaseUrl,
  quoteIdentifier,
  redact,
  withClient,
  withDatabaseName,
} from '@/tooling/db/selectDatabase'
import { runMigrations } from '@/tooling/db/migrate'
import {
  DEFAULT_SEED_OPTIONS,
  describe,
  type Progress,
  seedLarge,
  SeedOptionsMismatch,
  type SeedLargeOptions,
} from '@/seed/large/seedLarge'

import { bold, cleanupOnExit, fail, red, runMain, step } from '@/tooling/cli'
import { LARGE_DATABASE } from '@/tooling/paths'
import { ProgressLine } from '@/tooling/progress'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { withPayload } from '@/tooling/withPayload'

const USAGE = `Usage: npm run seed:large -- [options]

  --articles N       cause articles to generate (default ${DEFAULT_SEED_OPTIONS.articles})
  --conditions N     conditions (default ${DEFAULT_SEED_OPTIONS.conditions})
  --symptoms N       symptoms (default ${DEFAULT_SEED_OPTIONS.symptoms})
  --people N         staff: 60 % writers, 25 % reviewers, the rest editors and admins (default ${DEFAULT_SEED_OPTIONS.people})
  --seed N           generator seed; the same seed gives the same data set (default ${DEFAULT_SEED_OPTIONS.seed})
  --database-url URL the database to fill (created if missing); default: causeway_large on the dev server
  --fresh            empty that database first (only one seed:large made, or an empty one)
`

function count(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min)
    throw new SeedOptionsMismatch(`--${name} must be a whole number of at least ${min} (got "${raw}").`)
  return value
}

/** Drops and recreates the database, but only one this script made (its comment says so) or an empty one. */
async function freshDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  await withClient(withDatabaseName(url, 'postgres'), async (admin) => {
    const { rows } = await admin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [name],
    )
    if (!rows.length) return
    if (!rows[0]!.comment?.includes('"seedLarge"')) {
      const { rows: tables } = await withClient(url, (target) =>
        target.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
        ),
      )
      if (tables[0]!.n > 0) {
        throw new SeedOptionsMismatch(
          `--fresh refuses to empty ${name}: seed:large did not make it and it holds tables. Choose another --database-url.`,
        )
      }
    }
    step(`Dropping ${name} (--fresh)`)
    await admin.query(`DROP DATABASE ${quoteIdentifier(name)} WITH (FORCE)`)
  })
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string' },
      conditions: { type: 'string' },
      symptoms: { type: 'string' },
      people: { type: 'string' },
      seed: { type: 'string' },
      'database-url': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  let options: SeedLargeOptions
  try {
    options = {
      articles: count('articles', values.articles, DEFAULT_SEED_OPTIONS.articles, 1),
      conditions: count('conditions', values.conditions, DEFAULT_SEED_OPTIONS.conditions, 1),
      symptoms: count('symptoms', values.symptoms, DEFAULT_SEED_OPTIONS.symptoms, 1),
      people: count('people', values.people, DEFAULT_SEED_OPTIONS.people, 10),
      seed: count('seed', values.seed, DEFAULT_SEED_OPTIONS.seed, 0),
    }
  } catch (error) {
    console.error(`${red(bold('Cannot continue:'))} ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }

  // Bulk inserts of thousands of rows: no statement timeout (lib/db/faults.ts).
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= '0'
  const env = process.env
  const server = values['database-url'] ? null : await openScriptDatabase(env)
  // On an interrupt the open batch's transaction dies with the connection, so nothing
  // half-written is kept; the embedded PostgreSQL (if any) is stopped cleanly.
  const stopServer = cleanupOnExit(async () => {
    await server?.stop()
  }, 'Run the same command again to resume where it stopped.')
  let failure: unknown
  try {
    const url = values['database-url'] ?? withDatabaseName(server!.url, LARGE_DATABASE)
    parseDatabaseUrl(url)
    if (values.fresh) await freshDatabase(url)
    await ensureDatabase(withDatabaseName(url, 'postgres'), decodeURIComponent(new URL(url).pathname.slice(1)))
    env.DATABASE_URL = url
    env.PAYLOAD_SECRET ||= 'seed-large-not-used-to-sign-sessions-0000'
    env.LOG_LEVEL ||= 'warn'
    env.JOBS_AUTORUN = 'false'

    step(`Data set: ${describe(options)}`)
    step(`Database: ${redact(url)}`)
    const started = Date.now()
    await withPayload(async (payload) => {
      step('Applying migrations')
      await runMigrations(payload)
      let line: ProgressLine | undefined
      let phase: Progress['phase'] | undefined
      const summary = await seedLarge(payload, options, (progress) => {
        if (progress.phase !== phase) {
          line?.finish()
          phase = progress.phase
          // Conditions' history up to 2024, then everything after it (articles and conditions' re-reviews).
          const unit = phase === 'conditions' ? 'conditions events' : phase === 'history' ? 'history events' : phase
          line = new ProgressLine(unit, progress.total, progress.resumedFrom)
        }
        line!.update(progress.done)
      })
      line?.finish()
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.log(
        `${bold(summary.resumed ? 'Data set complete (resumed).' : 'Data set complete.')} ${options.articles} articles, ${options.conditions} conditions, ${options.symptoms} symptoms, ${options.people} people in ${seconds} s.`,
      )
      console.log(`Check the ledger: DATABASE_URL='${redact(url)}' npm run ledger:verify`)
    })
  } catch (error) {
    failure = error
  }
  await stopServer()
  if (failure instanceof SeedOptionsMismatch) {
    console.error(`\n${red(bold('Cannot continue:'))} ${failure.message}\n`)
    process.exit(1)
  }
  if (failure) fail(failure)
})
