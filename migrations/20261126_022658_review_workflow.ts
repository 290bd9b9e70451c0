import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum_articles_last_decision_decision" AS ENUM('approve', 'changes-requested');
  CREATE TYPE "public"."enum__articles_v_version_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum__articles_v_version_last_decision_decision" AS ENUM('approve', 'changes-requested');
  CREATE TYPE "public"."enum_conditions_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum_conditions_last_decision_decision" AS ENUM('approve', 'changes-requested');
  CREATE TYPE "public"."enum__conditions_v_version_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum__conditions_v_version_last_decision_decision" AS ENUM('approve', 'changes-requested');
  CREATE TYPE "public"."enum_publications_action" AS ENUM('publish', 'unpublish');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'reviewExpiry' BEFORE 'schedulePublish';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'reviewExpiry' BEFORE 'schedulePublish';
  CREATE TABLE "publications" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"subject_collection" varchar NOT NULL,
  	"subject_id" varchar NOT NULL,
  	"subject_title" varchar,
  	"action" "enum_publications_action" NOT NULL,
  	"version_id" varchar,
  	"content_hash" varchar,
  	"sign_off_entry" numeric,
  	"reviewer_id" integer,
  	"reviewer_name" varchar,
  	"reviewer_credentials" varchar,
  	"signed_at" timestamp(3) with time zone,
  	"change_note" varchar,
  	"reason" varchar,
  	"by_id" integer,
  	"at" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "articles" ADD COLUMN "review_stage" "enum_articles_review_stage" DEFAULT 'draft';
  ALTER TABLE "articles" ADD COLUMN "assigned_reviewer_id" integer;
  ALTER TABLE "articles" ADD COLUMN "change_note" varchar;
  ALTER TABLE "articles" ADD COLUMN "review_interval_months" numeric DEFAULT 12;
  ALTER TABLE "articles" ADD COLUMN "content_hash" varchar;
  ALTER TABLE "articles" ADD COLUMN "sign_off_entry" numeric;
  ALTER TABLE "articles" ADD COLUMN "sign_off_hash" varchar;
  ALTER TABLE "articles" ADD COLUMN "sign_off_reviewer_id" integer;
  ALTER TABLE "articles" ADD COLUMN "sign_off_reviewer_name" varchar;
  ALTER TABLE "articles" ADD COLUMN "sign_off_reviewer_credentials" varchar;
  ALTER TABLE "articles" ADD COLUMN "sign_off_signed_at" timestamp(3) with time zone;
  ALTER TABLE "articles" ADD COLUMN "sign_off_next_review_due" timestamp(3) with time zone;
  ALTER TABLE "articles" ADD COLUMN "sign_off_version_id" varchar;
  ALTER TABLE "articles" ADD COLUMN "last_decision_decision" "enum_articles_last_decision_decision";
  ALTER TABLE "articles" ADD COLUMN "last_decision_comments" varchar;
  ALTER TABLE "articles" ADD COLUMN "last_decision_reviewer_name" varchar;
  ALTER TABLE "articles" ADD COLUMN "last_decision_at" timestamp(3) with time zone;
  ALTER TABLE "_articles_v" ADD COLUMN "version_review_stage" "enum__articles_v_version_review_stage" DEFAULT 'draft';
  ALTER TABLE "_articles_v" ADD COLUMN "version_assigned_reviewer_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_change_note" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_review_interval_months" numeric DEFAULT 12;
  ALTER TABLE "_articles_v" ADD COLUMN "version_content_hash" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_entry" numeric;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_hash" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_reviewer_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_reviewer_name" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_reviewer_credentials" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_signed_at" timestamp(3) with time zone;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_next_review_due" timestamp(3) with time zone;
  ALTER TABLE "_articles_v" ADD COLUMN "version_sign_off_version_id" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_decision_decision" "enum__articles_v_version_last_decision_decision";
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_decision_comments" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_decision_reviewer_name" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_decision_at" timestamp(3) with time zone;
  ALTER TABLE "conditions" ADD COLUMN "review_stage" "enum_conditions_review_stage" DEFAULT 'draft';
  ALTER TABLE "conditions" ADD COLUMN "assigned_reviewer_id" integer;
  ALTER TABLE "conditions" ADD COLUMN "change_note" varchar;
  ALTER TABLE "conditions" ADD COLUMN "review_interval_months" numeric DEFAULT 12;
  ALTER TABLE "conditions" ADD COLUMN "content_hash" varchar;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_entry" numeric;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_hash" varchar;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_reviewer_id" integer;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_reviewer_name" varchar;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_reviewer_credentials" varchar;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_signed_at" timestamp(3) with time zone;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_next_review_due" timestamp(3) with time zone;
  ALTER TABLE "conditions" ADD COLUMN "sign_off_version_id" varchar;
  ALTER TABLE "conditions" ADD COLUMN "last_decision_decision" "enum_conditions_last_decision_decision";
  ALTER TABLE "conditions" ADD COLUMN "last_decision_comments" varchar;
  ALTER TABLE "conditions" ADD COLUMN "last_decision_reviewer_name" varchar;
  ALTER TABLE "conditions" ADD COLUMN "last_decision_at" timestamp(3) with time zone;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_review_stage" "enum__conditions_v_version_review_stage" DEFAULT 'draft';
  ALTER TABLE "_conditions_v" ADD COLUMN "version_assigned_reviewer_id" integer;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_change_note" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_review_interval_months" numeric DEFAULT 12;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_content_hash" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_entry" numeric;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_hash" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_reviewer_id" integer;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_reviewer_name" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_reviewer_credentials" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_signed_at" timestamp(3) with time zone;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_next_review_due" timestamp(3) with time zone;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_sign_off_version_id" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_decision_decision" "enum__conditions_v_version_last_decision_decision";
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_decision_comments" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_decision_reviewer_name" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_decision_at" timestamp(3) with time zone;
  ALTER TABLE "payload_jobs" ADD COLUMN "meta" jsonb;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "publications_id" integer;
  ALTER TABLE "publications" ADD CONSTRAINT "publications_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "publications" ADD CONSTRAINT "publications_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "publications_subject_collection_idx" ON "publications" USING btree ("subject_collection");
  CREATE INDEX "publications_subject_id_idx" ON "publications" USING btree ("subject_id");
  CREATE INDEX "publications_reviewer_idx" ON "publications" USING btree ("reviewer_id");
  CREATE INDEX "publications_by_idx" ON "publications" USING btree ("by_id");
  CREATE INDEX "publications_at_idx" ON "publications" USING btree ("at");
  CREATE INDEX "publications_updated_at_idx" ON "publications" USING btree ("updated_at");
  CREATE INDEX "publications_created_at_idx" ON "publications" USING btree ("created_at");
  ALTER TABLE "articles" ADD CONSTRAINT "articles_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_sign_off_reviewer_id_users_id_fk" FOREIGN KEY ("sign_off_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("version_assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_sign_off_reviewer_id_users_id_fk" FOREIGN KEY ("version_sign_off_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conditions" ADD CONSTRAINT "conditions_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conditions" ADD CONSTRAINT "conditions_sign_off_reviewer_id_users_id_fk" FOREIGN KEY ("sign_off_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_conditions_v" ADD CONSTRAINT "_conditions_v_version_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("version_assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_conditions_v" ADD CONSTRAINT "_conditions_v_version_sign_off_reviewer_id_users_id_fk" FOREIGN KEY ("version_sign_off_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_publications_fk" FOREIGN KEY ("publications_id") REFERENCES "public"."publications"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "articles_review_stage_idx" ON "articles" USING btree ("review_stage");
  CREATE INDEX "articles_assigned_reviewer_idx" ON "articles" USING btree ("assigned_reviewer_id");
  CREATE INDEX "articles_sign_off_sign_off_reviewer_idx" ON "articles" USING btree ("sign_off_reviewer_id");
  CREATE INDEX "articles_sign_off_sign_off_next_review_due_idx" ON "articles" USING btree ("sign_off_next_review_due");
  CREATE INDEX "_articles_v_version_version_review_stage_idx" ON "_articles_v" USING btree ("version_review_stage");
  CREATE INDEX "_articles_v_version_version_assigned_reviewer_idx" ON "_articles_v" USING btree ("version_assigned_reviewer_id");
  CREATE INDEX "_articles_v_version_sign_off_version_sign_off_reviewer_idx" ON "_articles_v" USING btree ("version_sign_off_reviewer_id");
  CREATE INDEX "_articles_v_version_sign_off_version_sign_off_next_revie_idx" ON "_articles_v" USING btree ("version_sign_off_next_review_due");
  CREATE INDEX "conditions_review_stage_idx" ON "conditions" USING btree ("review_stage");
  CREATE INDEX "conditions_assigned_reviewer_idx" ON "conditions" USING btree ("assigned_reviewer_id");
  CREATE INDEX "conditions_sign_off_sign_off_reviewer_idx" ON "conditions" USING btree ("sign_off_reviewer_id");
  CREATE INDEX "conditions_sign_off_sign_off_next_review_due_idx" ON "conditions" USING btree ("sign_off_next_review_due");
  CREATE INDEX "_conditions_v_version_version_review_stage_idx" ON "_conditions_v" USING btree ("version_review_stage");
  CREATE INDEX "_conditions_v_version_version_assigned_reviewer_idx" ON "_conditions_v" USING btree ("version_assigned_reviewer_id");
  CREATE INDEX "_conditions_v_version_sign_off_version_sign_off_reviewer_idx" ON "_conditions_v" USING btree ("version_sign_off_reviewer_id");
  CREATE INDEX "_conditions_v_version_sign_off_version_sign_off_next_rev_idx" ON "_conditions_v" USING btree ("version_sign_off_next_review_due");
  CREATE INDEX "payload_locked_documents_rels_publications_id_idx" ON "payload_locked_documents_rels" USING btree ("publications_id");`)

  // Written by hand: the publication record is append-only in the database itself, like the ledger.
  await db.execute(sql`
  CREATE FUNCTION "refuse_publication_change"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'The publication record is append-only: % on "publications" is refused.', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END;
  $$;
  CREATE TRIGGER "publications_append_only" BEFORE UPDATE OR DELETE ON "publications"
    FOR EACH ROW EXECUTE FUNCTION "refuse_publication_change"();
  CREATE TRIGGER "publications_no_truncate" BEFORE TRUNCATE ON "publications"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_publication_change"();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER IF EXISTS "publications_append_only" ON "publications";
  DROP TRIGGER IF EXISTS "publications_no_truncate" ON "publications";
  DROP FUNCTION IF EXISTS "refuse_publication_change"();`)
  await db.execute(sql`
   ALTER TABLE "publications" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_stats" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "publications" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  ALTER TABLE "articles" DROP CONSTRAINT IF EXISTS "articles_assigned_reviewer_id_users_id_fk";
  
  ALTER TABLE "articles" DROP CONSTRAINT IF EXISTS "articles_sign_off_reviewer_id_users_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT IF EXISTS "_articles_v_version_assigned_reviewer_id_users_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT IF EXISTS "_articles_v_version_sign_off_reviewer_id_users_id_fk";
  
  ALTER TABLE "conditions" DROP CONSTRAINT IF EXISTS "conditions_assigned_reviewer_id_users_id_fk";
  
  ALTER TABLE "conditions" DROP CONSTRAINT IF EXISTS "conditions_sign_off_reviewer_id_users_id_fk";
  
  ALTER TABLE "_conditions_v" DROP CONSTRAINT IF EXISTS "_conditions_v_version_assigned_reviewer_id_users_id_fk";
  
  ALTER TABLE "_conditions_v" DROP CONSTRAINT IF EXISTS "_conditions_v_version_sign_off_reviewer_id_users_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_publications_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX IF EXISTS "articles_review_stage_idx";
  DROP INDEX IF EXISTS "articles_assigned_reviewer_idx";
  DROP INDEX IF EXISTS "articles_sign_off_sign_off_reviewer_idx";
  DROP INDEX IF EXISTS "articles_sign_off_sign_off_next_review_due_idx";
  DROP INDEX IF EXISTS "_articles_v_version_version_review_stage_idx";
  DROP INDEX IF EXISTS "_articles_v_version_version_assigned_reviewer_idx";
  DROP INDEX IF EXISTS "_articles_v_version_sign_off_version_sign_off_reviewer_idx";
  DROP INDEX IF EXISTS "_articles_v_version_sign_off_version_sign_off_next_revie_idx";
  DROP INDEX IF EXISTS "conditions_review_stage_idx";
  DROP INDEX IF EXISTS "conditions_assigned_reviewer_idx";
  DROP INDEX IF EXISTS "conditions_sign_off_sign_off_reviewer_idx";
  DROP INDEX IF EXISTS "conditions_sign_off_sign_off_next_review_due_idx";
  DROP INDEX IF EXISTS "_conditions_v_version_version_review_stage_idx";
  DROP INDEX IF EXISTS "_conditions_v_version_version_assigned_reviewer_idx";
  DROP INDEX IF EXISTS "_conditions_v_version_sign_off_version_sign_off_reviewer_idx";
  DROP INDEX IF EXISTS "_conditions_v_version_sign_off_version_sign_off_next_rev_idx";
  DROP INDEX IF EXISTS "payload_locked_documents_rels_publications_id_idx";
  ALTER TABLE "articles" DROP COLUMN "review_stage";
  ALTER TABLE "articles" DROP COLUMN "assigned_reviewer_id";
  ALTER TABLE "articles" DROP COLUMN "change_note";
  ALTER TABLE "articles" DROP COLUMN "review_interval_months";
  ALTER TABLE "articles" DROP COLUMN "content_hash";
  ALTER TABLE "articles" DROP COLUMN "sign_off_entry";
  ALTER TABLE "articles" DROP COLUMN "sign_off_hash";
  ALTER TABLE "articles" DROP COLUMN "sign_off_reviewer_id";
  ALTER TABLE "articles" DROP COLUMN "sign_off_reviewer_name";
  ALTER TABLE "articles" DROP COLUMN "sign_off_reviewer_credentials";
  ALTER TABLE "articles" DROP COLUMN "sign_off_signed_at";
  ALTER TABLE "articles" DROP COLUMN "sign_off_next_review_due";
  ALTER TABLE "articles" DROP COLUMN "sign_off_version_id";
  ALTER TABLE "articles" DROP COLUMN "last_decision_decision";
  ALTER TABLE "articles" DROP COLUMN "last_decision_comments";
  ALTER TABLE "articles" DROP COLUMN "last_decision_reviewer_name";
  ALTER TABLE "articles" DROP COLUMN "last_decision_at";
  ALTER TABLE "_articles_v" DROP COLUMN "version_review_stage";
  ALTER TABLE "_articles_v" DROP COLUMN "version_assigned_reviewer_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_change_note";
  ALTER TABLE "_articles_v" DROP COLUMN "version_review_interval_months";
  ALTER TABLE "_articles_v" DROP COLUMN "version_content_hash";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_entry";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_hash";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_reviewer_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_reviewer_name";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_reviewer_credentials";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_signed_at";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_next_review_due";
  ALTER TABLE "_articles_v" DROP COLUMN "version_sign_off_version_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_decision_decision";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_decision_comments";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_decision_reviewer_name";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_decision_at";
  ALTER TABLE "conditions" DROP COLUMN "review_stage";
  ALTER TABLE "conditions" DROP COLUMN "assigned_reviewer_id";
  ALTER TABLE "conditions" DROP COLUMN "change_note";
  ALTER TABLE "conditions" DROP COLUMN "review_interval_months";
  ALTER TABLE "conditions" DROP COLUMN "content_hash";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_entry";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_hash";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_reviewer_id";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_reviewer_name";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_reviewer_credentials";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_signed_at";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_next_review_due";
  ALTER TABLE "conditions" DROP COLUMN "sign_off_version_id";
  ALTER TABLE "conditions" DROP COLUMN "last_decision_decision";
  ALTER TABLE "conditions" DROP COLUMN "last_decision_comments";
  ALTER TABLE "conditions" DROP COLUMN "last_decision_reviewer_name";
  ALTER TABLE "conditions" DROP COLUMN "last_decision_at";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_review_stage";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_assigned_reviewer_id";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_change_note";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_review_interval_months";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_content_hash";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_entry";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_hash";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_reviewer_id";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_reviewer_name";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_reviewer_credentials";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_signed_at";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_next_review_due";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_sign_off_version_id";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_decision_decision";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_decision_comments";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_decision_reviewer_name";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_decision_at";
  ALTER TABLE "payload_jobs" DROP COLUMN "meta";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "publications_id";
  DROP TYPE "public"."enum_articles_review_stage";
  DROP TYPE "public"."enum_articles_last_decision_decision";
  DROP TYPE "public"."enum__articles_v_version_review_stage";
  DROP TYPE "public"."enum__articles_v_version_last_decision_decision";
  DROP TYPE "public"."enum_conditions_review_stage";
  DROP TYPE "public"."enum_conditions_last_decision_decision";
  DROP TYPE "public"."enum__conditions_v_version_review_stage";
  DROP TYPE "public"."enum__conditions_v_version_last_decision_decision";
  DROP TYPE "public"."enum_publications_action";`)
}
