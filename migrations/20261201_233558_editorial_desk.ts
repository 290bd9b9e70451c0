import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_specialties" AS ENUM('general-practice', 'emergency-medicine', 'musculoskeletal', 'physiotherapy', 'neurology', 'cardiology', 'gastroenterology', 'dermatology', 'mental-health', 'paediatrics', 'womens-health', 'pharmacy', 'nursing');
  CREATE TYPE "public"."enum_articles_checklist_state" AS ENUM('open', 'answered', 'closed');
  CREATE TYPE "public"."enum__articles_v_version_specialties" AS ENUM('general-practice', 'emergency-medicine', 'musculoskeletal', 'physiotherapy', 'neurology', 'cardiology', 'gastroenterology', 'dermatology', 'mental-health', 'paediatrics', 'womens-health', 'pharmacy', 'nursing');
  CREATE TYPE "public"."enum__articles_v_version_checklist_state" AS ENUM('open', 'answered', 'closed');
  CREATE TYPE "public"."enum_conditions_checklist_state" AS ENUM('open', 'answered', 'closed');
  CREATE TYPE "public"."enum__conditions_v_version_checklist_state" AS ENUM('open', 'answered', 'closed');
  CREATE TYPE "public"."enum_users_licence_specialties" AS ENUM('general-practice', 'emergency-medicine', 'musculoskeletal', 'physiotherapy', 'neurology', 'cardiology', 'gastroenterology', 'dermatology', 'mental-health', 'paediatrics', 'womens-health', 'pharmacy', 'nursing');
  CREATE TYPE "public"."enum_users_licence_type" AS ENUM('MD', 'DO', 'MBBS', 'DPT', 'PT', 'RN', 'NP', 'PA', 'PharmD', 'RD', 'DC', 'PhD');
  CREATE TYPE "public"."enum_review_events_event" AS ENUM('submitted', 'withdrawn', 'changes-requested', 'answered', 'approved', 'published', 'unpublished', 'expired');
  CREATE TYPE "public"."enum_notifications_kind" AS ENUM('submitted', 'withdrawn', 'changes-requested', 'answered', 'approved', 'published', 'unpublished', 'expired', 'credentials-expiring');
  CREATE TYPE "public"."enum_notifications_email_state" AS ENUM('pending', 'sending', 'sent', 'failed', 'skipped');
  ALTER TYPE "public"."enum_articles_review_stage" ADD VALUE 'unpublished';
  ALTER TYPE "public"."enum__articles_v_version_review_stage" ADD VALUE 'unpublished';
  ALTER TYPE "public"."enum_conditions_review_stage" ADD VALUE 'unpublished';
  ALTER TYPE "public"."enum__conditions_v_version_review_stage" ADD VALUE 'unpublished';
  ALTER TYPE "public"."enum_reviews_decision" ADD VALUE 'withdrawn';
  CREATE TABLE "articles_specialties" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_articles_specialties",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "articles_checklist" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"request" varchar,
  	"raised_by" varchar,
  	"raised_at" timestamp(3) with time zone,
  	"answer" varchar,
  	"answered_by" varchar,
  	"answered_at" timestamp(3) with time zone,
  	"state" "enum_articles_checklist_state" DEFAULT 'open'
  );
  
  CREATE TABLE "_articles_v_version_specialties" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum__articles_v_version_specialties",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "_articles_v_version_checklist" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"request" varchar,
  	"raised_by" varchar,
  	"raised_at" timestamp(3) with time zone,
  	"answer" varchar,
  	"answered_by" varchar,
  	"answered_at" timestamp(3) with time zone,
  	"state" "enum__articles_v_version_checklist_state" DEFAULT 'open',
  	"_uuid" varchar
  );
  
  CREATE TABLE "conditions_checklist" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"request" varchar,
  	"raised_by" varchar,
  	"raised_at" timestamp(3) with time zone,
  	"answer" varchar,
  	"answered_by" varchar,
  	"answered_at" timestamp(3) with time zone,
  	"state" "enum_conditions_checklist_state" DEFAULT 'open'
  );
  
  CREATE TABLE "_conditions_v_version_checklist" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"request" varchar,
  	"raised_by" varchar,
  	"raised_at" timestamp(3) with time zone,
  	"answer" varchar,
  	"answered_by" varchar,
  	"answered_at" timestamp(3) with time zone,
  	"state" "enum__conditions_v_version_checklist_state" DEFAULT 'open',
  	"_uuid" varchar
  );
  
  CREATE TABLE "users_licence_specialties" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_users_licence_specialties",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "review_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"subject_collection" varchar NOT NULL,
  	"subject_id" varchar NOT NULL,
  	"subject_title" varchar,
  	"event" "enum_review_events_event" NOT NULL,
  	"version_id" varchar,
  	"by_id" integer,
  	"by_name" varchar,
  	"note" varchar,
  	"at" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notifications" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"recipient_id" integer NOT NULL,
  	"event_id" integer,
  	"kind" "enum_notifications_kind" NOT NULL,
  	"subject_collection" varchar,
  	"subject_id" varchar,
  	"subject_title" varchar,
  	"message" varchar NOT NULL,
  	"url" varchar,
  	"read_at" timestamp(3) with time zone,
  	"email_state" "enum_notifications_email_state" DEFAULT 'pending',
  	"email_attempts" numeric DEFAULT 0,
  	"email_next_attempt_at" timestamp(3) with time zone,
  	"email_sent_at" timestamp(3) with time zone,
  	"email_last_error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "articles" ADD COLUMN "public_change_note" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_public_change_note" varchar;
  ALTER TABLE "conditions" ADD COLUMN "public_change_note" varchar;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_public_change_note" varchar;
  ALTER TABLE "users" ADD COLUMN "licence_type" "enum_users_licence_type";
  ALTER TABLE "users" ADD COLUMN "licence_number" varchar;
  ALTER TABLE "users" ADD COLUMN "licence_issuing_body" varchar;
  ALTER TABLE "users" ADD COLUMN "licence_expires_on" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "licence_verified" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "licence_verified_by_id" integer;
  ALTER TABLE "users" ADD COLUMN "licence_verified_at" timestamp(3) with time zone;
  ALTER TABLE "users" ADD COLUMN "licence_expiry_warned_for" timestamp(3) with time zone;
  ALTER TABLE "reviews" ADD COLUMN "public_note" varchar;
  ALTER TABLE "reviews" ADD COLUMN "signature_meaning" varchar;
  ALTER TABLE "reviews" ADD COLUMN "signature_method" varchar;
  ALTER TABLE "publications" ADD COLUMN "public_note" varchar;
  ALTER TABLE "publications" ADD COLUMN "withdrew_sign_off" boolean;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "review_events_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notifications_id" integer;
  ALTER TABLE "articles_specialties" ADD CONSTRAINT "articles_specialties_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_checklist" ADD CONSTRAINT "articles_checklist_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_specialties" ADD CONSTRAINT "_articles_v_version_specialties_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_checklist" ADD CONSTRAINT "_articles_v_version_checklist_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "conditions_checklist" ADD CONSTRAINT "conditions_checklist_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."conditions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_conditions_v_version_checklist" ADD CONSTRAINT "_conditions_v_version_checklist_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_conditions_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "users_licence_specialties" ADD CONSTRAINT "users_licence_specialties_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "review_events" ADD CONSTRAINT "review_events_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_id_review_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."review_events"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "articles_specialties_order_idx" ON "articles_specialties" USING btree ("order");
  CREATE INDEX "articles_specialties_parent_idx" ON "articles_specialties" USING btree ("parent_id");
  CREATE INDEX "articles_checklist_order_idx" ON "articles_checklist" USING btree ("_order");
  CREATE INDEX "articles_checklist_parent_id_idx" ON "articles_checklist" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_specialties_order_idx" ON "_articles_v_version_specialties" USING btree ("order");
  CREATE INDEX "_articles_v_version_specialties_parent_idx" ON "_articles_v_version_specialties" USING btree ("parent_id");
  CREATE INDEX "_articles_v_version_checklist_order_idx" ON "_articles_v_version_checklist" USING btree ("_order");
  CREATE INDEX "_articles_v_version_checklist_parent_id_idx" ON "_articles_v_version_checklist" USING btree ("_parent_id");
  CREATE INDEX "conditions_checklist_order_idx" ON "conditions_checklist" USING btree ("_order");
  CREATE INDEX "conditions_checklist_parent_id_idx" ON "conditions_checklist" USING btree ("_parent_id");
  CREATE INDEX "_conditions_v_version_checklist_order_idx" ON "_conditions_v_version_checklist" USING btree ("_order");
  CREATE INDEX "_conditions_v_version_checklist_parent_id_idx" ON "_conditions_v_version_checklist" USING btree ("_parent_id");
  CREATE INDEX "users_licence_specialties_order_idx" ON "users_licence_specialties" USING btree ("order");
  CREATE INDEX "users_licence_specialties_parent_idx" ON "users_licence_specialties" USING btree ("parent_id");
  CREATE INDEX "review_events_subject_collection_idx" ON "review_events" USING btree ("subject_collection");
  CREATE INDEX "review_events_subject_id_idx" ON "review_events" USING btree ("subject_id");
  CREATE INDEX "review_events_event_idx" ON "review_events" USING btree ("event");
  CREATE INDEX "review_events_by_idx" ON "review_events" USING btree ("by_id");
  CREATE INDEX "review_events_at_idx" ON "review_events" USING btree ("at");
  CREATE INDEX "review_events_updated_at_idx" ON "review_events" USING btree ("updated_at");
  CREATE INDEX "review_events_created_at_idx" ON "review_events" USING btree ("created_at");
  CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id");
  CREATE INDEX "notifications_event_idx" ON "notifications" USING btree ("event_id");
  CREATE INDEX "notifications_read_at_idx" ON "notifications" USING btree ("read_at");
  CREATE INDEX "notifications_email_email_state_idx" ON "notifications" USING btree ("email_state");
  CREATE INDEX "notifications_updated_at_idx" ON "notifications" USING btree ("updated_at");
  CREATE INDEX "notifications_created_at_idx" ON "notifications" USING btree ("created_at");
  ALTER TABLE "users" ADD CONSTRAINT "users_licence_verified_by_id_users_id_fk" FOREIGN KEY ("licence_verified_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_review_events_fk" FOREIGN KEY ("review_events_id") REFERENCES "public"."review_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notifications_fk" FOREIGN KEY ("notifications_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "users_licence_licence_verified_by_idx" ON "users" USING btree ("licence_verified_by_id");
  CREATE INDEX "payload_locked_documents_rels_review_events_id_idx" ON "payload_locked_documents_rels" USING btree ("review_events_id");
  CREATE INDEX "payload_locked_documents_rels_notifications_id_idx" ON "payload_locked_documents_rels" USING btree ("notifications_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles_specialties" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "articles_checklist" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_articles_v_version_specialties" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_articles_v_version_checklist" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "conditions_checklist" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_conditions_v_version_checklist" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "users_licence_specialties" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "review_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notifications" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "articles_specialties" CASCADE;
  DROP TABLE "articles_checklist" CASCADE;
  DROP TABLE "_articles_v_version_specialties" CASCADE;
  DROP TABLE "_articles_v_version_checklist" CASCADE;
  DROP TABLE "conditions_checklist" CASCADE;
  DROP TABLE "_conditions_v_version_checklist" CASCADE;
  DROP TABLE "users_licence_specialties" CASCADE;
  DROP TABLE "review_events" CASCADE;
  DROP TABLE "notifications" CASCADE;
  ALTER TABLE "users" DROP CONSTRAINT "users_licence_verified_by_id_users_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_review_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT IF EXISTS "payload_locked_documents_rels_notifications_fk";
  
  ALTER TABLE "articles" ALTER COLUMN "review_stage" SET DATA TYPE text;
  ALTER TABLE "articles" ALTER COLUMN "review_stage" SET DEFAULT 'draft'::text;
  DROP TYPE "public"."enum_articles_review_stage";
  CREATE TYPE "public"."enum_articles_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  ALTER TABLE "articles" ALTER COLUMN "review_stage" SET DEFAULT 'draft'::"public"."enum_articles_review_stage";
  ALTER TABLE "articles" ALTER COLUMN "review_stage" SET DATA TYPE "public"."enum_articles_review_stage" USING "review_stage"::"public"."enum_articles_review_stage";
  ALTER TABLE "_articles_v" ALTER COLUMN "version_review_stage" SET DATA TYPE text;
  ALTER TABLE "_articles_v" ALTER COLUMN "version_review_stage" SET DEFAULT 'draft'::text;
  DROP TYPE "public"."enum__articles_v_version_review_stage";
  CREATE TYPE "public"."enum__articles_v_version_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  ALTER TABLE "_articles_v" ALTER COLUMN "version_review_stage" SET DEFAULT 'draft'::"public"."enum__articles_v_version_review_stage";
  ALTER TABLE "_articles_v" ALTER COLUMN "version_review_stage" SET DATA TYPE "public"."enum__articles_v_version_review_stage" USING "version_review_stage"::"public"."enum__articles_v_version_review_stage";
  ALTER TABLE "conditions" ALTER COLUMN "review_stage" SET DATA TYPE text;
  ALTER TABLE "conditions" ALTER COLUMN "review_stage" SET DEFAULT 'draft'::text;
  DROP TYPE "public"."enum_conditions_review_stage";
  CREATE TYPE "public"."enum_conditions_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  ALTER TABLE "conditions" ALTER COLUMN "review_stage" SET DEFAULT 'draft'::"public"."enum_conditions_review_stage";
  ALTER TABLE "conditions" ALTER COLUMN "review_stage" SET DATA TYPE "public"."enum_conditions_review_stage" USING "review_stage"::"public"."enum_conditions_review_stage";
  ALTER TABLE "_conditions_v" ALTER COLUMN "version_review_stage" SET DATA TYPE text;
  ALTER TABLE "_conditions_v" ALTER COLUMN "version_review_stage" SET DEFAULT 'draft'::text;
  DROP TYPE "public"."enum__conditions_v_version_review_stage";
  CREATE TYPE "public"."enum__conditions_v_version_review_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  ALTER TABLE "_conditions_v" ALTER COLUMN "version_review_stage" SET DEFAULT 'draft'::"public"."enum__conditions_v_version_review_stage";
  ALTER TABLE "_conditions_v" ALTER COLUMN "version_review_stage" SET DATA TYPE "public"."enum__conditions_v_version_review_stage" USING "version_review_stage"::"public"."enum__conditions_v_version_review_stage";
  ALTER TABLE "reviews" ALTER COLUMN "decision" SET DATA TYPE text;
  DROP TYPE "public"."enum_reviews_decision";
  CREATE TYPE "public"."enum_reviews_decision" AS ENUM('approve', 'changes-requested');
  ALTER TABLE "reviews" ALTER COLUMN "decision" SET DATA TYPE "public"."enum_reviews_decision" USING "decision"::"public"."enum_reviews_decision";
  DROP INDEX "users_licence_licence_verified_by_idx";
  DROP INDEX "payload_locked_documents_rels_review_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_notifications_id_idx";
  ALTER TABLE "articles" DROP COLUMN "public_change_note";
  ALTER TABLE "_articles_v" DROP COLUMN "version_public_change_note";
  ALTER TABLE "conditions" DROP COLUMN "public_change_note";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_public_change_note";
  ALTER TABLE "users" DROP COLUMN "licence_type";
  ALTER TABLE "users" DROP COLUMN "licence_number";
  ALTER TABLE "users" DROP COLUMN "licence_issuing_body";
  ALTER TABLE "users" DROP COLUMN "licence_expires_on";
  ALTER TABLE "users" DROP COLUMN "licence_verified";
  ALTER TABLE "users" DROP COLUMN "licence_verified_by_id";
  ALTER TABLE "users" DROP COLUMN "licence_verified_at";
  ALTER TABLE "users" DROP COLUMN "licence_expiry_warned_for";
  ALTER TABLE "reviews" DROP COLUMN "public_note";
  ALTER TABLE "reviews" DROP COLUMN "signature_meaning";
  ALTER TABLE "reviews" DROP COLUMN "signature_method";
  ALTER TABLE "publications" DROP COLUMN "public_note";
  ALTER TABLE "publications" DROP COLUMN "withdrew_sign_off";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "review_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notifications_id";
  DROP TYPE "public"."enum_articles_specialties";
  DROP TYPE "public"."enum_articles_checklist_state";
  DROP TYPE "public"."enum__articles_v_version_specialties";
  DROP TYPE "public"."enum__articles_v_version_checklist_state";
  DROP TYPE "public"."enum_conditions_checklist_state";
  DROP TYPE "public"."enum__conditions_v_version_checklist_state";
  DROP TYPE "public"."enum_users_licence_specialties";
  DROP TYPE "public"."enum_users_licence_type";
  DROP TYPE "public"."enum_review_events_event";
  DROP TYPE "public"."enum_notifications_kind";
  DROP TYPE "public"."enum_notifications_email_state";`)
}
