import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { migrations } from '@/migrations'

type PayloadMigration = NonNullable<NonNullable<Parameters<Payload['db']['migrate']>[0]>['migrations']>[number]

// payload's `migrate()` types its migrations' arguments as `unknown`; the Postgres adapter calls
// them with its own MigrateUpArgs/MigrateDownArgs, which is what the generated files expect.
const committed: PayloadMigration[] = migrations.map((migration) => ({
  name: migration.name,
  up: (args) => migration.up(args as MigrateUpArgs),
  down: (args) => migration.down(args as MigrateDownArgs),
}))

/**
 * Applies every committed migration not yet recorded in `payload_migrations`. Dev, test and
 * production all create their schema this way; nothing is ever pushed.
 */
export async function runMigrations(payload: Payload): Promise<void> {
  await payload.db.migrate({ migrations: committed })
}

/**
 * The PostgreSQL session advisory lock held while `npm start` applies migrations: "schema" in
 * ASCII (0x736368656d61 = 126870790434145). Instances started together migrate one at a time:
 * the first applies what is pending, the others wait for it, then find nothing left to apply.
 */
export const MIGRATION_LOCK_KEY = 0x736368656d61

/**
 * Runs `task` holding the migration lock on a dedicated connection to `url` (not Payload's pool),
 * released in `finally` and, should the process die, by PostgreSQL when the connection closes.
 * When another instance holds it, says so through `log` and waits for as long as it takes: a
 * migration must not be cut short, and the next one cannot start until it has ended.
 */
export async function withMigrationLock<T>(
  url: string,
  task: () => Promise<T>,
  log: (message: string) => void = console.log,
): Promise<T> {
  const { default: pg } = await import('pg')
  // No statement timeout on this connection: waiting for the lock is one statement.
  const client = new pg.Client({ connectionString: url, statement_timeout: 0, query_timeout: 0 })
  await client.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ])
    if (!rows[0]?.locked) {
      log(
        `Another instance is applying migrations (advisory lock ${MIGRATION_LOCK_KEY} is held); waiting for it to finish…`,
      )
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      log('The other instance has finished migrating; checking for anything still pending.')
    }
    return await task()
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined)
    await client.end().catch(() => undefined)
  }
}
