'use client'

import { PublishButton, useAuth } from '@payloadcms/ui'

import { isEditor } from '@/access/roles'

/**
 * Payload's publish button, shown only to editors and admins: writers and reviewers could never
 * publish anyway (the publish gate refuses them on the server), so they are not offered it. For
 * editors it runs through the same gate as every other path.
 */
export function EditorPublishButton(props: { label?: string }) {
  const { user } = useAuth()
  if (!isEditor(user as { roles?: string[] } | null)) return null
  return <PublishButton {...props} />
}
