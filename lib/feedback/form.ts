/**
 * What the reader's feedback form and the route that takes it agree on: the address, the field
 * names, the words, the limits. The article page renders the form (components/FeedbackForm.tsx);
 * the route renders it again, filled in, when it cannot take a submission (./page.ts). Both read
 * from here, and tests/unit/feedbackForm.test.ts checks that the two forms have the same controls.
 */
import { FEEDBACK_KINDS, FEEDBACK_MESSAGE_MAX } from '@/collections/Feedback'

export { FEEDBACK_MESSAGE_MAX }

export type FeedbackKind = (typeof FEEDBACK_KINDS)[number]['value']
export const KINDS: readonly FeedbackKind[] = FEEDBACK_KINDS.map((kind) => kind.value)

/** Where the form posts (app/(site)/feedback/route.ts) and where a taken submission lands. */
export const FEEDBACK_PATH = '/feedback'
export const THANKS_PATH = '/feedback/thanks'

/**
 * The form's field names. `trap` is the honeypot: hidden from people (off-screen, aria-hidden, out
 * of the tab order), filled in by bots that fill every field. Its name is one no browser's autofill
 * fills (not "website", "url" or "email"), so a person's browser never fills it for them.
 */
export const FIELD = {
  kind: 'kind',
  article: 'article',
  version: 'version',
  message: 'message',
  trap: 'subject',
} as const

/** At most this many links in a message: a reader may point to a source; spam points to many. */
export const MAX_LINKS = 2

/** How much of the message the queue shows as its summary. */
export const SUMMARY_LENGTH = 80

/** Element ids, so labels, hints and errors point at the right control. */
export const IDS = {
  heading: 'feedback-heading',
  message: 'feedback-message',
  hint: 'feedback-message-hint',
  error: 'feedback-error',
  trap: 'feedback-subject',
} as const

export const TEXT = {
  heading: 'Was this page helpful?',
  yes: 'Yes',
  no: 'No',
  report: 'Report a problem',
  messageLabel: 'What is wrong, unclear or missing?',
  messageHint:
    `Up to ${FEEDBACK_MESSAGE_MAX} characters. Our editors read every report, but cannot reply: please leave ` +
    'out names, contact details and anything about your own health. If you are worried about a symptom, talk to ' +
    'a clinician.',
  send: 'Send report',
  trapLabel: 'Leave this field empty',
} as const

/** The queue's label of each kind, for summaries of votes that came without a message. */
export const KIND_LABELS: Record<FeedbackKind, string> = Object.fromEntries(
  FEEDBACK_KINDS.map((kind) => [kind.value, kind.label]),
) as Record<FeedbackKind, string>
