/**
 * Read replicas against a real streaming standby (tests/helpers/replicaCluster.ts): Payload runs
 * with DATABASE_URL on a throwaway primary and DATABASE_REPLICA_URLS on a `pg_basebackup -R`
 * standby of it. With the standby's replay paused (`pg_wal_replay_pause()`), it holds the data as
 * it was, so any read that reached it would see the past: the review workflow, the publish gate,
 * a staff draft preview and the session check must all see what was just committed, and a
 * reader page rendered right after a publish must not be rendered from the past either.
 *
 * Which server answered is also counted directly, on each connection pool.
 */
import pg from 'pg'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findArticle } from '@/lib/data/queries'
import { readFromReplica, replicaPools } from '@/lib/db/readReplicas'
import { searchPublished } from '@/lib/search/searchIndex'
import type { User } from '@/payload-types'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { replicaClusterUnavailable, startReplicaCluster, type ReplicaCluster } from '../helpers/replicaCluster'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'

const unavailable = replicaClusterUnavailable()
if (unavailable) console.warn(`Skipping tests/int/readReplicas.int.test.ts: ${unavailable}.`)

const PASSWORD = 'replica-test-password-1'
const NEW_PASSWORD = 'replica-test-password-2'
const PROBE = /pg_current_wal_lsn|pg_last_wal_replay_lsn/

async function sqlOn<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** Every statement sent through `pool.query` (Drizzle's reads outside a transaction), as text. */
function tap(pool: pg.Pool, into: string[]): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown
  pool.query = ((...args: unknown[]) => {
    const first = args[0] as string | { text?: string }
    into.push(typeof first === 'string' ? first : String(first?.text))
    return query(...args)
  }) as typeof pool.query
}

