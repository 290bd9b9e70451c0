/**
 * Two production servers (`npm start`, as a deployment runs them) on one PostgreSQL database, one
 * Redis and one S3-compatible object store, all real and started here: what one server does, the
 * other serves — publishing, unpublishing, uploads — through restarts, a Redis outage, and a
 * scheduled publish run by a separate `jobs:run` process.
 *
 * How long each change took to reach the other server is recorded as a test annotation (and
 * printed), not asserted: timings on a shared machine are for `npm run bench`.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'

import pg from 'pg'
import sharp from 'sharp'

import { freePort } from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'

import { expect, test } from '../helpers/fixtures'
import { OwnServer } from '../helpers/ownServer'
import { RedisServer, redisMissing } from '../helpers/redisServer'
import { S3Server } from '../helpers/s3Server'
import { api as rest, draftArticle, staffSessions, submitAndApprove } from '../helpers/serverRest'

class Instance extends OwnServer {
  /** GET `pathname`: status, body and whether Next answered from its cache. */
  async get(pathname: string) {
    const response = await fetch(this.url(pathname), { redirect: 'manual' })
    return { status: response.status, body: await response.text(), cache: response.headers.get('x-nextjs-cache') }
  }
}

const noRedis = redisMissing()
test.skip(noRedis !== null, noRedis ?? '')

let redis: RedisServer
let s3: S3Server
let a: Instance
let b: Instance
let db: pg.Client
let staff: Awaited<ReturnType<typeof staffSessions>>
const tokens = () => staff.tokens

/** A REST call to `instance` as `token`. */
const api = <T = Record<string, unknown>>(
  instance: Instance,
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
) => rest<T>(instance.baseURL, method, pathname, token, body)

/** A new article, written, reviewed and approved on A (not published); its id, slug and question. */
async function approvedArticle(label: string) {
  const unique = `${label} ${Date.now().toString(36)}`
  const question = `Why does ${unique} happen on two servers?`
  const id = await draftArticle(a.baseURL, staff, {
    question,
    summary: 'An article written by the multi-instance test.',
    intro: `What ${unique} is about.`,
  })
  await submitAndApprove(a.baseURL, staff, id, 'New article.')
  const { slug } = await api<{ slug: string }>(a, 'GET', `/articles/${id}?depth=0&draft=true`, tokens().editor)
  return { id, slug, question, path: `/articles/${slug}` }
}

/**
 * Polls `instance` until `pathname` answers `status` (and, for 200, shows `text`): how long that
 * took is returned; after 15 s the test fails with what the page still answered.
 */
