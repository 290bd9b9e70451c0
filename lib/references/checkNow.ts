/**
 * Checks the references of published pages now, instead of waiting for the nightly run:
 *
 *   npm run payload -- run lib/references/checkNow.ts
 *
 * It queues the `checkReferences` job and runs that job here, through the queue like any other
 * (docs/operations.md#reference-health); the environment is the server's (REFERENCE_* included, and
 * REFERENCE_CHECKS=off does not stop a run asked for by hand). Exits non-zero when the job failed.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { REFERENCE_HEALTH_TASK } from './referenceHealth'

const payload = await getPayload({ config })
const job = await payload.jobs.queue({ task: REFERENCE_HEALTH_TASK, input: {} })
const { jobStatus } = await payload.jobs.run({ where: { id: { equals: job.id } } })
const status = jobStatus?.[String(job.id)]?.status
if (status !== 'success') {
  payload.logger.error(
    { job: job.id, status: status ?? 'not run' },
    status
      ? `The reference check (job ${job.id}) did not succeed: see its log above and the job in the admin.`
      : `The reference check (job ${job.id}) was not run here: another runner may have taken it.`,
  )
  // Payload's `run` exits 0 once this module is done: say otherwise before it does.
  process.exit(1)
}
