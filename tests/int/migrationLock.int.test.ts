/**
 * Instances started together migrate once: `scripts/apply-migrations.ts` (what `npm start` runs
 * before `next start`) holds a PostgreSQL session advisory lock (MIGRATION_LOCK_KEY) while it
 * migrates, so of two started at once one applies the migrations and the other waits, says so,
 * and then finds nothing left to apply. Each run here is a real `tsx scripts/apply-migrations.ts`
 * process on a fresh, empty database.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'

import { migrations } from '@/migrations'
import { MIGRATION_LOCK_KEY } from '@/tooling/db/migrate'
import { createTestDatabase } from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { stopProcessTree } from '@/tooling/server'
import { productionEnv } from '../helpers/productionEnv'

const WAITING = 'Another instance is applying migrations'
/** Payload logs this line for each migration it applies. */
const APPLYING = /Migrating: /

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

/** Starts `tsx scripts/apply-migrations.ts` on `url`, as `npm start` does (production). */
function applyMigrations(url: string): Run {
  const child = spawn(bin('tsx'), [path.join(projectRoot, 'scripts', 'apply-migrations.ts')], {
    cwd: projectRoot,
    env: productionEnv({ DATABASE_URL: url, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** Polls `condition` until it holds; fails with `what` if it never does (a generous bound, not a timing check). */
async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

/** The migrations recorded in `payload_migrations`, with how many times each is. */
async function recorded(client: pg.Client): Promise<Array<{ name: string; n: number }>> {
  const { rows } = await client.query<{ name: string; n: number }>(
    'SELECT name, count(*)::int AS n FROM payload_migrations GROUP BY name ORDER BY name',
  )
  return rows
}

const everyMigrationOnce = () =>
  migrations.map(({ name }) => ({ name, n: 1 })).sort((a, b) => a.name.localeCompare(b.name))

describe('migrations at start (scripts/apply-migrations.ts)', () => {
  const serverUrl = inject('databaseServerUrl')

  it('wait for another holder of the migration lock, then apply each migration exactly once', async () => {
    const database = await createTestDatabase(serverUrl, 'miglock')
    const holder = await connect(database.url)
    const runs: Run[] = []
    try {
      // This test plays the instance that is migrating: it holds the lock before either starts.
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      runs.push(applyMigrations(database.url), applyMigrations(database.url))

      await until('both instances say they are waiting for the lock', () => {
        const ended = runs.find((run) => run.child.exitCode !== null && !run.output().includes(WAITING))
        // Ended without waiting: it went ahead while another instance held the lock.
        if (ended) throw new Error(`apply-migrations did not wait for the lock:\n${ended.output().slice(-2000)}`)
        return runs.every((run) => run.output().includes(WAITING))
      })
      // Both are blocked in PostgreSQL on that lock, and neither has touched the schema.
      // (The lock as docs/operations.md says to find it: the key's high and low 32 bits.)
      const waiting = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND NOT l.granted
            AND d.datname = current_database()`,
        [Math.floor(MIGRATION_LOCK_KEY / 2 ** 32), MIGRATION_LOCK_KEY % 2 ** 32],
      )
      expect([Math.floor(MIGRATION_LOCK_KEY / 2 ** 32), MIGRATION_LOCK_KEY % 2 ** 32]).toEqual([29539, 1751477601])
      expect(waiting.rows[0]!.n).toBe(2)
      const tables = await holder.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'payload_migrations'",
      )
      expect(tables.rowCount).toBe(0)
      for (const run of runs) expect(run.output()).not.toMatch(APPLYING)

      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      const codes = await Promise.all(runs.map((run) => run.exited))
      expect(codes, runs.map((run) => run.output().slice(-2000)).join('\n----\n')).toEqual([0, 0])

      expect(await recorded(holder)).toEqual(everyMigrationOnce())
      // One of them applied the migrations; the other, let through after it, found none pending.
      expect(runs.filter((run) => APPLYING.test(run.output()))).toHaveLength(1)
    } finally {
      await Promise.all(runs.map((run) => stopProcessTree(run.child, 1_000)))
      await holder.end().catch(() => undefined)
      await database.drop()
    }
  })

  it('started together on an empty database, both succeed and the migrations are applied once', async () => {
    const database = await createTestDatabase(serverUrl, 'miglock')
    const runs: Run[] = []
    let client: pg.Client | undefined
    try {
      runs.push(applyMigrations(database.url), applyMigrations(database.url))
      const codes = await Promise.all(runs.map((run) => run.exited))
      const outputs = runs.map((run) => run.output())
      expect(codes, outputs.map((output) => output.slice(-2000)).join('\n----\n')).toEqual([0, 0])
      client = await connect(database.url)
      expect(await recorded(client)).toEqual(everyMigrationOnce())
      // Whichever got the lock first applied them all; the other applied none.
      expect(outputs.filter((output) => APPLYING.test(output))).toHaveLength(1)
    } finally {
      await Promise.all(runs.map((run) => stopProcessTree(run.child, 1_000)))
      await client?.end().catch(() => undefined)
      await database.drop()
    }
  })
})
