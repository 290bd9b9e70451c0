/**
 * `npm start` (production): refuses to start without a real PAYLOAD_SECRET and a DATABASE_URL,
 * applies pending migrations (in a child process, scripts/apply-migrations.ts, so this parent
 * stays small), then serves the build with `next start`.
 */
import path from 'node:path'

import { loadEnv } from 'payload/node'

import { redact } from '@/tooling/db/selectDatabase'
import { databaseUrl, payloadSecret, serverNodeOptions, serverUrl } from '@/lib/runtimeConfig'

import { runMain, step } from '@/tooling/cli'
import { bin, spawnNext } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { run } from '@/tooling/run'

runMain(async () => {
  loadEnv(projectRoot)
  const env = process.env as NodeJS.ProcessEnv & { NODE_ENV: string }
  env.NODE_ENV = 'production'
  payloadSecret(env)
  serverUrl(env)
  serverNodeOptions(env)
  const url = databaseUrl(env)

  step(`Applying pending migrations to ${redact(url ?? '')}`)
  const migrated = await run(bin('tsx'), [path.join(projectRoot, 'scripts', 'apply-migrations.ts')], env)
  if (migrated !== 0) process.exit(migrated)

  const args = ['start', '--port', String(env.PORT || 3000), ...process.argv.slice(2)]
  const next = spawnNext(args, { ...env, NODE_OPTIONS: serverNodeOptions(env) })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => next.kill(signal))
  }
  next.on('exit', (code) => process.exit(code ?? 0))
})
