'use client'

import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/**
 * Live preview for server-rendered pages, shown only in draft mode: tells the Payload admin
 * (the parent frame or opener) that the page is ready, and re-renders on the server whenever the
 * admin reports a save or autosave. Messages from any other origin are ignored.
 */
export function RefreshOnSave({ adminOrigin }: { adminOrigin: string }) {
  const router = useRouter()
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== adminOrigin) return
      if (event.data && typeof event.data === 'object' && event.data.type === 'payload-document-event') router.refresh()
    }
    window.addEventListener('message', onMessage)
    const ready = { type: 'payload-live-preview', ready: true }
    window.parent?.postMessage(ready, adminOrigin)
    window.opener?.postMessage(ready, adminOrigin)
    return () => window.removeEventListener('message', onMessage)
  }, [adminOrigin, router])
  return null
}
