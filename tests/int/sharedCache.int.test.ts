/**
 * The page cache of several servers (lib/cache/sharedCache.mjs, lib/cache/invalidations.mjs): each
 * "server" here is a process of its own running Next's IncrementalCache with the site's cache
 * handler (tests/helpers/cacheInstance.mjs), on this file's database, and — for the shared store —
 * a real Redis started by the test. Changes are recorded the way the collections' hooks record
 * them (lib/cache/revalidate.ts), inside Payload transactions.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, createLocalReq, initTransaction, killTransaction, type PayloadRequest } from 'payload'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { FLUSH_ALL, INVALIDATION_TABLE, MAX_NOTIFY_BYTES } from '@/lib/cache/outbox.mjs'
import { recordInvalidation } from '@/lib/cache/revalidate'
import { SETTLE_MS } from '@/lib/cache/invalidations.mjs'

import { CacheInstance, eventually } from '../helpers/cacheInstances'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { RedisServer, redisMissing } from '../helpers/redisServer'

let ctx: PayloadIntContext
let distRoot: string

beforeAll(async () => {
  ctx = await initPayloadInt()
  distRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-shared-cache-'))
})

afterAll(async () => {
  await Promise.all(running.map((instance) => instance.stop()))
  await fs.rm(distRoot, { recursive: true, force: true })
  await ctx?.cleanup()
})

const running: CacheInstance[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()))
})

/** A "server" on this file's database; `dist` names its `.next` (the same name again: a restart). */
async function startInstance(dist: string, env: Record<string, string> = {}): Promise<CacheInstance> {
  const instance = await CacheInstance.start({ databaseUrl: ctx.databaseUrl, distDir: path.join(distRoot, dist), env })
  running.push(instance)
  return instance
}

/** A change as the hooks make it: the tags recorded inside a Payload transaction, then `end`ed. */
async function change(tags: string[], end: 'commit' | 'rollback' | ((req: PayloadRequest) => Promise<void>)) {
  const req = await createLocalReq({}, ctx.payload)
  await initTransaction(req)
  await recordInvalidation(ctx.payload, tags, req)
  if (end === 'commit') await commitTransaction(req)
  else if (end === 'rollback') await killTransaction(req)
  else await end(req)
}

const appliedBy = async (instance: CacheInstance) => (await instance.feed()).applied

