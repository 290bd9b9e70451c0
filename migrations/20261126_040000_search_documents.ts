import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

import { articleEntry, conditionEntry, indexDocument } from '../lib/search/searchIndex'

/**
 * Written by hand: full-text search (lib/search/searchIndex.ts). Payload has no tsvector field,
 * so this table lives outside its schema (the drift test in tests/int/migrations.int.test.ts
 * knows it). Existing published documents are indexed here; hooks keep it current afterwards.
 */
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
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

  for (const collection of ['articles', 'conditions'] as const) {
    for (let page = 1; ; page++) {
      const result = await payload.find({
        collection,
        where: { _status: { equals: 'published' } },
        depth: 1,
        limit: 200,
        page,
        overrideAccess: true,
        req,
      })
      for (const doc of result.docs) {
        await indexDocument(payload, collection === 'articles' ? articleEntry(doc as never) : conditionEntry(doc as never), req)
      }
      if (!result.hasNextPage) break
    }
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "search_documents";`)
}
