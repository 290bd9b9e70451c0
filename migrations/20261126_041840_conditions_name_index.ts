import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE INDEX "conditions_name_idx" ON "conditions" USING btree ("name");
  CREATE INDEX "_conditions_v_version_version_name_idx" ON "_conditions_v" USING btree ("version_name");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "conditions_name_idx";
  DROP INDEX "_conditions_v_version_version_name_idx";`)
}
