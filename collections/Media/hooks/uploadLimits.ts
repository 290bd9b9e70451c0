/**
 * How large an uploaded file may be, with the limit named in the refusal.
 *
 * - `MAX_UPLOAD_BYTES` (lib/security/bodyLimits.mjs; default 10 MB): the request guard already
 *   refuses a larger multipart body over HTTP (proxy.ts); `refuseLargeFile` applies the same limit
 *   to the file itself on every path — the Local API included — before any image is processed.
 * - Payload's own per-file limit (`upload.limits.fileSize`, 20 MB unless payload.config.ts sets
 *   one) stops a larger file while the multipart body is parsed, with a 413 that says only "File
 *   size limit has been reached"; `nameUploadLimit` rewrites that refusal to name the limit.
 */
import type { CollectionAfterErrorHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { Refusal } from '@/lib/refusal'
import { bodyLimits, formatBytes, MB } from '@/lib/security/bodyLimits.mjs'

/** Payload's per-file limit when the config sets none (DEFAULT_UPLOAD_OPTIONS in payload's uploads/fetchAPI-multipart). */
export const PAYLOAD_DEFAULT_FILE_SIZE = 20 * MB
/** Payload's limit on a whole multipart body when the config sets none (DEFAULT_REQUEST_SIZE_LIMIT there). */
export const PAYLOAD_DEFAULT_REQUEST_SIZE = 50 * MB

const tooLarge = (limit: number) =>
  `The file is larger than the ${formatBytes(limit)} limit for uploads. Upload a smaller file.`

/** Create and update with a file: refuses one over MAX_UPLOAD_BYTES, before Payload reads the image. */
export const refuseLargeFile: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const size = req.file?.size ?? req.file?.data?.byteLength
  const limit = bodyLimits(process.env).uploadBytes
  if (typeof size === 'number' && size > limit) {
    throw new Refusal(tooLarge(limit), 413, { reason: 'upload-too-large', limitBytes: limit, sizeBytes: size })
  }
  return args
}

function payloadLimits(req: PayloadRequest) {
  const upload = (req.payload.config.upload ?? {}) as { limits?: { fileSize?: number }; requestSizeLimit?: number }
  return {
    fileSize: upload.limits?.fileSize ?? PAYLOAD_DEFAULT_FILE_SIZE,
    requestSize: upload.requestSizeLimit ?? PAYLOAD_DEFAULT_REQUEST_SIZE,
  }
}

/** REST: Payload's own 413s for a file or multipart body over its limits, with the limit named. */
export const nameUploadLimit: CollectionAfterErrorHook = ({ error, req }) => {
  if ((error as { status?: number }).status !== 413) return
  const limits = payloadLimits(req)
  const limitBytes =
    error.message === 'File size limit has been reached'
      ? limits.fileSize
      : error.message === 'Multipart request size limit has been reached'
        ? limits.requestSize
        : null
  if (limitBytes === null) return
  return {
    status: 413,
    response: { errors: [{ message: tooLarge(limitBytes), data: { limitBytes } }] },
  }
}
