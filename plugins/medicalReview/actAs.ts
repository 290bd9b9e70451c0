import type { Payload, RequestContext } from 'payload'

import { requestAs } from './requestAs'
import { reviewOptionsOf } from './resolveOptions'
import { cancelScheduled, scheduleAction, scheduledActions } from './schedule'
import { publish, signOff, submitForReview, unpublish } from './workflow'

type UserId = number | string

export { requestAs }

/**
 * The review workflow run by named people from server code — seeds, scripts and tests — through
 * exactly the functions the HTTP endpoints use, so every rule applies.
 */
export function reviewWorkflow(payload: Payload, collection: string, context?: RequestContext) {
  const options = reviewOptionsOf(payload as never, collection)
  return {
    submit: async (by: UserId, id: UserId, input: { changeNote: string; reviewer: UserId }) =>
      submitForReview(await requestAs(payload, by, context), options, id, input),
    signOff: async (
      by: UserId,
      id: UserId,
      input: { decision: 'approve' | 'changes-requested'; comments?: string; reviewIntervalMonths?: number },
    ) => signOff(await requestAs(payload, by, context), options, id, input),
    publish: async (by: UserId, id: UserId) => publish(await requestAs(payload, by, context), options, id),
    unpublish: async (by: UserId, id: UserId, reason: string) =>
      unpublish(await requestAs(payload, by, context), options, id, { reason }),
    /** `now` moves the clock the schedule is checked against (tests schedule "a minute ago"). */
    schedule: async (
      by: UserId,
      id: UserId,
      input: { action: 'publish' | 'unpublish'; at: string; reason?: string },
      now?: Date,
    ) => scheduleAction(await requestAs(payload, by, context), options, id, input, now),
    scheduled: async (by: UserId, id: UserId) => scheduledActions(await requestAs(payload, by, context), options, id),
    cancelScheduled: async (by: UserId, id: UserId, job: number | string) =>
      cancelScheduled(await requestAs(payload, by, context), options, id, job),
    /** Submit, approve and publish in one go: the path every published demo document takes. */
    async reviewAndPublish(
      id: UserId,
      people: { writer: UserId; reviewer: UserId; editor: UserId },
      changeNote = 'First version.',
    ) {
      await this.submit(people.writer, id, { changeNote, reviewer: people.reviewer })
      await this.signOff(people.reviewer, id, { decision: 'approve' })
      return this.publish(people.editor, id)
    },
  }
}
