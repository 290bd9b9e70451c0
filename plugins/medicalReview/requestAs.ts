import { createLocalReq, type Payload, type PayloadRequest, type RequestContext } from 'payload'

import { WorkflowError } from './errors'

/** A Local API request made by the user `userId`, as if they were signed in (seeds, tests, scheduled jobs). */
export async function requestAs(
  payload: Payload,
  userId: number | string,
  context?: RequestContext,
): Promise<PayloadRequest> {
  const user = await payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
  })
  if (!user)
    throw new WorkflowError(
      `There is no account with id ${userId} any more (it may have been deleted).`,
      404,
      'no-account',
    )
  return createLocalReq({ user: { ...user, collection: 'users' } as never, context }, payload)
}
