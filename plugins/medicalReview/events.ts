/**
 * The review timeline and its notifications. Every workflow step records one event — who, when,
 * which version, the note they gave — and one notification per person who needs to act or know,
 * all in the step's own transaction: a step that rolls back leaves no trace and notifies nobody.
 * E-mail goes out after the commit (./notifications/deliver.ts).
 */
import type { PayloadRequest } from 'payload'

import { relationIds } from '@/plugins/common/relationIds'
import { requestScoped } from '@/plugins/common/requestScope'

import { REVIEW_EVENT_LABELS, type ReviewEvent } from './collections/events'
import { loadPerson, peopleWho } from './people'
import { mayPublish } from './permissions'
import { EVENTS_SLUG, NOTIFICATIONS_SLUG, type ResolvedCollectionOptions } from './resolveOptions'
import { newestVersionId } from './versions'

type Doc = Record<string, unknown> & { id: number | string }

export interface RecordedEvent {
  id: number
  notifications: number[]
}

/** Notification ids written during this request, delivered once its transaction has committed. */
export function pendingNotificationsOf(req: PayloadRequest): number[] {
  return requestScoped(req, 'medicalReview.pendingNotifications', () => [] as number[])
}

/** The sentence a person reads in their list and their e-mail's subject. */
export function eventMessage(event: ReviewEvent, title: string, byName: string): string {
  switch (event) {
    case 'submitted':
      return `${byName} submitted “${title}” for your review`
    case 'withdrawn':
      return `${byName} withdrew “${title}” from review`
    case 'changes-requested':
      return `${byName} requested changes to “${title}”`
    case 'answered':
      return `${byName} answered the review comments on “${title}”`
    case 'approved':
      return `${byName} signed off “${title}”: ready to publish`
    case 'published':
      return `${byName} published “${title}”`
    case 'unpublished':
      return `${byName} unpublished “${title}”`
    case 'expired':
      return `The sign-off of “${title}” has expired: it needs a re-review`
    default:
      return `${REVIEW_EVENT_LABELS[event]}: “${title}”`
  }
}

/**
 * Records `event` on `doc` by `req.user` (or by nobody, for the expiry job) and notifies
 * `recipients` (user ids; the person acting is never notified of their own step). Runs in `req`'s
 * transaction; the notification ids are kept on `req` for delivery after the commit.
 */
export async function recordEvent(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  doc: Doc,
  event: ReviewEvent,
  input: { note?: string | null; recipients: unknown[]; versionId?: string | null },
): Promise<RecordedEvent> {
  const byId = relationIds(req.user)[0]
  const by = byId === undefined ? null : await loadPerson(req, byId)
  const byName = by?.name ?? 'Causeway'
  const title = String(doc[options.titleField] ?? doc.id)
  const at = new Date().toISOString()
  const created = await req.payload.create({
    collection: EVENTS_SLUG as 'review-events',
    data: {
      subjectCollection: options.slug,
      subjectId: String(doc.id),
      subjectTitle: title,
      event,
      versionId: input.versionId ?? (await newestVersionId(req, options.slug, doc.id)),
      by: (byId as number | undefined) ?? null,
      byName,
      note: input.note ?? null,
      at,
    },
    overrideAccess: true,
    req,
  })
  const recipients = [...new Set(input.recipients.flatMap((value) => relationIds(value).map(String)))].filter(
    (id) => id !== String(byId),
  )
  const message = eventMessage(event, title, byName)
  const notifications: number[] = []
  for (const recipient of recipients) {
    const row = await req.payload.create({
      collection: NOTIFICATIONS_SLUG as 'notifications',
      data: {
        recipient: Number(recipient),
        event: created.id,
        kind: event,
        subjectCollection: options.slug,
        subjectId: String(doc.id),
        subjectTitle: title,
        message,
        url: `/admin/collections/${options.slug}/${doc.id}`,
        email: { state: 'pending', attempts: 0 },
      },
      overrideAccess: true,
      req,
    })
    notifications.push(row.id as number)
  }
  pendingNotificationsOf(req).push(...notifications)
  return { id: created.id as number, notifications }
}

/** Everyone who may publish `options`' collection: who hears that something is ready, or came down. */
export async function publishers(req: PayloadRequest, options: ResolvedCollectionOptions): Promise<number[]> {
  return (await peopleWho(req, (person) => mayPublish(options, person))).map((person) => person.id)
}
