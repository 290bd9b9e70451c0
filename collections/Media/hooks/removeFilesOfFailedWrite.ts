/**
 * An upload that fails leaves none of its files behind.
 *
 * Payload computes an image's renditions in memory, then writes the original and every rendition
 * to `staticDir` at once (`uploadFiles`), then inserts the row. When a write fails partway — a
 * full disk, a file-size limit, a name too long for the file system — or the insert fails
 * afterwards, the operation is rolled back but the files already written (and the partial ones)
 * stayed on disk, named by no document.
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
 * Writes still in flight when the first one failed can finish a moment later, so the files are
 * removed twice, a short pause apart.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeValidateHook,
  PayloadRequest,
  SanitizedCollectionConfig,
  Where,
} from 'payload'

import { fileNamesOf } from './keepMediaInUse'

/** Per request: the absolute paths of the files its media writes are creating. */
const creating = new WeakMap<PayloadRequest, Set<string>>()

/** How long to wait before removing the files a second time (writes that were still in flight). */
export const SECOND_SWEEP_MS = 150

const localDirOf = (collection: SanitizedCollectionConfig): string | null =>
  typeof collection.upload === 'object' && collection.upload.staticDir && !collection.upload.disableLocalStorage
    ? path.resolve(collection.upload.staticDir)
    : null

const exists = (file: string) =>
  fs.lstat(file).then(
    () => true,
    () => false,
  )

export const rememberNewFiles: CollectionBeforeValidateHook = async ({ collection, data, originalDoc, req }) => {
  const dir = localDirOf(collection)
  if (!dir) return data
  const own = new Set(fileNamesOf(originalDoc))
  for (const name of fileNamesOf(data)) {
    const file = path.resolve(dir, name)
    if (own.has(name) || path.dirname(file) !== dir || (await exists(file))) continue
    const files = creating.get(req) ?? new Set<string>()
    files.add(file)
    creating.set(req, files)
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

/** Removes `files`; returns those that were there. */
async function removeAll(files: string[]): Promise<string[]> {
  const removed: string[] = []
  for (const file of files) {
    if (!(await exists(file))) continue
    await fs.rm(file, { force: true })
    removed.push(file)
  }
  return removed
}

export const removeFilesOfFailedWrite: CollectionAfterErrorHook = async ({ collection, error, req }) => {
  const files = creating.get(req)
  if (!files?.size) return
  creating.delete(req)
  const log = req.payload.logger
  try {
    const names = [...files].map((file) => path.basename(file))
    // A file only a document committed meanwhile names (two uploads of one name racing) stays.
    // Without a database to ask, the files go: they did not exist when this write began.
    const claimed = await claimedNames(req, collection, names)
    const unclaimed = [...files].filter((file) => !claimed?.has(path.basename(file)))
    const removed = await removeAll(unclaimed)
    await new Promise((resolve) => setTimeout(resolve, SECOND_SWEEP_MS))
    removed.push(...(await removeAll(unclaimed)))
    if (removed.length) {
      const reason = error.message.split('\n')[0]!.slice(0, 120)
      const names = [...new Set(removed)].map((file) => path.basename(file))
      log.warn(
        `A media write failed (${reason}); removed the ${names.length} file(s) it had written: ${names.join(', ')}`,
      )
    }
  } catch (cleanupError) {
    log.error({
      err: cleanupError,
      msg: `Could not remove the files of a failed media write: ${[...files].join(', ')}`,
    })
  }
}
