/**
 * A second job runner in a process of its own (`tsx tests/helpers/runJobsProcess.ts`), on the
 * DATABASE_URL and PAYLOAD_SECRET it is given: boots Payload, prints `{"ready":true}`, runs the
 * queue (tests/helpers/jobRunner.ts), prints `{"report":…}` and exits 0.
 */
import { withPayload } from '@/tooling/withPayload'

import { drainQueue } from './jobRunner'

withPayload(async (payload) => {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
  const report = await drainQueue(payload)
  process.stdout.write(`${JSON.stringify({ report })}\n`)
}).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
