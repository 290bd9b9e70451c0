'use client'

import { useConfig, useDocumentInfo, useFormModified } from '@payloadcms/ui'
import { useCallback, useEffect, useState } from 'react'

import { formatDate, formatDateTime } from '@/plugins/common/formatDate'

import type { EligibleReviewer } from '../reviewers'
import { REVIEW_INTERVAL } from '../reviewInterval'
import type { ReviewAction, ReviewStatus } from '../status'
import { ClinicalDiff } from './ClinicalDiff'

const STATUS_COLOURS: Record<ReviewStatus['signOffStatus'], string> = {
  valid: 'var(--theme-success-500)',
  stale: 'var(--theme-warning-500)',
  expired: 'var(--theme-error-500)',
  none: 'var(--theme-elevation-400)',
}

/**
 * The review panel in the edit view's sidebar: stage, sign-off status, who signed and when, a
 * link to compare the signed version with the newest one, why publishing would be refused, and
 * the actions this person may take. Every action is a call to the collection's review endpoints;
 * the server decides, and its message is shown as it is.
 */
export function ReviewPanel() {
  const { id, collectionSlug, savedDocumentData } = useDocumentInfo()
  const { config } = useConfig()
  const modified = useFormModified()
  const api = `${config.serverURL ?? ''}${config.routes.api}/${collectionSlug}`
  const [status, setStatus] = useState<ReviewStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [open, setOpen] = useState<ReviewAction | null>(null)
  const [reviewers, setReviewers] = useState<EligibleReviewer[]>([])
  const [answers, setAnswers] = useState<Record<string, string>>({})
  // Controlled inputs, not a <form>: the panel sits inside Payload's own edit form, and a nested
  // form would submit (save) the document instead.
  const [values, setValues] = useState<Record<string, string>>({})
  const value = (name: string) => values[name] ?? ''
  const input = (name: string) => ({
    name,
    value: value(name),
    onChange: (event: { target: { value: string } }) =>
      setValues((current) => ({ ...current, [name]: event.target.value })),
  })

  // Closing the edit view releases this person's document lock: Payload does so on leaving only
  // for collections without autosave (DELETE …/lock releases only the caller's own lock).
  useEffect(() => {
    if (!id) return
    const release = () =>
      void fetch(`${api}/${id}/lock`, { method: 'DELETE', credentials: 'include', keepalive: true }).catch(() => {})
    window.addEventListener('pagehide', release)
    return () => {
      window.removeEventListener('pagehide', release)
      release()
    }
  }, [api, id])

  const load = useCallback(async () => {
    if (!id) return
    const response = await fetch(`${api}/${id}/review-status`, { credentials: 'include' })
    if (response.ok) setStatus((await response.json()) as ReviewStatus)
  }, [api, id])

  // After every save (autosave included) the panel asks the server again: what it shows is the
  // stored state, never what it was when the page loaded.
  const savedAt = (savedDocumentData as { updatedAt?: string } | undefined)?.updatedAt
  useEffect(() => {
    // Loading from the server is what this effect is for; the state is set when the response arrives.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load, savedAt])

  useEffect(() => {
    if (open !== 'submit' || !id) return
    void fetch(`${api}/${id}/reviewers`, { credentials: 'include' })
      .then((response) => response.json())
      .then((result: { reviewers?: EligibleReviewer[] }) => setReviewers(result.reviewers ?? []))
  }, [open, api, id])

  if (!id) return <p className="review-panel__hint">Save the draft to start its medical review.</p>
  if (!status) return <p className="review-panel__hint">Loading review status…</p>

  async function act(
    action: ReviewAction | 'cancel-schedule' | 'answer',
    body: Record<string, unknown>,
    job?: number | string,
  ) {
    setBusy(true)
    setError(null)
    setNotice(null)
    const path =
      action === 'approve' || action === 'request-changes'
        ? 'sign-off'
        : action === 'cancel-schedule'
          ? `schedule/${String(job)}`
          : action === 'answer'
            ? `checklist/${String(job)}`
            : action
    const response = await fetch(`${api}/${id}/${path}`, {
      method: action === 'cancel-schedule' ? 'DELETE' : 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const result = (await response.json().catch(() => ({}))) as { errors?: Array<{ message: string }> }
    setBusy(false)
    if (!response.ok) {
      setError(result.errors?.[0]?.message ?? `The server refused (${response.status}).`)
      return
    }
    if (action === 'answer') {
      // An answer changes no content: the form (and anything being typed in it) stays as it is.
      setAnswers((current) => ({ ...current, [String(job)]: '' }))
      await load()
      return
    }
    // The document changed on the server: reload so the form shows the stored version (and its
    // fields as editable or locked as the new stage has them).
    window.location.reload()
  }

  function confirm(action: ReviewAction) {
    const missing = (name: string, message: string) => {
      if (value(name).trim()) return false
      setError(message)
      return true
    }
    const signature = (decision: 'approve' | 'changes-requested') => {
      if (values.attest !== 'yes') {
        setError('Confirm what your signature means by ticking the statement.')
        return null
      }
      if (missing('password', 'Enter your password to sign.')) return null
      return { meaning: status!.signatureMeanings[decision], password: value('password') }
    }
    if (action === 'withdraw') {
      if (missing('withdrawReason', 'Say why; the reviewer is told.')) return
      void act(action, { reason: value('withdrawReason') })
    }
    if (action === 'submit') {
      if (missing('changeNote', 'Write what changed and why.') || missing('reviewer', 'Choose a reviewer.')) return
      void act(action, {
        changeNote: value('changeNote'),
        publicChangeNote: value('publicChangeNote'),
        reviewer: Number(value('reviewer')),
      })
    }
    if (action === 'approve') {
      const months = Number(value('interval') || status?.proposedReviewIntervalMonths)
      if (!Number.isInteger(months) || months < REVIEW_INTERVAL.min || months > REVIEW_INTERVAL.max) {
        setError(`Choose when it is due for review again: ${REVIEW_INTERVAL.min} to ${REVIEW_INTERVAL.max} months.`)
        return
      }
      const signed = signature('approve')
      if (!signed) return
      void act(action, {
        decision: 'approve',
        comments: value('comments'),
        reviewIntervalMonths: months,
        signature: signed,
      })
    }
    if (action === 'request-changes') {
      if (missing('comments', 'Say what needs to change.')) return
      const signed = signature('changes-requested')
      if (!signed) return
      void act(action, { decision: 'changes-requested', comments: value('comments'), signature: signed })
    }
    if (action === 'unpublish') {
      if (missing('reason', 'Give the reason for unpublishing.')) return
      void act(action, { reason: value('reason'), withdrawSignOff: values.clinical === 'yes' })
    }
    if (action === 'schedule') {
      const what = value('scheduleAction') || 'publish'
      if (missing('scheduleAt', 'Choose the date and time.')) return
      if (
        what === 'unpublish' &&
        missing('scheduleReason', 'Give the reason for unpublishing; it is recorded when it happens.')
      )
        return
      // datetime-local is the editor's local time; the server gets an exact instant.
      void act(action, {
        action: what,
        at: new Date(value('scheduleAt')).toISOString(),
        reason: value('scheduleReason'),
      })
    }
  }

  const labels: Record<ReviewAction, string> = {
    submit: 'Submit for review',
    withdraw: status.stage === 'approved' ? 'Reopen for editing' : 'Withdraw from review',
    approve: 'Approve',
    'request-changes': 'Request changes',
    publish: 'Publish signed version',
    unpublish: 'Unpublish',
    schedule: 'Schedule…',
  }
  const signOff = status.signOff

  return (
    <section className="review-panel" aria-labelledby="review-panel-title" data-stage={status.stage}>
      <h3 id="review-panel-title">Medical review</h3>
      <dl>
        <dt>Stage</dt>
        <dd data-testid="review-stage">{status.stageLabel}</dd>
        <dt>Sign-off</dt>
        <dd data-testid="sign-off-status">
          <span
            className="review-panel__dot"
            style={{ background: STATUS_COLOURS[status.signOffStatus] }}
            aria-hidden
          />
          {status.signOffStatusLabel}
        </dd>
        {signOff && (
          <>
            <dt>Signed by</dt>
            <dd>
              {signOff.reviewerName}
              {signOff.reviewerCredentials ? `, ${signOff.reviewerCredentials}` : ''} · {formatDate(signOff.signedAt)}
            </dd>
            <dt>Next review due</dt>
            <dd>{formatDate(signOff.nextReviewDue)}</dd>
          </>
        )}
        {status.assignedReviewer && status.stage === 'in-review' && (
          <>
            <dt>Waiting for</dt>
            <dd>{status.assignedReviewer.name}</dd>
          </>
        )}
      </dl>
      {status.locked && (
        <p className="review-panel__hint" role="note" data-testid="content-locked">
          {status.stage === 'in-review'
            ? 'The clinical content is locked while it is with the reviewer. To change it, withdraw it from review.'
            : 'The clinical content is locked: it is approved as it stands. To change it, reopen it for editing (it then needs a new review).'}
        </p>
      )}
      {status.stage === 'in-review' && (
        <details className="review-panel__section" open={status.actions.includes('approve')} data-testid="review-diff">
          <summary>What changed for review</summary>
          <ClinicalDiff
            collection={String(collectionSlug)}
            id={id}
            apiRoute={`${config.serverURL ?? ''}${config.routes.api}`}
            refreshKey={savedAt}
          />
          {status.compareUrl && (
            <p>
              <a href={status.compareUrl}>Every field, in Payload&apos;s version compare</a>
            </p>
          )}
        </details>
      )}
      {status.checklist.length > 0 && (
        <div className="review-panel__section" data-testid="review-checklist">
          <strong>Review requests</strong>
          <ol className="review-panel__checklist">
            {status.checklist.map((item) => (
              <li key={item.id} data-state={item.state}>
                <span className={`review-panel__badge review-panel__badge--${item.state}`}>{item.state}</span>{' '}
                {item.request}
                {item.raisedBy ? <small> · {item.raisedBy}</small> : null}
                {item.answer && (
                  <p className="review-panel__answer">
                    <strong>Answer{item.answeredBy ? ` (${item.answeredBy})` : ''}</strong> {item.answer}
                  </p>
                )}
                {item.state === 'open' && status.actions.includes('submit') && (
                  <div className="review-panel__form">
                    <label htmlFor={`answer-${item.id}`}>Your answer: what you changed, or why not</label>
                    <textarea
                      id={`answer-${item.id}`}
                      rows={2}
                      value={answers[item.id] ?? ''}
                      onChange={(event) => setAnswers((current) => ({ ...current, [item.id]: event.target.value }))}
                    />
                    <button
                      type="button"
                      className="btn btn--size-small btn--style-secondary"
                      disabled={busy || !(answers[item.id] ?? '').trim()}
                      onClick={() => void act('answer', { answer: answers[item.id] }, item.id)}
                    >
                      Save answer
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
      {status.youEditedIt && status.stage === 'in-review' && (
        <p className="review-panel__hint" role="note">
          You changed the clinical content since its last approval, so another reviewer must sign it off.
        </p>
      )}
      {status.scheduled.length > 0 && (
        <div className="review-panel__scheduled">
          <strong>Scheduled</strong>
          <ul>
            {status.scheduled.map((item) => (
              <li key={item.id} data-testid="scheduled-action">
                {item.action === 'publish' ? 'Publish' : 'Unpublish'} on {formatDateTime(item.at)}
                {item.scheduledBy ? ` · by ${item.scheduledBy}` : ''}
                {item.reason ? ` · “${item.reason}”` : ''}
                {item.error ? (
                  <span className="review-panel__error" role="alert">
                    {' '}
                    · Did not happen: {item.error}
                  </span>
                ) : null}{' '}
                <button
                  type="button"
                  className="btn btn--size-small btn--style-secondary"
                  disabled={busy}
                  onClick={() => void act('cancel-schedule', {}, item.id)}
                >
                  {item.error ? 'Clear' : 'Cancel'}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.gate && !status.gate.ok && status.actions.includes('publish') && (
        <p className="review-panel__gate" role="status" data-testid="gate-message">
          Cannot publish yet: {status.gate.message}
        </p>
      )}
      {status.publishesSignedVersion && status.actions.includes('publish') && (
        <p className="review-panel__gate" role="status" data-testid="publishes-signed-version">
          Changed since the sign-off: publishing sends out the signed version, and these changes stay in the draft until
          they are reviewed.
        </p>
      )}
      {modified && status.actions.length > 0 && (
        <p className="review-panel__hint">
          Unsaved changes: save the draft first — review actions use the stored draft.
        </p>
      )}
      {error && (
        <p className="review-panel__error" role="alert">
          {error}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      <div className="review-panel__actions">
        {status.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`btn btn--size-small ${
              (action === 'publish' && status.gate?.ok) || action === 'approve'
                ? 'btn--style-primary'
                : 'btn--style-secondary'
            }`}
            disabled={busy || modified || (action === 'publish' && status.gate?.ok === false)}
            aria-expanded={open === action}
            onClick={() => {
              if (action === 'publish') return void act('publish', {})
              if (action === 'approve' || action === 'request-changes') {
                setValues((current) => ({ ...current, attest: '', password: '' }))
              }
              if (action === 'submit' && !values.reviewer && status.assignedReviewer) {
                setValues((current) => ({ ...current, reviewer: String(status.assignedReviewer!.id) }))
              }
              setOpen(open === action ? null : action)
            }}
          >
            {labels[action]}
          </button>
        ))}
      </div>
      {open && open !== 'publish' && status.actions.includes(open) && (
        <div className="review-panel__form" role="group" aria-label={labels[open]}>
          {open === 'withdraw' && (
            <>
              <label htmlFor="review-withdraw-reason">Why (the reviewer is told)</label>
              <textarea id="review-withdraw-reason" rows={2} {...input('withdrawReason')} />
            </>
          )}
          {open === 'submit' && (
            <>
              <label htmlFor="review-change-note">For the reviewer: what changed and why (internal)</label>
              <textarea id="review-change-note" rows={3} {...input('changeNote')} />
              <label htmlFor="review-public-note">For readers, optional: one line on what changed</label>
              <input
                id="review-public-note"
                type="text"
                maxLength={200}
                placeholder="e.g. Added advice on when to see a doctor"
                {...input('publicChangeNote')}
              />
              <label htmlFor="review-reviewer">Reviewer</label>
              <select id="review-reviewer" {...input('reviewer')}>
                <option value="">Choose a clinical reviewer…</option>
                {reviewers.map((reviewer) => (
                  <option key={reviewer.id} value={reviewer.id} disabled={Boolean(reviewer.problem)}>
                    {reviewer.name}
                    {reviewer.credentials ? `, ${reviewer.credentials}` : ''}
                    {reviewer.specialties.length ? ` · ${reviewer.specialties.join(', ')}` : ''}
                    {reviewer.matches ? ' · matches' : ''}
                    {reviewer.problem ? ' · cannot sign now' : ` · ${reviewer.waiting} waiting`}
                  </option>
                ))}
              </select>
            </>
          )}
          {(open === 'approve' || open === 'request-changes') && (
            <>
              <label htmlFor="review-comments">
                {open === 'approve' ? 'Comments (optional)' : 'What needs to change'}
              </label>
              <textarea id="review-comments" rows={3} {...input('comments')} />
            </>
          )}
          {(open === 'approve' || open === 'request-changes') && (
            <fieldset className="review-panel__signature" data-testid="signature">
              <legend>Electronic signature</legend>
              <label className="review-panel__attest">
                <input
                  type="checkbox"
                  checked={values.attest === 'yes'}
                  onChange={(event) =>
                    setValues((current) => ({ ...current, attest: event.target.checked ? 'yes' : '' }))
                  }
                />{' '}
                {status.signatureMeanings[open === 'approve' ? 'approve' : 'changes-requested']}
              </label>
              <label htmlFor="review-password">Your password</label>
              <input id="review-password" type="password" autoComplete="current-password" {...input('password')} />
              <small>Signing as the person logged in. A wrong password counts towards locking your account.</small>
            </fieldset>
          )}
          {open === 'approve' && (
            <>
              <label htmlFor="review-interval">Due for review again in (months)</label>
              <input
                id="review-interval"
                type="number"
                min={REVIEW_INTERVAL.min}
                max={REVIEW_INTERVAL.max}
                step={1}
                name="interval"
                value={values.interval ?? String(status.proposedReviewIntervalMonths)}
                onChange={(event) => setValues((current) => ({ ...current, interval: event.target.value }))}
              />
            </>
          )}
          {open === 'schedule' && (
            <>
              <label htmlFor="review-schedule-action">What</label>
              <select id="review-schedule-action" {...input('scheduleAction')}>
                <option value="publish">Publish the signed version (checked when it runs)</option>
                {status.isPublished && <option value="unpublish">Unpublish</option>}
              </select>
              <label htmlFor="review-schedule-at">When</label>
              <input id="review-schedule-at" type="datetime-local" {...input('scheduleAt')} />
              {value('scheduleAction') === 'unpublish' && (
                <>
                  <label htmlFor="review-schedule-reason">Reason for unpublishing (recorded)</label>
                  <textarea id="review-schedule-reason" rows={2} {...input('scheduleReason')} />
                </>
              )}
            </>
          )}
          {open === 'unpublish' && (
            <>
              <label htmlFor="review-reason">Reason for unpublishing (recorded)</label>
              <textarea id="review-reason" rows={2} {...input('reason')} />
              <label className="review-panel__attest">
                <input
                  type="checkbox"
                  checked={values.clinical === 'yes'}
                  onChange={(event) =>
                    setValues((current) => ({ ...current, clinical: event.target.checked ? 'yes' : '' }))
                  }
                />{' '}
                A clinical reason: withdraw the sign-off, so it needs a new review before it can go live again
              </label>
            </>
          )}
          <button
            type="button"
            className="btn btn--size-small btn--style-primary"
            disabled={busy}
            onClick={() => confirm(open)}
          >
            {busy ? 'Working…' : `Confirm: ${labels[open].replace('…', '').toLowerCase()}`}
          </button>
        </div>
      )}
      {status.timeline.length > 0 && (
        <details className="review-panel__section" data-testid="review-timeline">
          <summary>Timeline</summary>
          <ol className="review-panel__timeline">
            {status.timeline.map((event) => (
              <li key={event.id}>
                <strong>{event.label}</strong> · {event.byName ?? 'Causeway'} · {formatDateTime(event.at)}
                {event.versionUrl && (
                  <>
                    {' '}
                    · <a href={event.versionUrl}>version</a>
                  </>
                )}
                {event.note && <p>{event.note}</p>}
              </li>
            ))}
          </ol>
        </details>
      )}
      <style>{`
        .review-panel { border: 1px solid var(--theme-elevation-150); border-radius: 4px; padding: calc(var(--base) * 0.75); margin-bottom: var(--base); }
        .review-panel h3 { margin: 0 0 0.5rem; font-size: 1rem; }
        .review-panel dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 0.75rem; margin: 0 0 0.5rem; }
        .review-panel dt { color: var(--theme-elevation-600); }
        .review-panel dd { margin: 0; }
        .review-panel__dot { display: inline-block; width: 0.6rem; height: 0.6rem; border-radius: 50%; margin-right: 0.4rem; }
        .review-panel__gate, .review-panel__error { color: var(--theme-error-600); }
        .review-panel__comments { background: var(--theme-warning-100); padding: 0.5rem; border-radius: 4px; }
        .review-panel__comments p { margin: 0.25rem 0 0; white-space: pre-wrap; }
        .review-panel__actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
        .review-panel__actions .btn { margin: 0; }
        .review-panel__form { display: grid; gap: 0.4rem; margin-top: 0.75rem; }
        .review-panel__form textarea, .review-panel__form select { width: 100%; font: inherit; padding: 0.4rem; border: 1px solid var(--theme-elevation-250); border-radius: 4px; background: var(--theme-input-bg); color: var(--theme-text); }
        .review-panel__hint { color: var(--theme-elevation-600); }
        .review-panel__scheduled { margin: 0.75rem 0; }
        .review-panel__scheduled ul { list-style: none; margin: 0.25rem 0 0; padding: 0; display: grid; gap: 0.5rem; }
        .review-panel__scheduled li { border-left: 3px solid var(--theme-elevation-250); padding-left: 0.5rem; }
        .review-panel__scheduled .btn { display: block; margin: 0.25rem 0 0; }
        .review-panel__section { margin: 0.75rem 0; }
        .review-panel__section summary { cursor: pointer; font-weight: 600; }
        .review-panel__checklist, .review-panel__timeline { margin: 0.35rem 0 0; padding-left: 1.1rem; display: grid; gap: 0.5rem; }
        .review-panel__timeline p, .review-panel__answer { margin: 0.2rem 0 0; white-space: pre-wrap; color: var(--theme-elevation-700); }
        .review-panel__badge { display: inline-block; font-size: 0.75em; text-transform: uppercase; letter-spacing: 0.03em; padding: 0 0.35rem; border-radius: 3px; background: var(--theme-elevation-100); }
        .review-panel__badge--open { background: var(--theme-warning-100); color: var(--theme-warning-800); }
        .review-panel__badge--answered { background: var(--theme-success-100); color: var(--theme-success-800); }
        .review-panel__signature { border: 1px solid var(--theme-elevation-250); border-radius: 4px; padding: 0.5rem; display: grid; gap: 0.4rem; margin: 0.25rem 0; }
        .review-panel__signature legend { font-weight: 600; padding: 0 0.25rem; }
        .review-panel__attest { display: flex; gap: 0.4rem; align-items: flex-start; }
        .review-panel__attest input { width: auto !important; margin-top: 0.2rem; }
        .review-panel__form input { width: 100%; font: inherit; padding: 0.4rem; border: 1px solid var(--theme-elevation-250); border-radius: 4px; background: var(--theme-input-bg); color: var(--theme-text); }
      `}</style>
    </section>
  )
}
