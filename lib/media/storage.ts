/**
 * Where uploaded images are stored. The default is the local disk (MEDIA_DIR, `upload.staticDir`
 * in collections/Media). With S3_BUCKET set, the `media` collection stores its files — the
 * original and every rendition — in that S3-compatible bucket instead, through Payload's official
 * @payloadcms/storage-s3, so every instance of the app reads and serves the same files.
 *
 * Files are still served by Payload at `/api/media/file/<name>` (no `disablePayloadAccessControl`):
 * the collection's read access keeps applying, the bucket stays private, and the stored URLs do not
 * change when storage does. Objects are keyed by the file name at the bucket's root.
 *
 * payload.config.ts adds `...mediaStorage(process.env)` to its plugins; `npm start` reports where
 * uploads go and checks the bucket answers (tooling/mediaDir.ts, `checkMediaBucket`).
 */
import { HeadBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { s3Storage } from '@payloadcms/storage-s3'
import type { CollectionConfig, Config, Plugin } from 'payload'

import { ConfigurationError, isBuildPhase } from '@/lib/runtimeConfig'

import { FILE_STORE_KEY, s3FileStore } from './fileStore'

const MEDIA = 'media'

export interface MediaBucket {
  bucket: string
  /** An S3-compatible server (MinIO, Ceph, R2, …); undefined: AWS S3 itself. */
  endpoint?: string
  region: string
  forcePathStyle: boolean
  accessKeyId: string
  secretAccessKey: string
}

/** The variables besides S3_BUCKET; any of them without S3_BUCKET is a half-made configuration. */
const OTHER_VARIABLES = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
] as const

const LOCAL = 'to keep uploads on the local disk (MEDIA_DIR)'

const valueOf = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined

/** S3 bucket naming rules (which MinIO and the others follow): 3–63 lowercase letters, digits, dots, hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

function endpointOf(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    url = new URL('invalid:')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(
      `S3_ENDPOINT "${raw}" is not an http(s) URL. Set it to the storage server's address, such as ` +
        'http://minio:9000 or https://s3.eu-central-1.amazonaws.com, or unset it to use AWS S3 in S3_REGION.',
    )
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      'S3_ENDPOINT must not carry credentials (they would be logged). Put them in S3_ACCESS_KEY_ID and ' +
        'S3_SECRET_ACCESS_KEY and give S3_ENDPOINT as scheme, host and port only.',
    )
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ConfigurationError(
      `S3_ENDPOINT "${raw}" has a path; give the server's address only (such as http://minio:9000) and the ` +
        'bucket in S3_BUCKET.',
    )
  }
  return url.origin
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = valueOf(env, name)
  if (raw === undefined) return fallback
  if (/^(true|1|yes)$/i.test(raw)) return true
  if (/^(false|0|no)$/i.test(raw)) return false
  throw new ConfigurationError(`${name} is "${raw}"; set it to true or false (or unset it for the default).`)
}

/**
 * The bucket uploads go to, from S3_BUCKET and its companions; null when S3_BUCKET is unset (the
 * local disk). A half-made configuration is refused, naming what is missing: a mistake must not
 * quietly leave uploads on one instance's disk, nor surface at an editor's first upload.
 */
export function mediaBucket(env: NodeJS.ProcessEnv): MediaBucket | null {
  const bucket = valueOf(env, 'S3_BUCKET')
  if (!bucket) {
    const stray = OTHER_VARIABLES.filter((name) => valueOf(env, name))
    if (!stray.length) return null
    throw new ConfigurationError(
      `${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set but S3_BUCKET is not, so uploads would stay ` +
        `on the local disk. Set S3_BUCKET to the bucket uploads go to, or unset ${stray.join(', ')} ${LOCAL}.`,
    )
  }
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new ConfigurationError(
      `S3_BUCKET "${bucket}" is not a valid bucket name: 3 to 63 lowercase letters, digits, dots or hyphens, ` +
        'starting and ending with a letter or digit.',
    )
  }
  const accessKeyId = valueOf(env, 'S3_ACCESS_KEY_ID')
  const secretAccessKey = valueOf(env, 'S3_SECRET_ACCESS_KEY')
  const missing = [!accessKeyId && 'S3_ACCESS_KEY_ID', !secretAccessKey && 'S3_SECRET_ACCESS_KEY'].filter(Boolean)
  if (missing.length) {
    throw new ConfigurationError(
      `S3_BUCKET is set (uploads go to bucket "${bucket}") but ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} not. Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY to a key that ` +
        `may read, write and delete objects in that bucket, or unset S3_BUCKET ${LOCAL}.`,
    )
  }
  const rawEndpoint = valueOf(env, 'S3_ENDPOINT')
  const endpoint = rawEndpoint ? endpointOf(rawEndpoint) : undefined
  return {
    bucket,
    endpoint,
    region: valueOf(env, 'S3_REGION') ?? 'us-east-1',
    // S3-compatible servers are usually addressed by path (http://minio:9000/<bucket>/<key>),
    // AWS S3 by virtual host (https://<bucket>.s3.<region>.amazonaws.com/<key>).
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', Boolean(endpoint)),
    accessKeyId: accessKeyId!,
    secretAccessKey: secretAccessKey!,
  }
}

