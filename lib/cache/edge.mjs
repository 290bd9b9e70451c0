/**
 * The edge cache in front of the origin (Varnish with xkey, edge/causeway.vcl, or any CDN that
 * purges by tag): what the origin tells it, and how the origin purges it.
 *
 * Telling. With an edge configured (EDGE_PURGE_URLS), a reader page the origin serves from its own
 * cache — after the checks in lib/cache/sharedCache.mjs — carries its cache tags (the same `TAGS`
 * the data module reads under, lib/cache/tags.ts) in `Surrogate-Key`, space-separated (Varnish
 * xkey, Fastly), and in `Cache-Tag`, comma-separated (Cloudflare), and how long the edge may keep
 * it in `Surrogate-Control`. Nothing else carries them: a first render, a draft,
 * a preview, the admin or the API is never stored at the edge. Readers never see these headers
 * (the edge strips them); `Cache-Control` stays `max-age=0, must-revalidate` for every cache that
 * cannot be purged.
 *
 * Purging. Each server purges the tags of every change once it has applied it itself (the
 * invalidation feed, lib/cache/invalidations.mjs), so no edge refetches a page from a server that
 * could still serve the old one; again REPURGE_MS later; and, whenever its feed (re)connects, the
 * tags of the whole replay, which covers a change committed while no server was listening. A
 * failed purge is retried with back-off until it succeeds or the edge's copies have expired anyway.
 *
 * Plain JavaScript: loaded by the cache handler at run time, outside any build step.
 */

import { CACHE_TAG } from './outbox.mjs'

/** The response header carrying a page's tags (Fastly's name; Varnish's xkey reads it via the VCL). */
export const EDGE_KEYS_HEADER = 'surrogate-key'
/** The same tags, comma-separated, under the name Cloudflare reads them from (it strips it, as the VCL does). */
export const EDGE_TAGS_HEADER = 'cache-tag'
/** The response header telling the edge how long to keep a page (Fastly's name; the VCL reads it). */
export const EDGE_CONTROL_HEADER = 'surrogate-control'
/**
 * How long the edge keeps a page without a purge. Purges remove pages at once; this bounds what a
 * purge that never arrived (an edge unreachable for its whole retry window) could leave behind.
 */
export const EDGE_TTL_SECONDS = 600
/** How long the edge may still serve a page while no origin is healthy (stale-if-error). */
export const EDGE_STALE_IF_ERROR_SECONDS = 24 * 60 * 60
/**
 * The build a page was rendered by (response), or an origin serves (purge request: the edge then
 * drops pages of every other build). Pages name the assets and markup of their deploy.
 */
export const EDGE_BUILD_HEADER = 'x-causeway-build'
/** The request header naming the tags to purge (`*`: everything). */
export const PURGE_KEYS_HEADER = 'xkey-purge'
/** The request header carrying the shared purge secret. */
export const PURGE_SECRET_HEADER = 'x-purge-secret'
/** Every purge is sent again this much later (a fetch that slipped between check and store). */
export const REPURGE_MS = 1000
/** Purge headers are kept under this many bytes (Varnish accepts 8 kB per header line). */
const MAX_KEYS_BYTES = 6000
const RETRY_MIN_MS = 250
const RETRY_MAX_MS = 5000
const PURGE_TIMEOUT_MS = 2000

/** The edge secret's shape: long, and safe inside a VCL string and an HTTP header. */
const SECRET = /^[A-Za-z0-9_-]{32,}$/

export class EdgeConfigurationError extends Error {
  name = 'EdgeConfigurationError'
}

/**
 * The edges to purge, from EDGE_PURGE_URLS (comma-separated base URLs) and EDGE_PURGE_SECRET;
 * null when none is configured. Half a configuration, or a malformed one, is refused with what to
 * set.
 * @param {Record<string, string | undefined>} [env]
 */
