import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Written by hand: the cache-invalidation outbox (lib/cache/invalidations.mjs). A change writes
 * the cache tags it expires here, in its own transaction, and notifies the `causeway_cache`
 * channel, which PostgreSQL delivers only on commit; every server applies the tags when told,
 * and replays the recent rows when it starts or reconnects. Outside Payload's schema (the drift
 * test in tests/int/migrations.int.test.ts knows it).
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "cache_invalidations" (
    "id" bigserial PRIMARY KEY NOT NULL,
    "tags" text[] NOT NULL,
    "created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  -- Replays read the last day; pruning deletes what is older.
  CREATE INDEX "cache_invalidations_created_at_idx" ON "cache_invalidations" USING btree ("created_at");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "cache_invalidations";`)
}
