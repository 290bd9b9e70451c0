import type { TaskConfig } from 'payload'

import { afterCommitDelivery } from '../notifications/deliver'
import { requestAs } from '../requestAs'
import type { ResolvedCollectionOptions } from '../resolveOptions'
import type { ScheduledPublishingInput } from '../schedule'
import { publish, unpublish } from '../workflow'

export const SCHEDULED_PUBLISHING_TASK = 'scheduledPublishing'

/**
 * Runs a publish or unpublish scheduled from the review panel, when its time comes, as the editor
 * who scheduled it: the same workflow functions as the panel's buttons, so the publish gate
 * decides a publish against the content and sign-off of that moment, and an unpublish records its
 * reason. A refusal fails the job; the panel shows why.
 */
export function scheduledPublishingTask(collections: ResolvedCollectionOptions[]): TaskConfig {
  return {
    slug: SCHEDULED_PUBLISHING_TASK,
    label: 'Publish or unpublish at a scheduled time',
    inputSchema: [
      { name: 'collection', type: 'text', required: true },
      { name: 'docId', type: 'text', required: true },
      { name: 'action', type: 'select', options: ['publish', 'unpublish'], required: true },
      { name: 'reason', type: 'textarea' },
      { name: 'scheduledBy', type: 'relationship', relationTo: 'users', required: true },
    ],
    outputSchema: [{ name: 'stage', type: 'text' }],
    // A refusal would only repeat itself: it fails at once, and the review panel shows why, so the
    // editor can fix it and schedule again.
    retries: 0,
    handler: async ({ input, req }) => {
      const { collection, docId, action, reason, scheduledBy } = input as unknown as ScheduledPublishingInput
      const options = collections.find((candidate) => candidate.slug === collection)
      if (!options) throw new Error(`"${collection}" is not a reviewable collection.`)
      const as = await requestAs(req.payload, scheduledBy, req.context)
      const result =
        action === 'publish' ? await publish(as, options, docId) : await unpublish(as, options, docId, { reason })
      // Committed: its notifications go out now rather than at the next delivery run.
      await afterCommitDelivery(as)
      return { output: { stage: String(result.stage) } }
    },
  }
}
