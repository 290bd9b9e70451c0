/**
 * `npm run restore:check`: run after any restore of the database, before the site serves it. Checks
 * the migrations, the sign-off ledger and every published document against its sign-off, and
 * expires the page cache of every server using this database, so nothing rendered before the
 * restore is served (tooling/restore/). Exits non-zero naming each problem. Uses DATABASE_URL, or
 * the development embedded PostgreSQL.
 *
 *   DATABASE_URL=postgres://…/causeway npm run restore:check
 *
 * `--next-dir <dir>`, which named the `.next` to expire before the cache moved its expiries into
 * PostgreSQL, is still accepted so that existing runbooks keep working, and ignored with a warning.
 */
import { parseArgs } from 'node:util'

import { ConfigurationError } from '@/lib/runtimeConfig'
import { bold, red, runMain } from '@/tooling/cli'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { restoreCheck } from '@/tooling/restore/restoreCheck'
import { withPayload } from '@/tooling/withPayload'

const NEXT_DIR_DEPRECATED =
  '--next-dir is deprecated and ignored: the page cache is expired through the database (its cache_invalidations ' +
  'outbox), for every server, and no .next directory is touched. Drop it from your scripts.'

runMain(async () => {
  try {
    const { values } = parseArgs({ options: { 'next-dir': { type: 'string' } }, strict: true })
    if (values['next-dir'] !== undefined) console.warn(`Warning: ${NEXT_DIR_DEPRECATED}`)
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message}. Usage: npm run restore:check`)
  }
  const env = process.env
  const database = await openScriptDatabase(env)
  env.PAYLOAD_SECRET ||= 'restore-check-not-used-to-sign-sessions'
  env.LOG_LEVEL ||= 'warn'
  // Jobs are the server's business, not a check's.
  env.JOBS_AUTORUN = 'false'
  try {
    const { problems, ledgerEntries, published, cache } = await withPayload((payload) => restoreCheck(payload))
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
        `page cache expired (cache_invalidations row ${cache?.id}). Next: start the site on this database (npm start); ` +
        'servers already running on it have dropped everything cached before the check.',
    )
  } finally {
    await database.stop()
  }
})
