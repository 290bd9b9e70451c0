import { PublishButton } from '@payloadcms/ui'
import type { ServerProps } from 'payload'

import { mayPublish } from '../permissions'
import { reviewOptionsOf } from '../resolveOptions'

/**
 * Payload's publish button, shown only to those who may publish (the host's `mayPublish`):
 * writers and reviewers could never publish anyway (the publish gate refuses them on the
 * server), so they are not offered it. For editors it runs through the same gate as every other path.
 */
export function EditorPublishButton({
  payload,
  user,
  collectionSlug,
  label,
}: ServerProps & { collectionSlug: string; label?: string }) {
  if (!mayPublish(reviewOptionsOf(payload, collectionSlug), user)) return null
  return <PublishButton label={label} />
}
