import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles" ADD COLUMN "last_edit_at" timestamp(3) with time zone;
  ALTER TABLE "articles" ADD COLUMN "last_edit_by_id" integer;
  ALTER TABLE "articles" ADD COLUMN "last_edit_overrode_lock_of_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_edit_at" timestamp(3) with time zone;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_edit_by_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_last_edit_overrode_lock_of_id" integer;
  ALTER TABLE "conditions" ADD COLUMN "last_edit_at" timestamp(3) with time zone;
  ALTER TABLE "conditions" ADD COLUMN "last_edit_by_id" integer;
  ALTER TABLE "conditions" ADD COLUMN "last_edit_overrode_lock_of_id" integer;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_edit_at" timestamp(3) with time zone;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_edit_by_id" integer;
  ALTER TABLE "_conditions_v" ADD COLUMN "version_last_edit_overrode_lock_of_id" integer;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_last_edit_by_id_users_id_fk" FOREIGN KEY ("last_edit_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_last_edit_overrode_lock_of_id_users_id_fk" FOREIGN KEY ("last_edit_overrode_lock_of_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_last_edit_by_id_users_id_fk" FOREIGN KEY ("version_last_edit_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_last_edit_overrode_lock_of_id_users_id_fk" FOREIGN KEY ("version_last_edit_overrode_lock_of_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conditions" ADD CONSTRAINT "conditions_last_edit_by_id_users_id_fk" FOREIGN KEY ("last_edit_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "conditions" ADD CONSTRAINT "conditions_last_edit_overrode_lock_of_id_users_id_fk" FOREIGN KEY ("last_edit_overrode_lock_of_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_conditions_v" ADD CONSTRAINT "_conditions_v_version_last_edit_by_id_users_id_fk" FOREIGN KEY ("version_last_edit_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_conditions_v" ADD CONSTRAINT "_conditions_v_version_last_edit_overrode_lock_of_id_users_id_fk" FOREIGN KEY ("version_last_edit_overrode_lock_of_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "articles_last_edit_last_edit_by_idx" ON "articles" USING btree ("last_edit_by_id");
  CREATE INDEX "articles_last_edit_last_edit_overrode_lock_of_idx" ON "articles" USING btree ("last_edit_overrode_lock_of_id");
  CREATE INDEX "_articles_v_version_last_edit_version_last_edit_by_idx" ON "_articles_v" USING btree ("version_last_edit_by_id");
  CREATE INDEX "_articles_v_version_last_edit_version_last_edit_overrode_idx" ON "_articles_v" USING btree ("version_last_edit_overrode_lock_of_id");
  CREATE INDEX "conditions_last_edit_last_edit_by_idx" ON "conditions" USING btree ("last_edit_by_id");
  CREATE INDEX "conditions_last_edit_last_edit_overrode_lock_of_idx" ON "conditions" USING btree ("last_edit_overrode_lock_of_id");
  CREATE INDEX "_conditions_v_version_last_edit_version_last_edit_by_idx" ON "_conditions_v" USING btree ("version_last_edit_by_id");
  CREATE INDEX "_conditions_v_version_last_edit_version_last_edit_overro_idx" ON "_conditions_v" USING btree ("version_last_edit_overrode_lock_of_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles" DROP CONSTRAINT "articles_last_edit_by_id_users_id_fk";
  
  ALTER TABLE "articles" DROP CONSTRAINT "articles_last_edit_overrode_lock_of_id_users_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT "_articles_v_version_last_edit_by_id_users_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT "_articles_v_version_last_edit_overrode_lock_of_id_users_id_fk";
  
  ALTER TABLE "conditions" DROP CONSTRAINT "conditions_last_edit_by_id_users_id_fk";
  
  ALTER TABLE "conditions" DROP CONSTRAINT "conditions_last_edit_overrode_lock_of_id_users_id_fk";
  
  ALTER TABLE "_conditions_v" DROP CONSTRAINT "_conditions_v_version_last_edit_by_id_users_id_fk";
  
  ALTER TABLE "_conditions_v" DROP CONSTRAINT "_conditions_v_version_last_edit_overrode_lock_of_id_users_id_fk";
  
  DROP INDEX "articles_last_edit_last_edit_by_idx";
  DROP INDEX "articles_last_edit_last_edit_overrode_lock_of_idx";
  DROP INDEX "_articles_v_version_last_edit_version_last_edit_by_idx";
  DROP INDEX "_articles_v_version_last_edit_version_last_edit_overrode_idx";
  DROP INDEX "conditions_last_edit_last_edit_by_idx";
  DROP INDEX "conditions_last_edit_last_edit_overrode_lock_of_idx";
  DROP INDEX "_conditions_v_version_last_edit_version_last_edit_by_idx";
  DROP INDEX "_conditions_v_version_last_edit_version_last_edit_overro_idx";
  ALTER TABLE "articles" DROP COLUMN "last_edit_at";
  ALTER TABLE "articles" DROP COLUMN "last_edit_by_id";
  ALTER TABLE "articles" DROP COLUMN "last_edit_overrode_lock_of_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_edit_at";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_edit_by_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_last_edit_overrode_lock_of_id";
  ALTER TABLE "conditions" DROP COLUMN "last_edit_at";
  ALTER TABLE "conditions" DROP COLUMN "last_edit_by_id";
  ALTER TABLE "conditions" DROP COLUMN "last_edit_overrode_lock_of_id";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_edit_at";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_edit_by_id";
  ALTER TABLE "_conditions_v" DROP COLUMN "version_last_edit_overrode_lock_of_id";`)
}
