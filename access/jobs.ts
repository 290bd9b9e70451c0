import type { PayloadRequest } from 'payload'

import { mayAll } from './matrix'

/** Payload's `jobs.access` (queue, run and cancel through its jobs API), from the table. */
export const mayScheduleJobs = ({ req }: { req: PayloadRequest }): boolean =>
  mayAll('payload-jobs', 'schedule', req.user as never)
