/**
 * Refuses request bodies Payload's REST handlers would mishandle, before Payload sees them. Run by
 * `proxy.ts` in front of `/api/*`; returns the refusal, or null to let the request through.
 *
 * - **413** for a body over its limit (lib/security/bodyLimits.mjs): `MAX_UPLOAD_BYTES` for
 *   multipart bodies, `MAX_JSON_BODY_BYTES` for every other body. A `Content-Length` over the
 *   limit is refused without reading the body; a body without one (chunked) is counted as it is
 *   read and refused as soon as it passes the limit. Without this Next.js cut every body off at
 *   10 MB, so Payload read a truncated one ("not valid JSON", "could not be read"), and a login
 *   accepted a 9 MB body.
 * - **400** for JSON nested deeper than `MAX_JSON_DEPTH` (in a JSON body or a multipart form's
 *   `_payload`): Payload walks request data recursively, and 10 000 levels overflowed the stack
 *   (a 500). The depth is counted on the text, without parsing or recursing.
 * - **400** for JSON that is not an object (`null`, `"x"`, `[]`) or not JSON, and for multipart
 *   bodies that cannot be parsed or whose `_payload` is not a JSON object.
 */
import { type BodyLimits, bodyLimits, formatBytes } from './bodyLimits.mjs'

const WRITES = new Set(['POST', 'PATCH', 'PUT'])

const refuse = (message: string, status = 400) => Response.json({ errors: [{ message }] }, { status })

/** The request body's bytes, or null as soon as there are more than `max` (the rest is never read). */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      // Not awaited: cancelling one branch of a cloned (teed) body settles only once the other
      // branch is cancelled too, and the original is left to whoever holds it.
      reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

const OPEN_BRACE = 0x7b // {
const OPEN_BRACKET = 0x5b // [
const CLOSE_BRACE = 0x7d // }
const CLOSE_BRACKET = 0x5d // ]
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/**
 * Whether `text`, read as JSON, nests objects and arrays more than `max` levels deep (a top-level
 * object is level 1). Brackets inside strings do not count. One pass, no recursion, and it stops
 * at the first level over `max`; the text need not be valid JSON.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--
  }
  return false
}

const tooDeep = (where: string, limits: BodyLimits) =>
  refuse(
    `${where} nests JSON objects and arrays more than ${limits.jsonDepth} levels deep, ` +
      `the maximum depth. Send flatter data.`,
  )

/** The refusal for `text` as a JSON object (`where` names it in the message), or null when it is one. */
function refuseUnlessJsonObject(text: string, where: string, limits: BodyLimits): Response | null {
  if (nestsDeeperThan(text, limits.jsonDepth)) return tooDeep(where, limits)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return refuse(`${where} is not valid JSON.`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return refuse(`${where} must be a JSON object.`)
  return null
}

export async function refuseMalformedBody(
  request: Request,
  limits: BodyLimits = bodyLimits(process.env),
): Promise<Response | null> {
  if (!WRITES.has(request.method.toUpperCase()) || !request.body) return null
  const contentType = request.headers.get('content-type') ?? ''
  const type = contentType.toLowerCase()
  const multipart = type.startsWith('multipart/form-data')
  const max = multipart ? limits.uploadBytes : limits.jsonBodyBytes
  const tooLarge = () =>
    refuse(
      multipart
        ? `The request body is larger than the ${formatBytes(max)} limit for uploads and forms. Upload a smaller file.`
        : `The request body is larger than the ${formatBytes(max)} limit for JSON and other bodies that are not uploads.`,
      413,
    )

  const declared = request.headers.get('content-length')
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max) return tooLarge()
  // A clone, so that the body stays readable for whatever handles the request next.
  const bytes = await readAtMost(request.clone().body!, max)
  if (!bytes) return tooLarge()

  if (type.startsWith('application/json')) {
    const text = new TextDecoder().decode(bytes)
    if (!text.trim()) return null
    return refuseUnlessJsonObject(text, 'The request body', limits)
  }
  if (multipart) {
    let form: FormData
    try {
      form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData()
    } catch {
      return refuse('The multipart body could not be read. Send the file again as multipart/form-data.')
    }
    // Payload parses the form's `_payload` field as the document's JSON data.
    const data = form.get('_payload')
    if (typeof data === 'string' && data !== '')
      return refuseUnlessJsonObject(data, 'The form’s _payload field', limits)
  }
  return null
}
