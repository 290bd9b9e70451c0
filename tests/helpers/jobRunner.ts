/**
 * One job runner, as an instance's autoRun or `npm run payload -- jobs:run` is: it runs the
 * `default` queue through `payload.jobs.run()` until nothing is left to run, one job per claim (so
 * runners sharing the queue compete for the same job each round), and reports which jobs it ran.
 * Used in-process by tests/int/jobsOnce.int.test.ts and, in a process of its own, by
 * tests/helpers/runJobsProcess.ts.
 */
import type { Payload, Where } from 'payload'

export interface RunnerReport {
  /** [job id, Payload's status for it], for every job this runner ran. */
  ran: Array<[string, string]>
  errors: string[]
}

/** Jobs some runner may still claim. */
const claimable: Where = {
  and: [
    { completedAt: { exists: false } },
    { hasError: { not_equals: true } },
    { processing: { equals: false } },
    { queue: { equals: 'default' } },
  ],
}

export async function drainQueue(payload: Payload, maxRounds = 200): Promise<RunnerReport> {
  const report: RunnerReport = { ran: [], errors: [] }
  for (let round = 0; round < maxRounds; round++) {
    try {
      const result = await payload.jobs.run({ queue: 'default', limit: 1, silent: true })
      for (const [id, outcome] of Object.entries(result.jobStatus ?? {})) report.ran.push([id, String(outcome?.status)])
    } catch (error) {
      report.errors.push(error instanceof Error ? error.message : String(error))
    }
    if ((await payload.count({ collection: 'payload-jobs', where: claimable, overrideAccess: true })).totalDocs === 0)
      return report
  }
  report.errors.push(`Jobs were still queued after ${maxRounds} rounds.`)
  return report
}