describe.skipIf(unavailable)('read replicas on a primary and a streaming standby', () => {
  let cluster: ReplicaCluster
  let ctx: PayloadIntContext
  let payload: Payload
  const sent = { primary: [] as string[], standby: [] as string[] }
  const reset = () => {
    sent.primary.length = 0
    sent.standby.length = 0
  }
  let staff: { writer: number; reviewer: number; editor: number }
  let fixtures: ReturnType<typeof reviewFixtures>
  let live: { id: number; slug: string; summary: string }
  let signed: number
  let writerToken: string

  const userDoc = async (id: number) =>
    (await payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true })) as User
  const session = async (token: string) =>
    (await payload.auth({ headers: new Headers({ Authorization: `JWT ${token}` }) })).user
  /** The article's columns as one server holds them: the live row and its newest version. */
  const stored = async (url: string, id: number) => {
    const [row] = await sqlOn<{ summary: string; status: string }>(
      url,
      'SELECT summary, _status AS status FROM articles WHERE id = $1',
      [id],
    )
    const [newest] = await sqlOn<{ summary: string }>(
      url,
      'SELECT version_summary AS summary FROM _articles_v WHERE parent_id = $1 ORDER BY id DESC LIMIT 1',
      [id],
    )
    return { live: row, newestVersion: newest?.summary }
  }

  beforeAll(async () => {
    cluster = await startReplicaCluster()
    await sqlOn(cluster.primaryUrl('postgres'), 'CREATE DATABASE causeway')
    // Read by payload.config.ts, which initPayloadInt imports only now.
    process.env.DATABASE_URL = cluster.primaryUrl('causeway')
    process.env.DATABASE_REPLICA_URLS = cluster.standbyUrl('causeway')
    ctx = await initPayloadInt()
    payload = ctx.payload
    const [standbyPool] = replicaPools(payload)
    expect(replicaPools(payload)).toHaveLength(1)
    tap(payload.db.pool as unknown as pg.Pool, sent.primary)
    tap(standbyPool!, sent.standby)

    const person = async (role: 'writer' | 'reviewer' | 'editor') => {
      const doc = await payload.create({
        collection: 'users',
        data: {
          email: `replica.${role}@causeway.test`,
          name: `Replica ${role}`,
          password: PASSWORD,
          roles: [role],
          credentials: role === 'reviewer' ? 'MD' : undefined,
          licence: licenceFor([role], 'MD'),
        },
        context: QUIET,
      })
      return doc.id
    }
    staff = { writer: await person('writer'), reviewer: await person('reviewer'), editor: await person('editor') }
    fixtures = reviewFixtures(payload, staff)

    const article = await fixtures.draft('replica-live')
    await fixtures.review.reviewAndPublish(article.id, staff)
    live = { id: article.id, slug: article.slug!, summary: article.summary! }
    signed = (await fixtures.signed('replica-signed')).id
    writerToken = (
      await payload.login({ collection: 'users', data: { email: 'replica.writer@causeway.test', password: PASSWORD } })
    ).token!
    await cluster.caughtUp()
  })

  afterAll(async () => {
    await ctx?.cleanup()
    await cluster?.stop()
  })

  it('a reader read goes to the standby once it has replayed every commit; staff reads never do', async () => {
    await cluster.caughtUp()
    reset()
    const page = await findArticle(payload, live.slug)
    expect(page?.summary).toBe(live.summary)
    // The replay check, then the article, its linked documents and its history: all on the standby.
    expect(sent.standby.filter((text) => !PROBE.test(text)).length).toBeGreaterThan(0)
    // The primary is only asked how far its WAL goes.
    expect(sent.primary).toHaveLength(1)
    expect(sent.primary[0]).toMatch(/pg_current_wal_lsn/)

    // Search (raw SQL), as the search page runs it (lib/data/index.ts).
    reset()
    const { hits } = await readFromReplica(payload, () => searchPublished(payload, 'hurt'))
    expect(hits.map((hit) => hit.slug)).toContain(live.slug)
    expect(sent.standby.some((text) => text.includes('search_documents'))).toBe(true)
    expect(sent.primary).toHaveLength(1)

    reset()
    // A staff draft preview, a session check, the admin's and the API's reads, a workflow step.
    const editor = await userDoc(staff.editor)
    expect((await findArticle(payload, live.slug, editor))?.isDraft).toBe(false)
    expect((await session(writerToken))?.id).toBe(staff.writer)
    await payload.find({ collection: 'articles', where: { id: { equals: live.id } }, draft: true })
    await fixtures.review.scheduled(staff.editor, live.id)
    expect(sent.primary.length).toBeGreaterThan(0)
    expect(sent.standby).toEqual([])
  })

  it('while the standby replays nothing, the workflow, the gate, a draft preview and sessions see every commit', async () => {
    await cluster.pauseReplay()
    const edited = 'Reworded while the standby replays nothing.'

    // A clinical edit to the published article: a staff preview shows it at once.
    await payload.update({
      collection: 'articles',
      id: live.id,
      draft: true,
      data: { summary: edited },
      overrideAccess: true,
      context: QUIET,
    })
    const preview = await findArticle(payload, live.slug, await userDoc(staff.writer))
    expect(preview?.summary).toBe(edited)
    expect(preview?.isDraft).toBe(true)
    expect((await stored(cluster.standbyUrl('causeway'), live.id)).newestVersion).toBe(live.summary)

    // Each step reads what the step before it has just committed.
    await fixtures.review.submit(staff.writer, live.id, { changeNote: 'Reworded.', reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, live.id, { decision: 'approve', comments: 'Accurate.' })
    await fixtures.review.publish(staff.editor, live.id)
    expect((await stored(cluster.primaryUrl('causeway'), live.id)).live).toEqual({
      summary: edited,
      status: 'published',
    })
    // The standby still holds the article as it was before the edit…
    expect((await stored(cluster.standbyUrl('causeway'), live.id)).live).toEqual({
      summary: live.summary,
      status: 'published',
    })
    // …so the page a reader gets right after the publish (its tags have just expired) must come
    // from the primary: it would stay cached until the next change.
    reset()
    expect((await findArticle(payload, live.slug))?.summary).toBe(edited)
    expect(sent.standby.filter((text) => !PROBE.test(text))).toEqual([])

    // The gate: signed off (the standby saw that), then reopened and edited (it did not): refused.
    await fixtures.review.withdraw(staff.writer, signed, 'One more fix.')
    await payload.update({
      collection: 'articles',
      id: signed,
      draft: true,
      data: { summary: 'Edited after the sign-off.' },
      overrideAccess: true,
      context: QUIET,
    })
    const attempt = await payload
      .update({
        collection: 'articles',
        id: signed,
        data: { _status: 'published' },
        overrideAccess: false,
        user: await userDoc(staff.editor),
        context: QUIET,
      })
      .then(() => 'published')
      .catch((error: Error) => error.message)
    expect(attempt).toMatch(/changed since the sign-off/)

    // Sessions: a password change ends the others at once, and the new login works at once.
    expect((await session(writerToken))?.id).toBe(staff.writer)
    await payload.update({
      collection: 'users',
      id: staff.writer,
      data: { password: NEW_PASSWORD },
      overrideAccess: true,
      context: QUIET,
    })
    expect(await session(writerToken)).toBeNull()
    const { token } = await payload.login({
      collection: 'users',
      data: { email: 'replica.writer@causeway.test', password: NEW_PASSWORD },
    })
    expect((await session(token!))?.id).toBe(staff.writer)
  })

  it('once replay resumes, the standby catches up and answers readers again', async () => {
    await cluster.resumeReplay()
    await cluster.caughtUp()
    expect((await stored(cluster.standbyUrl('causeway'), live.id)).live?.summary).toBe(
      'Reworded while the standby replays nothing.',
    )
    reset()
    expect((await findArticle(payload, live.slug))?.summary).toBe('Reworded while the standby replays nothing.')
    expect(sent.standby.filter((text) => !PROBE.test(text)).length).toBeGreaterThan(0)
    expect(sent.primary).toHaveLength(1)
  })

  it('a standby that stops answering: readers are answered by the primary', async () => {
    await cluster.stopStandby()
    reset()
    expect((await findArticle(payload, live.slug))?.summary).toBe('Reworded while the standby replays nothing.')
    expect(sent.primary.filter((text) => !PROBE.test(text)).length).toBeGreaterThan(0)
  })
})
