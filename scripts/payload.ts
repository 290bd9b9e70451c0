/**
 * `npm run payload -- <command>`: the Payload CLI with a database behind it. With no
 * DATABASE_URL it starts the development embedded PostgreSQL for the command's duration, so
 * `migrate:create`, `migrate:status` and friends work on a fresh clone.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'

import { runMain } from '@/tooling/cli'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { openScriptDatabase } from '@/tooling/db/devDatabase'

runMain(async () => {
  const env = process.env
  const database = await openScriptDatabase(env)
  env.PAYLOAD_SECRET ||= 'payload-cli-only-not-used-to-sign-sessions'
  const cli = spawn(bin('tsx'), [path.join(projectRoot, 'tooling', 'payloadCli.ts'), ...process.argv.slice(2)], {
    cwd: projectRoot,
    env,
    stdio: 'inherit',
  })
  const code = await new Promise<number>((resolve) => cli.on('exit', (exitCode) => resolve(exitCode ?? 1)))
  await database.stop()
  process.exit(code)
})
