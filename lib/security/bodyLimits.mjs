/**
 * How large and how deep a request body to `/api/*` may be: read from the environment by the
 * request guard (proxy.ts → requestGuard.ts), by the Media collection (an upload's file) and by
 * next.config.mjs (how much of a body Next.js hands the proxy). Plain JavaScript so the Next.js
 * config can import it without a build step.
 *
 * - `MAX_JSON_BODY_BYTES` (default 1 MB): every body that is not multipart — JSON above all
 *   (logins, REST writes, GraphQL).
 * - `MAX_UPLOAD_BYTES` (default 10 MB): multipart bodies — image uploads, and the admin's saves,
 *   which Payload sends as multipart forms. Payload's own per-file limit (20 MB unless
 *   `upload.limits.fileSize` in payload.config.ts says otherwise) still applies above it.
 * - `MAX_JSON_DEPTH` (default 64): how deeply a JSON body (or a multipart form's `_payload`) may
 *   nest objects and arrays. Payload walks request data recursively: 10 000 levels overflowed the
 *   stack (a 500). A rich-text document with lists nested ten deep stays under 50.
 *
 * A megabyte here is 1024 × 1024 bytes, as in Next.js's own limits.
 */
export const MB = 1024 * 1024

export const DEFAULT_MAX_JSON_BODY_BYTES = 1 * MB
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * MB
export const DEFAULT_MAX_JSON_DEPTH = 64

/**
 * Next.js buffers at most `proxyClientMaxBodySize` bytes of a body for the proxy (10 MB by
 * default) and silently cuts off the rest, for the proxy and the route alike. It is set this far
 * above the largest limit so that a body just over a limit still reaches the proxy over the
 * limit, whatever the size of the network chunk that crossed it, and is refused there.
 */
export const PROXY_BODY_HEADROOM_BYTES = 1 * MB

/**
 * @typedef {object} BodyLimits
 * @property {number} jsonBodyBytes largest body that is not multipart, in bytes
 * @property {number} uploadBytes largest multipart body (and uploaded file), in bytes
 * @property {number} jsonDepth deepest nesting of objects and arrays in a JSON body
 */

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 * @param {string} unit
 */
function positiveInteger(env, name, fallback, unit) {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of ${unit} above 0 (default ${fallback}); it is "${raw}".`)
  }
  return value
}

/**
 * The limits `env` sets; a malformed value throws, naming the variable.
 * @param {Record<string, string | undefined>} env
 * @returns {BodyLimits}
 */
export function bodyLimits(env) {
  return {
    jsonBodyBytes: positiveInteger(env, 'MAX_JSON_BODY_BYTES', DEFAULT_MAX_JSON_BODY_BYTES, 'bytes'),
    uploadBytes: positiveInteger(env, 'MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES, 'bytes'),
    jsonDepth: positiveInteger(env, 'MAX_JSON_DEPTH', DEFAULT_MAX_JSON_DEPTH, 'levels'),
  }
}

/**
 * `experimental.proxyClientMaxBodySize` for next.config.mjs: above both body limits.
 * @param {BodyLimits} limits
 */
export function proxyClientMaxBodySize(limits) {
  return Math.max(limits.jsonBodyBytes, limits.uploadBytes) + PROXY_BODY_HEADROOM_BYTES
}

/**
 * A byte count as people read it: "10 MB", "1.5 MB", "512 KB", "900 bytes"; a count those round
 * off also gets its exact bytes, "1 MB (1048577 bytes)".
 * @param {number} bytes
 */
export function formatBytes(bytes) {
  /** @param {number} unit @param {string} name */
  const inUnit = (unit, name) => {
    const value = Number((bytes / unit).toFixed(2))
    return value * unit === bytes ? `${value} ${name}` : `${value} ${name} (${bytes} bytes)`
  }
  if (bytes >= MB) return inUnit(MB, 'MB')
  if (bytes >= 1024) return inUnit(1024, 'KB')
  return `${bytes} bytes`
}
