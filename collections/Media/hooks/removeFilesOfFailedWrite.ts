/**
 * An upload that fails leaves none of its files behind, on the local disk or in the bucket.
 *
 * On the local disk (MEDIA_DIR), Payload computes an image's renditions in memory, then writes the
 * original and every rendition to `staticDir` at once (`uploadFiles`), then inserts the row. With
 * the files in S3 (lib/media/storage.ts), the row is inserted first and @payloadcms/storage-s3
 * puts the original and every rendition in the bucket in an `afterChange` hook, before the
 * transaction commits. Either way, when a write fails partway — a full disk, a file-size limit, a
 * name the file system refuses, the bucket refusing one of the objects — or the row is refused,
 * the operation is rolled back but the files already written (and partial ones) stayed, named by
 * no document.
 *
 * - `rememberNewFiles` (the last `beforeValidate` hook, which runs after Payload has named the
 *   files and before it writes them, on create and update alike) notes the files this write is
 *   about to create: those that do not exist yet, so a file this write would overwrite is never
 *   removed.
 * - `removeFilesOfFailedWrite` (`afterError`) removes them when the write failed, except any a
 *   stored media document names. Uploads reach Payload over REST (the admin posts there too),
 *   where Payload runs `afterError`; a Local API caller gets the error and no such hook runs.
 * - `forgetWrittenFiles` (`afterOperation`, success only) forgets them.
 *
 * Where the files are (the directory or the bucket) comes from lib/media/fileStore.ts.
 *
 * Writes still in flight when the first one failed can finish a moment later, so the files are
 * removed twice, a short pause apart.
 */
import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeValidateHook,
  PayloadRequest,
  SanitizedCollectionConfig,
  Where,
} from 'payload'

import { fileStoreOf, type MediaFileStore } from '@/lib/media/fileStore'

import { fileNamesOf } from './keepMediaInUse'

/** Per request: the names of the files its media writes are creating. */
const creating = new WeakMap<PayloadRequest, Set<string>>()

/** How long to wait before removing the files a second time (writes that were still in flight). */
export const SECOND_SWEEP_MS = 150

export const rememberNewFiles: CollectionBeforeValidateHook = async ({ collection, data, originalDoc, req }) => {
  const store = fileStoreOf(collection)
  if (!store) return data
  const own = new Set(fileNamesOf(originalDoc))
  for (const name of fileNamesOf(data)) {
    if (own.has(name) || !store.holds(name) || (await store.exists(name))) continue
    const names = creating.get(req) ?? new Set<string>()
    names.add(name)
    creating.set(req, names)
  }
  return data
}

export const forgetWrittenFiles: CollectionAfterOperationHook = ({ req, result }) => {
  creating.delete(req)
  return result
}

/** Of `names`, those a stored media document names (its file or a rendition's); null when that cannot be read. */
async function claimedNames(
  req: PayloadRequest,
  collection: SanitizedCollectionConfig,
  names: string[],
): Promise<Set<string> | null> {
  const sizes = typeof collection.upload === 'object' ? (collection.upload.imageSizes ?? []) : []
  try {
    const { docs } = await req.payload.find({
      collection: collection.slug as 'media',
      where: {
        or: [
          { filename: { in: names } },
          ...sizes.map((size): Where => ({ [`sizes.${size.name}.filename`]: { in: names } })),
        ],
      },
      depth: 0,
      limit: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    return new Set(docs.flatMap((doc) => fileNamesOf(doc as unknown as Record<string, unknown>)))
  } catch {
    return null
  }
}

/** Removes the files of `names` that are there; returns those. */
async function removeAll(store: MediaFileStore, names: string[]): Promise<string[]> {
  const removed: string[] = []
  for (const name of names) {
    if (!(await store.exists(name))) continue
    await store.remove(name)
    removed.push(name)
  }
  return removed
}

export const removeFilesOfFailedWrite: CollectionAfterErrorHook = async ({ collection, error, req }) => {
  const files = [...(creating.get(req) ?? [])]
  creating.delete(req)
  const store = fileStoreOf(collection)
  if (!store || !files.length) return
  const log = req.payload.logger
  try {
    // A file only a document committed meanwhile names (two uploads of one name racing) stays.
    // Without a database to ask, the files go: they did not exist when this write began.
    const claimed = await claimedNames(req, collection, files)
    const unclaimed = files.filter((name) => !claimed?.has(name))
    const removed = await removeAll(store, unclaimed)
    await new Promise((resolve) => setTimeout(resolve, SECOND_SWEEP_MS))
    removed.push(...(await removeAll(store, unclaimed)))
    if (removed.length) {
      const reason = error.message.split('\n')[0]!.slice(0, 120)
      const names = [...new Set(removed)]
      log.warn(
        `A media write failed (${reason}); removed the ${names.length} file(s) it had written from ${store.location}: ${names.join(', ')}`,
      )
    }
  } catch (cleanupError) {
    log.error({
      err: cleanupError,
      msg: `Could not remove the files of a failed media write from ${store.location}: ${files.join(', ')}`,
    })
  }
}
