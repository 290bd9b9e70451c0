/**
 * E-mail for notifications, sent after the workflow step that wrote them has committed, retried
 * with back-off, and never sent twice.
 *
 * "Never twice" rests on one statement: a row is claimed by a single `UPDATE … SET email_state =
 * 'sending' WHERE email_state IN (pending, failed-and-due) … RETURNING id`, on the pool, outside
 * any transaction. PostgreSQL serialises concurrent updates of a row and re-checks the condition
 * on the row as the first update left it, so of two instances (or an after-commit delivery and the
 * retry job) claiming the same row, exactly one gets it back. Only the claimer sends it.
 *
 * Rows of a transaction that has not committed are invisible to the pool, so they cannot be
 * claimed: nothing is sent for a step that rolls back, and a step whose delivery ran too early
 * (inside someone else's still-open transaction) is picked up by the retry job a minute later.
 *
 * A row left in `sending` by a process that died mid-send is not retried: whether the e-mail left
 * is unknown, and sending it again could send it twice. It stays visible in the admin (state
 * "sending", with its attempts) and in the person's notification list.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest, TaskConfig } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'
import { sqlRows } from '@/plugins/common/sql'

import { REVIEW_EVENT_LABELS, type ReviewEvent } from '../collections/events'
import { pendingNotificationsOf } from '../events'
import { EVENTS_SLUG, NOTIFICATIONS_SLUG } from '../resolveOptions'

export const DELIVER_NOTIFICATIONS_TASK = 'deliverNotifications'

/** Attempts before a row is given up on (it stays `failed`, with no next attempt). */
export const MAX_EMAIL_ATTEMPTS = 5
/** Minutes to wait after the 1st, 2nd, 3rd and 4th failure. */
export const BACKOFF_MINUTES = [1, 5, 30, 120] as const
/** Rows one run of the retry job claims at most (the rest wait for the next minute). */
const BATCH = 50
/** How long the workflow's request waits for its e-mails before answering anyway. */
const AFTER_COMMIT_WAIT_MS = 5_000

const TABLE = 'notifications'

export interface DeliveryResult {
  /** Rows this call claimed (and so was the only one to handle). */
  claimed: number[]
  sent: number[]
  failed: number[]
  skipped: number[]
}

/**
 * When to try again after the `attempts`-th failed attempt (1-based), or null when that was the
 * last one allowed.
 */
export function nextAttemptAfter(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_EMAIL_ATTEMPTS) return null
  const minutes = BACKOFF_MINUTES[Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1]!
  return new Date(now.getTime() + minutes * 60_000)
}

/** A list of ids as a PostgreSQL int[] literal (ids are checked to be positive integers first). */
const intArray = (ids: number[]) => `{${ids.join(',')}}`

/**
 * Atomically takes the rows that may be sent now — pending, or failed with an attempt due at
 * `now` and attempts left — out of `ids` (or, without `ids`, up to a batch of any), marking them
 * `sending`. Returns the ids this call got; nobody else gets them.
 */
export async function claimNotifications(payload: Payload, ids: number[] | undefined, now: Date): Promise<number[]> {
  const at = now.toISOString()
  /** The claim's condition, on the row as it is when this statement gets to it. */
  const sendable = (alias: string) =>
    sql`(${sql.identifier(alias)}.email_state = 'pending' OR (${sql.identifier(alias)}.email_state = 'failed' AND COALESCE(${sql.identifier(alias)}.email_attempts, 0) < ${MAX_EMAIL_ATTEMPTS} AND ${sql.identifier(alias)}.email_next_attempt_at <= ${at}::timestamptz))`
  const chosen = ids
    ? sql`n.id = ANY(${intArray(ids)}::int[])`
    : sql`n.id IN (SELECT c.id FROM ${sql.identifier(TABLE)} c WHERE ${sendable('c')} ORDER BY c.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)`
  const rows = await sqlRows<{ id: number }>(
    payload,
    sql`UPDATE ${sql.identifier(TABLE)} n SET email_state = 'sending', updated_at = now() WHERE ${chosen} AND ${sendable('n')} RETURNING n.id`,
  )
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b)
}

