/**
 * Reading and checking a feedback form: pure functions of the posted fields, no database. The
 * route (./handler.ts) adds what needs one (the article, its version, the rate limit).
 */
import { FEEDBACK_MESSAGE_MAX, FIELD, type FeedbackKind, KIND_LABELS, KINDS, MAX_LINKS, SUMMARY_LENGTH } from './form'

/** What a reader sent, as posted (the message with its line breaks normalised, nothing cut). */
export interface Submission {
  kind: FeedbackKind
  articleId: number
  /** The article version the reader was reading (`_articles_v` id), as the page put it in the form. */
  version: string | null
  /** Null when the reader wrote nothing. */
  message: string | null
  /** The honeypot was filled in: a bot. */
  trapped: boolean
}

/** What a reader wrote, kept so a refusal can show it to them again whatever else was wrong. */
export interface Draft {
  kind: FeedbackKind | null
  articleId: number | null
  version: string | null
  message: string
}

export type ReadResult = { ok: true; submission: Submission; draft: Draft } | { ok: false; draft: Draft }

const text = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/**
 * The message as the reader typed it: a browser sends a textarea's line breaks as CRLF, while its
 * `maxlength` counts them as one character, so they become LF before anything is counted. Control
 * characters other than tab and line feed are dropped; surrounding white space is trimmed.
 */
export function normaliseMessage(raw: string): string {
  return (
    raw
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .trim()
  )
}

/** A message's length as the form's `maxlength` counts it: UTF-16 code units, line breaks as one. */
export const messageLength = (message: string): number => message.length

/** A version id as Payload makes them (a serial id), or null. Anything else is not one. */
const VERSION = /^[1-9][0-9]{0,15}$/

/**
 * The fields of a posted form. `ok: false` when it cannot be a submission of our form at all: no
 * known kind, or no article id. The draft is returned either way.
 */
export function readSubmission(form: FormData): ReadResult {
  const kindValue = text(form, FIELD.kind)
  const kind = (KINDS as readonly string[]).includes(kindValue) ? (kindValue as FeedbackKind) : null
  const articleValue = text(form, FIELD.article).trim()
  const articleId = /^[1-9][0-9]{0,15}$/.test(articleValue) ? Number(articleValue) : null
  const versionValue = text(form, FIELD.version).trim()
  const version = VERSION.test(versionValue) ? versionValue : versionValue === '' ? null : versionValue.slice(0, 64)
  const message = normaliseMessage(text(form, FIELD.message))
  const draft: Draft = { kind, articleId: Number.isSafeInteger(articleId) ? articleId : null, version, message }
  if (!kind || draft.articleId === null) return { ok: false, draft }
  return {
    ok: true,
    draft,
    submission: {
      kind,
      articleId: draft.articleId,
      version,
      message: message || null,
      trapped: text(form, FIELD.trap) !== '',
    },
  }
}

/** Whether `version` has the shape of a version id at all (one that does not is never looked up). */
export const isVersionId = (version: string): boolean => VERSION.test(version)

const LINK = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>"']+/gi

/**
 * How many links `message` holds: anything with a scheme (`https://`, `ftp://`, …) or starting
 * with `www.`. Counted once each however they are wrapped (`<a href="…">`, `[url=…]`).
 */
export function countLinks(message: string): number {
  return message.match(LINK)?.length ?? 0
}

export type ContentProblem =
  | { code: 'message-required' }
  | { code: 'message-too-long'; length: number }
  | { code: 'too-many-links'; links: number }

/** What is wrong with the content of a submission, or null. Nothing is ever cut: it is refused. */
export function contentProblem(submission: Pick<Submission, 'kind' | 'message'>): ContentProblem | null {
  const message = submission.message ?? ''
  if (submission.kind === 'problem' && !message) return { code: 'message-required' }
  const length = messageLength(message)
  if (length > FEEDBACK_MESSAGE_MAX) return { code: 'message-too-long', length }
  const links = countLinks(message)
  if (links > MAX_LINKS) return { code: 'too-many-links', links }
  return null
}

/**
 * The queue's one-line summary: the message's first words (about 80 characters, cut at a word,
 * with an ellipsis when there is more), or for a vote without a message the kind.
 */
export function summarise(kind: FeedbackKind, message: string | null): string {
  const flat = (message ?? '').replace(/\s+/g, ' ').trim()
  if (!flat) return KIND_LABELS[kind]
  if (flat.length <= SUMMARY_LENGTH) return flat
  const cut = flat.slice(0, SUMMARY_LENGTH)
  const space = cut.lastIndexOf(' ')
  return `${(space > SUMMARY_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`
}
