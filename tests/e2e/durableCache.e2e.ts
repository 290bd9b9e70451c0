/**
 * What readers get after the server crashes and comes back. Next keeps rendered pages on disk
 * across restarts; these tests check that an article withdrawn or corrected just before a crash
 * is never served from that disk cache afterwards — the server replays the committed changes'
 * cache invalidations from PostgreSQL when it starts (lib/cache/invalidations.mjs) — and that
 * the reader Cache-Control lets no shared cache keep it either (proxy.ts).
 *
 * They need a server they can kill, so they start their own production server (`npm start`,
 * as tests/runE2E.ts does) on the same database and build, and work on articles of their own.
 */

import { previewSecret } from '@/lib/preview/previewSecret'
import { paragraphs } from '@/lib/richText/paragraphs'
import { DEMO_ARTICLES } from '@/seed/demoContent'

import { expect, test } from '../helpers/fixtures'
import { OwnServer } from '../helpers/ownServer'
import { api as rest, demoPerson, draftArticle, staffSessions, submitAndApprove } from '../helpers/serverRest'
import { freePort } from '@/tooling/db/testDatabases'

const READER_CACHE_CONTROL = 'public, max-age=0, must-revalidate'
/** What Next sends for draft-mode pages and the admin. */
const PRIVATE_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate'

/** This file's own `npm start`, which it can crash and start again. */
let server: OwnServer
const url = (pathname: string) => new URL(pathname, server.baseURL).toString()

let staff: Awaited<ReturnType<typeof staffSessions>>
const api = <T = Record<string, unknown>>(method: string, pathname: string, token: string, body?: unknown) =>
  rest<T>(server.baseURL, method, pathname, token, body)

/** Submitted by the writer, approved by the reviewer, published by the editor. */
async function reviewAndPublish(id: number, changeNote: string) {
  await submitAndApprove(server.baseURL, staff, id, changeNote)
  await api('POST', `/articles/${id}/publish`, staff.tokens.editor)
}

/** A new published article whose introduction reads `intro`; returns its id and slug. */
async function publishedArticle(label: string, intro: string) {
  const unique = `${label} ${Date.now().toString(36)}`
  const id = await draftArticle(server.baseURL, staff, {
    question: `Why does ${unique} keep coming back?`,
    summary: 'An article written by the restart test.',
    intro,
  })
  await reviewAndPublish(id, 'New article.')
  const { slug, question } = await api<{ slug: string; question: string }>(
    'GET',
    `/articles/${id}?depth=0`,
    staff.tokens.editor,
  )
  return { id, slug, question, path: `/articles/${slug}` }
}

/**
 * Reads the page until an answer provably comes from Next's cache (`x-nextjs-cache: HIT`), sent
 * with the reader Cache-Control; returns that answer's HTML. Not just twice: a render finished
 * within a second of a change to the page is not stored (SETTLE_MS, lib/cache/invalidations.mjs),
 * and on a fast machine the test's first reads come that soon after its publish.
 */
