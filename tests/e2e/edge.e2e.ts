/**
 * Readers through the edge: a real Varnish (edge/causeway.vcl, started here by tooling/edge.ts) in
 * front of a production server (`npm start`) that marks its cached pages for it and purges it
 * after every change (EDGE_PURGE_URLS). Everything — staff logins, the API, previews, readers —
 * goes through the edge, as in production.
 *
 * How long a publish or an unpublish took to show through the edge is recorded as a test
 * annotation (and printed), not asserted: timings on a shared machine are for `npm run bench`. What
 * is asserted is that it shows long before the edge's copies would expire on their own
 * (EDGE_TTL_SECONDS): it was purged.
 */
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { EDGE_TTL_SECONDS } from '@/lib/cache/edge.mjs'
import { READER_CACHE_CONTROL } from '@/lib/cache/readerCacheControl.mjs'
import { previewSecret } from '@/lib/preview/previewSecret'
import { paragraphs } from '@/lib/richText/paragraphs'
import { freePort } from '@/tooling/db/testDatabases'
import { edgeMissing, type RunningEdge, startEdge } from '@/tooling/edge'
import { projectRoot } from '@/tooling/paths'

import { expect, test } from '../helpers/fixtures'
import { OwnServer } from '../helpers/ownServer'
import { api as rest, demoPerson, draftArticle, staffSessions, submitAndApprove } from '../helpers/serverRest'

const missing = edgeMissing()
test.skip(missing !== null, `No edge to test: ${missing}`)

const PRIVATE_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate'
/** A change must show through the edge well within this, or it was not purged (the edge keeps pages 600 s). */
const PURGED_WITHIN_MS = 15_000

let edge: RunningEdge
let origin: OwnServer
let staff: Awaited<ReturnType<typeof staffSessions>>

const url = (pathname: string) => new URL(pathname, edge.url).toString()
const api = <T = Record<string, unknown>>(method: string, pathname: string, token: string, body?: unknown) =>
  rest<T>(edge.url, method, pathname, token, body)

