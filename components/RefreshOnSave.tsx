'use client'

import { RefreshRouteOnSave } from '@payloadcms/live-preview-react'
import { useRouter } from 'next/navigation'
import { useCallback } from 'react'

/**
 * Live preview for server-rendered pages, rendered only in draft mode: Payload's
 * RefreshRouteOnSave (@payloadcms/live-preview-react) tells the admin (the opener, or else the
 * parent frame) that the page is ready, and re-renders the page on the server once then and
 * whenever the admin reports a save or autosave. Messages from any origin but `adminOrigin`
 * are ignored, so it must be an origin exactly (no path, no trailing slash).
 */
export function RefreshOnSave({ adminOrigin }: { adminOrigin: string }) {
  const router = useRouter()
  const refresh = useCallback(() => router.refresh(), [router])
  return <RefreshRouteOnSave refresh={refresh} serverURL={adminOrigin} />
}
