/**
 * Applies the committed migrations not yet applied to DATABASE_URL, then exits. `npm start` runs
 * it as a child process, so the long-running parent of `next start` never loads Payload (which
 * would otherwise stay resident beside the server for its whole life, ~250 MB).
 */
import { loadEnv } from 'payload/node'

import { runMigrations } from '@/lib/runMigrations'

import { runMain } from './lib/cli'
import { projectRoot } from './lib/paths'
import { withPayload } from './lib/withPayload'

runMain(async () => {
  loadEnv(projectRoot)
  await withPayload(runMigrations)
})
