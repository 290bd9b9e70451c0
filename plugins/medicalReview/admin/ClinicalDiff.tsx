'use client'

import { useEffect, useState, type CSSProperties, type ReactNode } from 'react'

import { formatDate } from '@/plugins/common/formatDate'

import type { DiffPart } from '../diff/clinicalDiff'
import type { ReviewDiff } from '../diff/reviewDiff'

/** Read out by screen readers, not shown: `<ins>` and `<del>` alone are not announced by most. */
const hidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
}

// Colour is never the only mark: removed text is struck through, added text underlined.
const removedStyle: CSSProperties = {
  background: 'var(--theme-error-100)',
  color: 'var(--theme-error-800)',
  textDecoration: 'line-through',
  borderRadius: 2,
}
const addedStyle: CSSProperties = {
  background: 'var(--theme-success-100)',
  color: 'var(--theme-success-800)',
  textDecoration: 'underline',
  textUnderlineOffset: 2,
  borderRadius: 2,
}
const muted: CSSProperties = { margin: 0, fontSize: '0.8125rem', color: 'var(--theme-elevation-600)' }

const KIND_NOTES: Record<string, string> = { added: 'new', removed: 'removed', image: 'image' }

function Part({ part }: { part: DiffPart }): ReactNode {
  if (part.removed) {
    return (
      <del style={removedStyle}>
        <span style={hidden}>[removed: </span>
        {part.value}
        <span style={hidden}>]</span>
      </del>
    )
  }
  if (part.added) {
    return (
      <ins style={addedStyle}>
        <span style={hidden}>[added: </span>
        {part.value}
        <span style={hidden}>]</span>
      </ins>
    )
  }
  return <span>{part.value}</span>
}

type Loaded = { diff: ReviewDiff; error?: undefined } | { diff?: undefined; error: string }

/**
 * What changed in the clinical content since the last sign-off (or, before any approval, the last
 * review), word by word: `GET /api/<collection>/<id>/review-diff`. Fits the edit view's narrow
 * sidebar and a wide container alike. `refreshKey` fetches again when it changes (after a save).
 */
export function ClinicalDiff({
  collection,
  id,
  apiRoute = '/api',
  refreshKey,
}: {
  collection: string
  id: number | string
  /** The API's base path (`config.serverURL + config.routes.api`); `/api` unless configured otherwise. */
  apiRoute?: string
  refreshKey?: unknown
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null)

  useEffect(() => {
    let current = true
    const controller = new AbortController()
    fetch(`${apiRoute}/${collection}/${encodeURIComponent(String(id))}/review-diff`, {
      credentials: 'include',
      signal: controller.signal,
    })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as
          (ReviewDiff & { errors?: Array<{ message?: string }> }) | null
        if (!current) return
        if (!response.ok || !body) {
          setLoaded({ error: body?.errors?.[0]?.message ?? `The changes could not be loaded (${response.status}).` })
        } else setLoaded({ diff: body })
      })
      .catch(() => {
        if (current && !controller.signal.aborted) setLoaded({ error: 'The changes could not be loaded.' })
      })
    return () => {
      current = false
      controller.abort()
    }
  }, [apiRoute, collection, id, refreshKey])

  const box: CSSProperties = { minWidth: 0, maxWidth: '100%', fontSize: '0.875rem', lineHeight: 1.5 }
  if (!loaded) {
    return (
      <section aria-busy="true" style={box}>
        <p style={muted}>Loading changes…</p>
      </section>
    )
  }
  if (loaded.error !== undefined) {
    return (
      <section style={box}>
        <p role="alert" style={{ ...muted, color: 'var(--theme-error-500)' }}>
          {loaded.error}
        </p>
      </section>
    )
  }
  const { baseline, changes, message } = loaded.diff
  const headingId = `clinical-diff-${collection}-${id}`
  if (!baseline) {
    return (
      <section aria-labelledby={headingId} style={box}>
        <h4 id={headingId} style={{ margin: '0 0 0.25rem', fontSize: '0.9375rem' }}>
          Clinical changes
        </h4>
        <p style={muted}>First review: everything is new.</p>
      </section>
    )
  }
  const what = baseline.decision === 'approve' ? 'sign-off' : 'review'
  return (
    <section aria-labelledby={headingId} style={box}>
      <h4 id={headingId} style={{ margin: '0 0 0.25rem', fontSize: '0.9375rem', overflowWrap: 'anywhere' }}>
        Changes since {baseline.reviewerName}&rsquo;s {what} on {formatDate(baseline.signedAt)}
      </h4>
      {message ? (
        <p role="status" style={{ ...muted, color: 'var(--theme-warning-650, var(--theme-elevation-800))' }}>
          {message}
        </p>
      ) : null}
      {changes.length === 0 ? (
        <p style={muted}>No clinical changes.</p>
      ) : (
        <>
          <p style={{ ...muted, display: 'flex', flexWrap: 'wrap', gap: '0.25rem 0.75rem' }}>
            <span>
              Key: <del style={removedStyle}>removed</del>
            </span>
            <span>
              <ins style={addedStyle}>added</ins>
            </span>
          </p>
          <ol style={{ listStyle: 'none', margin: '0.5rem 0 0', padding: 0, display: 'grid', gap: '0.75rem' }}>
            {changes.map((change, index) => (
              <li
                key={`${change.label}-${index}`}
                style={{ minWidth: 0, borderLeft: '2px solid var(--theme-elevation-150)', paddingLeft: '0.5rem' }}
              >
                <div style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                  {change.label}
                  {KIND_NOTES[change.kind] ? (
                    <span style={{ ...muted, fontWeight: 400, marginLeft: '0.375rem' }}>
                      ({KIND_NOTES[change.kind]})
                    </span>
                  ) : null}
                </div>
                <p
                  style={{ margin: '0.125rem 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: '75ch' }}
                >
                  {change.parts.map((part, partIndex) => (
                    <Part key={partIndex} part={part} />
                  ))}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}
