/**
 * `npm run payload -- <command>`: the Payload CLI with a database behind it. With no
 * DATABASE_URL it starts the development embedded PostgreSQL for the command's duration, so
 * `migrate:create`, `migrate:status` and friends work on a fresh clone.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { loadEnv } from 'payload/node'

import { selectDatabase } from '@/lib/database'

import { runMain } from './lib/cli'
import { bin } from './lib/next'
import { devEmbeddedDatabase, projectRoot } from './lib/paths'

runMain(async () => {
  loadEnv(projectRoot)
  const env = process.env
  const database = await selectDatabase(env, devEmbeddedDatabase(env))
  env.DATABASE_URL = database.url
  env.PAYLOAD_SECRET ||= 'payload-cli-only-not-used-to-sign-sessions'
  const cli = spawn(bin('tsx'), [path.join(projectRoot, 'scripts', 'lib', 'payloadCli.ts'), ...process.argv.slice(2)], {
    cwd: projectRoot,
    env,
    stdio: 'inherit',
  })
  const code = await new Promise<number>((resolve) => cli.on('exit', (exitCode) => resolve(exitCode ?? 1)))
  await database.stop()
  process.exit(code)
})