describe('one server, its own disk (no REDIS_URL)', () => {
  it('expires an entry only once the change commits, and never for a rolled-back change', async () => {
    const server = await startInstance('commit')
    await server.write('page-a', ['article:a'], 'version 1')
    expect(await server.read('page-a', ['article:a'])).toBe('version 1')

    const before = await appliedBy(server)
    await change(['article:a'], async (req) => {
      // Written and notified, not committed: the server has heard nothing and still serves the entry.
      const { rows } = await ctx.payload.db.drizzle.execute(
        sql`SELECT count(*)::int AS n FROM cache_invalidations WHERE 'article:a' = ANY(tags)`,
      )
      expect(rows[0]!.n).toBe(0)
      expect(await server.read('page-a', ['article:a'])).toBe('version 1')
      await killTransaction(req)
    })
    // A rolled-back change: nothing to deliver, so nothing is applied (a later commit proves the feed is listening).
    await change(['article:unrelated'], 'commit')
    await eventually(async () => (await appliedBy(server)) === before + 1, 'the committed change')
    expect(await server.read('page-a', ['article:a'])).toBe('version 1')

    await change(['article:a'], 'commit')
    await eventually(async () => (await server.read('page-a', ['article:a'])) === null, 'the expiry after commit')
  })

  it('a change committed while the server was down is applied when it starts again; untouched entries survive', async () => {
    const first = await startInstance('restart')
    await first.write('page-b', ['article:b'], 'withdrawn soon')
    await first.write('page-c', ['article:c'], 'still right')
    await first.stop()

    await change(['article:b'], 'commit')

    const again = await startInstance('restart')
    expect(await again.read('page-b', ['article:b'])).toBeNull()
    expect(await again.read('page-c', ['article:c'])).toBe('still right')
  })

  it('does not store an entry finished just after an expiry of its tag (it may hold data read before the commit)', async () => {
    const server = await startInstance('settle')
    const before = await appliedBy(server)
    await change(['article:settle'], 'commit')
    await eventually(async () => (await appliedBy(server)) > before, 'the expiry')
    await server.write('page-s', ['article:settle'], 'rendered during the change')
    expect(await server.read('page-s', ['article:settle'])).toBeNull()

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100))
    await server.write('page-s', ['article:settle'], 'rendered after it')
    expect(await server.read('page-s', ['article:settle'])).toBe('rendered after it')
  })

  it('applies a change whose tags do not fit in a notification, and a flush of everything', async () => {
    const server = await startInstance('large')
    const many = Array.from({ length: 400 }, (_, index) => `article:a-rather-long-slug-for-article-number-${index}`)
    expect(Buffer.byteLength(JSON.stringify(many))).toBeGreaterThan(MAX_NOTIFY_BYTES)
    await server.write('page-l', [many[399]!], 'old')
    await server.write('page-other', ['person:someone'], 'old too')
    await change(many, 'commit')
    await eventually(async () => (await server.read('page-l', [many[399]!])) === null, 'the large change')
    expect(await server.read('page-other', ['person:someone'])).toBe('old too')

    await change([FLUSH_ALL], 'commit')
    await eventually(async () => (await server.read('page-other', ['person:someone'])) === null, 'the flush')
    // Replayed by every server started within the day (which then trusts nothing older): not by the next tests'.
    await ctx.payload.db.drizzle.execute(
      sql`DELETE FROM ${sql.identifier(INVALIDATION_TABLE)} WHERE ${FLUSH_ALL} = ANY(tags)`,
    )
  })

  it('loses its database connection and misses no change committed in the gap', async () => {
    const server = await startInstance('reconnect')
    await server.write('page-r', ['article:r'], 'before the gap')
    await ctx.payload.db.drizzle.execute(
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'causeway-cache-feed' AND datname = current_database()`,
    )
    await change(['article:r'], 'commit')
    await eventually(async () => (await server.feed()).state === 'live', 'the reconnection')
    expect(await server.read('page-r', ['article:r'])).toBeNull()
    expect(server.logs.filter((line) => line.includes('lost its PostgreSQL connection'))).toHaveLength(1)
  })

  it('keeps a day of changes and no more: an older row is pruned at start and replays nothing', async () => {
    const ancient = sql`SELECT count(*)::int AS n FROM ${sql.identifier(INVALIDATION_TABLE)} WHERE 'article:ancient' = ANY(tags)`
    await ctx.payload.db.drizzle.execute(
      sql`INSERT INTO ${sql.identifier(INVALIDATION_TABLE)} (tags, created_at) VALUES (ARRAY['article:ancient'], now() - interval '2 days')`,
    )
    expect((await ctx.payload.db.drizzle.execute(ancient)).rows[0]!.n).toBe(1)
    const server = await startInstance('horizon')
    expect((await ctx.payload.db.drizzle.execute(ancient)).rows[0]!.n).toBe(0)
    await server.write('page-h', ['article:ancient'], 'rendered now')
    expect(await server.read('page-h', ['article:ancient'])).toBe('rendered now')
  })
})

const noRedis = redisMissing()
if (noRedis) console.warn(noRedis)

describe.skipIf(noRedis !== null)('several servers sharing one Redis', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await RedisServer.start()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('an entry written by one server is served by the other, and a change expires it on both', async () => {
    const a = await startInstance('redis-a', { REDIS_URL: redis.url })
    const b = await startInstance('redis-b', { REDIS_URL: redis.url })
    await a.write('shared-page', ['article:shared'], 'rendered on A')
    await eventually(async () => (await b.read('shared-page', ['article:shared'])) === 'rendered on A', 'B reading A')

    await change(['article:shared'], 'commit')
    await eventually(async () => (await a.read('shared-page', ['article:shared'])) === null, 'the expiry on A')
    await eventually(async () => (await b.read('shared-page', ['article:shared'])) === null, 'the expiry on B')
  })

  it('a page rendered by one server is fresh on another that never rendered its route, until its tags expire', async () => {
    const a = await startInstance('pages-a', { REDIS_URL: redis.url })
    await a.writePage('/articles/shared', ['article:shared-page'], '<p>published</p>')
    // Older than a second: Next, not knowing the route's cache control, would call it stale.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    const b = await startInstance('pages-b', { REDIS_URL: redis.url })
    expect(await b.readPage('/articles/shared')).toMatchObject({ html: '<p>published</p>', isStale: false })

    await change(['article:shared-page'], 'commit')
    // Expired: not served (null), or served only after a fresh render (-1).
    await eventually(async () => {
      const page = await b.readPage('/articles/shared')
      return page === null || page.isStale === -1
    }, 'the expiry on B')
  })

  it('an entry rendered before a change by a server whose clock runs ahead is not served after it', async () => {
    const ahead = await startInstance('skew-ahead', { REDIS_URL: redis.url })
    const other = await startInstance('skew-other', { REDIS_URL: redis.url })
    // Rendered from the data before the change, but stamped 600 ms in this machine's future.
    await ahead.write('skewed-page', ['article:skewed'], 'before the change', 600)
    expect(await other.read('skewed-page', ['article:skewed'])).toBe('before the change')
    const before = await appliedBy(other)
    await change(['article:skewed'], 'commit')
    await eventually(async () => (await appliedBy(other)) > before, 'the expiry on the other server')
    expect(await other.read('skewed-page', ['article:skewed'])).toBeNull()
  })

  it('with Redis gone, every read is a miss (pages come from the database), logged once; with it back, caching resumes', async () => {
    const a = await startInstance('outage-a', { REDIS_URL: redis.url })
    await a.write('outage-page', ['article:outage'], 'cached')
    expect(await a.read('outage-page', ['article:outage'])).toBe('cached')

    await redis.stop()
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await a.read('outage-page', ['article:outage'])).toBeNull()
      await a.write('outage-page', ['article:outage'], 'not stored anywhere')
    }
    // A change while Redis is down still reaches the server through PostgreSQL.
    await change(['article:outage'], 'commit')
    expect(a.logs.filter((line) => line.includes('is unreachable'))).toHaveLength(1)

    await redis.start()
    await eventually(async () => a.logs.some((line) => line.includes('reachable again')), 'the reconnection to Redis')
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100))
    await a.write('outage-page', ['article:outage'], 'cached again')
    expect(await a.read('outage-page', ['article:outage'])).toBe('cached again')
  })
})