/** Where uploads go, for logs and messages: never the credentials. */
export const describeBucket = (bucket: MediaBucket) =>
  `bucket "${bucket.bucket}" at ${bucket.endpoint ?? `AWS S3 (${bucket.region})`}`

export function s3ClientConfig(bucket: MediaBucket): S3ClientConfig {
  return {
    region: bucket.region,
    endpoint: bucket.endpoint,
    forcePathStyle: bucket.forcePathStyle,
    credentials: { accessKeyId: bucket.accessKeyId, secretAccessKey: bucket.secretAccessKey },
    // The SDK adds CRC checksums to every request and checks them on responses by default; not
    // every S3-compatible server supports them (older MinIO, Ceph, s3rver in the tests). AWS S3
    // itself keeps the default.
    ...(bucket.endpoint
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  }
}

/** The storage-s3 provider for the admin: it only matters with client uploads, which stay off. */
const CLIENT_UPLOAD_HANDLER = '@payloadcms/storage-s3/client#S3ClientUploadHandler'

/**
 * Makes the S3-backed config look like the local one everywhere but the file handling, so one
 * build, one schema and one admin import map serve either storage:
 *
 * - The cloud-storage plugin adds an `_objectKey` column for client uploads (the browser sending
 *   files straight to the bucket). Those stay off, so nothing ever sets it; the field is dropped so
 *   the `media` table is the one the committed migrations build, whatever the environment.
 * - It also registers its client-upload provider in the admin (disabled, it renders only its
 *   children). Dropped too: the generated import map (`npm run generate`, made without S3) does
 *   not list it.
 * - The media collection gets our store (lib/media/fileStore.ts) for its hooks.
 */
function storageAgnostic(config: Config, store: ReturnType<typeof s3FileStore>): Config {
  const providers = config.admin?.components?.providers?.filter(
    (provider) => !(typeof provider === 'object' && provider?.path === CLIENT_UPLOAD_HANDLER),
  )
  const dependencies = { ...config.admin?.dependencies }
  delete dependencies[CLIENT_UPLOAD_HANDLER]
  return {
    ...config,
    admin: { ...config.admin, dependencies, components: { ...config.admin?.components, providers } },
    collections: (config.collections ?? []).map((collection): CollectionConfig => {
      if (collection.slug !== MEDIA) return collection
      return {
        ...collection,
        fields: collection.fields.filter((field) => !('name' in field && field.name === '_objectKey')),
        custom: { ...collection.custom, [FILE_STORE_KEY]: store },
      }
    }),
  }
}

/**
 * A crop or focal-point change, and duplicating an image, make Payload process the stored
 * original again. From the local disk it reads the file; with the files in a bucket it fetches
 * `<SERVER_URL>/api/media/file/<name>` — from the site itself, through the same access control —
 * and its SSRF guard refuses a private or loopback address, which SERVER_URL often resolves to
 * behind a proxy (or is, in docker-compose). That one path of the site's own origin is allowed.
 */
function allowOwnFileURLs(config: Config): Config {
  if (!config.serverURL) return config
  const origin = new URL(config.serverURL)
  const ownFiles = {
    protocol: origin.protocol === 'https:' ? ('https' as const) : ('http' as const),
    hostname: origin.hostname,
    port: origin.port,
    pathname: `${config.routes?.api ?? '/api'}/${MEDIA}/file/*`,
  }
  return {
    ...config,
    collections: (config.collections ?? []).map((collection): CollectionConfig => {
      if (collection.slug !== MEDIA || typeof collection.upload !== 'object') return collection
      const allowed = Array.isArray(collection.upload.skipSafeFetch) ? collection.upload.skipSafeFetch : []
      return { ...collection, upload: { ...collection.upload, skipSafeFetch: [...allowed, ownFiles] } }
    }),
  }
}

/** The Payload plugin storing the media collection's files in `bucket`. */
export function mediaBucketPlugin(bucket: MediaBucket): Plugin {
  const clientConfig = s3ClientConfig(bucket)
  let client: S3Client | undefined
  const store = s3FileStore(() => (client ??= new S3Client(clientConfig)), bucket.bucket, describeBucket(bucket))
  const storage = s3Storage({
    bucket: bucket.bucket,
    config: clientConfig,
    // storage-s3 keeps one client per key for the process: one per server and bucket, not per bucket name.
    clientCacheKey: `causeway-media:${bucket.endpoint ?? bucket.region}:${bucket.bucket}`,
    collections: { [MEDIA]: true },
  })
  return async (config) => storageAgnostic(await storage(allowOwnFileURLs(config)), store)
}

/**
 * The plugins that put media in object storage: none when S3_BUCKET is unset (the local disk),
 * and none while `next build` evaluates the config (a build needs no storage or credentials, so
 * one build serves either). Throws a ConfigurationError for a half-made configuration.
 */
export function mediaStorage(env: NodeJS.ProcessEnv): Plugin[] {
  if (isBuildPhase(env)) return []
  const bucket = mediaBucket(env)
  return bucket ? [mediaBucketPlugin(bucket)] : []
}

/** Network failures worth naming as "cannot reach", by Node's and the SDK's error codes and names. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'TimeoutError',
  'AbortError',
])

/**
 * Checks, before the server starts, that the bucket exists and the key may use it (HeadBucket),
 * so a wrong endpoint, bucket or key stops `npm start` with one line instead of failing an
 * editor's first upload. Throws a ConfigurationError saying what to do.
 */
export async function checkMediaBucket(bucket: MediaBucket, { timeoutMs = 10_000 } = {}): Promise<void> {
  const client = new S3Client({ ...s3ClientConfig(bucket), maxAttempts: 2 })
  const where = describeBucket(bucket)
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket.bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const { name, code, message, $metadata } = error as Error & {
      code?: string
      $metadata?: { httpStatusCode?: number }
    }
    const status = $metadata?.httpStatusCode
    if (status === 404 || name === 'NotFound' || name === 'NoSuchBucket') {
      throw new ConfigurationError(
        `Uploads cannot be stored: ${where} does not exist. Create it (MinIO: \`mc mb <alias>/${bucket.bucket}\`), ` +
          'or set S3_BUCKET to an existing bucket, and start again.',
      )
    }
    if (status === 401 || status === 403) {
      throw new ConfigurationError(
        `Uploads cannot be stored: ${where} refused the key in S3_ACCESS_KEY_ID (HTTP ${status}). Check ` +
          'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, and that the key may read, write and delete objects in the bucket.',
      )
    }
    if (status === 301 || status === 400) {
      throw new ConfigurationError(
        `Uploads cannot be stored: ${where} answered HTTP ${status}, which usually means the bucket is in another ` +
          'region than S3_REGION or the address style is wrong. Check S3_REGION, S3_ENDPOINT and S3_FORCE_PATH_STYLE.',
      )
    }
    const kind = [code, name].find((value) => value && UNREACHABLE.has(value))
    if (kind) {
      throw new ConfigurationError(
        `Uploads cannot be stored: ${bucket.endpoint ?? 'AWS S3'} cannot be reached (${kind}). Check S3_ENDPOINT ` +
          'and that the storage server is running and reachable from here, and start again.',
      )
    }
    throw new ConfigurationError(
      `Uploads cannot be stored: checking ${where} failed (${status ? `HTTP ${status}, ` : ''}${name}: ${message}). ` +
        'Check S3_ENDPOINT, S3_REGION, S3_BUCKET and the key, and start again.',
    )
  } finally {
    client.destroy()
  }
}
