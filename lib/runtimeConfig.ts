/**
 * Values payload.config.ts needs from the environment, checked so that a person who got one
 * wrong is told what to do instead of meeting a stack trace later.
 */
import { DatabaseSetupError, parseDatabaseUrl } from './db/url'

export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
}

/**
 * A whole-number setting from the environment: `fallback` when unset or blank, otherwise a whole
 * number from `min` to `max` (digits only: "1e3", "08.0" or " 5 kB" are refused), or a
 * ConfigurationError that names the variable, the range, what it means (`unit`) and what was given.
 */
export function wholeNumberSetting(
  env: Record<string, string | undefined>,
  name: string,
  { fallback, min, max, unit }: { fallback: number; min: number; max: number; unit?: string },
): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`
    throw new ConfigurationError(
      `${name} must be a whole number${unit ? ` of ${unit}` : ''}, ${range} (got "${raw}"). Leave it unset for ${fallback}.`,
    )
  }
  return value
}

/** The secret `.env.example` ships with; never acceptable in production. */
export const EXAMPLE_SECRET = 'replace-me-with-a-long-random-string'
const MIN_PRODUCTION_SECRET_LENGTH = 32

const GENERATE_HINT =
  "Generate one with `node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"` " +
  'and set it as PAYLOAD_SECRET in the environment (or in .env).'

/** `next build` evaluates the config to collect routes but never serves or connects. */
export function isBuildPhase(env: NodeJS.ProcessEnv): boolean {
  return env.NEXT_PHASE === 'phase-production-build'
}

export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' && !isBuildPhase(env)
}

/** PAYLOAD_SECRET, refusing a missing, example or short secret in production. */
export function payloadSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.PAYLOAD_SECRET?.trim() ?? ''
  if (isBuildPhase(env)) return secret || 'build-phase-placeholder-never-used-to-sign'
  if (!secret) {
    throw new ConfigurationError(
      'PAYLOAD_SECRET is not set. It signs login sessions. ' +
        (isProduction(env) ? GENERATE_HINT : '`npm run dev` sets one for you; otherwise ' + GENERATE_HINT),
    )
  }
  if (isProduction(env)) {
    if (secret === EXAMPLE_SECRET) {
      throw new ConfigurationError(
        'PAYLOAD_SECRET is still the example value from .env.example; production refuses to start with it. ' +
          GENERATE_HINT,
      )
    }
    if (secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new ConfigurationError(
        `PAYLOAD_SECRET is ${secret.length} characters; production needs at least ${MIN_PRODUCTION_SECRET_LENGTH}. ` +
          GENERATE_HINT,
      )
    }
  }
  return secret
}

/** DATABASE_URL, validated; undefined only while `next build` runs (it never connects). */
export function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_URL?.trim()
  if (!url) {
    if (isBuildPhase(env)) return undefined
    throw new ConfigurationError(
      isProduction(env)
        ? 'DATABASE_URL is not set. Production needs a PostgreSQL server: set DATABASE_URL to ' +
            'postgres://USER:PASSWORD@HOST:5432/DATABASE (the embedded PostgreSQL is for `npm run dev` and `npm test` only).'
        : 'DATABASE_URL is not set. `npm run dev` and `npm test` start an embedded PostgreSQL and set it for you; ' +
            'to run Next.js or the Payload CLI directly, set DATABASE_URL (see .env.example).',
    )
  }
  try {
    parseDatabaseUrl(url)
  } catch (error) {
    if (error instanceof DatabaseSetupError) throw new ConfigurationError(error.message)
    throw error
  }
  return url
}

/**
 * DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs of streaming read replicas (standbys) of
 * DATABASE_URL's database, validated; undefined when unset. Only reader pages read from them, and
 * only from one that has replayed every commit (lib/db/readReplicas.ts).
 */
export function databaseReplicaUrls(env: NodeJS.ProcessEnv): string[] | undefined {
  const raw = env.DATABASE_REPLICA_URLS?.trim()
  if (!raw) return undefined
  const entries = raw.split(',').map((entry) => entry.trim())
  return entries.map((entry, index) => {
    const name =
      entries.length > 1 ? `DATABASE_REPLICA_URLS (entry ${index + 1} of ${entries.length})` : 'DATABASE_REPLICA_URLS'
    if (!entry) {
      throw new ConfigurationError(
        `${name} is empty. Separate the replicas' URLs with single commas (a comma inside a password is written %2C), ` +
          'e.g. postgres://USER:PASSWORD@replica-1:5432/causeway,postgres://USER:PASSWORD@replica-2:5432/causeway.',
      )
    }
    try {
      parseDatabaseUrl(entry, name)
    } catch (error) {
      if (error instanceof DatabaseSetupError) throw new ConfigurationError(error.message)
      throw error
    }
    return entry
  })
}

/**
 * Public origin of the site and admin: canonical URLs, sitemap, structured data, preview links,
 * Payload's CSRF list. Production must say what it is; development defaults to localhost.
 */
export function serverUrl(env: NodeJS.ProcessEnv): string {
  const configured = env.SERVER_URL?.trim()
  if (!configured && isProduction(env)) {
    throw new ConfigurationError(
      'SERVER_URL is not set. Production needs the public address readers use, e.g. SERVER_URL=https://causeway.example ' +
        '(it goes into canonical links, the sitemap and login cookies).',
    )
  }
  return (configured || 'http://localhost:3000').replace(/\/+$/, '')
}

/**
 * The knee of `npm run bench -- --heap-sweep` on the 10 000-article set (2026-12-02): 256 MB served
 * the most of 256–4096 MB in two runs; larger heaps only cost memory (docs/benchmark.md#heap-budget).
 */
export const DEFAULT_SERVER_HEAP_MB = 256

/**
 * NODE_OPTIONS for the production server: a V8 heap budget of SERVER_HEAP_MB (default 256 MB)
 * unless NODE_OPTIONS already sets one. Without a budget V8 sizes the heap from the machine's
 * memory and collects lazily: on a 24 GB machine the server peaked at 540–690 MB under load;
 * with 192 MB of heap the same load peaked at 289 MB at the same latencies (npm run bench).
 */
export function serverNodeOptions(env: NodeJS.ProcessEnv): string {
  const current = env.NODE_OPTIONS?.trim() ?? ''
  if (/--max-old-space-size/.test(current)) return current
  const heap = wholeNumberSetting(env, 'SERVER_HEAP_MB', {
    fallback: DEFAULT_SERVER_HEAP_MB,
    min: 128,
    max: Number.MAX_SAFE_INTEGER,
    unit: 'megabytes',
  })
  return `${current} --max-old-space-size=${heap}`.trim()
}