async function markSent(payload: Payload, id: number, now: Date) {
  await sqlRows(
    payload,
    sql`UPDATE ${sql.identifier(TABLE)} SET email_state = 'sent', email_sent_at = ${now.toISOString()}::timestamptz, email_attempts = COALESCE(email_attempts, 0) + 1, email_next_attempt_at = NULL, email_last_error = NULL, updated_at = now() WHERE id = ${id} AND email_state = 'sending'`,
  )
}

async function markSkipped(payload: Payload, id: number, why: string) {
  await sqlRows(
    payload,
    sql`UPDATE ${sql.identifier(TABLE)} SET email_state = 'skipped', email_next_attempt_at = NULL, email_last_error = ${why}, updated_at = now() WHERE id = ${id} AND email_state = 'sending'`,
  )
}

async function markFailed(payload: Payload, id: number, error: unknown, now: Date) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
  const rows = await sqlRows<{ attempts: string | number }>(
    payload,
    sql`SELECT email_attempts AS attempts FROM ${sql.identifier(TABLE)} WHERE id = ${id}`,
  )
  const attempts = Number(rows[0]?.attempts ?? 0) + 1
  const next = nextAttemptAfter(attempts, now)
  await sqlRows(
    payload,
    sql`UPDATE ${sql.identifier(TABLE)} SET email_state = 'failed', email_attempts = ${attempts}, email_next_attempt_at = ${next ? next.toISOString() : null}::timestamptz, email_last_error = ${message}, updated_at = now() WHERE id = ${id} AND email_state = 'sending'`,
  )
}

type NotificationRow = {
  id: number
  recipient?: unknown
  event?: unknown
  kind?: string | null
  subjectTitle?: string | null
  message: string
  url?: string | null
}

