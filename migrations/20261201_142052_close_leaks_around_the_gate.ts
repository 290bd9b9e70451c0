import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

import { reindexAllPublished } from '@/lib/search/hooks'

/*
 * Closing the leaks around the publish gate:
 * - `clinicalEditors` on articles and conditions (who changed the clinical content since its
 *   last approval; stored as relationship rows, hence the `*_rels` changes);
 * - the ledger records the change note, the confirmed review interval and those editors;
 * - scheduled publishing moves from Payload's `schedulePublish` task to `scheduledPublishing`;
 * - search indexes articles by the names of published conditions only: everything published is
 *   indexed again (the Local API, so only when there is something to index — on an empty
 *   database a later schema would not matter, on a full one this runs before any later change).
 */

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "conditions_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  CREATE TABLE "_conditions_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;

  -- Payload's schedule drawer (task schedulePublish) gives way to the review panel's scheduling
  -- (task scheduledPublishing). Nothing scheduled is lost: a pending publish carries on as the
  -- same editor's scheduled publish; a pending unpublish, which never had a reason, becomes a
  -- failed job that the review panel shows, asking for it to be scheduled again with one.
  UPDATE "payload_jobs" SET
    "task_slug" = 'scheduledPublishing',
    "input" = jsonb_build_object(
      'collection', "input"->'doc'->>'relationTo',
      'docId', "input"->'doc'->>'value',
      'action', CASE WHEN "input"->>'type' = 'unpublish' THEN 'unpublish' ELSE 'publish' END,
      'reason', NULL,
      'scheduledBy', CASE WHEN jsonb_typeof("input"->'user') = 'object' THEN "input"->'user'->'value' ELSE "input"->'user' END
    ),
    "has_error" = ("input"->>'type' = 'unpublish'),
    "error" = CASE WHEN "input"->>'type' = 'unpublish'
      THEN '{"message": "This unpublish was scheduled before unpublishing needed a reason. Schedule it again in the review panel, with the reason."}'::jsonb
      ELSE "error" END,
    "completed_at" = CASE WHEN "input"->>'type' = 'unpublish' THEN now() ELSE "completed_at" END
  WHERE "task_slug" = 'schedulePublish' AND "completed_at" IS NULL AND "input"->'doc' IS NOT NULL;
  -- Finished or global ones have nothing left to do.
  DELETE FROM "payload_jobs" WHERE "task_slug" = 'schedulePublish';
  UPDATE "payload_jobs_log" SET "task_slug" = 'scheduledPublishing' WHERE "task_slug" = 'schedulePublish';

  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'reviewExpiry', 'scheduledPublishing');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'reviewExpiry', 'scheduledPublishing');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "articles_rels" ADD COLUMN "users_id" integer;
  ALTER TABLE "_articles_v_rels" ADD COLUMN "users_id" integer;
  ALTER TABLE "reviews" ADD COLUMN "review_interval_months" numeric;
  ALTER TABLE "reviews" ADD COLUMN "change_note" varchar;
  ALTER TABLE "reviews" ADD COLUMN "clinical_editors" jsonb;
  ALTER TABLE "conditions_rels" ADD CONSTRAINT "conditions_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."conditions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "conditions_rels" ADD CONSTRAINT "conditions_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_conditions_v_rels" ADD CONSTRAINT "_conditions_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_conditions_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_conditions_v_rels" ADD CONSTRAINT "_conditions_v_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "conditions_rels_order_idx" ON "conditions_rels" USING btree ("order");
  CREATE INDEX "conditions_rels_parent_idx" ON "conditions_rels" USING btree ("parent_id");
  CREATE INDEX "conditions_rels_path_idx" ON "conditions_rels" USING btree ("path");
  CREATE INDEX "conditions_rels_users_id_idx" ON "conditions_rels" USING btree ("users_id");
  CREATE INDEX "_conditions_v_rels_order_idx" ON "_conditions_v_rels" USING btree ("order");
  CREATE INDEX "_conditions_v_rels_parent_idx" ON "_conditions_v_rels" USING btree ("parent_id");
  CREATE INDEX "_conditions_v_rels_path_idx" ON "_conditions_v_rels" USING btree ("path");
  CREATE INDEX "_conditions_v_rels_users_id_idx" ON "_conditions_v_rels" USING btree ("users_id");
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "articles_rels_users_id_idx" ON "articles_rels" USING btree ("users_id");
  CREATE INDEX "_articles_v_rels_users_id_idx" ON "_articles_v_rels" USING btree ("users_id");`)

  const { rows } = await db.execute(
    sql`SELECT (SELECT count(*) FROM "articles" WHERE "_status" = 'published') + (SELECT count(*) FROM "conditions" WHERE "_status" = 'published') AS "published"`,
  )
  if (Number(rows[0]?.published ?? 0) > 0) {
    const indexed = await reindexAllPublished(req as Parameters<typeof reindexAllPublished>[0])
    payload.logger.info(`Search: indexed ${indexed} published documents again.`)
  }
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "conditions_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_conditions_v_rels" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "conditions_rels" CASCADE;
  DROP TABLE "_conditions_v_rels" CASCADE;
  ALTER TABLE "articles_rels" DROP CONSTRAINT "articles_rels_users_fk";
  
  ALTER TABLE "_articles_v_rels" DROP CONSTRAINT "_articles_v_rels_users_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  -- The review panel's scheduled jobs have no equivalent in Payload's drawer.
  DELETE FROM "payload_jobs" WHERE "task_slug" = 'scheduledPublishing';
  DELETE FROM "payload_jobs_log" WHERE "task_slug" = 'scheduledPublishing';
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'reviewExpiry', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'reviewExpiry', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "articles_rels_users_id_idx";
  DROP INDEX "_articles_v_rels_users_id_idx";
  ALTER TABLE "articles_rels" DROP COLUMN "users_id";
  ALTER TABLE "_articles_v_rels" DROP COLUMN "users_id";
  ALTER TABLE "reviews" DROP COLUMN "review_interval_months";
  ALTER TABLE "reviews" DROP COLUMN "change_note";
  ALTER TABLE "reviews" DROP COLUMN "clinical_editors";`)
}
