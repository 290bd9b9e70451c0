import type { Payload, RequestContext } from 'payload'

import { requestAs } from './requestAs'
import { reviewOptionsOf } from './resolveOptions'
import { cancelScheduled, scheduleAction, scheduledActions } from './schedule'
import { answerChecklistItem, publish, signOff, submitForReview, unpublish, withdrawFromReview } from './workflow'

type UserId = number | string

export { requestAs }

/**
 * The review workflow run by named people from server code — seeds, scripts and tests — through
 * exactly the functions the HTTP endpoints use, so every rule applies. The one difference: a
 * sign-off made here has no password to re-enter, and the ledger records its signature method
 * as "server" (the HTTP endpoint always asks for the password).
 */
export function reviewWorkflow(payload: Payload, collection: string, context?: RequestContext) {
  const options = reviewOptionsOf(payload as never, collection)
  return {
    submit: async (
      by: UserId,
      id: UserId,
      input: { changeNote: string; reviewer: UserId; publicChangeNote?: string },
    ) => submitForReview(await requestAs(payload, by, context), options, id, input),
    signOff: async (
      by: UserId,
      id: UserId,
      input: { decision: 'approve' | 'changes-requested'; comments?: string; reviewIntervalMonths?: number },
    ) => signOff(await requestAs(payload, by, context), options, id, input, { method: 'server' }),
    publish: async (by: UserId, id: UserId) => publish(await requestAs(payload, by, context), options, id),
    unpublish: async (by: UserId, id: UserId, reason: string, withdrawSignOff = false) =>
      unpublish(await requestAs(payload, by, context), options, id, { reason, withdrawSignOff }),
    withdraw: async (by: UserId, id: UserId, reason: string) =>
      withdrawFromReview(await requestAs(payload, by, context), options, id, { reason }),
    answer: async (by: UserId, id: UserId, item: string, answer: string) =>
      answerChecklistItem(await requestAs(payload, by, context), options, id, item, { answer }),
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
