import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_reviews_decision" AS ENUM('approve', 'changes-requested');
  CREATE TABLE "reviews" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"subject_collection" varchar NOT NULL,
  	"subject_id" varchar NOT NULL,
  	"subject_title" varchar,
  	"version_id" varchar,
  	"content_hash" varchar NOT NULL,
  	"snapshot" jsonb NOT NULL,
  	"decision" "enum_reviews_decision" NOT NULL,
  	"comments" varchar,
  	"reviewer_id" integer NOT NULL,
  	"reviewer_name" varchar NOT NULL,
  	"reviewer_credentials" varchar,
  	"signed_at" timestamp(3) with time zone NOT NULL,
  	"next_review_due" timestamp(3) with time zone,
  	"previous_hash" varchar,
  	"entry_hash" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "reviews_id" integer;
  ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "reviews_subject_collection_idx" ON "reviews" USING btree ("subject_collection");
  CREATE INDEX "reviews_subject_id_idx" ON "reviews" USING btree ("subject_id");
  CREATE INDEX "reviews_reviewer_idx" ON "reviews" USING btree ("reviewer_id");
  CREATE UNIQUE INDEX "reviews_entry_hash_idx" ON "reviews" USING btree ("entry_hash");
  CREATE INDEX "reviews_updated_at_idx" ON "reviews" USING btree ("updated_at");
  CREATE INDEX "reviews_created_at_idx" ON "reviews" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_reviews_fk" FOREIGN KEY ("reviews_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_reviews_id_idx" ON "payload_locked_documents_rels" USING btree ("reviews_id");`)

  // Written by hand: the ledger is append-only in the database itself, whoever connects.
  await db.execute(sql`
  CREATE FUNCTION "refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'The sign-off ledger is append-only: % on "reviews" is refused. Record a new sign-off instead.', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END;
  $$;
  CREATE TRIGGER "reviews_append_only" BEFORE UPDATE OR DELETE ON "reviews"
    FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_change"();
  CREATE TRIGGER "reviews_no_truncate" BEFORE TRUNCATE ON "reviews"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_ledger_change"();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER IF EXISTS "reviews_append_only" ON "reviews";
  DROP TRIGGER IF EXISTS "reviews_no_truncate" ON "reviews";
  DROP FUNCTION IF EXISTS "refuse_ledger_change"();`)
  // Generated below; the constraint and index go with the CASCADE, hence IF EXISTS.
  await db.execute(sql`
   ALTER TABLE "reviews" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "reviews" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_reviews_fk";
  
  DROP INDEX IF EXISTS "payload_locked_documents_rels_reviews_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "reviews_id";
  DROP TYPE "public"."enum_reviews_decision";`)
}
