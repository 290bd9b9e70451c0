/**
 * npm run audit:prod — fails (exit 1) when `npm audit --omit=dev` reports a high or critical
 * advisory in a production dependency, naming each package. When the registry's audit endpoint
 * cannot be reached (some mirrors and sandboxes refuse it), it says so loudly and exits 0: no
 * verdict is not a pass, but it must not block work that cannot be checked here.
 */
import { spawnSync } from 'node:child_process'

import { auditVerdict } from '@/tooling/auditReport'

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' })
const verdict = auditVerdict(run.stdout)

if (verdict.kind === 'failing') {
  console.error('npm audit: high or critical advisories in production dependencies:')
  for (const entry of verdict.packages) console.error(`  ${entry.name} (${entry.severity}): ${entry.via.join('; ')}`)
  console.error('Update those packages (npm update <name>, or a newer pin) before shipping.')
  process.exit(1)
} else if (verdict.kind === 'unavailable') {
  console.warn(
    `npm audit could not run here (${verdict.reason}): production dependencies were NOT checked for advisories.`,
  )
} else {
  console.log(
    `npm audit: no high or critical advisories in production dependencies (${JSON.stringify(verdict.counts)}).`,
  )
}
