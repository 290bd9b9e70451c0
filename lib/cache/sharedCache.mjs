/**
 * Next.js's cache handler (`cacheHandler` in next.config.mjs): where rendered reader pages and
 * their `unstable_cache` data are kept, and when they may be served.
 *
 * Where. With REDIS_URL set, in Redis, shared by every server, through the maintained
 * `@fortedigital/nextjs-cache-handler` (its `redis-strings` handler; keys prefixed with the build
 * id, so two builds never serve each other's pages during a rolling deploy). Without it, on this
 * server's disk under `.next/`, through Next's own file-system cache — the single-instance default.
 *
 * When. Tag expiry comes from PostgreSQL, not from the store: every change writes the tags it
 * expires to the `cache_invalidations` outbox in its own transaction, and this process applies them
 * to Next's tag manifest when PostgreSQL delivers the commit's notification, and replays the last
 * day of them whenever it (re)connects (lib/cache/invalidations.mjs). So every server expires the
 * same tags after the same commits, a restart forgets nothing, and Redis holds only data that may
 * be thrown away. On top of what Next checks, this handler:
 * - serves nothing and stores nothing while the feed is not live (starting, or PostgreSQL
 *   unreachable): readers get pages rendered from the database, never one this server could not
 *   check;
 * - serves no entry older than the outbox's retention (an expiry it could no longer see);
 * - neither stores nor serves an entry stamped within SETTLE_MS after an expiry of one of its
 *   tags (it may have been rendered from data read before the change committed, and stamped by a
 *   server whose clock runs ahead of this one's).
 * If Redis goes away, reads and writes fail fast and pages are rendered from PostgreSQL; the log
 * says so once, and once more when Redis is back.
 *
 * tests/unit/sharedCache.test.ts fails if a Next upgrade moves the internals used here.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { CacheHandler as RedisCacheHandler } from '@fortedigital/nextjs-cache-handler'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import { createClient } from '@redis/client'

import { EdgePurger, edgeConfig, edgeHeaders } from './edge.mjs'
import { expireInManifest, InvalidationFeed, log, RETENTION_MS } from './invalidations.mjs'

const require = createRequire(import.meta.url)
export const NEXT_FILE_SYSTEM_CACHE = 'next/dist/server/lib/incremental-cache/file-system-cache.js'
/** @type {new (ctx: any) => any} */
const FileSystemCache = require(NEXT_FILE_SYSTEM_CACHE).default
/** @type {string} */
const NEXT_CACHE_TAGS_HEADER = require('next/dist/lib/constants.js').NEXT_CACHE_TAGS_HEADER
if (typeof FileSystemCache !== 'function' || typeof NEXT_CACHE_TAGS_HEADER !== 'string') {
  throw new Error(`lib/cache/sharedCache.mjs: Next.js no longer has ${NEXT_FILE_SYSTEM_CACHE} as expected.`)
}

/** Where this process's feed is kept, for the readiness endpoint and tests (bundled code imports another copy of this module). */
export const FEED_KEY = Symbol.for('causeway.cacheInvalidationFeed')

const building = process.env.NEXT_PHASE === 'phase-production-build'
const redisUrl = building ? undefined : process.env.REDIS_URL?.trim() || undefined

/** A Redis URL without its password, for the log. */
export function redactUrl(url) {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'REDIS_URL (not a valid URL)'
  }
}

/** Where this process's Redis client is kept: Next may evaluate this module more than once. */
const REDIS_KEY = Symbol.for('causeway.cacheRedisClient')
/** How long the first reads and writes of a process wait for Redis to connect before going without. */
const FIRST_CONNECT_WAIT_MS = 1000

/**
 * This process's Redis client: `{ client, connected }`, made when the first handler is
 * constructed (a process that loads this module and serves no page never connects).
 * `connected` resolves once the client is ready, or after FIRST_CONNECT_WAIT_MS.
 */
function redis(url) {
  return (globalThis[REDIS_KEY] ??= connectRedis(url))
}

/** The Redis-backed base class. */
function redisBacked(url) {
  const ttl = Math.floor(RETENTION_MS / 1000)
  RedisCacheHandler.onCreation(({ buildId }) => ({
    handlers: [
      createRedisHandler({
        client: redis(url).client,
        keyPrefix: `causeway:${buildId?.trim() || 'dev'}:`,
        timeoutMs: 1000,
      }),
    ],
    // No entry outlives the outbox's retention (see mayServe).
    ttl: { defaultStaleAge: ttl, estimateExpireAge: (staleAge) => Math.min(staleAge, ttl) },
  }))
  return RedisCacheHandler
}

