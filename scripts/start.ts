/**
 * `npm start` (production): refuses to start without a real PAYLOAD_SECRET and a DATABASE_URL, or
 * when uploads could not be stored (the media directory, or the S3 bucket when S3_BUCKET is set:
 * tooling/mediaDir.ts), waits for PostgreSQL (bounded backoff, one line per attempt), refuses a
 * database that is missing, or empty unless DATABASE_INIT=true, applies pending migrations (in a
 * child process, scripts/apply-migrations.ts, so this parent stays small), then serves the build
 * with `next start` — and exits as the server does: non-zero (128 + signal) when it dies, so a
 * supervisor's restart-on-failure fires.
 */
import path from 'node:path'

import { loadEnv } from 'payload/node'

import { redact } from '@/tooling/db/selectDatabase'
import { EdgeConfigurationError, edgeConfig } from '@/lib/cache/edge.mjs'
import { ConfigurationError, databaseUrl, payloadSecret, serverNodeOptions, serverUrl } from '@/lib/runtimeConfig'

import { runMain, step } from '@/tooling/cli'
import { bin, spawnNext } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { databaseState, refuseUnlessCauseway, waitForDatabase } from '@/tooling/db/waitForDatabase'
import { checkMediaStorage } from '@/tooling/mediaDir'
import { exitCodeOf, run } from '@/tooling/run'

runMain(async () => {
  loadEnv(projectRoot)
  const env = process.env as NodeJS.ProcessEnv & { NODE_ENV: string }
  env.NODE_ENV = 'production'
  payloadSecret(env)
  serverUrl(env)
  serverNodeOptions(env)
  const url = databaseUrl(env)!
  // An edge to purge (EDGE_PURGE_URLS) needs its secret: refused now rather than found out later.
  try {
    edgeConfig(env)
  } catch (error) {
    if (error instanceof EdgeConfigurationError) throw new ConfigurationError(error.message)
    throw error
  }

  await checkMediaStorage(env, projectRoot, step)

  step(`Waiting for PostgreSQL at ${redact(url)}`)
  await waitForDatabase(url, { totalMs: Number(env.DATABASE_WAIT_SECONDS || 60) * 1000 })
  refuseUnlessCauseway(await databaseState(url), url, env.DATABASE_INIT === 'true')

  step(`Applying pending migrations to ${redact(url)}`)
  const migrated = await run(bin('tsx'), [path.join(projectRoot, 'scripts', 'apply-migrations.ts')], env)
  if (migrated !== 0) process.exit(migrated)

  const args = ['start', '--port', String(env.PORT || 3000), ...process.argv.slice(2)]
  const next = spawnNext(args, { ...env, NODE_OPTIONS: serverNodeOptions(env) })
  // Asked to stop: the server's exit is the expected end, and this process ends as it does (0 when
  // it shut down cleanly). Otherwise the server died on its own — killed, out of memory, crashed —
  // and that is a failure whatever it says.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true
      next.kill(signal)
    })
  }
  next.on('exit', (code, signal) => {
    const status = exitCodeOf(code, signal)
    // Next answers SIGTERM and SIGINT by exiting 128 + that signal: a clean stop all the same.
    if (stopping) process.exit(status === 0 || status === 130 || status === 143 ? 0 : status)
    console.error(
      `The server stopped unexpectedly (${signal ? `killed by ${signal}` : `exit code ${code}`}); exiting with ${status || 1}.`,
    )
    process.exit(status || 1)
  })
})
