/**
 * Cache invalidation after commit, delivered to every server: the outbox and its feed.
 *
 * Writing (lib/cache/revalidate.ts). A change that alters what readers see writes the cache tags
 * it expires as a row of `cache_invalidations`, and `pg_notify`s the channel below, both in the
 * change's own transaction. PostgreSQL delivers a notification only when its transaction commits,
 * so a rolled-back change expires nothing, and a change committed by any process — a server, a
 * separate `jobs:run` worker, a script — reaches every listening server. No timers, no posting to
 * one's own port.
 *
 * Reading (this module, loaded by the cache handler in every Next.js server process). One
 * dedicated PostgreSQL connection LISTENs on the channel. A notification expires its tags in
 * Next's own tag manifest — the Map Next checks every cached page and data entry against,
 * whatever store holds them (disk, Redis) — at the moment it arrives, that is, after the commit.
 * When the connection is (re)established, after LISTEN, every row of the last RETENTION_MS is
 * applied again: what happened while this server was starting, or disconnected, is never missed,
 * at the cost of re-rendering recently changed pages once.
 *
 * Until the feed is first live this server cannot know what was withdrawn, so the cache handler
 * neither serves nor stores cached entries: pages are rendered from PostgreSQL
 * (lib/cache/sharedCache.mjs). Once live, losing the connection keeps what was cached readable
 * (see `readable`) and stores nothing new until the replay after reconnecting.
 *
 * Plain JavaScript because Next imports the cache handler at run time, outside any build step.
 */
import { createRequire } from 'node:module'

import pg from 'pg'

import { FLUSH_ALL, INVALIDATION_CHANNEL, INVALIDATION_TABLE, RETENTION_MS } from './outbox.mjs'

export { FLUSH_ALL, INVALIDATION_CHANNEL, INVALIDATION_TABLE, RETENTION_MS }

/**
 * An entry stamped less than this after one of its tags expired here is neither stored nor
 * served: its render may have read the database before the change committed, and another
 * server's clock, which stamped it, may run ahead of this one's. The next request renders it
 * again; a second later, entries are stored and served as usual.
 */
export const SETTLE_MS = 1000

const RECONNECT_MIN_MS = 250
const RECONNECT_MAX_MS = 5000
const HEALTH_CHECK_MS = 15_000
const PRUNE_EVERY_MS = 60 * 60 * 1000
/** How long the first cached read after a start waits for the feed before rendering from the database. */
const FIRST_READ_WAIT_MS = 5000

const require = createRequire(import.meta.url)
/** Next's tag manifest, `require`d so it is the very CommonJS instance next-server checks. */
export const NEXT_TAGS_MANIFEST = 'next/dist/server/lib/incremental-cache/tags-manifest.external.js'
/** @type {Map<string, { stale?: number, expired?: number }>} */
const tagsManifest = require(NEXT_TAGS_MANIFEST).tagsManifest
if (!(tagsManifest instanceof Map)) {
  throw new Error(`lib/cache/invalidations.mjs: Next.js no longer has ${NEXT_TAGS_MANIFEST} as expected.`)
}

/**
 * Expires `tags` in this process's tag manifest at `at` (ms), as Next's own
 * `revalidateTag(tag, { expire: 0 })` does: every entry written before `at` is a miss.
 */
export function expireInManifest(tags, at) {
  for (const tag of tags) tagsManifest.set(tag, { ...tagsManifest.get(tag), stale: at, expired: at })
}

/**
 * The feed of one process. `state`: 'idle' (not started), 'connecting', 'live', 'down'.
 */
export class InvalidationFeed {
  /**
   * @param {{ connectionString: string, log?: (level: 'info' | 'warn' | 'error', message: string) => void,
   *   now?: () => number, purger?: { purge: (tags: string[]) => void, announceBuild?: () => void } | null }} options
   *   `purger`: the edge caches to purge once this server has applied a change (lib/cache/edge.mjs).
   */
  constructor({ connectionString, log: logLine = log, now = Date.now, purger = null }) {
    this.connectionString = connectionString
    this.purger = purger
    this.log = logLine
    this.now = now
    this.state = 'idle'
    /** @type {Map<string, number>} when each tag was last expired here (for SETTLE_MS) */
    this.lastExpiry = new Map()
    /** Entries written before this are not served: the last flush (a restore). */
    this.flushedAt = 0
    /** When the live connection was lost (undefined while live, or before it ever was). */
    this.lostAt = undefined
    /** Rows applied (tests and the log read this). */
    this.applied = 0
    this.client = null
    this.stopped = false
    this.failures = 0
    this.lastPrune = 0
    /** @type {Array<(live: boolean) => void>} */
    this.waiters = []
  }

