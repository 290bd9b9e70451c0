import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_feedback_status" AS ENUM('new', 'in-progress', 'resolved');
  CREATE TYPE "public"."enum_feedback_kind" AS ENUM('helpful', 'not-helpful', 'problem');
  CREATE TYPE "public"."enum_reference_checks_result" AS ENUM('ok', 'moved', 'broken', 'unreachable');
  CREATE TABLE "feedback" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"status" "enum_feedback_status" DEFAULT 'new' NOT NULL,
  	"kind" "enum_feedback_kind" NOT NULL,
  	"summary" varchar,
  	"message" varchar,
  	"article_id" integer,
  	"article_version" varchar,
  	"fixed_by_id" integer,
  	"editor_note" varchar,
  	"client" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "reference_checks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"reference" varchar NOT NULL,
  	"title" varchar,
  	"checked_url" varchar,
  	"result" "enum_reference_checks_result" NOT NULL,
  	"http_status" numeric,
  	"final_url" varchar,
  	"error" varchar,
  	"checked_at" timestamp(3) with time zone NOT NULL,
  	"failing_since" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "reference_checks_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"articles_id" integer,
  	"conditions_id" integer
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "feedback_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "reference_checks_id" integer;
  ALTER TABLE "feedback" ADD CONSTRAINT "feedback_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "feedback" ADD CONSTRAINT "feedback_fixed_by_id_publications_id_fk" FOREIGN KEY ("fixed_by_id") REFERENCES "public"."publications"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "reference_checks_rels" ADD CONSTRAINT "reference_checks_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."reference_checks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "reference_checks_rels" ADD CONSTRAINT "reference_checks_rels_articles_fk" FOREIGN KEY ("articles_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "reference_checks_rels" ADD CONSTRAINT "reference_checks_rels_conditions_fk" FOREIGN KEY ("conditions_id") REFERENCES "public"."conditions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "feedback_status_idx" ON "feedback" USING btree ("status");
  CREATE INDEX "feedback_kind_idx" ON "feedback" USING btree ("kind");
  CREATE INDEX "feedback_article_idx" ON "feedback" USING btree ("article_id");
  CREATE INDEX "feedback_fixed_by_idx" ON "feedback" USING btree ("fixed_by_id");
  CREATE INDEX "feedback_client_idx" ON "feedback" USING btree ("client");
  CREATE INDEX "feedback_updated_at_idx" ON "feedback" USING btree ("updated_at");
  CREATE INDEX "feedback_created_at_idx" ON "feedback" USING btree ("created_at");
  CREATE UNIQUE INDEX "reference_checks_reference_idx" ON "reference_checks" USING btree ("reference");
  CREATE INDEX "reference_checks_result_idx" ON "reference_checks" USING btree ("result");
  CREATE INDEX "reference_checks_checked_at_idx" ON "reference_checks" USING btree ("checked_at");
  CREATE INDEX "reference_checks_updated_at_idx" ON "reference_checks" USING btree ("updated_at");
  CREATE INDEX "reference_checks_created_at_idx" ON "reference_checks" USING btree ("created_at");
  CREATE INDEX "reference_checks_rels_order_idx" ON "reference_checks_rels" USING btree ("order");
  CREATE INDEX "reference_checks_rels_parent_idx" ON "reference_checks_rels" USING btree ("parent_id");
  CREATE INDEX "reference_checks_rels_path_idx" ON "reference_checks_rels" USING btree ("path");
  CREATE INDEX "reference_checks_rels_articles_id_idx" ON "reference_checks_rels" USING btree ("articles_id");
  CREATE INDEX "reference_checks_rels_conditions_id_idx" ON "reference_checks_rels" USING btree ("conditions_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_feedback_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_reference_checks_fk" FOREIGN KEY ("reference_checks_id") REFERENCES "public"."reference_checks"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_feedback_id_idx" ON "payload_locked_documents_rels" USING btree ("feedback_id");
  CREATE INDEX "payload_locked_documents_rels_reference_checks_id_idx" ON "payload_locked_documents_rels" USING btree ("reference_checks_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "feedback" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "reference_checks" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "reference_checks_rels" DISABLE ROW LEVEL SECURITY;
  -- The lock records' foreign keys first: dropping the tables with CASCADE would remove them.
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_feedback_fk";
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_reference_checks_fk";
  DROP TABLE "feedback" CASCADE;
  DROP TABLE "reference_checks" CASCADE;
  DROP TABLE "reference_checks_rels" CASCADE;

  DROP INDEX "payload_locked_documents_rels_feedback_id_idx";
  DROP INDEX "payload_locked_documents_rels_reference_checks_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "feedback_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "reference_checks_id";
  DROP TYPE "public"."enum_feedback_status";
  DROP TYPE "public"."enum_feedback_kind";
  DROP TYPE "public"."enum_reference_checks_result";`)
}