async function viewUntilCached(pathname: string): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(url(pathname))
    expect(response.status).toBe(200)
    const body = await response.text()
    if (response.headers.get('x-nextjs-cache') === 'HIT') {
      expect(response.headers.get('cache-control')).toBe(READER_CACHE_CONTROL)
      return body
    }
    expect(attempt, `${pathname} never came from the cache`).toBeLessThan(40)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test.describe('cached pages after a crash and restart', () => {
  // Each test waits for a restart of the server, and a start alone may take a minute.
  test.describe.configure({ timeout: 240_000 })

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    const port = await freePort()
    const baseURL = `http://localhost:${port}`
    // The main e2e server's environment (database, secret, media), with an address of its own.
    // Its job runner stays off: the other server runs the queue's jobs.
    server = new OwnServer('durable-cache-server', baseURL, {
      ...process.env,
      SERVER_URL: baseURL,
      PORT: String(port),
      JOBS_AUTORUN: 'false',
    })
    await server.start()
    staff = await staffSessions(baseURL)
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('an article unpublished just before a crash answers 404 after the restart, never the withdrawn text', async ({
    reader,
  }) => {
    const article = await publishedArticle('withdrawn', 'Withdrawn advice that must never be shown again.')
    await reader.goto(url(article.path))
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(article.question)
    await viewUntilCached(article.path)

    await api('POST', `/articles/${article.id}/unpublish`, staff.tokens.editor, {
      reason: 'Withdrawn pending a safety review.',
    })
    // Nobody reads the page before the crash, which comes as soon as the change has committed:
    // the withdrawn version is still on disk, and only the outbox row says it is withdrawn.
    await server.crashAndRestart()

    const response = await fetch(url(article.path))
    const body = await response.text()
    expect(
      response.status,
      `after the restart, ${article.path} answers (x-nextjs-cache: ${response.headers.get('x-nextjs-cache')})`,
    ).toBe(404)
    expect(body.includes(article.question), 'the page names the withdrawn article').toBe(false)
    expect(body.includes('Withdrawn advice'), 'the page shows the withdrawn text').toBe(false)
    expect(response.headers.get('cache-control')).toBe(READER_CACHE_CONTROL)

    const page = await reader.goto(url(article.path))
    expect(page?.status()).toBe(404)
    await expect(reader.getByRole('heading', { level: 1 })).not.toHaveText(article.question)
    await expect(reader.getByRole('main')).not.toContainText('Withdrawn advice')
  })

  test('a correction republished just before a crash is what readers get after the restart; its draft preview is private', async ({
    page,
    reader,
  }) => {
    const article = await publishedArticle('corrected', 'Old advice: take twice the usual dose.')
    await reader.goto(url(article.path))
    await expect(reader.getByRole('main')).toContainText('Old advice: take twice the usual dose.')
    expect(await viewUntilCached(article.path)).toContain('Old advice: take twice the usual dose.')

    // A clinical edit: back to draft, so it needs a new sign-off before it is published.
    await api('PATCH', `/articles/${article.id}?draft=true`, staff.tokens.writer, {
      intro: paragraphs('Corrected advice: take the usual dose.'),
    })

    // The editor's draft preview shows the correction, and no cache may keep it.
    const editorLogin = await page.request.post(url('/api/users/login'), { data: demoPerson('editor') })
    expect(editorLogin.ok()).toBe(true)
    const preview = new URL('/preview', server.baseURL)
    preview.search = new URLSearchParams({
      collection: 'articles',
      slug: article.slug,
      secret: previewSecret(),
    }).toString()
    const previewed = await page.goto(preview.toString())
    expect(page.url()).toBe(url(article.path))
    expect(previewed?.headers()['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
    await expect(page.getByRole('status')).toContainText('Preview')
    await expect(page.getByRole('main')).toContainText('Corrected advice: take the usual dose.')
    // Readers still get the published version, from the cache.
    expect(await viewUntilCached(article.path)).toContain('Old advice: take twice the usual dose.')

    await reviewAndPublish(article.id, 'Corrected the dose.')
    await server.crashAndRestart()

    const response = await fetch(url(article.path))
    const body = await response.text()
    expect(response.status).toBe(200)
    const cache = `x-nextjs-cache: ${response.headers.get('x-nextjs-cache')}`
    expect(body.includes('Corrected advice: take the usual dose.'), `the page shows the correction (${cache})`).toBe(
      true,
    )
    expect(body.includes('Old advice'), `the page shows the old advice (${cache})`).toBe(false)

    await reader.goto(url(article.path))
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(article.question)
    await expect(reader.getByRole('main')).toContainText('Corrected advice: take the usual dose.')
    await expect(reader.getByRole('main')).not.toContainText('Old advice')
  })
})

test.describe('reader Cache-Control', () => {
  test('reader pages make every cache revalidate before reuse; staff, API and preview responses keep their own', async ({
    request,
  }) => {
    const readerPages = [
      '/',
      `/articles/${DEMO_ARTICLES[0]!.key}`,
      '/articles/no-such-article',
      '/search?q=pain',
      '/sitemap.xml',
      '/robots.txt',
      '/no-such-page',
    ]
    for (const pathname of readerPages) {
      const response = await request.get(pathname)
      expect(response.headers()['cache-control'], pathname).toBe(READER_CACHE_CONTROL)
    }
    expect((await request.get('/admin/login')).headers()['cache-control']).toBe(PRIVATE_CACHE_CONTROL)
    expect((await request.get('/preview?collection=articles&slug=x&secret=wrong')).headers()['cache-control']).toBe(
      'no-store',
    )
    expect((await request.get('/api/articles?limit=1')).headers()['cache-control']).not.toBe(READER_CACHE_CONTROL)
  })
})
