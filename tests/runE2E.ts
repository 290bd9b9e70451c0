/**
 * `npm run test:e2e [-- playwright args]`: builds the app (skip with E2E_SKIP_BUILD=1 when the
 * build is current), gives it a fresh, empty database on a disposable server (embedded, or a new
 * database on DATABASE_URL's server), serves it with `npm start` on a free port (which migrates
 * it), seeds the test users, runs Playwright against it, and removes everything afterwards.
 */
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { seedE2E } from '@/tests/helpers/seedUsers'
import { startSmtpSink } from '@/tests/helpers/smtpSink'
import { createTestDatabase, freePort, provisionTestServer } from '@/tooling/db/testDatabases'

import { cleanupOnExit, runMain, step } from '@/tooling/cli'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { run } from '@/tooling/run'
import { startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'
import { withPayload } from '@/tooling/withPayload'

runMain(async () => {
  const env = { ...process.env }
  if (env.E2E_SKIP_BUILD !== '1') {
    step('Building the app for production (next build)')
    const built = await run(bin('next'), ['build'], { NEXT_TELEMETRY_DISABLED: '1', ...env, NODE_ENV: 'production' })
    if (built !== 0) process.exit(built)
  }

  const server = await provisionTestServer(env)
  const database = await createTestDatabase(server.adminUrl, 'e2e')
  const logDir = path.join(projectRoot, 'test-results')
  await fs.mkdir(logDir, { recursive: true })
  const logFile = path.join(logDir, 'next-server.log')
  let next: ChildProcess | undefined
  let stopSmtp: (() => Promise<void>) | undefined
  const cleanup = cleanupOnExit(async () => {
    await stopProcessTree(next)
    await stopSmtp?.()
    await database.drop().catch((error) => console.error('Could not drop the e2e database:', error))
    await server.stop()
  })
  let code = 1
  try {
    step(
      `Database: fresh ${database.name} on ${server.source === 'embedded' ? 'a throwaway embedded PostgreSQL' : 'the DATABASE_URL server'}`,
    )
    const port = await freePort()
    const baseURL = `http://localhost:${port}`
    // A real SMTP server: every e-mail the app sends lands in a file the browser tests read.
    const mailFile = path.join(logDir, 'mail.jsonl')
    const smtp = await startSmtpSink(mailFile)
    stopSmtp = smtp.stop
    Object.assign(env, {
      DATABASE_URL: database.url,
      // A fresh, empty database of its own: npm start may create the schema in it.
      DATABASE_INIT: 'true',
      PAYLOAD_SECRET: crypto.randomBytes(32).toString('hex'),
      SERVER_URL: baseURL,
      PORT: String(port),
      MEDIA_DIR: path.join(os.tmpdir(), `causeway-e2e-media-${process.pid}`),
      SMTP_URL: smtp.url,
      MAIL_SINK_FILE: mailFile,
      // The nightly reference check would request the seeded references' sites: tests never reach the internet.
      REFERENCE_CHECKS: 'off',
    })

    // The production path itself: `npm start` checks the secret, applies the migrations to the
    // empty database, then serves the build.
    step(`npm start at ${baseURL} (log: ${path.relative(projectRoot, logFile)})`)
    next = startServer(env, logFile)
    await waitUntilServing(`${baseURL}/`, next, 90_000, logFile)

    Object.assign(process.env, env)
    await withPayload(seedE2E)

    code = await run(bin('playwright'), ['test', ...process.argv.slice(2)], { ...env, BASE_URL: baseURL })
  } finally {
    await cleanup()
  }
  process.exit(code)
})
