import type { MigrateDownArgs } from '@payloadcms/db-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { migrations } from '@/migrations'
import { runMigrations } from '@/tooling/db/migrate'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'

let ctx: PayloadIntContext
let client: pg.Client

async function tables(): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  )
  return rows.map((row) => row.table_name)
}

/**
 * drizzle-kit reads a numeric column's default back as '0'::numeric and proposes setting it to 0
 * again; a SET DEFAULT equal to the live default changes nothing and is not drift.
 */
async function isNoOpSetDefault(statement: string): Promise<boolean> {
  const match = statement.match(/^ALTER TABLE "([^"]+)" ALTER COLUMN "([^"]+)" SET DEFAULT (.+);$/)
  if (!match) return false
  const [, table, column, wanted] = match
  const { rows } = await client.query<{ column_default: string | null }>(
    'SELECT column_default FROM information_schema.columns WHERE table_name = $1 AND column_name = $2',
    [table, column],
  )
  const live = rows[0]?.column_default?.replace(/::[\w ]+$/, '').replace(/^'(.*)'$/, '$1')
  return live === wanted
}

beforeAll(async () => {
  ctx = await initPayloadInt({ migrate: false })
  client = new pg.Client({ connectionString: ctx.databaseUrl })
  await client.connect()
})

afterAll(async () => {
  await client?.end()
  await ctx?.cleanup()
})

/** Tables created by hand-written migrations, which Payload's schema does not declare. */
const HAND_MANAGED = ['search_documents', 'cache_invalidations']

describe('committed migrations', () => {
  it('start from an empty database', async () => {
    expect(await tables()).toEqual([])
  })

  it('create the whole schema and record each migration once', async () => {
    await runMigrations(ctx.payload)
    expect(await tables()).toEqual(
      expect.arrayContaining(['users', 'users_roles', 'users_sessions', 'symptoms', 'payload_migrations']),
    )
    const { rows } = await client.query<{ name: string }>('SELECT name FROM payload_migrations ORDER BY name')
    expect(rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name))
  })

  it('build exactly the schema payload.config.ts declares (a collection change needs a migration)', async () => {
    const { db } = ctx.payload
    const { pushSchema } = db.requireDrizzleKit()
    // drizzle-kit compares the live database with the config's schema and lists what it would run.
    const diff = (await pushSchema(db.schema, db.drizzle, ['public'])) as unknown as { statementsToExecute: string[] }
    const drift = []
    for (const statement of diff.statementsToExecute) {
      // Hand-managed objects outside Payload's schema (full-text search) are not drift.
      if (HAND_MANAGED.some((name) => statement.includes(`"${name}"`))) continue
      if (!(await isNoOpSetDefault(statement))) drift.push(statement)
    }
    expect(drift).toEqual([])
  })

  it('are a no-op when run again', async () => {
    await runMigrations(ctx.payload)
    const { rows } = await client.query('SELECT count(*)::int AS n FROM payload_migrations')
    expect(rows[0].n).toBe(migrations.length)
  })

  it('leave a schema that Payload can read and write', async () => {
    const symptom = await ctx.payload.create({
      collection: 'symptoms',
      data: { name: 'Hip pain', bodyRegion: 'hips-and-legs' },
      context: { disableRevalidate: true },
    })
    expect(symptom.slug).toBe('hip-pain')
  })

  it('roll back completely with their down steps, and apply again', async () => {
    const { db } = ctx.payload
    for (const migration of [...migrations].reverse()) {
      await migration.down({ db: db.drizzle, payload: ctx.payload, req: {} as MigrateDownArgs['req'] })
    }
    // The first migration's down step also drops payload_migrations itself.
    expect(await tables()).toEqual([])
    await runMigrations(ctx.payload)
    expect(await tables()).toContain('users')
  })
})
