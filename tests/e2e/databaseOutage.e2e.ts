/**
 * PostgreSQL goes away under a running production server, and comes back. The test runs its own
 * embedded PostgreSQL (so stopping it touches nobody else) and its own `npm start` on it:
 * cached reader pages keep answering 200, pages that need the database get the site's own
 * "temporarily unavailable" page, the API answers 503 with Retry-After, readiness says so while
 * liveness stays up — and everything serves again once PostgreSQL is back, without a restart.
 * Then PostgreSQL stalls (paused, connections open): the API answers 503 within the statement
 * timeout instead of hanging, and recovers when it resumes.
 */
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { expect, test } from '@playwright/test'

import { type SelectedDatabase, startEmbeddedPostgres } from '@/tooling/db/selectDatabase'
import { freePort } from '@/tooling/db/testDatabases'
import { projectRoot } from '@/tooling/paths'
import { descendants, startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'

test('a database outage under a running server: cached pages stay up, the rest says so, and all recovers', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-outage-'))
  const embedded = { dataDir: path.join(scratch, 'data'), port: await freePort(), database: 'causeway_outage' }
  let database: SelectedDatabase | undefined = await startEmbeddedPostgres(embedded)
  let server: ChildProcess | undefined
  try {
    const port = await freePort()
    const base = `http://localhost:${port}`
    const log = path.join(projectRoot, 'test-results', 'outage-server.log')
    await fs.mkdir(path.dirname(log), { recursive: true })
    server = startServer(
      {
        ...process.env,
        DATABASE_URL: database.url,
        DATABASE_INIT: 'true',
        SERVER_URL: base,
        PORT: String(port),
        JOBS_AUTORUN: 'false',
        MEDIA_DIR: path.join(scratch, 'media'),
        // Short, so the stalled-database phase below answers quickly.
        DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      },
      log,
    )
    await waitUntilServing(`${base}/`, server, 120_000, log)
    const get = (pathname: string) => fetch(new URL(pathname, base), { redirect: 'manual' })
    // The home page, rendered once and cached.
    expect((await get('/')).status).toBe(200)
    expect((await get('/api/ready')).status).toBe(200)

    await database.stop()
    database = undefined

    expect((await get('/')).status, 'a cached page').toBe(200)
    const api = await get('/api/symptoms')
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toBe('5')
    expect(((await api.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
      /database is not answering/,
    )
    expect((await get('/api/health')).status).toBe(200)
    expect((await get('/api/ready')).status).toBe(503)
    // A page that needs the database: the site's own page, in a browser as a reader sees it.
    const response = await page.goto(`${base}/search?q=knee`)
    expect(response!.status()).toBe(503)
    expect(response!.headers()['retry-after']).toBe('5')
    await expect(page.getByRole('heading', { name: 'This page is temporarily unavailable' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Causeway' })).toBeVisible()
    await expect(page.getByText(/This page couldn.t load/)).toHaveCount(0)

    database = await startEmbeddedPostgres(embedded)
    await expect
      .poll(async () => (await get('/api/symptoms')).status, {
        timeout: 30_000,
        message: 'the API after PostgreSQL is back',
      })
      .toBe(200)
    expect((await get('/api/ready')).status).toBe(200)
    await page.goto(`${base}/search?q=knee`)
    await expect(page.getByRole('heading', { name: 'This page is temporarily unavailable' })).toHaveCount(0)
    expect((await get('/search?q=knee')).status).toBe(200)

    // A stalled database: every PostgreSQL process paused (SIGSTOP), connections open, nothing
    // answering. The API answers 503 within the statement timeout (+ the client's grace), no hang.
    const postmaster = Number((await fs.readFile(path.join(embedded.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
    const paused = [postmaster, ...descendants(postmaster)]
    for (const pid of paused) process.kill(pid, 'SIGSTOP')
    try {
      const started = Date.now()
      const stalled = await get('/api/symptoms?limit=1&where[id][greater_than]=0')
      const seconds = (Date.now() - started) / 1000
      expect(stalled.status).toBe(503)
      expect(stalled.headers.get('retry-after')).toBe('5')
      // 2 s statement timeout + 5 s client grace; generous for a shared machine, far below a hang.
      expect(seconds).toBeLessThan(20)
    } finally {
      for (const pid of paused) process.kill(pid, 'SIGCONT')
    }
    await expect
      .poll(async () => (await get('/api/symptoms')).status, {
        timeout: 30_000,
        message: 'the API after PostgreSQL resumes',
      })
      .toBe(200)
  } finally {
    await stopProcessTree(server)
    await database?.stop()
    await fs.rm(scratch, { force: true, recursive: true })
  }
})
