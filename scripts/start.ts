/**
 * `npm start` (production): refuses to start without a real PAYLOAD_SECRET and a DATABASE_URL,
 * applies pending migrations, then serves the build with `next start`.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { loadEnv } from 'payload/node'

import { redact } from '@/lib/database'
import { databaseUrl, payloadSecret } from '@/lib/runtimeConfig'
import { runMigrations } from '@/lib/runMigrations'

import { runMain, step } from './lib/cli'
import { projectRoot } from './lib/paths'
import { withPayload } from './lib/withPayload'

runMain(async () => {
  loadEnv(projectRoot)
  const env = process.env as NodeJS.ProcessEnv & { NODE_ENV: string }
  env.NODE_ENV = 'production'
  payloadSecret(env)
  const url = databaseUrl(env)

  step(`Applying pending migrations to ${redact(url ?? '')}`)
  await withPayload(runMigrations)

  const args = ['start', '--port', String(env.PORT || 3000), ...process.argv.slice(2)]
  const next = spawn(path.join(projectRoot, 'node_modules', '.bin', 'next'), args, {
    cwd: projectRoot,
    env,
    stdio: 'inherit',
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => next.kill(signal))
  }
  next.on('exit', (code) => process.exit(code ?? 0))
})
