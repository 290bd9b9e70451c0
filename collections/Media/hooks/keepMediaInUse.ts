/**
 * Media in use is immutable. A media document shown on a published page or a public profile, or
 * held by any sign-off in the ledger (lib/media/mediaUsage.ts says exactly where), cannot change —
 * not its file, renditions, alt text, focal point or any other field — and cannot be deleted, by
 * anyone, through any API. The clinical hash records only the media id, so this is what keeps a
 * sign-off covering the images readers see. An update that changes nothing still goes through.
 *
 * Why four hooks: Payload deletes a document's old files and writes the new ones *before* the
 * collection's `beforeChange` hooks run (and creates renditions while computing the file data), so
 * a refusal there would roll the row back but leave the files replaced. The update is therefore
 * refused in `beforeOperation`, before any file is touched; `beforeChange` checks again on the
 * data about to be stored (bulk updates, other hooks); `beforeValidate` refuses writing files over
 * another image's files in use; `beforeDelete` refuses deletes.
 *
 * Each check takes the sign-off ledger's advisory lock first, in the write's transaction
 * (ownTransaction.ts makes sure there is one), so a sign-off or publish cannot put the image in
 * use between the check and the commit: it waits for this write, or this write sees it.
 */
import {
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type CollectionBeforeOperationHook,
  type CollectionBeforeValidateHook,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Where,
} from 'payload'

import { isDerivedURL, mediaChanges, type UploadEdits } from '@/lib/media/mediaChanges'
import { describeUses, mediaInUseError, summariseUses } from '@/lib/media/mediaInUseError'
import { findMediaUsage, type MediaUse } from '@/lib/media/mediaUsage'
import { Refusal } from '@/lib/refusal'
import { lockLedger } from '@/plugins/medicalReview'

type Doc = Record<string, unknown> & { id?: number | string }

/** The uses of `ids`, read under the ledger lock (held until the transaction ends). */
async function usesOf(req: PayloadRequest, ids: ReadonlyArray<number | string>): Promise<MediaUse[]> {
  await lockLedger(req)
  return findMediaUsage(req, ids)
}

const uploadEditsOf = (req: PayloadRequest): UploadEdits | null => {
  const edits = (req.query as Record<string, unknown> | undefined)?.uploadEdits
  return edits && typeof edits === 'object' ? (edits as UploadEdits) : null
}

/** What `data` (and the request's file and image edits) would change of `original`. */
function changesOf(
  collection: SanitizedCollectionConfig,
  req: PayloadRequest,
  data: Doc | null | undefined,
  original: Doc,
): string[] {
  return mediaChanges({
    data,
    original,
    hasFile: Boolean(req.file),
    uploadEdits: uploadEditsOf(req),
    fieldNames: collection.flattenedFields.map((field) => field.name),
    serverURL: req.payload.config.serverURL,
  })
}

/** The names of the files on disk a media document (or incoming data) names: the original and each rendition. */
export function fileNamesOf(doc: Doc | null | undefined): string[] {
  if (!doc) return []
  const sizes =
    doc.sizes && typeof doc.sizes === 'object'
      ? Object.values(doc.sizes as Record<string, { filename?: unknown } | null>)
      : []
  return [doc.filename, ...sizes.map((size) => size?.filename)].filter(
    (name): name is string => typeof name === 'string' && name !== '',
  )
}

/**
 * Refuses when any of `names` is also a file of another media document in use: writing or
 * deleting it would change that image. Payload keeps original file names unique and renditions
 * carry a random part (renditionName.ts), so this arises only from a Local API write with
 * `overwriteExistingFiles` or hand-set file names, or from files shared before renditions had one.
 */
