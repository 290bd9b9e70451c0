import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

import { indexDocument, symptomEntry } from '@/lib/search/searchIndex'

/**
 * Written by hand: search answers with symptoms too ("hip pain" finds the Hip pain page). New and
 * changed symptoms are indexed by their hook; this indexes the ones that already exist.
 */
export async function up({ payload, req }: MigrateUpArgs): Promise<void> {
  const { docs } = await payload.find({ collection: 'symptoms', depth: 0, limit: 0, pagination: false, req })
  for (const doc of docs) await indexDocument(payload, symptomEntry(doc), req)
  payload.logger.info(`Indexed ${docs.length} symptoms for search.`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DELETE FROM search_documents WHERE collection = 'symptoms';`)
}
