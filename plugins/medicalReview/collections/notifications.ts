import type { CollectionConfig, Field, FieldAccess } from 'payload'

import type { MedicalReviewAccess } from '../types'
import { REVIEW_EVENT_LABELS, REVIEW_EVENTS } from './events'

export const EMAIL_STATES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const
export type EmailState = (typeof EMAIL_STATES)[number]

/** Field access for every field but `readAt`: only the server writes it (with `overrideAccess`). */
const serverWritten: FieldAccess = () => false

/** `field`, refusing changes through any API: Payload drops the value from a create or update. */
const serverOnly = <T extends Field>(field: T): T => ({
  ...field,
  access: {
    ...(field as { access?: Record<string, FieldAccess> }).access,
    create: serverWritten,
    update: serverWritten,
  },
})

/**
 * One notice to one person about one workflow step: listed in the admin (theirs only) and sent by
 * e-mail after the step commits. Rows are written in the step's transaction, so a step that
 * rolls back notifies nobody; delivery claims a row before sending it, so nobody gets it twice.
 *
 * Each person may update their own rows (access/matrix.ts), and of those only `readAt`: marking
 * them read or unread. Every other field is the server's.
 */
export function notificationsCollection(
  slug: string,
  eventsSlug: string,
  access: MedicalReviewAccess,
): CollectionConfig {
  return {
    slug,
    labels: { singular: 'Notification', plural: 'Notifications' },
    admin: {
      useAsTitle: 'message',
      defaultColumns: ['message', 'kind', 'createdAt', 'readAt'],
      description: 'What needs you: review steps on articles you write, review or publish.',
    },
    access: access.notifications,
    fields: [
      ...[
        { name: 'recipient', type: 'relationship', relationTo: 'users', required: true, index: true },
        { name: 'event', type: 'relationship', relationTo: eventsSlug as never },
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: [
            ...REVIEW_EVENTS.map((value) => ({ value, label: REVIEW_EVENT_LABELS[value] })),
            { value: 'credentials-expiring', label: 'Credentials expiring' },
          ],
        },
        { name: 'subjectCollection', type: 'text' },
        { name: 'subjectId', type: 'text' },
        { name: 'subjectTitle', type: 'text' },
        { name: 'message', type: 'text', required: true },
        { name: 'url', type: 'text', admin: { description: 'Where in the admin to act on it.' } },
      ].map((field) => serverOnly(field as Field)),
      { name: 'readAt', type: 'date', index: true },
      serverOnly({
        name: 'email',
        type: 'group',
        admin: { description: 'Delivery by e-mail, after the step commits; retried with back-off.' },
        fields: [
          {
            name: 'state',
            type: 'select',
            defaultValue: 'pending',
            index: true,
            options: EMAIL_STATES.map((value) => ({ value, label: value })),
          },
          { name: 'attempts', type: 'number', defaultValue: 0 },
          { name: 'nextAttemptAt', type: 'date' },
          { name: 'sentAt', type: 'date' },
          { name: 'lastError', type: 'text' },
        ],
      }),
    ],
  }
}
