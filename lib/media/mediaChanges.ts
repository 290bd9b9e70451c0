/**
 * What a write to a media document would change, compared with what is stored — so that media in
 * use can refuse every change while an update that changes nothing (the admin's "Save" on an
 * untouched image) still goes through. Pure: the hooks pass in the request's parts.
 */

type Doc = Record<string, unknown>

/** Payload's image-editor instructions (`?uploadEdits[crop]…`, `[focalPoint]…`): each rewrites the files. */
export interface UploadEdits {
  crop?: unknown
  focalPoint?: { x?: unknown; y?: unknown } | null
  heightInPixels?: unknown
  widthInPixels?: unknown
}

export interface MediaWrite {
  /** The incoming data (partial: a missing key keeps its stored value). */
  data: Doc | null | undefined
  /** The stored document as Payload reads it (depth 0). */
  original: Doc
  /** A new file came with the write (`req.file`): a replacement. */
  hasFile: boolean
  uploadEdits?: UploadEdits | null
  /** The names of the collection's stored top-level fields; other keys are ignored by Payload too. */
  fieldNames: readonly string[]
  /** The site's origin: URLs on it (or site-relative) are derived from the filename, not stored content. */
  serverURL: string
}

/** What readers would see change, by what a person calls it. */
const LABELS: Record<string, string> = {
  alt: 'alt text',
  focalX: 'focal point',
  focalY: 'focal point',
  filename: 'file',
  mimeType: 'file',
  filesize: 'file',
  width: 'file',
  height: 'file',
  sizes: 'file',
  url: 'file',
  thumbnailURL: 'file',
}

/** Payload keeps these itself; a client's value for them is not content. */
const IGNORED = new Set(['id', 'createdAt', 'updatedAt'])

const URL_KEYS = new Set(['url', 'thumbnailURL'])

const isNumberLike = (value: unknown) =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))

/**
 * A URL Payload derives from the filename when it reads the document: empty, site-relative or on
 * the site's own origin. Only an external URL is stored and served as given.
 */
export const isDerivedURL = (value: unknown, serverURL: string) =>
  value === null ||
  value === undefined ||
  value === '' ||
  (typeof value === 'string' && (value.startsWith('/') || (Boolean(serverURL) && value.startsWith(serverURL))))

/** Whether `incoming` leaves `stored` as it is; objects are compared only on the keys sent (Payload merges them). */
function keeps(incoming: unknown, stored: unknown, key: string, serverURL: string): boolean {
  if (URL_KEYS.has(key) && isDerivedURL(incoming, serverURL)) return true
  if (incoming === undefined) return true
  if (incoming === null || stored === null || stored === undefined) return (incoming ?? null) === (stored ?? null)
  if (isNumberLike(incoming) && isNumberLike(stored)) return Number(incoming) === Number(stored)
  if (Array.isArray(incoming)) {
    return (
      Array.isArray(stored) &&
      incoming.length === stored.length &&
      incoming.every((item, i) => keeps(item, stored[i], key, serverURL))
    )
  }
  if (typeof incoming === 'object') {
    if (typeof stored !== 'object' || Array.isArray(stored)) return false
    return Object.entries(incoming as Doc).every(([inner, value]) =>
      keeps(value, (stored as Doc)[inner], inner, serverURL),
    )
  }
  return incoming === stored
}

/** The things a write would change ('file', 'alt text', 'focal point', 'crop', or a field name), each once. */
export function mediaChanges(write: MediaWrite): string[] {
  const changes = new Set<string>()
  if (write.hasFile) changes.add('file')
  const edits = write.uploadEdits
  if (edits && typeof edits === 'object') {
    if (edits.crop || edits.heightInPixels || edits.widthInPixels) changes.add('crop')
    const point = edits.focalPoint
    if (
      point &&
      typeof point === 'object' &&
      !(keeps(point.x, write.original.focalX, 'focalX', '') && keeps(point.y, write.original.focalY, 'focalY', ''))
    ) {
      changes.add('focal point')
    }
  }
  const fields = new Set(write.fieldNames)
  for (const [key, value] of Object.entries(write.data ?? {})) {
    if (IGNORED.has(key) || !fields.has(key)) continue
    if (!keeps(value, write.original[key], key, write.serverURL)) changes.add(LABELS[key] ?? key)
  }
  return [...changes]
}