  start() {
    if (this.state !== 'idle') return this
    this.state = 'connecting'
    void this.connect()
    return this
  }

  get live() {
    return this.state === 'live'
  }

  /**
   * Whether cached entries may be read at all: while live, and — once it has been live — while
   * PostgreSQL is unreachable. Nothing can be published or withdrawn without PostgreSQL, so what
   * this server had cached when the connection went is as right as it was then: readers keep
   * getting those pages through an outage (nothing new is stored meanwhile). Whatever committed
   * in between is replayed when the connection comes back, before anything else is served. Not
   * while starting: until the first replay, this server cannot know what was withdrawn.
   */
  get readable() {
    return this.live || (this.state === 'down' && this.lostAt !== undefined)
  }

  /** Resolves true once live, or false after `timeoutMs` (the caller then renders from the database). */
  ready(timeoutMs = FIRST_READ_WAIT_MS) {
    if (this.readable) return Promise.resolve(true)
    if (this.state === 'down' || this.stopped) return Promise.resolve(false)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs)
      timer.unref?.()
      this.waiters.push((live) => {
        clearTimeout(timer)
        resolve(live)
      })
    })
  }

  /**
   * Whether an entry carrying `tags`, stamped `lastModified` (by whichever server wrote it), may
   * be served: not when older than what the feed can vouch for (the retention, the last flush),
   * nor when stamped before, or within SETTLE_MS after, the last expiry of one of its tags here.
   */
  mayServe(lastModified, tags) {
    if (!this.readable || typeof lastModified !== 'number') return false
    if (lastModified < this.now() - RETENTION_MS) return false
    // Down: only what was stored while the feed could vouch for it.
    if (!this.live && lastModified >= this.lostAt) return false
    return this.settled(lastModified, tags)
  }

  /** Whether an entry carrying `tags`, finished now, may be stored. */
  mayStore(tags) {
    return this.live && this.settled(this.now(), tags)
  }

  /** Whether `at` is SETTLE_MS or more after the last flush and the last expiry of each of `tags`. */
  settled(at, tags) {
    if (at - this.flushedAt < SETTLE_MS) return false
    for (const tag of tags) {
      const expired = this.lastExpiry.get(tag)
      if (expired !== undefined && at - expired < SETTLE_MS) return false
    }
    return true
  }

  /**
   * Applies one row's tags now, then purges them at the edge: only now can no edge refetch the old
   * page from this server. `purge: false` while replaying (the replay purges its tags at once).
   */
  apply(tags, { purge = true } = {}) {
    const at = this.now()
    const own = tags.filter((tag) => tag !== FLUSH_ALL)
    if (own.length !== tags.length) this.flushedAt = at
    expireInManifest(own, at)
    for (const tag of own) this.lastExpiry.set(tag, at)
    this.applied += 1
    if (purge) this.purger?.purge(tags)
  }

  async stop() {
    this.stopped = true
    this.state = 'down'
    clearInterval(this.healthTimer)
    clearTimeout(this.retryTimer)
    this.settleWaiters(false)
    const client = this.client
    this.client = null
    await client?.end().catch(() => {})
  }

  settleWaiters(live) {
    const waiters = this.waiters
    this.waiters = []
    for (const waiter of waiters) waiter(live)
  }

  async connect() {
    if (this.stopped) return
    const client = new pg.Client({
      connectionString: this.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      application_name: 'causeway-cache-feed',
    })
    // A lost connection: an 'error' (reset, terminated) and/or an 'end'.
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, new Error('connection closed')))
    client.on('notification', (message) => {
      if (message.channel === INVALIDATION_CHANNEL) void this.onNotification(client, message.payload)
    })
    this.client = client
    try {
      await client.connect()
      await client.query(`LISTEN ${INVALIDATION_CHANNEL}`)
      // After LISTEN, so that nothing committed from here on can fall between the replay and the feed.
      const { rows } = await client.query(
        `SELECT tags FROM ${INVALIDATION_TABLE} WHERE created_at > now() - make_interval(secs => $1)`,
        [RETENTION_MS / 1000],
      )
      if (this.client !== client) return
      // Each tag changed within the day is expired now: an entry carrying it is rendered again,
      // whether it was written before or after the change this server may have missed. An entry
      // none of whose tags changed within the day is still right (older ones are not served).
      for (const row of rows) this.apply(row.tags, { purge: false })
      // And at the edge: which build this server serves (a deploy), and what it replayed — a change
      // committed while no server was listening (a restart, a jobs:run worker alone) was purged by
      // nobody.
      this.purger?.announceBuild?.()
      this.purger?.purge([...new Set(rows.flatMap((row) => row.tags))])
      await this.prune(client)
      const wasDown = this.failures > 0
      this.failures = 0
      this.lostAt = undefined
      this.state = 'live'
      this.log(
        'info',
        `Cache invalidation feed ${wasDown ? 'reconnected' : 'listening'}: ${rows.length} recent change(s) applied; cached pages are served again.`,
      )
      this.settleWaiters(true)
      clearInterval(this.healthTimer)
      this.healthTimer = setInterval(() => void this.check(client), HEALTH_CHECK_MS)
      this.healthTimer.unref?.()
    } catch (error) {
      this.lost(client, error)
    }
  }

  async onNotification(client, payload) {
    try {
      const message = JSON.parse(payload)
      if (Array.isArray(message.tags)) {
        this.apply(message.tags)
        return
      }
      const { rows } = await client.query(`SELECT tags FROM ${INVALIDATION_TABLE} WHERE id = $1`, [message.id])
      if (rows[0]) this.apply(rows[0].tags)
      else this.apply([FLUSH_ALL]) // pruned already (cannot happen within a day): expire everything
    } catch (error) {
      // A notification this server cannot read: it cannot know what changed, so it trusts nothing cached.
      this.log('error', `Could not read a cache invalidation (${error.message}); everything cached is expired.`)
      this.apply([FLUSH_ALL])
    }
  }

  /** Keeps the connection honest (a silent network loss) and prunes old rows now and then. */
  async check(client) {
    try {
      await client.query('SELECT 1')
      if (this.now() - this.lastPrune > PRUNE_EVERY_MS) await this.prune(client)
    } catch (error) {
      this.lost(client, error)
    }
  }

  /** Deletes rows older than the retention (every server does, now and then; deleting twice is harmless). */
  async prune(client) {
    this.lastPrune = this.now()
    await client.query(`DELETE FROM ${INVALIDATION_TABLE} WHERE created_at < now() - make_interval(secs => $1)`, [
      RETENTION_MS / 1000,
    ])
  }

  lost(client, error) {
    if (this.client !== client) return
    this.client = null
    clearInterval(this.healthTimer)
    void client.end().catch(() => {})
    if (this.stopped) return
    if (this.state === 'live') {
      this.lostAt = this.now()
      this.log(
        'warn',
        `Cache invalidation feed lost its PostgreSQL connection (${error?.message ?? error}): pages cached until now are still served, nothing new is cached, until it reconnects and replays what it missed.`,
      )
    } else if (this.failures === 0) {
      this.log(
        'warn',
        `Cache invalidation feed cannot reach PostgreSQL (${error?.message ?? error}): pages are rendered from the database, not the cache, until it connects.`,
      )
    }
    this.state = 'down'
    this.failures += 1
    this.settleWaiters(false)
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(this.failures - 1, 5))
    this.retryTimer = setTimeout(() => void this.connect(), delay)
    this.retryTimer.unref?.()
  }
}

/** One line of JSON, like the server's other logs (Payload's pino). */
export function log(level, msg) {
  const line = JSON.stringify({
    level: { info: 30, warn: 40, error: 50 }[level],
    time: Date.now(),
    pid: process.pid,
    msg,
  })
  ;(level === 'info' ? process.stdout : process.stderr).write(`${line}\n`)
}