async function startOrigin() {
  await origin.start()
  // And until the edge's probe has seen it ready (two good checks a second apart).
  const deadline = Date.now() + 30_000
  while ((await fetch(url('/api/ready'))).status !== 200) {
    if (Date.now() > deadline) throw new Error(`The edge never found the origin ready; see ${origin.log}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** GET `pathname` through the edge. */
async function viaEdge(pathname: string, init: RequestInit = {}) {
  const response = await fetch(url(pathname), { redirect: 'manual', ...init })
  return {
    status: response.status,
    body: await response.text(),
    xCache: response.headers.get('x-cache'),
    age: response.headers.get('age'),
    headers: response.headers,
  }
}

/** Reads `pathname` through the edge until the edge answers it from its own cache. */
async function edgeHit(pathname: string) {
  let last = await viaEdge(pathname)
  for (let attempt = 0; attempt < 50 && last.xCache !== 'HIT'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await viaEdge(pathname)
  }
  expect(last.xCache, `the edge never kept ${pathname} (last: ${last.status})`).toBe('HIT')
  return last
}

/** Polls the edge until `pathname` answers `status` (showing `text` for a 200); the time that took. */
async function seenThroughEdge(pathname: string, status: number, text?: string): Promise<number> {
  const started = Date.now()
  let last = { status: 0, body: '', xCache: null as string | null }
  while (Date.now() - started < PURGED_WITHIN_MS) {
    last = await viaEdge(pathname)
    if (last.status === status && (text === undefined || last.body.includes(text))) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(
    `The edge still answers ${pathname} with ${last.status} (X-Cache: ${last.xCache}) after ${PURGED_WITHIN_MS / 1000} s, not ${status}: not purged`,
  )
}

function note(what: string, ms: number) {
  test.info().annotations.push({ type: 'latency', description: `${what}: ${ms} ms` })
  console.log(`[edge] ${what}: ${ms} ms`)
}

/** A new article, written, reviewed and approved (not published); its id, slug and question. */
async function approvedArticle(label: string, intro = `What ${label} is about.`) {
  const unique = `${label} ${Date.now().toString(36)}`
  const question = `Why does ${unique} happen behind the edge?`
  const id = await draftArticle(edge.url, staff, { question, summary: 'An article written by the edge test.', intro })
  await submitAndApprove(edge.url, staff, id, 'New article.')
  const { slug } = await api<{ slug: string }>('GET', `/articles/${id}?depth=0&draft=true`, staff.tokens.editor)
  return { id, slug, question, path: `/articles/${slug}` }
}

async function publishedArticle(label: string, intro?: string) {
  const article = await approvedArticle(label, intro)
  await api('POST', `/articles/${article.id}/publish`, staff.tokens.editor)
  await seenThroughEdge(article.path, 200, article.question)
  return article
}

test.describe('readers through the edge cache', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 })

  test.beforeAll(async () => {
    test.setTimeout(240_000)
    const [edgePort, originPort] = [await freePort(), await freePort()]
    const secret = crypto.randomBytes(24).toString('base64url')
    const edgeURL = `http://127.0.0.1:${edgePort}`
    const originURL = `http://127.0.0.1:${originPort}`
    await fs.mkdir(path.join(projectRoot, 'test-results'), { recursive: true })
    edge = await startEdge({
      port: edgePort,
      origins: [new URL(originURL)],
      secret,
      logFile: path.join(projectRoot, 'test-results', 'edge-varnish.log'),
    })
    // The main e2e server's environment (database, secret, media); the public address is the edge's.
    origin = new OwnServer('edge-origin', originURL, {
      ...process.env,
      SERVER_URL: edgeURL,
      PORT: String(originPort),
      JOBS_AUTORUN: 'false',
      EDGE_PURGE_URLS: edgeURL,
      EDGE_PURGE_SECRET: secret,
    })
    await startOrigin()
    staff = await staffSessions(edge.url)
  })

  test.afterAll(async () => {
    await origin?.stop()
    await edge?.stop()
  })

  test("a reader's page comes from the edge's cache, with none of the origin's marks", async ({ reader }) => {
    const article = await publishedArticle('hit')
    await edgeHit(article.path)

    const response = await reader.goto(url(article.path))
    expect(response?.status()).toBe(200)
    const headers = response!.headers()
    expect(headers['x-cache']).toBe('HIT')
    expect(Number(headers.age)).toBeGreaterThanOrEqual(0)
    expect(headers['cache-control']).toBe(READER_CACHE_CONTROL)
    for (const mark of ['surrogate-key', 'cache-tag', 'surrogate-control', 'x-causeway-build', 'xkey', 'x-varnish'])
      expect(headers[mark], mark).toBeUndefined()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(article.question)
  })

  test("an editor's publish shows through the edge, and an unpublish is a 404 there, as soon as they commit", async () => {
    const article = await approvedArticle('publish')
    // Not published yet: a 404, which the edge keeps too (under the article's tag) once the
    // origin serves it from its cache.
    const notYet = await edgeHit(article.path)
    expect(notYet.status).toBe(404)

    await api('POST', `/articles/${article.id}/publish`, staff.tokens.editor)
    const published = await seenThroughEdge(article.path, 200, article.question)
    note('publish → visible through the edge', published)
    expect(published).toBeLessThan(EDGE_TTL_SECONDS * 1000)
    await edgeHit(article.path)

    await api('POST', `/articles/${article.id}/unpublish`, staff.tokens.editor, { reason: 'Checking a reader report.' })
    note('unpublish → 404 through the edge', await seenThroughEdge(article.path, 404))
    // And it stays withdrawn: nothing fetched before the purge comes back afterwards.
    for (let read = 0; read < 15; read += 1) {
      const again = await viaEdge(article.path)
      expect(again.status).toBe(404)
      expect(again.body).not.toContain(article.question)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    // The origin's readiness report shows its purges reaching the edge.
    const ready = (await (await fetch(url('/api/ready'))).json()) as {
      cache: { invalidations: string; edge?: { purges: string; sent: number } }
    }
    expect(ready.cache.invalidations).toBe('live')
    expect(ready.cache.edge?.purges).toBe('caught up')
    expect(ready.cache.edge?.sent).toBeGreaterThan(0)
  })

  test("a logged-in editor's preview is never kept by the edge, and readers never see the draft", async ({
    page,
    reader,
  }) => {
    const article = await publishedArticle('preview', 'Published advice for readers.')
    await edgeHit(article.path)
    await api('PATCH', `/articles/${article.id}?draft=true`, staff.tokens.writer, {
      intro: paragraphs('Draft advice only the editor may see.'),
    })

    const login = await page.request.post(url('/api/users/login'), { data: demoPerson('editor') })
    expect(login.ok()).toBe(true)
    const preview = new URL('/preview', edge.url)
    preview.search = new URLSearchParams({
      collection: 'articles',
      slug: article.slug,
      secret: previewSecret(),
    }).toString()
    for (let view = 0; view < 3; view += 1) {
      const previewed = view === 0 ? await page.goto(preview.toString()) : await page.reload()
      expect(page.url()).toBe(url(article.path))
      expect(previewed?.headers()['x-cache'], `preview view ${view + 1}`).toBe('PASS')
      expect(previewed?.headers()['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
      await expect(page.getByRole('main')).toContainText('Draft advice only the editor may see.')
    }

    const readers = await reader.goto(url(article.path))
    expect(readers?.headers()['x-cache']).toBe('HIT')
    await expect(reader.getByRole('main')).toContainText('Published advice for readers.')
    await expect(reader.getByRole('main')).not.toContainText('Draft advice')
  })

  test('forged cookies and headers neither get the shared copy nor leave one behind', async () => {
    const article = await publishedArticle('forged')
    const shared = await edgeHit(article.path)

    const forgeries: Array<{ what: string; headers: Record<string, string>; expectCache: string }> = [
      { what: 'a forged staff session', headers: { cookie: 'payload-token=forged.jwt.token' }, expectCache: 'PASS' },
      { what: 'a forged draft-mode cookie', headers: { cookie: '__prerender_bypass=forged' }, expectCache: 'PASS' },
      { what: 'a component payload request', headers: { rsc: '1' }, expectCache: 'PASS' },
      {
        what: 'forged forwarding and internal headers',
        headers: {
          'x-forwarded-host': 'evil.example',
          'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy',
          'next-router-state-tree': '%5B%22forged%22%5D',
          cookie: 'tracking=evil.example',
        },
        expectCache: 'HIT',
      },
    ]
    for (const forgery of forgeries) {
      const answer = await viaEdge(article.path, { headers: forgery.headers })
      expect(answer.xCache, forgery.what).toBe(forgery.expectCache)
      expect(answer.body, forgery.what).not.toContain('evil.example')
    }
    // A purge from outside, without the secret or with a guessed one, is refused.
    for (const secret of [undefined, 'guessed-guessed-guessed-guessed-guessed']) {
      const purge = await fetch(url('/'), {
        method: 'PURGE',
        headers: { 'xkey-purge': `article:${article.slug}`, ...(secret ? { 'x-purge-secret': secret } : {}) },
      })
      expect(purge.status).toBe(403)
    }

    const after = await viaEdge(article.path)
    expect(after.xCache).toBe('HIT')
    expect(after.headers.get('content-type')).toMatch(/^text\/html/)
    expect(after.body).toBe(shared.body)
  })

  test('while the origin restarts, readers keep getting cached pages from the edge; a withdrawn one stays gone', async () => {
    const kept = await publishedArticle('kept')
    const before = await edgeHit(kept.path)
    const withdrawn = await publishedArticle('withdrawn')
    await edgeHit(withdrawn.path)
    await api('POST', `/articles/${withdrawn.id}/unpublish`, staff.tokens.editor, { reason: 'Withdrawn for review.' })
    await seenThroughEdge(withdrawn.path, 404)

    await origin?.stop()
    // Long enough for the edge's probe to find the origin gone (three failed checks a second apart).
    await new Promise((resolve) => setTimeout(resolve, 3500))
    const during = await viaEdge(kept.path)
    expect(during.status).toBe(200)
    expect(during.body).toBe(before.body)
    const gone = await viaEdge(withdrawn.path)
    expect(gone.body).not.toContain(withdrawn.question)
    expect(gone.status).not.toBe(200)

    await startOrigin()
    expect((await viaEdge(kept.path)).status).toBe(200)
    expect((await viaEdge(withdrawn.path)).status).toBe(404)
  })
})
