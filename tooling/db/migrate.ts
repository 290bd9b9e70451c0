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