/** The admin's absolute address of `url` (a path such as /admin/collections/articles/3). */
export function absoluteUrl(payload: Pick<Payload, 'config'>, url: string | null | undefined): string | null {
  if (!url) return null
  if (/^https?:\/\//i.test(url)) return url
  const origin = (payload.config.serverURL || '').replace(/\/+$/, '')
  return `${origin}${url.startsWith('/') ? '' : '/'}${url}`
}

/** The e-mail for one notification: subject and plain text (message, the note, the link). */
export function notificationEmail(
  payload: Pick<Payload, 'config'>,
  row: Pick<NotificationRow, 'kind' | 'message' | 'url' | 'subjectTitle'>,
  note: string | null | undefined,
  recipientName?: string | null,
): { subject: string; text: string } {
  const label = row.kind && row.kind in REVIEW_EVENT_LABELS ? REVIEW_EVENT_LABELS[row.kind as ReviewEvent] : null
  const subject = label && row.subjectTitle ? `${label}: ${row.subjectTitle}` : row.message
  const link = absoluteUrl(payload, row.url)
  const lines = [
    recipientName ? `Hello ${recipientName},` : null,
    recipientName ? '' : null,
    row.message + '.',
    note?.trim() ? `\nNote:\n${note.trim()}` : null,
    link ? `\nOpen it in the admin:\n${link}` : null,
    '\n—\nYou get this because of your role in the medical review of this article. Your notifications are listed on the admin dashboard.',
  ]
  return { subject: subject.replace(/[\r\n]+/g, ' '), text: lines.filter((line) => line !== null).join('\n') }
}

/**
 * Sends the e-mail of each notification in `ids` (or, without `ids`, of any that are due) that
 * this call manages to claim; see the module comment. Never throws for a failed send: the row is
 * marked `failed` with its error and the time of the next attempt.
 */
export async function deliverNotifications(
  payload: Payload,
  ids?: number[],
  now: Date = new Date(),
): Promise<DeliveryResult> {
  const wanted = ids?.map(Number).filter((id) => Number.isInteger(id) && id > 0)
  const result: DeliveryResult = { claimed: [], sent: [], failed: [], skipped: [] }
  if (wanted && !wanted.length) return result
  result.claimed = await claimNotifications(payload, wanted, now)
  if (!result.claimed.length) return result

  let rows: NotificationRow[] = []
  let people = new Map<string, { email?: string | null; name?: string | null }>()
  let notes = new Map<string, string | null>()
  try {
    rows = (
      await payload.find({
        collection: NOTIFICATIONS_SLUG as 'notifications',
        where: { id: { in: result.claimed } },
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
    ).docs as unknown as NotificationRow[]
    const recipientIds = [...new Set(rows.flatMap((row) => relationIds(row.recipient).map(Number)))]
    const eventIds = [...new Set(rows.flatMap((row) => relationIds(row.event).map(Number)))]
    const [users, events] = await Promise.all([
      recipientIds.length
        ? payload.find({
            collection: 'users',
            where: { id: { in: recipientIds } },
            depth: 0,
            pagination: false,
            overrideAccess: true,
            showHiddenFields: true,
          })
        : { docs: [] },
      eventIds.length
        ? payload.find({
            collection: EVENTS_SLUG as 'review-events',
            where: { id: { in: eventIds } },
            depth: 0,
            pagination: false,
            overrideAccess: true,
          })
        : { docs: [] },
    ])
    people = new Map(
      (users.docs as Array<{ id: number; email?: string | null; name?: string | null }>).map((user) => [
        String(user.id),
        user,
      ]),
    )
    notes = new Map(
      (events.docs as Array<{ id: number; note?: string | null }>).map((event) => [
        String(event.id),
        event.note ?? null,
      ]),
    )
  } catch (error) {
    // Reading them failed (the database went away?): hand every claimed row back to the retries.
    for (const id of result.claimed) {
      await markFailed(payload, id, error, now).catch(() => undefined)
      result.failed.push(id)
    }
    payload.logger.error({ err: error, ids: result.claimed }, 'Could not read notifications to e-mail; will retry.')
    return result
  }

  for (const id of result.claimed) {
    const row = rows.find((candidate) => candidate.id === id)
    const recipient = row ? people.get(String(relationIds(row.recipient)[0])) : undefined
    try {
      if (!row || !recipient?.email) {
        await markSkipped(payload, id, row ? 'The recipient has no e-mail address.' : 'The notification is gone.')
        result.skipped.push(id)
        continue
      }
      const { subject, text } = notificationEmail(
        payload,
        row,
        notes.get(String(relationIds(row.event)[0])),
        recipient.name,
      )
      await payload.sendEmail({ to: recipient.email, subject, text })
      await markSent(payload, id, now)
      result.sent.push(id)
    } catch (error) {
      payload.logger.warn({ err: error, notification: id }, `E-mail of notification ${id} failed; will retry.`)
      await markFailed(payload, id, error, now).catch((markError: unknown) =>
        payload.logger.error({ err: markError, notification: id }, `Could not record the failed e-mail of ${id}.`),
      )
      result.failed.push(id)
    }
  }
  return result
}

/**
 * For the workflow, right AFTER its transaction committed: e-mails the notifications this request
 * wrote (`pendingNotificationsOf(req)`, which it empties). Never throws — a failure is logged and
 * the rows stay for the retry job — and waits at most a few seconds, so a slow mail server does
 * not hold up the person's request (delivery carries on in the background).
 */
export async function afterCommitDelivery(req: PayloadRequest): Promise<DeliveryResult | null> {
  const pending = pendingNotificationsOf(req)
  const ids = pending.splice(0, pending.length)
  if (!ids.length) return null
  const delivery = deliverNotifications(req.payload, ids).catch((error: unknown) => {
    req.payload.logger.error({ err: error, ids }, 'E-mailing notifications failed; the retry job will try again.')
    return null
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), AFTER_COMMIT_WAIT_MS)
    timer.unref?.()
  })
  try {
    return await Promise.race([delivery, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Every minute: e-mails what the after-commit delivery missed and retries failures that are due. */
export function deliverNotificationsTask(
  cron = '* * * * *',
): TaskConfig<{ input: object; output: { sent: number; failed: number; skipped: number } }> {
  return {
    slug: DELIVER_NOTIFICATIONS_TASK,
    label: 'E-mail review notifications (and retry failed ones)',
    schedule: [{ cron, queue: 'default' }],
    // The task retries rows itself, with back-off; a failed run would only repeat itself.
    retries: 0,
    outputSchema: [
      { name: 'sent', type: 'number', required: true },
      { name: 'failed', type: 'number', required: true },
      { name: 'skipped', type: 'number', required: true },
    ],
    handler: async ({ req }) => {
      const result = await deliverNotifications(req.payload)
      if (result.claimed.length) {
        req.payload.logger.info(
          { sent: result.sent.length, failed: result.failed.length, skipped: result.skipped.length },
          `E-mailed ${result.sent.length} notification(s).`,
        )
      }
      return { output: { sent: result.sent.length, failed: result.failed.length, skipped: result.skipped.length } }
    },
  }
}
