'use client'

import { useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

/**
 * "Mark all read" on the dashboard's notifications: one PATCH of the person's own unread rows
 * (access lets each person update only their own notifications, and only `readAt`), then the
 * dashboard is rendered again.
 */
export function MarkNotificationsRead({ recipient }: { recipient: number | string }) {
  const { config } = useConfig()
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const markAll = async () => {
    setBusy(true)
    setError(null)
    const query =
      `where[recipient][equals]=${encodeURIComponent(String(recipient))}` + '&where[readAt][exists]=false&limit=0'
    const response = await fetch(`${config.serverURL ?? ''}${config.routes.api}/notifications?${query}`, {
      method: 'PATCH',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ readAt: new Date().toISOString() }),
    }).catch(() => null)
    setBusy(false)
    if (!response?.ok) {
      setError('Could not mark them read. Reload the page and try again.')
      return
    }
    router.refresh()
  }

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: '0.5rem', flexWrap: 'wrap' }}>
      <button
        type="button"
        onClick={() => void markAll()}
        disabled={busy}
        data-mark-read
        style={{
          background: 'none',
          border: '1px solid var(--theme-elevation-250)',
          borderRadius: 'var(--style-radius-s, 3px)',
          color: 'var(--theme-text)',
          cursor: busy ? 'wait' : 'pointer',
          font: 'inherit',
          fontSize: '0.8125rem',
          padding: '0.15rem 0.6rem',
        }}
      >
        {busy ? 'Marking…' : 'Mark all read'}
      </button>
      {error ? (
        <span role="alert" style={{ color: 'var(--theme-error-500)', fontSize: '0.8125rem' }}>
          {error}
        </span>
      ) : null}
    </span>
  )
}
