/**
 * Payload's document locks, made to hold for reviewable documents.
 *
 * Payload locks a document for the person editing it in the admin, but as it ships: every save
 * deletes the lock — the owner's own autosave included, about two seconds after their first
 * keystroke, after which a second editor sees no lock and overwrites them; `?overrideLock=true`
 * works for anyone; any staff member can delete or take over anyone's lock; and the review
 * transitions (Local API calls, which override locks by default) ignore them.
 *
 * Here: a live lock survives every save that does not deliberately override it (it is put back in
 * the same transaction); overriding someone's lock — `?overrideLock=true`, taking over or deleting
 * it — is for those `mayOverrideLock` allows (admins), and is recorded on the version saved
 * (`lastEdit.overrodeLockOf`) and in the log; the transitions refuse while someone else holds it.
 */
import { transitionOf } from './context'
import type { CollectionAfterChangeHook, CollectionBeforeOperationHook, Payload, PayloadRequest, Where } from 'payload'

import { formatMoment } from '@/plugins/common/formatDate'
import { relationIds } from '@/plugins/common/relationIds'
import { requestScoped } from '@/plugins/common/requestScope'

import { WorkflowError } from './errors'
import { namesOf } from './people'
import type { ResolvedCollectionOptions } from './resolveOptions'
import type { MedicalReviewAccess } from './types'

export const LOCKS_SLUG = 'payload-locked-documents'
const DEFAULT_LOCK_SECONDS = 300

export interface DocumentLock {
  id: number | string
  holder: number | string
  holderCollection: string
  createdAt: string
  updatedAt: string
}

function lockSeconds(payload: Payload, collection: string): number {
  const setting = payload.collections[collection as 'articles']?.config.lockDocuments
  return typeof setting === 'object' && setting ? setting.duration : DEFAULT_LOCK_SECONDS
}

/** The live (unexpired) lock on document `id`, read in `req`'s transaction; null when there is none. */
export async function liveLockOf(
  req: PayloadRequest,
  collection: string,
  id: number | string,
): Promise<DocumentLock | null> {
  if (!req.payload.collections[LOCKS_SLUG as 'users']) return null
  const since = new Date(Date.now() - lockSeconds(req.payload, collection) * 1000).toISOString()
  const { docs } = await req.payload.db.find({
    collection: LOCKS_SLUG,
    where: {
      and: [
        { 'document.relationTo': { equals: collection } },
        { 'document.value': { equals: id } },
        { updatedAt: { greater_than: since } },
      ],
    },
    sort: '-updatedAt',
    limit: 1,
    pagination: false,
    req,
  })
  const lock = docs[0] as
    { id: number; user?: { relationTo: string; value: unknown }; createdAt: string; updatedAt: string } | undefined
  const [holder] = relationIds(lock?.user?.value)
  if (!lock || holder === undefined) return null
  return {
    id: lock.id,
    holder,
    holderCollection: lock.user?.relationTo ?? 'users',
    createdAt: lock.createdAt,
    updatedAt: lock.updatedAt,
  }
}

const heldByOther = (lock: DocumentLock | null, req: PayloadRequest): lock is DocumentLock =>
  Boolean(lock) && String(lock?.holder) !== String(req.user?.id)

/** "cause article": the collection's singular label, for messages. */
export function nounOf(req: PayloadRequest, collection: string): string {
  const singular = req.payload.collections[collection as 'articles']?.config.labels?.singular
  return typeof singular === 'string' ? singular.toLowerCase() : 'document'
}

async function lockedMessage(req: PayloadRequest, lock: DocumentLock, collection: string, doing: string) {
  const [holder] = await namesOf(req, lock.holder)
  const noun = nounOf(req, collection)
  const until = new Date(Date.parse(lock.updatedAt) + lockSeconds(req.payload, collection) * 1000)
  return `${holder?.name ?? 'Someone'} is editing this ${noun} (since ${formatMoment(lock.createdAt)}), so ${doing} could overwrite or race their work. Ask them to save and close it; their lock ends on its own at ${formatMoment(until.toISOString())} if they stop editing. An admin can override it.`
}

/** Refuses a review transition while someone else holds the document's lock. */
export async function refuseIfLockedByOther(
  req: PayloadRequest,
  options: ResolvedCollectionOptions,
  id: number | string,
  doing: string,
): Promise<void> {
  const lock = await liveLockOf(req, options.slug, id)
  if (heldByOther(lock, req)) {
    throw new WorkflowError(await lockedMessage(req, lock, options.slug, doing), 423, 'locked')
  }
}

interface HeldLock {
  lock: DocumentLock
  overridden: boolean
}
const heldLocks = (req: PayloadRequest) =>
  requestScoped(req, 'medicalReview.heldLocks', () => new Map<string, HeldLock>())
const lockKey = (collection: string, id: number | string) => `${collection}:${String(id)}`

/** The lock this write overrode on purpose, if it did: recorded on the version it saves. */
export function overriddenLockHolder(req: PayloadRequest, collection: string, id: number | string) {
  const held = heldLocks(req).get(lockKey(collection, id))
  return held?.overridden ? held.lock.holder : null
}