function connectRedis(url) {
  const client = createClient({
    url,
    // Commands fail at once while disconnected instead of queueing: a reader waits for PostgreSQL, not for Redis.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  })
  let down = false
  client.on('error', (error) => {
    if (down) return
    down = true
    log(
      'warn',
      `Redis at ${redactUrl(url)} is unreachable (${error?.message || error}): pages are rendered from PostgreSQL and not cached until it is back.`,
    )
  })
  client.on('ready', () => {
    if (!down) return
    down = false
    log('info', `Redis at ${redactUrl(url)} is reachable again: pages are cached again.`)
  })
  const connected = new Promise((resolve) => {
    const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS)
    timer.unref?.()
    client.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  // Failures are reported by the 'error' listener; the client keeps reconnecting on its own.
  client.connect().catch(() => {})
  return { client, connected }
}

const Base = redisUrl ? redisBacked(redisUrl) : FileSystemCache

/** The build this process serves (`.next/BUILD_ID`, next to the server directory Next gives the handler). */
function buildIdOf(ctx) {
  try {
    return readFileSync(path.join(ctx?.serverDistDir ?? '', '..', 'BUILD_ID'), 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}

/**
 * The edges this process purges (EDGE_PURGE_URLS), or null. A configuration `npm start` would have
 * refused is logged here and leaves the edge unused: pages then carry no Surrogate-Key, so no edge
 * stores them.
 */
function edgePurger(buildId) {
  try {
    const config = edgeConfig(process.env)
    return config && new EdgePurger({ ...config, log, buildId })
  } catch (error) {
    log('error', `${error.message} Until then no page is marked for the edge cache.`)
    return null
  }
}

/** This process's feed; none while `next build` runs (it serves nobody). */
function feed(ctx) {
  if (building) return null
  let current = globalThis[FEED_KEY]
  if (!current) {
    const connectionString = process.env.DATABASE_URL?.trim()
    if (!connectionString) log('error', 'DATABASE_URL is not set: the page cache stays off.')
    current = new InvalidationFeed({
      connectionString: connectionString ?? '',
      log,
      purger: edgePurger(buildIdOf(ctx)),
    })
    globalThis[FEED_KEY] = current
    if (connectionString) current.start()
  }
  return current
}

/** The cache tags an entry carries: its `unstable_cache` tags, or a page's tags header. */
export function tagsOf(value, ctx) {
  const header = value?.headers?.[NEXT_CACHE_TAGS_HEADER]
  return [
    ...(Array.isArray(ctx?.tags) ? ctx.tags : []),
    ...(Array.isArray(value?.tags) ? value.tags : []),
    ...(typeof header === 'string' ? header.split(',') : []),
  ]
}

/**
 * Where a page's cache control (`{ revalidate, expire }`) travels with it in Redis. Next reads it
 * from the entry (`cacheData.cacheControl`, as its file-system cache returns it) when the process
 * has not rendered that route itself; the Redis handler does not keep it, and without it Next
 * assumes `revalidate: 1` — a page older than a second then counts as stale, is served while it
 * re-renders, and its tags are never checked: a withdrawn page served once more by every server
 * that did not render it.
 */
const CACHE_CONTROL = 'causewayCacheControl'

export default class SharedCache extends Base {
  constructor(ctx) {
    super(ctx)
    this.feed = feed(ctx)
    this.redis = redisUrl ? redis(redisUrl) : null
  }

  async get(key, ctx) {
    const feed = this.feed
    if (feed && !(await feed.ready())) return null
    await this.redis?.connected
    const entry = await super.get(key, ctx)
    if (entry?.value?.[CACHE_CONTROL]) {
      const { [CACHE_CONTROL]: cacheControl, ...value } = entry.value
      entry.value = value
      entry.cacheControl ??= cacheControl
    }
    if (!entry || !feed) return entry ?? null
    const tags = [...tagsOf(entry.value, ctx), ...(Array.isArray(entry.tags) ? entry.tags : [])]
    if (!feed.mayServe(entry.lastModified, tags)) return null
    // A page or route response that passed every check may be kept by the edge, under its tags,
    // until they are purged (lib/cache/edge.mjs). Next sends an entry's headers with it.
    const { purger } = feed
    const edge =
      purger && entry.value?.headers && typeof entry.value.headers === 'object' && edgeHeaders(tags, purger.buildId)
    if (edge) entry.value = { ...entry.value, headers: { ...entry.value.headers, ...edge } }
    return entry
  }

  async set(key, value, ctx) {
    if (this.feed && !this.feed.mayStore(tagsOf(value, ctx))) return
    await this.redis?.connected
    const keepsCacheControl = Base !== RedisCacheHandler || !ctx?.cacheControl || !value || value.kind === 'FETCH'
    // A copy: the Redis handler rewrites buffers in the object it is given.
    return super.set(key, keepsCacheControl ? value : { ...value, [CACHE_CONTROL]: ctx.cacheControl }, ctx)
  }

  /**
   * Only Next itself calls this (the site expires tags through the outbox, lib/cache/revalidate.ts):
   * this process's manifest, as Next's own handler does.
   */
  async revalidateTag(tags) {
    expireInManifest(typeof tags === 'string' ? [tags] : tags, Date.now())
  }
}
