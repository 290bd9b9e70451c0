/**
 * `npm run restore:check`: run after any restore of the database, before the site serves it. Checks
 * the migrations, the sign-off ledger and every published document against its sign-off, and
 * expires the page cache so nothing rendered before the restore is served (tooling/restore/).
 * Exits non-zero naming each problem. Uses DATABASE_URL, or the development embedded PostgreSQL.
 *
 *   npm run restore:check                          # the project's .next
 *   npm run restore:check -- --next-dir /srv/app/.next
 */
import path from 'node:path'
import { parseArgs } from 'node:util'

import { ConfigurationError } from '@/lib/runtimeConfig'
import { bold, red, runMain } from '@/tooling/cli'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { projectRoot } from '@/tooling/paths'
import { restoreCheck } from '@/tooling/restore/restoreCheck'
import { withPayload } from '@/tooling/withPayload'

runMain(async () => {
  let nextDir: string
  try {
    const { values } = parseArgs({ options: { 'next-dir': { type: 'string' } }, strict: true })
    nextDir = path.resolve(values['next-dir'] ?? path.join(projectRoot, '.next'))
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message}. Usage: npm run restore:check [-- --next-dir <.next>]`)
  }
  const env = process.env
  const database = await openScriptDatabase(env)
  env.PAYLOAD_SECRET ||= 'restore-check-not-used-to-sign-sessions'
  env.LOG_LEVEL ||= 'warn'
  // Jobs are the server's business, not a check's.
  env.JOBS_AUTORUN = 'false'
  try {
    const { problems, ledgerEntries, published } = await withPayload((payload) => restoreCheck(payload, { nextDir }))
    if (problems.length) {
      console.error(
        `\n${red(bold('Restore check failed:'))} ${problems.length} problem(s) above. Do not serve this database yet: ` +
          'deal with each as it says, then run npm run restore:check again.',
      )
      process.exitCode = 1
      return
    }
    const documents = Object.values(published ?? {}).reduce((sum, count) => sum + count, 0)
    console.log(
      `\n${bold('Restore check passed:')} ledger intact (${ledgerEntries} entries), ${documents} published document(s) exactly as signed, ` +
        'page cache expired. Next: start the site (npm start); restart it if it is still running, so it drops what it holds in memory.',
    )
  } finally {
    await database.stop()
  }
})