async function seen(instance: Instance, pathname: string, status: number, text?: string): Promise<number> {
  const started = Date.now()
  let last = { status: 0, body: '', cache: null as string | null }
  while (Date.now() - started < 15_000) {
    last = await instance.get(pathname)
    if (last.status === status && (text === undefined || last.body.includes(text))) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(
    `${instance.name} still answers ${pathname} with ${last.status} (x-nextjs-cache: ${last.cache}) after 15 s, not ${status}`,
  )
}

/** Reads `pathname` on `instance` until Next answers it from the cache (a render stores it). */
async function cachedOn(instance: Instance, pathname: string) {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const response = await instance.get(pathname)
    if (response.cache === 'HIT') return response
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${instance.name} never served ${pathname} from its cache`)
}

/** Uploads a small PNG through `instance`'s REST API as the editor. */
async function upload(instance: Instance) {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), `two-servers-${Date.now()}.png`)
  form.append('_payload', JSON.stringify({ alt: 'A green rectangle' }))
  const response = await fetch(instance.url('/api/media'), {
    method: 'POST',
    headers: { authorization: `JWT ${tokens().editor}` },
    body: form,
  })
  expect(response.status, await response.clone().text()).toBe(201)
  const { doc } = (await response.json()) as { doc: { filename: string } }
  return { image, doc }
}

function note(what: string, ms: number) {
  test.info().annotations.push({ type: 'latency', description: `${what}: ${ms} ms` })
  console.log(`[multi-instance] ${what}: ${ms} ms`)
}

test.describe('two servers, one database, one Redis, one object store', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 })

  test.beforeAll(async () => {
    test.setTimeout(300_000)
    redis = await RedisServer.start()
    s3 = await S3Server.start()
    db = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await db.connect()
    const [portA, portB] = [await freePort(), await freePort()]
    const shared = {
      ...process.env,
      REDIS_URL: redis.url,
      ...s3.env(),
      // Neither server runs the queue: the scheduled publish below is run by a separate process.
      JOBS_AUTORUN: 'false',
    }
    a = new Instance('multi-instance-a', `http://localhost:${portA}`, {
      ...shared,
      SERVER_URL: `http://localhost:${portA}`,
      PORT: String(portA),
    })
    b = new Instance('multi-instance-b', `http://localhost:${portB}`, {
      ...shared,
      SERVER_URL: `http://localhost:${portB}`,
      PORT: String(portB),
    })
    // Started together: both apply pending migrations under one advisory lock.
    await Promise.all([a.start(), b.start()])
    staff = await staffSessions(a.baseURL)
  })

  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await redis?.stop()
    await s3?.stop()
    await db?.end()
  })

  test('a publish on A is served by B, from the cache they share; an unpublish on A is a 404 on B', async () => {
    const article = await approvedArticle('publish')
    expect((await b.get(article.path)).status).toBe(404)

    await api(a, 'POST', `/articles/${article.id}/publish`, tokens().editor)
    note('publish on A → served by B', await seen(b, article.path, 200, article.question))

    // Each server's readiness shows its invalidation feed live, having applied the publish.
    for (const instance of [a, b]) {
      const ready = (await (await fetch(instance.url('/api/ready'))).json()) as {
        cache: { invalidations: string; applied: number }
      }
      expect(ready.cache.invalidations, instance.name).toBe('live')
      expect(ready.cache.applied, instance.name).toBeGreaterThan(0)
    }

    // B rendered it and stored it in Redis: A serves B's render without rendering it itself.
    await cachedOn(b, article.path)
    const onA = await a.get(article.path)
    expect(onA.status).toBe(200)
    expect(onA.cache).toBe('HIT')
    expect(onA.body).toContain(article.question)

    await api(a, 'POST', `/articles/${article.id}/unpublish`, tokens().editor, { reason: 'Checking a reader report.' })
    note('unpublish on A → 404 on B', await seen(b, article.path, 404))
    const after = await b.get(article.path)
    expect(after.body).not.toContain(article.question)
    expect((await a.get(article.path)).status).toBe(404)
  })

  test('an upload on A is served by B, from the object store', async () => {
    const { image, doc } = await upload(a)
    expect(await s3.keys()).toContain(doc.filename)

    const started = Date.now()
    const served = await fetch(b.url(`/api/media/file/${encodeURIComponent(doc.filename)}`))
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true)
    note('upload on A → file served by B', Date.now() - started)
  })

  test('after B restarts, what was published, withdrawn and uploaded still holds', async () => {
    const published = await approvedArticle('restart-published')
    await api(a, 'POST', `/articles/${published.id}/publish`, tokens().editor)
    const withdrawn = await approvedArticle('restart-withdrawn')
    await api(a, 'POST', `/articles/${withdrawn.id}/publish`, tokens().editor)
    await seen(b, withdrawn.path, 200, withdrawn.question)
    await cachedOn(b, withdrawn.path)
    const file = (await upload(a)).doc.filename

    await b.crashAndRestart()
    // Withdrawn while B was down: its render is still in Redis, and only PostgreSQL knows.
    await api(a, 'POST', `/articles/${withdrawn.id}/unpublish`, tokens().editor, {
      reason: 'Withdrawn while B was down.',
    })
    await seen(b, withdrawn.path, 404)
    const gone = await b.get(withdrawn.path)
    expect(gone.body).not.toContain(withdrawn.question)
    expect((await b.get(published.path)).body).toContain(published.question)
    expect((await fetch(b.url(`/api/media/file/${encodeURIComponent(file)}`))).status).toBe(200)

    // And once more, crashing B after the change committed but before B could hear of it.
    const later = await approvedArticle('restart-later')
    await api(a, 'POST', `/articles/${later.id}/publish`, tokens().editor)
    await seen(b, later.path, 200, later.question)
    await cachedOn(b, later.path)
    await b.stop()
    await api(a, 'POST', `/articles/${later.id}/unpublish`, tokens().editor, {
      reason: 'Withdrawn while B was stopped.',
    })
    await b.start()
    expect((await b.get(later.path)).status).toBe(404)
  })

  test('with Redis stopped, readers get correct pages and never a withdrawn one; with Redis back, pages are cached again', async () => {
    const article = await approvedArticle('redis-outage')
    await api(a, 'POST', `/articles/${article.id}/publish`, tokens().editor)
    await seen(b, article.path, 200, article.question)
    await cachedOn(b, article.path)

    await redis.stop()
    const during = await b.get(article.path)
    expect(during.status).toBe(200)
    expect(during.body).toContain(article.question)
    expect(during.cache).not.toBe('HIT')

    await api(a, 'POST', `/articles/${article.id}/unpublish`, tokens().editor, {
      reason: 'Withdrawn during the outage.',
    })
    await seen(b, article.path, 404)
    expect((await a.get(article.path)).status).toBe(404)
    const fresh = await approvedArticle('redis-outage-new')
    await api(a, 'POST', `/articles/${fresh.id}/publish`, tokens().editor)
    await seen(b, fresh.path, 200, fresh.question)

    await redis.start()
    // An empty Redis again (it keeps nothing on disk): the withdrawn article stays withdrawn, and caching resumes.
    await cachedOn(b, fresh.path)
    expect((await b.get(article.path)).status).toBe(404)
    const logB = await fs.readFile(b.log, 'utf8')
    expect(logB.match(/is unreachable/g) ?? []).toHaveLength(1)
    expect(logB).toContain('reachable again')
  })

  test('a scheduled publish run by a separate jobs:run process reaches both servers after its commit, once', async () => {
    const article = await approvedArticle('scheduled')
    expect((await a.get(article.path)).status).toBe(404)
    expect((await b.get(article.path)).status).toBe(404)
    const at = new Date(Date.now() + 90_000).toISOString()
    await api(a, 'POST', `/articles/${article.id}/schedule`, tokens().editor, { action: 'publish', at })
    // The time comes: the queued job is due now.
    const due = await db.query(
      `UPDATE payload_jobs SET wait_until = now() WHERE completed_at IS NULL AND input->>'docId' = $1 RETURNING id`,
      [String(article.id)],
    )
    expect(due.rowCount).toBe(1)

    const { rows: clock } = await db.query('SELECT now() AS at')
    const worker = spawn(
      bin('tsx'),
      [path.join(projectRoot, 'scripts', 'payload.ts'), 'jobs:run', '--queue', 'default'],
      {
        cwd: projectRoot,
        env: { ...process.env, REDIS_URL: redis.url, ...s3.env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    worker.stdout.on('data', (chunk) => (output += chunk))
    worker.stderr.on('data', (chunk) => (output += chunk))
    const code = await new Promise<number | null>((resolve) => worker.on('exit', resolve))
    expect(code, output).toBe(0)

    const [onA, onB] = await Promise.all([
      seen(a, article.path, 200, article.question),
      seen(b, article.path, 200, article.question),
    ])
    note('scheduled publish (jobs:run exit) → served by A', onA)
    note('scheduled publish (jobs:run exit) → served by B', onB)

    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM cache_invalidations WHERE $1 = ANY(tags) AND created_at >= $2`,
      [`article:${article.slug}`, clock[0].at],
    )
    expect(rows[0].n, 'cache invalidations of the article written by the jobs:run process').toBe(1)
    const history = await db.query(
      `SELECT count(*)::int AS n FROM publications WHERE subject_collection = 'articles' AND subject_id = $1 AND action = 'publish'`,
      [String(article.id)],
    )
    expect(history.rows[0].n).toBe(1)
  })
})
