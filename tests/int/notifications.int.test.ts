/**
 * Notification e-mail through a real SMTP server (smtp-server on loopback): sent after the commit,
 * exactly once however many deliveries race for a row, never for a step that rolled back, and
 * retried with back-off while the mail server is down.
 */
import type net from 'node:net'

import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'
import { cloneElement, createElement, isValidElement, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { sqlRows } from '@/plugins/common/sql'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { MarkNotificationsRead } from '@/plugins/medicalReview/admin/MarkNotificationsRead'
import { ReviewQueue } from '@/plugins/medicalReview/admin/ReviewQueue'
import { pendingNotificationsOf, recordEvent } from '@/plugins/medicalReview/events'
import {
  afterCommitDelivery,
  deliverNotifications,
  deliverNotificationsTask,
  MAX_EMAIL_ATTEMPTS,
  nextAttemptAfter,
} from '@/plugins/medicalReview/notifications/deliver'
import { requestAs } from '@/plugins/medicalReview/requestAs'
import { reviewOptionsOf } from '@/plugins/medicalReview/resolveOptions'
import { inTransaction } from '@/plugins/medicalReview/transaction'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'

// The dashboard's one client component needs the admin's React context (and @payloadcms/ui, which
// imports CSS): the dashboard test renders a stand-in.
vi.mock('@/plugins/medicalReview/admin/MarkNotificationsRead', () => ({ MarkNotificationsRead: () => null }))

type Mail = { to: string[]; data: string }

/** The message with its quoted-printable body decoded (soft line breaks joined, =XX bytes restored). */
function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/.exec(joined.slice(i + 1, i + 3)) : null
    if (hex) {
      bytes.push(parseInt(hex[0], 16))
      i += 2
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/** A real SMTP server on loopback that keeps what it receives (no TLS, no auth). */
function smtpSink(received: Mail[]) {
  return new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => (data += chunk))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          data: decodeQuotedPrintable(data),
        })
        callback()
      })
    },
  })
}

const received: Mail[] = []
let smtp: SMTPServer | null = smtpSink(received)
let port = 0

async function startSmtp() {
  smtp ??= smtpSink(received)
  await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', resolve))
  port = (smtp!.server.address() as net.AddressInfo).port
}

async function stopSmtp() {
  const server = smtp
  smtp = null
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
}

// The e-mail adapter reads SMTP_URL when payload.config.ts loads: start the server first.
await startSmtp()
process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
process.env.EMAIL_FROM = 'Causeway Desk <desk@causeway.test>'

