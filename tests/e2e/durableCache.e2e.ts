/**
 * What readers get after the server crashes and comes back. Next keeps rendered pages on disk
 * across restarts; these tests check that an article withdrawn or corrected just before a crash
 * is never served from that disk cache afterwards (lib/cache/durableTagCache.mjs), and that the
 * reader Cache-Control lets no shared cache keep it either (proxy.ts).
 *
 * They need a server they can kill, so they start their own production server (`npm start`,
 * as tests/runE2E.ts does) on the same database and build, and work on articles of their own.
 */
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'

import { parseTagExpiryLog, tagExpiryLogPath } from '@/lib/cache/durableTagCache.mjs'
import { previewSecret } from '@/lib/preview/previewSecret'
import { paragraphs } from '@/lib/richText/paragraphs'
import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_PEOPLE } from '@/seed/demoContent'
import { projectRoot } from '@/tooling/paths'
import { crashProcessTree, startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'

import { expect, test } from '../helpers/fixtures'
import { freePort } from '@/tooling/db/testDatabases'

const READER_CACHE_CONTROL = 'public, max-age=0, must-revalidate'
/** What Next sends for draft-mode pages and the admin. */
const PRIVATE_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate'

const person = (role: 'writer' | 'reviewer' | 'editor') => {
  const found = DEMO_PEOPLE.find((candidate) => candidate.roles.includes(role))!
  return { email: found.email, password: DEMO_PASSWORD }
}

/** This file's own `npm start`, which it can crash and start again. */
class OwnServer {
  private process: ChildProcess | undefined
  private starts = 0
  constructor(
    readonly baseURL: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start() {
    this.starts += 1
    const log = path.join(projectRoot, 'test-results', `durable-cache-server-${this.starts}.log`)
    await fs.mkdir(path.dirname(log), { recursive: true })
    this.process = startServer(this.env, log)
    await waitUntilServing(`${this.baseURL}/`, this.process, 90_000, log)
  }

  /** SIGKILL to the whole tree, as a crash or an out-of-memory kill would do, then start again. */
  async crashAndRestart() {
    await crashProcessTree(this.process!)
    await this.start()
  }

  async stop() {
    await stopProcessTree(this.process)
  }
}

let server: OwnServer
const url = (pathname: string) => new URL(pathname, server.baseURL).toString()

async function login(who: { email: string; password: string }): Promise<{ token: string; user: { id: number } }> {
  const response = await fetch(url('/api/users/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  })
  expect(response.status, `login ${who.email}`).toBe(200)
  return (await response.json()) as { token: string; user: { id: number } }
}

/** A REST call as `token`; fails the test with Payload's message unless it answers 2xx. */
async function api<T = Record<string, unknown>>(
  method: string,
  pathname: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url(`/api${pathname}`), {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.ok, `${method} ${pathname}: ${response.status} ${text}`).toBe(true)
  return JSON.parse(text) as T
}

let tokens: { writer: string; reviewer: string; editor: string }
let reviewerId: number

/** Submitted by the writer, approved by the reviewer, published by the editor. */
async function reviewAndPublish(id: number, changeNote: string) {
  await api('POST', `/articles/${id}/submit`, tokens.writer, { changeNote, reviewer: reviewerId })
  await api('POST', `/articles/${id}/sign-off`, tokens.reviewer, {
    decision: 'approve',
    comments: 'Accurate.',
    signature: { meaning: SIGNATURE_MEANINGS.approve, password: person('reviewer').password },
  })
  await api('POST', `/articles/${id}/publish`, tokens.editor)
}

/** A new published article whose introduction reads `intro`; returns its id and slug. */
async function publishedArticle(label: string, intro: string) {
  const unique = `${label} ${Date.now().toString(36)}`
  const { doc } = await api<{ doc: { id: number } }>('POST', '/articles?draft=true', tokens.writer, {
    question: `Why does ${unique} keep coming back?`,
    summary: 'An article written by the restart test.',
    intro: paragraphs(intro),
    causes: [
      { heading: 'First cause', explanation: paragraphs('What the first cause is.') },
      { heading: 'Second cause', explanation: paragraphs('What the second cause is.') },
    ],
    whenToSeekCare: paragraphs('See a clinician if it gets worse.'),
  })
  await reviewAndPublish(doc.id, 'New article.')
  const { slug, question } = await api<{ slug: string; question: string }>(
    'GET',
    `/articles/${doc.id}?depth=0`,
    tokens.editor,
  )
  return { id: doc.id, slug, question, path: `/articles/${slug}` }
}

/**
 * Reads the page twice, so that the second answer provably comes from Next's cache, sent with the
 * reader Cache-Control; returns that answer's HTML.
 */
async function viewUntilCached(pathname: string): Promise<string> {
  await (await fetch(url(pathname))).text()
  const response = await fetch(url(pathname))
  expect(response.status).toBe(200)
  expect(response.headers.get('x-nextjs-cache')).toBe('HIT')
  expect(response.headers.get('cache-control')).toBe(READER_CACHE_CONTROL)
  return response.text()
}

/**
 * Next expires tags just after the response that changed the content has been sent, so the
 * crash has to come after that moment (a crash inside it is the after-commit window the planned
 * outbox closes; see lib/cache/durableTagCache.mjs). Waits until the expiry of `tag` later than
 * `since` is in the log; on a server that writes none (Next's default cache) it gives up after a
 * few seconds and the crash happens anyway — the assertions after the restart decide.
 */
async function settle(tag: string, since: number) {
  const log = tagExpiryLogPath(path.join(projectRoot, '.next', 'server'))
  for (let waited = 0; waited < 5000; waited += 100) {
    const text = await fs.readFile(log, 'utf8').catch(() => '')
    if ((parseTagExpiryLog(text).get(tag)?.expired ?? 0) >= since) return
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
    server = new OwnServer(baseURL, { ...process.env, SERVER_URL: baseURL, PORT: String(port), JOBS_AUTORUN: 'false' })
    await server.start()
    const [writer, reviewer, editor] = [
      await login(person('writer')),
      await login(person('reviewer')),
      await login(person('editor')),
    ]
    tokens = { writer: writer.token, reviewer: reviewer.token, editor: editor.token }
    reviewerId = reviewer.user.id
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

    const unpublishedAt = Date.now()
    await api('POST', `/articles/${article.id}/unpublish`, tokens.editor, {
      reason: 'Withdrawn pending a safety review.',
    })
    // Nobody reads the page before the crash: the withdrawn version is still on disk.
    await settle(`article:${article.slug}`, unpublishedAt)
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
    await api('PATCH', `/articles/${article.id}?draft=true`, tokens.writer, {
      intro: paragraphs('Corrected advice: take the usual dose.'),
    })

    // The editor's draft preview shows the correction, and no cache may keep it.
    const editorLogin = await page.request.post(url('/api/users/login'), { data: person('editor') })
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

    const republishedAt = Date.now()
    await reviewAndPublish(article.id, 'Corrected the dose.')
    await settle(`article:${article.slug}`, republishedAt)
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
