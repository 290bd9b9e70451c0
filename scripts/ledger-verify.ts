/**
 * `npm run ledger:verify`: checks that the sign-off ledger is intact — every entry still hashes
 * to its stored hash and points at the one before it. Exits non-zero naming the first broken
 * entry. Uses DATABASE_URL, or the development embedded PostgreSQL.
 */

import { bold, red, runMain, step } from '@/tooling/cli'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { withPayload } from '@/tooling/withPayload'
import { verifyStoredLedger } from '@/plugins/medicalReview'

runMain(async () => {
  const env = process.env
  const database = await openScriptDatabase(env)
  env.PAYLOAD_SECRET ||= 'ledger-verify-not-used-to-sign-sessions'
  env.LOG_LEVEL ||= 'warn'
  try {
    step('Checking the sign-off ledger')
    const { checked, problem } = await withPayload((payload) => verifyStoredLedger(payload))
    if (!problem) {
      console.log(`${bold('Ledger intact:')} ${checked} entries, every hash and link checks out.`)
      return
    }
    const what =
      problem.kind === 'altered'
        ? `its content no longer matches its stored hash (stored ${problem.stored.slice(0, 12)}…, content hashes to ${problem.expected.slice(0, 12)}…): it was changed after signing`
        : `it does not point at the entry before it (expected ${problem.expected?.slice(0, 12) ?? 'none'}…, found ${problem.stored?.slice(0, 12) ?? 'none'}…): an entry before it was removed, altered or inserted`
    console.error(`${red(bold('Ledger broken'))} at entry ${problem.id}: ${what}. ${checked} entries checked.`)
    process.exitCode = 1
  } finally {
    await database.stop()
  }
})