async function refuseTouchingFilesInUse(
  req: PayloadRequest,
  collection: SanitizedCollectionConfig,
  names: string[],
  self: number | string | undefined,
  action: 'write' | 'replace',
): Promise<void> {
  if (!names.length) return
  const sizeNames =
    typeof collection.upload === 'object' ? (collection.upload.imageSizes ?? []).map((size) => size.name) : []
  const sameFile: Where[] = [
    { filename: { in: names } },
    ...sizeNames.map((size): Where => ({ [`sizes.${size}.filename`]: { in: names } })),
  ]
  const { docs } = await req.payload.find({
    collection: collection.slug as 'media',
    where: { and: [{ or: sameFile }, ...(self !== undefined ? [{ id: { not_equals: self } }] : [])] },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  if (!docs.length) return
  const uses = await usesOf(
    req,
    docs.map((doc) => doc.id),
  )
  if (!uses.length) return
  const usedBy = summariseUses(uses)
  const files = names.map((name) => `“${name}”`).join(', ')
  const message =
    action === 'write'
      ? `The file name(s) ${files} are files of another image, which is ${describeUses(usedBy)}, so they can never be overwritten. Upload the file under another name (without overwriteExistingFiles).`
      : `This image shares its files (${files}) with another image, which is ${describeUses(usedBy)}, so those files can neither be replaced nor deleted. Leave this image as it is and upload a new one instead.`
  throw new Refusal(message, 409, { reason: 'media-in-use', usedBy, files: names })
}

/** Whether the write will rewrite the document's files: a new file, or crop/focal edits that reprocess the stored one. */
const rewritesFiles = (req: PayloadRequest) => {
  const edits = uploadEditsOf(req)
  return (
    Boolean(req.file) ||
    Boolean(edits && (edits.crop || edits.heightInPixels || edits.widthInPixels || edits.focalPoint))
  )
}

/** Payload's own update access for this request (false: Payload answers 403 itself, with nothing about usage). */
async function mayUpdate(
  collection: SanitizedCollectionConfig,
  req: PayloadRequest,
  id: number | string | undefined,
  data: Doc | undefined,
) {
  const access = collection.access?.update
  if (!access) return Boolean(req.user)
  return Boolean(await access({ req, id: id as number | undefined, data }))
}

/**
 * Update, before Payload touches any file: refuses changing media in use (one document by id, or
 * every document a bulk update's `where` selects), and replacing files another image in use shares.
 */
export const refuseChangeBeforeFiles: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'update') return args
  const { id, where, data, overrideAccess } = args as {
    id?: number | string
    where?: Where
    data?: Doc
    overrideAccess?: boolean
  }
  // Someone who may not update media at all gets Payload's 403, not a list of where it is used.
  if (!overrideAccess && !(await mayUpdate(collection, req, id, data))) return args
  const slug = collection.slug as 'media'
  const read = { collection: slug, depth: 0, overrideAccess: true, showHiddenFields: true, req } as const
  const found =
    id !== undefined
      ? [await req.payload.findByID({ ...read, id, disableErrors: true })]
      : where
        ? (await req.payload.find({ ...read, where, limit: 0, pagination: false })).docs
        : []
  const targets = found.filter(Boolean) as unknown as Doc[]
  const changed = targets
    .map((doc) => ({ doc, changes: changesOf(collection, req, data, doc) }))
    .filter(({ changes }) => changes.length)
  if (!changed.length) return args
  const uses = await usesOf(
    req,
    changed.map(({ doc }) => doc.id!),
  )
  if (uses.length) throw mediaInUseError(uses, 'change', [...new Set(changed.flatMap(({ changes }) => changes))])
  if (rewritesFiles(req)) {
    for (const { doc } of changed) await refuseTouchingFilesInUse(req, collection, fileNamesOf(doc), doc.id, 'replace')
  }
  return args
}

/**
 * Update, on the data about to be stored: the same rule, for whatever reached the write. A
 * `thumbnailURL` on the site's own origin is dropped first: Payload recomputes it from the
 * rendition on every read, so storing the copy an edit form sends back would only make an
 * unchanged save rewrite the row.
 */
export const refuseChange: CollectionBeforeChangeHook = async ({ collection, data, operation, originalDoc, req }) => {
  if ('thumbnailURL' in data && isDerivedURL(data.thumbnailURL, req.payload.config.serverURL)) delete data.thumbnailURL
  if (operation !== 'update' || !originalDoc) return data
  const changes = changesOf(collection, req, data, originalDoc)
  if (!changes.length) return data
  const uses = await usesOf(req, [originalDoc.id])
  if (uses.length) throw mediaInUseError(uses, 'change', changes)
  return data
}

/** Create and update, after the file names are known and before the files are written. */
export const refuseOverwritingFilesInUse: CollectionBeforeValidateHook = async ({
  collection,
  data,
  originalDoc,
  req,
}) => {
  const own = new Set(fileNamesOf(originalDoc))
  const names = fileNamesOf(data).filter((name) => !own.has(name))
  await refuseTouchingFilesInUse(req, collection, names, originalDoc?.id, 'write')
  return data
}

/** Delete: media in use, or sharing its files with media in use, stays. */
export const refuseDelete: CollectionBeforeDeleteHook = async ({ collection, id, req }) => {
  const uses = await usesOf(req, [id])
  if (uses.length) throw mediaInUseError(uses, 'delete')
  const doc = await req.payload.findByID({
    collection: collection.slug as 'media',
    id,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
  })
  await refuseTouchingFilesInUse(req, collection, fileNamesOf(doc as unknown as Doc | null), id, 'replace')
}
