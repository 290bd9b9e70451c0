import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Written by hand: full-text search (lib/search/searchIndex.ts). Payload has no tsvector field,
 * so this table lives outside its schema (the drift test in tests/int/migrations.int.test.ts
 * knows it). Hooks keep it current; migration 20261201 indexed what was published before.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "search_documents" (
    "id" serial PRIMARY KEY NOT NULL,
    "collection" varchar NOT NULL,
    "doc_id" integer NOT NULL,
    "title" varchar NOT NULL,
    "slug" varchar NOT NULL,
    "summary" varchar NOT NULL,
    "body" text NOT NULL,
    "vector" tsvector NOT NULL,
    "updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  CREATE UNIQUE INDEX "search_documents_document_idx" ON "search_documents" USING btree ("collection", "doc_id");
  -- Written on publish only, read on every search: no pending list, so searches never wait on one.
  CREATE INDEX "search_documents_vector_idx" ON "search_documents" USING gin ("vector") WITH (fastupdate = off);`)

  // Existing published documents were indexed here through the Local API until 20261201, whose
  // migration indexes them instead (with the rules of that day): a Local API read in a migration
  // sees the newest schema, which a database this old does not have yet.
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "search_documents";`)
}