let ctx: PayloadIntContext
let payload: Payload
const people = {} as Record<'writer' | 'reviewer' | 'second' | 'third' | 'editor', { id: number; email: string }>
let fixtures: ReturnType<typeof reviewFixtures>

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const make = async (key: keyof typeof people, roles: string[]) => {
    const email = `notify.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name: `Notify ${key}`,
        password: 'notify-test-password',
        roles: roles as never,
        credentials: 'MD',
        licence: licenceFor(roles, 'MD'),
      },
      context: QUIET,
    })
    people[key] = { id: doc.id, email }
  }
  await make('writer', ['writer'])
  await make('reviewer', ['reviewer'])
  await make('second', ['reviewer'])
  await make('third', ['reviewer'])
  await make('editor', ['editor'])
  fixtures = reviewFixtures(payload, {
    writer: people.writer.id,
    reviewer: people.reviewer.id,
    editor: people.editor.id,
  })
})

afterAll(async () => {
  await ctx?.cleanup()
  await stopSmtp()
})

const mailTo = (email: string, marker: string) =>
  received.filter((mail) => mail.to.includes(email) && mail.data.includes(marker))

/** Records `event` on a fresh draft in its own committed transaction, as the writer; returns the notifications. */
async function recorded(note: string, recipients: number[]) {
  const doc = await fixtures.draft(`notify-${note}`)
  const req = await requestAs(payload, people.writer.id, QUIET)
  const options = reviewOptionsOf(payload as never, 'articles')
  const event = await inTransaction(req, () =>
    recordEvent(req, options, doc as never, 'submitted', { note, recipients }),
  )
  return { doc, req, ids: event.notifications }
}

async function emailOf(id: number) {
  const row = await payload.findByID({ collection: 'notifications', id, depth: 0, overrideAccess: true })
  return row.email!
}

describe('notification e-mail', () => {
  it('is sent exactly once per row, however many deliveries race for it', async () => {
    const note = `Race note ${Date.now()}`
    const { ids } = await recorded(note, [people.reviewer.id, people.second.id, people.third.id])
    expect(ids).toHaveLength(3)

    const results = await Promise.all([
      deliverNotifications(payload, ids),
      deliverNotifications(payload, ids),
      deliverNotifications(payload, [...ids].reverse()),
      deliverNotifications(payload),
    ])
    for (const person of [people.reviewer, people.second, people.third]) {
      expect(mailTo(person.email, note)).toHaveLength(1)
    }
    // Every row was claimed by exactly one of the four.
    expect(results.flatMap((result) => result.claimed.filter((id) => ids.includes(id))).sort()).toEqual([...ids].sort())
    // And a later run finds nothing left to send.
    await deliverNotifications(payload, ids)
    await deliverNotifications(payload)
    for (const person of [people.reviewer, people.second, people.third]) {
      expect(mailTo(person.email, note)).toHaveLength(1)
    }

    const mail = mailTo(people.reviewer.email, note)[0]!.data
    expect(mail).toMatch(/^Subject: Submitted for review: /m)
    expect(mail).toMatch(/^From: Causeway Desk <desk@causeway\.test>$/m)
    expect(mail).toContain('Notify writer submitted')
    expect(mail).toContain(note)
    expect(mail).toMatch(/http:\/\/localhost:3000\/admin\/collections\/articles\/\d+/)
    for (const id of ids) {
      const email = await emailOf(id)
      expect(email.state).toBe('sent')
      expect(email.sentAt).toBeTruthy()
      expect(email.attempts).toBe(1)
    }
  })

  it('is sent after the commit by afterCommitDelivery, which empties the request’s list', async () => {
    const note = `After commit ${Date.now()}`
    const { req, ids } = await recorded(note, [people.reviewer.id])
    expect(pendingNotificationsOf(req)).toEqual(ids)
    const result = await afterCommitDelivery(req)
    expect(result?.sent).toEqual(ids)
    expect(pendingNotificationsOf(req)).toEqual([])
    expect(await afterCommitDelivery(req)).toBeNull()
    expect(mailTo(people.reviewer.email, note)).toHaveLength(1)
  })

  it('is never sent for a step whose transaction rolled back: there is no row to send', async () => {
    const note = `Rolled back ${Date.now()}`
    const doc = await fixtures.draft('notify-rollback')
    const req = (await requestAs(payload, people.writer.id, QUIET)) as PayloadRequest
    const options = reviewOptionsOf(payload as never, 'articles')
    await expect(
      inTransaction(req, async () => {
        await recordEvent(req, options, doc as never, 'submitted', { note, recipients: [people.reviewer.id] })
        throw new Error('The step failed after recording its event.')
      }),
    ).rejects.toThrow('The step failed')
    const ids = [...pendingNotificationsOf(req)]
    expect(ids).toHaveLength(1)

    const where = { subjectId: { equals: String(doc.id) } }
    expect((await payload.count({ collection: 'notifications', where, overrideAccess: true })).totalDocs).toBe(0)
    expect((await payload.count({ collection: 'review-events', where, overrideAccess: true })).totalDocs).toBe(0)
    const result = await afterCommitDelivery(req)
    expect(result?.claimed).toEqual([])
    await deliverNotifications(payload)
    expect(mailTo(people.reviewer.email, note)).toHaveLength(0)
  })

  it('is retried with back-off while the mail server is down, then sent once', async () => {
    const note = `Outage ${Date.now()}`
    const { ids } = await recorded(note, [people.reviewer.id])
    const [id] = ids as [number]
    await stopSmtp()
    try {
      const started = new Date()
      const first = await deliverNotifications(payload, ids, started)
      expect(first.failed).toEqual([id])
      const failed = await emailOf(id)
      expect(failed.state).toBe('failed')
      expect(failed.attempts).toBe(1)
      expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i)
      expect(new Date(failed.nextAttemptAt!).getTime()).toBe(nextAttemptAfter(1, started)!.getTime())

      // Not due yet: nobody claims it, not even the retry job.
      expect((await deliverNotifications(payload, ids, started)).claimed).toEqual([])
      expect((await deliverNotifications(payload, undefined, started)).claimed).not.toContain(id)
    } finally {
      await startSmtp()
    }
    const later = new Date(Date.now() + 2 * 60_000)
    const [a, b] = await Promise.all([
      deliverNotifications(payload, ids, later),
      deliverNotifications(payload, undefined, later),
    ])
    expect([...a.sent, ...b.sent].filter((sent) => sent === id)).toEqual([id])
    const sent = await emailOf(id)
    expect(sent.state).toBe('sent')
    expect(sent.attempts).toBe(2)
    expect(sent.lastError).toBeFalsy()
    expect(mailTo(people.reviewer.email, note)).toHaveLength(1)
    expect((await deliverNotifications(payload, ids, new Date(Date.now() + 3 * 3_600_000))).claimed).toEqual([])
  })

  it('gives up after the last attempt, and skips a recipient with no e-mail address', async () => {
    expect(nextAttemptAfter(1, new Date(0))!.getTime()).toBe(60_000)
    expect(nextAttemptAfter(4, new Date(0))!.getTime()).toBe(120 * 60_000)
    expect(nextAttemptAfter(MAX_EMAIL_ATTEMPTS, new Date(0))).toBeNull()

    const { ids } = await recorded(`Spent ${Date.now()}`, [people.second.id])
    await sqlRows(
      payload,
      sql`UPDATE notifications SET email_state = 'failed', email_attempts = ${MAX_EMAIL_ATTEMPTS}, email_next_attempt_at = now() - interval '1 hour' WHERE id = ${ids[0]!}`,
    )
    expect((await deliverNotifications(payload, ids)).claimed).toEqual([])

    const nobody = await payload.create({
      collection: 'users',
      data: {
        email: `notify.gone.${Date.now()}@causeway.test`,
        name: 'Notify gone',
        password: 'x-password-123',
        roles: ['reviewer'],
      },
      context: QUIET,
    })
    const { ids: skippedIds } = await recorded(`No address ${Date.now()}`, [nobody.id])
    await sqlRows(payload, sql`UPDATE users SET email = '' WHERE id = ${nobody.id}`)
    const result = await deliverNotifications(payload, skippedIds)
    expect(result.skipped).toEqual(skippedIds)
    expect((await emailOf(skippedIds[0]!)).state).toBe('skipped')
  })

  it('the every-minute task sends what the after-commit delivery missed', async () => {
    const task = deliverNotificationsTask()
    expect(task.schedule).toEqual([{ cron: '* * * * *', queue: 'default' }])
    const note = `Missed ${Date.now()}`
    await recorded(note, [people.third.id]) // committed, never delivered after the commit
    const handler = task.handler as unknown as (args: { req: PayloadRequest }) => Promise<{ output: { sent: number } }>
    const req = await requestAs(payload, people.editor.id)
    const { output } = await handler({ req })
    expect(output.sent).toBeGreaterThanOrEqual(1)
    expect(mailTo(people.third.email, note)).toHaveLength(1)
    await handler({ req })
    expect(mailTo(people.third.email, note)).toHaveLength(1)
  })
})

/**
 * Renders a tree of server components to HTML: async components are awaited, the client
 * component (which needs the admin's React context) becomes its button.
 */
async function resolveTree(node: unknown): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map(resolveTree))
  if (!isValidElement(node)) return node as ReactNode
  const { type, props } = node as { type: unknown; props: Record<string, unknown> }
  if (type === MarkNotificationsRead) return createElement('button', { 'data-mark-read': true }, 'Mark all read')
  const key = (node as { key?: string | null }).key
  if (typeof type === 'function') {
    const output = await resolveTree(await (type as (p: unknown) => unknown)(props))
    return isValidElement(output) && key != null ? cloneElement(output, { key }) : output
  }
  if (props.children === undefined) return node
  const children = await resolveTree(props.children)
  // Spread, as JSX passes several children: only lists made by .map() need keys.
  return Array.isArray(props.children)
    ? cloneElement(node as never, undefined, ...(children as ReactNode[]))
    : cloneElement(node as never, undefined, children)
}

async function dashboardOf(userId: number) {
  const user = await payload.findByID({ collection: 'users', id: userId, depth: 0 })
  const tree = await ReviewQueue({ payload, user: { ...user, collection: 'users' } } as never)
  const html = renderToStaticMarkup(createElement('div', null, await resolveTree(tree)))
  const section = (key: string) => {
    const start = html.indexOf(`data-queue="${key}"`)
    if (start < 0) return null
    const next = html.indexOf('data-queue="', start + 12)
    return html.slice(start, next < 0 ? undefined : next)
  }
  const count = (key: string) => Number(/data-count="[^"]*"[^>]*>(\d+)</.exec(section(key) ?? '')?.[1] ?? NaN)
  return { html, section, count }
}

describe('the dashboard', () => {
  it('shows each role its sections: a withdrawal reaches the reviewer, with who and why', async () => {
    const review = reviewWorkflow(payload, 'articles', QUIET)
    const waiting = await fixtures.draft('desk-waiting')
    await review.submit(people.writer.id, waiting.id, {
      changeNote: 'Added dosage advice.',
      reviewer: people.reviewer.id,
    })
    // The workflow records each step (and who is told): the submission, then the writer's withdrawal.
    const pulled = await fixtures.draft('desk-withdrawn')
    await review.submit(people.writer.id, pulled.id, { changeNote: 'First version.', reviewer: people.reviewer.id })
    await review.withdraw(people.writer.id, pulled.id, 'The dosage table is wrong; fixing it first.')
    const ready = await fixtures.signed('desk-approved')
    const live = await fixtures.draft('desk-live')
    await review.submit(people.writer.id, live.id, { changeNote: 'New.', reviewer: people.reviewer.id })
    await review.signOff(people.reviewer.id, live.id, { decision: 'approve', reviewIntervalMonths: 3 })
    await review.publish(people.editor.id, live.id)

    const reviewer = await dashboardOf(people.reviewer.id)
    expect(reviewer.section('waiting')).toContain(`/admin/collections/articles/${waiting.id}`)
    expect(reviewer.section('waiting')).not.toContain(`/admin/collections/articles/${pulled.id}`)
    expect(reviewer.section('waiting')).toContain('from Notify writer')
    expect(reviewer.section('waiting')).toContain('Added dosage advice.')
    expect(reviewer.section('waiting')).toMatch(/waiting (less than a minute|\d+ minutes?)/)
    expect(reviewer.section('withdrawn')).toContain(`/admin/collections/articles/${pulled.id}`)
    expect(reviewer.section('withdrawn')).toContain('withdrawn by Notify writer')
    expect(reviewer.section('withdrawn')).toContain('The dosage table is wrong; fixing it first.')
    expect(reviewer.count('notifications')).toBeGreaterThanOrEqual(2)
    expect(reviewer.section('notifications')).toContain('Notify writer withdrew')
    expect(reviewer.section('notifications')).toContain('Mark all read')
    expect(reviewer.section('due')).not.toBeNull()
    expect(reviewer.html).toContain('data-desk-chart')
    expect(reviewer.html).toContain('<caption>')
    // The published article's review, three months on, is one bar of the chart and one row of its table.
    expect(reviewer.html).toMatch(/<tr><th scope="row">[A-Z][a-z]+ \d{4}<\/th><td>1<\/td><\/tr>/)
    expect(reviewer.html).toMatch(/Median turnaround \(last 90 days\): <strong>/)
    for (const key of ['drafts', 'submitted', 'approved', 'scheduled', 'unpublished'])
      expect(reviewer.section(key)).toBeNull()

    const writer = await dashboardOf(people.writer.id)
    expect(writer.section('drafts')).not.toBeNull()
    expect(writer.section('submitted')).toContain(`/admin/collections/articles/${waiting.id}`)
    expect(writer.section('submitted')).toContain('with Notify reviewer')
    expect(writer.section('changes')).not.toBeNull()
    expect(writer.section('waiting')).toBeNull()
    expect(writer.html).not.toContain('data-desk-chart')

    const editor = await dashboardOf(people.editor.id)
    expect(editor.section('approved')).toContain(`/admin/collections/articles/${ready.id}`)
    for (const key of ['scheduled', 'unpublished', 'stale', 'overdue', 'notifications'])
      expect(editor.section(key)).not.toBeNull()
    expect(editor.section('withdrawn')).toBeNull()

    if (process.env.DESK_HTML) {
      const { writeFile } = await import('node:fs/promises')
      await writeFile(process.env.DESK_HTML, reviewer.html + editor.html)
    }
  })
})
