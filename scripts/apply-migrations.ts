/**
 * Applies the committed migrations not yet applied to DATABASE_URL, then exits. `npm start` runs
 * it as a child process, so the long-running parent of `next start` never loads Payload (which
 * would otherwise stay resident beside the server for its whole life, ~250 MB).
 */
import { loadEnv } from 'payload/node'

import { runMigrations } from '@/tooling/db/migrate'

import { runMain } from '@/tooling/cli'
import { projectRoot } from '@/tooling/paths'
import { withPayload } from '@/tooling/withPayload'

runMain(async () => {
  loadEnv(projectRoot)
  // A migration may rewrite a large table: no statement timeout here (lib/db/faults.ts).
  process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= '0'
  await withPayload(runMigrations)
})