/**
 * Before an update by id, ahead of Payload's own lock check (which deletes the lock whenever a save
 * passes it): notes the live lock, refuses an explicit override from anyone `mayOverrideLock` does
 * not allow, and answers a save into someone else's lock with a message naming them.
 */
export const captureLock =
  (options: ResolvedCollectionOptions, access: MedicalReviewAccess): CollectionBeforeOperationHook =>
  async ({ args, operation, req }) => {
    const id = (args as { id?: number | string }).id
    if (operation !== 'update' || id === undefined || id === null) return args
    const lock = await liveLockOf(req, options.slug, id)
    if (!lock) return args
    // A workflow step writing its own result has already decided about locks (see workflow.ts).
    const explicit = req.payloadAPI !== 'local' && !transitionOf(req, options.slug, id)
    const override = Boolean((args as { overrideLock?: boolean }).overrideLock)
    if (heldByOther(lock, req) && explicit) {
      if (!override) {
        throw new WorkflowError(await lockedMessage(req, lock, options.slug, 'saving now'), 423, 'locked')
      }
      if (!access.mayOverrideLock(req.user)) {
        throw new WorkflowError(
          `${await lockedMessage(req, lock, options.slug, 'saving now')} (Overriding a lock, ?overrideLock=true, is for admins.)`,
          403,
          'override-not-permitted',
        )
      }
      req.payload.logger.warn(
        { collection: options.slug, id, lockHolder: lock.holder, by: req.user?.id },
        'An admin overrode a document lock; the version saved records it.',
      )
      heldLocks(req).set(lockKey(options.slug, id), { lock, overridden: true })
      return args
    }
    heldLocks(req).set(lockKey(options.slug, id), { lock, overridden: false })
    return args
  }

/** After the write, in its transaction: puts back the lock Payload's save deleted, unless it was overridden. */
export const restoreLock =
  (options: ResolvedCollectionOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    if (operation !== 'update') return doc
    const key = lockKey(options.slug, doc.id as number | string)
    const held = heldLocks(req).get(key)
    heldLocks(req).delete(key)
    if (!held || held.overridden) return doc
    if (await liveLockOf(req, options.slug, doc.id as number | string)) return doc
    await req.payload.db.create({
      collection: LOCKS_SLUG,
      data: {
        document: { relationTo: options.slug, value: doc.id },
        user: { relationTo: held.lock.holderCollection, value: held.lock.holder },
        createdAt: held.lock.createdAt,
        updatedAt: held.lock.updatedAt,
      },
      req,
    })
    return doc
  }

/**
 * Access to Payload's lock records: anyone may read them (the admin shows who is editing), create
 * their own and update or delete their own or an expired one; taking over or deleting someone
 * else's live lock is for those `mayOverrideLock` allows, and is logged.
 */
export function guardLockRecords(payload: Payload, access: MedicalReviewAccess): void {
  const locks = payload.collections[LOCKS_SLUG as 'users']?.config
  if (!locks) return
  const ownOrExpired = ({ req }: { req: PayloadRequest }): boolean | Where => {
    if (!req.user) return false
    if (access.mayOverrideLock(req.user)) return true
    const expired = new Date(Date.now() - DEFAULT_LOCK_SECONDS * 1000).toISOString()
    return { or: [{ 'user.value': { equals: req.user.id } }, { updatedAt: { less_than: expired } }] }
  }
  locks.access = { ...locks.access, update: ownOrExpired, delete: ownOrExpired }
  locks.hooks = {
    ...locks.hooks,
    afterChange: [
      ...(locks.hooks?.afterChange ?? []),
      ({ doc, previousDoc, operation, req }) => {
        const before = relationIds((previousDoc as { user?: { value?: unknown } })?.user?.value)[0]
        const after = relationIds((doc as { user?: { value?: unknown } })?.user?.value)[0]
        if (operation === 'update' && before !== undefined && String(before) !== String(after)) {
          req.payload.logger.warn({ lock: doc.id, from: before, to: after }, 'A document lock was taken over.')
        }
        return doc
      },
    ],
  }
}

/**
 * Releases the caller's own lock on document `id` (`DELETE /api/<collection>/:id/lock`), which the
 * review panel sends when its edit view closes. Payload releases a lock on leaving only for
 * collections without autosave; with autosave it relied on the next save deleting the lock.
 * Returns how many were released (0 or 1).
 */
export async function releaseOwnLock(req: PayloadRequest, collection: string, id: number | string): Promise<number> {
  if (!req.user || !req.payload.collections[LOCKS_SLUG as 'users']) return 0
  const where: Where = {
    and: [
      { 'document.relationTo': { equals: collection } },
      { 'document.value': { equals: id } },
      { 'user.value': { equals: req.user.id } },
    ],
  }
  const { totalDocs } = await req.payload.db.count({ collection: LOCKS_SLUG, where, req })
  if (totalDocs) await req.payload.db.deleteMany({ collection: LOCKS_SLUG, where, req })
  return totalDocs
}