export function edgeConfig(env = process.env) {
  const list = env.EDGE_PURGE_URLS?.trim()
  if (!list) return null
  const urls = list.split(',').map((raw) => {
    const value = raw.trim()
    let url
    try {
      url = new URL(value)
    } catch {
      throw new EdgeConfigurationError(
        `EDGE_PURGE_URLS has "${value}", which is not a URL: list the edges' base URLs, e.g. http://varnish:80.`,
      )
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new EdgeConfigurationError(`EDGE_PURGE_URLS has "${value}": only http and https edges can be purged.`)
    return url
  })
  return { urls, secret: edgeSecret(env) }
}

/**
 * EDGE_PURGE_SECRET, checked: the edge refuses purges without it.
 * @param {Record<string, string | undefined>} [env]
 */
export function edgeSecret(env = process.env) {
  const secret = env.EDGE_PURGE_SECRET?.trim() ?? ''
  if (!SECRET.test(secret))
    throw new EdgeConfigurationError(
      `EDGE_PURGE_SECRET ${secret ? 'must be at least 32 letters, digits, "-" or "_"' : 'is not set'}: the edge ` +
        "accepts purges only with it. Generate one with `node -e \"console.log(require('crypto').randomBytes(24).toString('base64url'))\"` " +
        'and give the same value to the origin servers and the edge.',
    )
  return secret
}

/** The tags of ours among `tags` (Next's implicit `_N_T_` path tags are not), once each. */
export function edgeKeys(tags) {
  return [...new Set(tags.filter((tag) => typeof tag === 'string' && CACHE_TAG.test(tag)))]
}

/**
 * The headers a page served from the origin's cache carries to the edge, rendered by `buildId`;
 * null when it has no tags of ours.
 * @param {string[]} tags
 * @param {string} [buildId]
 */
export function edgeHeaders(tags, buildId) {
  const keys = edgeKeys(tags)
  if (!keys.length) return null
  return {
    ...(buildId ? { [EDGE_BUILD_HEADER]: buildId } : {}),
    [EDGE_KEYS_HEADER]: keys.join(' '),
    [EDGE_TAGS_HEADER]: keys.join(','),
    [EDGE_CONTROL_HEADER]: `max-age=${EDGE_TTL_SECONDS}, stale-if-error=${EDGE_STALE_IF_ERROR_SECONDS}`,
  }
}

/** `keys` in groups whose space-joined length stays under MAX_KEYS_BYTES. */
export function batches(keys) {
  const groups = []
  let current = []
  let length = 0
  for (const key of keys) {
    if (current.length && length + key.length + 1 > MAX_KEYS_BYTES) {
      groups.push(current)
      current = []
      length = 0
    }
    current.push(key)
    length += key.length + 1
  }
  if (current.length) groups.push(current)
  return groups
}

/**
 * Purges tags at every configured edge. `purge(tags)` returns at once; each edge gets the tags
 * now and again REPURGE_MS later. Tags an edge could not take are kept (merged, so a long outage
 * costs one set, not a queue) and retried with back-off until they go through or
 * EDGE_TTL_SECONDS have passed, after which that edge no longer holds what they would remove.
 */
export class EdgePurger {
  /**
   * @param {{ urls: URL[], secret: string, log: (level: 'info' | 'warn' | 'error', message: string) => void,
   *   now?: () => number, buildId?: string }} options
   */
  constructor({ urls, secret, log, now = Date.now, buildId }) {
    this.secret = secret
    this.buildId = buildId && /^[A-Za-z0-9_-]{1,64}$/.test(buildId) ? buildId : undefined
    this.log = log
    this.now = now
    this.stopped = false
    /** Purge requests answered 2xx (tests and /api/ready read this). */
    this.sent = 0
    this.edges = urls.map((url) => ({
      url,
      /** @type {Map<string, number>} tag → when it was first left pending */
      pending: new Map(),
      failures: 0,
      /** Whether this server's build is still to be announced to this edge. */
      announce: false,
      timer: undefined,
      inFlight: Promise.resolve(),
    }))
    this.timers = new Set()
  }

  /** Purges `tags` (ours only; FLUSH_ALL `*` purges everything) at every edge, now and REPURGE_MS later. */
  purge(tags) {
    const keys = tags.includes('*') ? ['*'] : edgeKeys(tags)
    if (!keys.length || this.stopped) return
    this.enqueue(keys)
    const again = setTimeout(() => {
      this.timers.delete(again)
      this.enqueue(keys)
    }, REPURGE_MS)
    again.unref?.()
    this.timers.add(again)
  }

  /**
   * Tells every edge which build this server serves (on each start and reconnect of the feed): the
   * edge drops pages of any other build, so a deploy's pages never sit beside another's.
   */
  announceBuild() {
    if (!this.buildId || this.stopped) return
    for (const edge of this.edges) {
      edge.announce = true
      if (edge.timer === undefined) this.flush(edge)
    }
  }

  enqueue(keys) {
    const at = this.now()
    for (const edge of this.edges) {
      for (const key of keys) if (!edge.pending.has(key)) edge.pending.set(key, at)
      if (edge.timer === undefined) this.flush(edge)
    }
  }

  /** Sends what `edge` has pending, one request at a time per edge. */
  flush(edge) {
    edge.inFlight = edge.inFlight.then(() => this.send(edge))
  }

  async send(edge) {
    edge.timer = undefined
    if (this.stopped || (!edge.pending.size && !edge.announce)) return
    // Tags that waited longer than the edge keeps anything no longer need purging there.
    const oldest = this.now() - EDGE_TTL_SECONDS * 1000
    for (const [key, since] of edge.pending) if (since < oldest) edge.pending.delete(key)
    const keys = edge.pending.has('*') ? ['*'] : [...edge.pending.keys()]
    for (const key of keys) edge.pending.delete(key)
    const announce = edge.announce
    edge.announce = false
    const failed = []
    let announced = !announce
    let error
    // The announcement goes with the first request (alone when nothing is to be purged).
    const groups = batches(keys)
    if (!groups.length) groups.push([])
    for (const group of groups) {
      try {
        const headers = { [PURGE_SECRET_HEADER]: this.secret }
        if (group.length) headers[PURGE_KEYS_HEADER] = group.join(' ')
        if (!announced) headers[EDGE_BUILD_HEADER] = this.buildId
        const response = await fetch(edge.url, {
          method: 'PURGE',
          headers,
          signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
        })
        await response.arrayBuffer().catch(() => {})
        if (!response.ok) throw new Error(`it answered ${response.status} ${response.statusText}`.trim())
        this.sent += 1
        announced = true
      } catch (caught) {
        error = caught
        failed.push(...group)
      }
    }
    if (!announced) edge.announce = true
    if (!failed.length && announced) {
      if (edge.failures > 0) this.log('info', `The edge at ${edge.url.origin} takes purges again.`)
      edge.failures = 0
      if (edge.pending.size || edge.announce) this.flush(edge)
      return
    }
    const at = this.now()
    for (const key of failed) if (!edge.pending.has(key)) edge.pending.set(key, at)
    if (edge.failures === 0)
      this.log(
        'warn',
        `Could not purge the edge at ${edge.url.origin} (${error?.cause?.message ?? error?.message ?? error}): ` +
          `retrying; until it succeeds, that edge may serve changed pages for up to ${EDGE_TTL_SECONDS} s.`,
      )
    edge.failures += 1
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(edge.failures - 1, 5))
    edge.timer = setTimeout(() => this.flush(edge), delay)
    edge.timer.unref?.()
  }

  /** Whether every edge has taken every purge so far. */
  get caughtUp() {
    return this.edges.every((edge) => edge.pending.size === 0 && !edge.announce && edge.failures === 0)
  }

  /** Resolves once every purge in flight has been answered (tests). */
  async settled() {
    await Promise.all(this.edges.map((edge) => edge.inFlight))
  }

  stop() {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    for (const edge of this.edges) clearTimeout(edge.timer)
  }
}
