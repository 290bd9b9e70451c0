/**
 * No lost update: every write to a reviewable document is serialised on the document's row, and a
 * save based on a copy older than someone else's edit is refused with 409 instead of silently
 * overwriting it.
 *
 * The base a save was made from travels with it:
 * - REST: `If-Match` with the ETag of the GET (or PATCH) it started from, or `If-Unmodified-Since`;
 * - the admin's form and GraphQL: the `updatedAt` they loaded, sent back in the data (Payload's form
 *   refreshes it after every save, autosaves included).
 * A save without a base (a partial `PATCH` of one field) applies to the current document: the row
 * lock makes that read-modify-write atomic, so two such saves of different fields both land.
 *
 * What counts as someone else's edit is the document's `lastEdit` — when its content last changed,
 * and by whom — not its `updatedAt`, which workflow steps (submit, sign-off, publish) move without
 * changing a word: a writer whose form was loaded before an editor published keeps saving.
 */
import { sql } from '@payloadcms/db-postgres'
import canonicalize from 'canonicalize'
import type { CollectionAfterOperationHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { requestScoped } from '@/plugins/common/requestScope'
import { sqlFor } from '@/plugins/common/sql'
import { formatMoment } from '@/plugins/common/formatDate'

import { WorkflowError } from './errors'
import { namesOf } from './people'
import { SERVER_FIELDS } from './fields'

type Doc = Record<string, unknown>

/** Fields that are not content: bookkeeping, workflow state and the admin's panel. */
export const NOT_CONTENT = new Set<string>(['id', 'createdAt', 'updatedAt', '_status', 'reviewPanel', ...SERVER_FIELDS])

/**
 * Locks document `id`'s row (`SELECT … FOR UPDATE`) until `req`'s transaction ends. Every save and
 * every review transition takes it before reading the document, so they queue instead of both
 * reading the same state. Outside a transaction there is nothing to hold it for; it is skipped.
 */
export async function lockDocumentRow(req: PayloadRequest, collection: string, id: number | string): Promise<void> {
  const { db, inTransaction } = await sqlFor(req.payload, req)
  if (!inTransaction) return
  const adapter = req.payload.db as unknown as { tableNameMap?: Map<string, string> }
  const snake = collection.replace(/-/g, '_')
  const table = adapter.tableNameMap?.get(snake) ?? snake
  await db.execute(sql`SELECT id FROM ${sql.identifier(table)} WHERE id = ${id} FOR UPDATE`)
}

/** `updatedAt` as an ETag, and back. Opaque to clients: they send back what they were given. */
export const etagOf = (updatedAt: unknown): string | null =>
  typeof updatedAt === 'string' && updatedAt ? `"${updatedAt}"` : null

function timeOf(value: unknown): number | null {
  if (typeof value !== 'string' || !value.trim()) return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : time
}

/**
 * The moment the saved copy was read, as the client says: `If-Match` (one ETag; `*` means any),
 * else `If-Unmodified-Since`, else — from the admin's form, REST or GraphQL, never Payload's own
 * calls, which pass whole stored versions — the `updatedAt` in the data. Null when none was sent.
 * A value that is not one of ours is refused: a client that meant to guard its save must not be
 * let through unguarded.
 */
export function baseOf(req: PayloadRequest, data: Doc): number | null {
  const ifMatch = req.headers?.get?.('if-match')?.trim()
  if (ifMatch && ifMatch !== '*') {
    const time = timeOf(ifMatch.replace(/^W\//, '').replace(/^"|"$/g, ''))
    if (time === null) {
      throw new WorkflowError(
        `If-Match must be the ETag this document was read with (GET it again to get one); "${ifMatch}" is not one.`,
        400,
        'bad-if-match',
      )
    }
    return time
  }
  const since = req.headers?.get?.('if-unmodified-since')?.trim()
  if (since) {
    const time = timeOf(since)
    if (time === null) {
      throw new WorkflowError(
        `If-Unmodified-Since must be an HTTP date; "${since}" is not one.`,
        400,
        'bad-if-unmodified-since',
      )
    }
    // HTTP dates have whole seconds: the copy was read at most a second later.
    return time + 999
  }
  if (req.payloadAPI === 'local' || req.context?.isRestoringVersion) return null
  return timeOf(data.updatedAt)
}

const normalise = (value: unknown): unknown =>
  value === undefined || value === '' || (Array.isArray(value) && value.length === 0) ? null : value

const same = (a: unknown, b: unknown) => canonicalize(normalise(a) ?? null) === canonicalize(normalise(b) ?? null)

/** The content fields `data` sets to something other than what `current` holds. */
export function changedContentFields(data: Doc, current: Doc): string[] {
  return Object.keys(data).filter((key) => !NOT_CONTENT.has(key) && !same(data[key], current[key]))
}

/** What the client itself sent with a save, before Payload filled in the rest from its earlier read. */
interface ClientSave {
  fields: Set<string>
  base: number | null
  /** The values as sent, before field access could drop any (a locked field's edit is refused, not ignored). */
  sent: Doc
}
const clientSaves = (req: PayloadRequest) =>
  requestScoped(req, 'medicalReview.clientSaves', () => new Map<string, ClientSave>())
const saveKey = (collection: string, id: unknown) => `${collection}:${String(id)}`

/**
 * Before an update by id: notes which fields the caller sent and the base it sent. By the time the
 * change hooks run, Payload has filled every field the caller left out from the copy it read
 * before the row was locked — and the form's `updatedAt` with it.
 */
export const rememberClientSave =
  (collection: string): CollectionBeforeOperationHook =>
  ({ args, operation, req }) => {
    const { id, data } = args as { id?: unknown; data?: unknown }
    if (operation !== 'update' || id === undefined || id === null) return args
    const sent = data && typeof data === 'object' ? (data as Doc) : {}
    clientSaves(req).set(saveKey(collection, id), {
      fields: new Set(Object.keys(sent)),
      base: baseOf(req, sent),
      sent: { ...sent },
    })
    return args
  }

/** The fields and values the caller sent with this save, as `rememberClientSave` noted them (empty when none). */
export const clientSentOf = (req: PayloadRequest, collection: string, id: unknown): Doc =>
  clientSaves(req).get(saveKey(collection, id))?.sent ?? {}

/** The base the caller sent with this save (null when none), as `rememberClientSave` noted it. */
export const clientBaseOf = (req: PayloadRequest, collection: string, id: unknown): number | null =>
  clientSaves(req).get(saveKey(collection, id))?.base ?? null

/**
 * Replaces every content field the caller did not send with its current value, so the save applies
 * its own fields to what is stored now and not to the copy Payload read before the row was locked.
 */
export function completeFromCurrent(req: PayloadRequest, collection: string, data: Doc, current: Doc): void {
  const sent = clientSaves(req).get(saveKey(collection, current.id))?.fields
  if (!sent) return
  for (const key of new Set([...Object.keys(current), ...Object.keys(data)])) {
    if (!sent.has(key) && !NOT_CONTENT.has(key)) data[key] = current[key]
  }
}

export interface LastEdit {
  at?: string | null
  by?: unknown
}

/**
 * Refuses a save whose base predates someone else's edit of the content, naming who changed it,
 * when, and which fields differ from what the save would write.
 */
export async function refuseStaleSave(
  req: PayloadRequest,
  input: { base: number | null; current: Doc; data: Doc; labelOf: (field: string) => string; noun: string },
): Promise<void> {
  const { base, current, data } = input
  const lastEdit = (current.lastEdit ?? {}) as LastEdit
  const editedAt = timeOf(lastEdit.at)
  if (base === null || editedAt === null || editedAt <= base) return
  const [editor] = await namesOf(req, lastEdit.by)
  const fields = changedContentFields(data, current).map(input.labelOf)
  const who = editor?.name ?? 'Someone'
  // No colon anywhere: the admin's error toast would split the message into a list (formatMoment).
  throw new WorkflowError(
    `${who} changed this ${input.noun} at ${formatMoment(lastEdit.at)}, after you opened it` +
      (fields.length ? ` (your save differs in ${fields.join(', ')})` : '') +
      '. Your save was not applied, so nothing of theirs was overwritten. Copy what you changed, reload to see their version, and make your change again.',
    409,
    'edit-conflict',
  )
}

/**
 * `ETag` on REST reads and saves of one document (`GET`/`PATCH /api/<collection>/<id>`): what a
 * client sends back as `If-Match` to guard its next save. Only for the document the route names,
 * not for documents the operation's hooks read along the way.
 */
export const etagHeader =
  (collection: string): CollectionAfterOperationHook =>
  ({ args, operation, req, result }) => {
    if (req.payloadAPI !== 'REST' || (operation !== 'findByID' && operation !== 'updateByID')) return result
    const routeId = req.routeParams?.id
    const id = (args as { id?: unknown }).id
    if (req.routeParams?.collection !== collection || routeId === undefined || String(routeId) !== String(id)) {
      return result
    }
    const etag = etagOf((result as { updatedAt?: unknown } | undefined)?.updatedAt)
    if (etag) {
      const headers = new Headers(req.responseHeaders)
      headers.set('ETag', etag)
      req.responseHeaders = headers
    }
    return result
  }
