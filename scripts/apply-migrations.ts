/**
 * Applies the committed migrations not yet applied to DATABASE_URL, then exits. `npm start` runs
 * it as a child process, so the long-running parent of `next start` never loads Payload (which
 * would otherwise stay resident beside the server for its whole life, ~250 MB).
 *
 * Several instances may start at once against one database: each holds the migration advisory
 * lock (tooling/db/migrate.ts, MIGRATION_LOCK_KEY) while it migrates, so one applies what is
 * pending and the others wait, say so, and then find nothing left to apply.
 */
import { loadEnv } from 'payload/node'

import { databaseUrl } from '@/lib/runtimeConfig'
import { runMigrations, withMigrationLock } from '@/tooling/db/migrate'

import { runMain, step } from '@/tooling/cli'
import { projectRoot } from '@/tooling/paths'
import { withPayload } from '@/tooling/withPayload'

runMain(async () => {
  loadEnv(projectRoot)
  // A migration may rewrite a large table: no statement timeout here (lib/db/faults.ts).
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= '0'
  await withMigrationLock(databaseUrl(process.env)!, () => withPayload(runMigrations), step)
})
