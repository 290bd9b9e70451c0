/**
 * `npm run dev`: PostgreSQL (DATABASE_URL, or an embedded one under .data/), migrations, demo
 * accounts, then `next dev`. Ctrl-C stops Next.js and PostgreSQL cleanly.
 */
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { redact } from '@/tooling/db/selectDatabase'
import { runMigrations } from '@/tooling/db/migrate'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '@/seed/demoAccounts'
import { seedDemoContent } from '@/seed/seedDemoContent'

import { bold, runMain, step } from '@/tooling/cli'
import { spawnNext } from '@/tooling/next'
import { devStateDir } from '@/tooling/paths'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { withPayload } from '@/tooling/withPayload'

/** A secret that survives restarts (so logins do too), made once per checkout. */
async function devSecret(): Promise<string> {
  const file = path.join(devStateDir, 'payload-secret')
  const existing = await fs.readFile(file, 'utf8').catch(() => '')
  if (existing.trim()) return existing.trim()
  const secret = crypto.randomBytes(32).toString('hex')
  await fs.mkdir(devStateDir, { recursive: true })
  await fs.writeFile(file, secret, { mode: 0o600 })
  return secret
}

runMain(async () => {
  const env = process.env
  // Loads .env first, so PORT and SERVER_URL below may come from it.
  const database = await openScriptDatabase(env)
  const port = Number(env.PORT || 3000)
  const site = (env.SERVER_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  env.PAYLOAD_SECRET ||= await devSecret()
  env.SERVER_URL = site

  step('Applying migrations')
  const { created, articles } = await withPayload(async (payload) => {
    await runMigrations(payload)
    return { created: await seedDemoAccounts(payload), articles: await seedDemoContent(payload) }
  })
  if (created.length) step(`Created demo accounts: ${created.join(', ')}`)
  if (articles)
    step(`Created demo content: ${articles} published cause articles with their conditions, symptoms and people`)

  console.log(`
${bold('Causeway is starting')}
  Site   ${site}
  Admin  ${site}/admin
  Data   ${database.source === 'embedded' ? `embedded PostgreSQL, ${redact(database.url)}` : redact(database.url)}

  Demo accounts (password ${bold(DEMO_PASSWORD)}):
${DEMO_ACCOUNTS.map((a) => `    ${a.role.padEnd(9)} ${a.email}`).join('\n')}

  Ctrl-C stops the site and the database.
`)

  const next = spawnNext(['dev', '--port', String(port)], env)
  const shutdown = (signal: NodeJS.Signals) => {
    if (next.exitCode === null) next.kill(signal)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  const code = await new Promise<number>((resolve) => next.on('exit', (exitCode) => resolve(exitCode ?? 0)))
  await database.stop()
  process.exit(code)
})
