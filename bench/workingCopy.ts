/**
 * The full run measures a copy of causeway_large, made for the run and dropped after it.
 *
 * The benchmark writes: accounts, and for publish-to-visible an edit, a review and a publish
 * per sample (new versions, ledger entries). seed-large resumes by counting versions and refuses
 * a database that holds more than it wrote, so writing to causeway_large itself would make the
 * next run's seeding fail; and every run would start from a different state. A copy made with
 * CREATE DATABASE … TEMPLATE is a file copy (seconds), leaves causeway_large exactly as
 * seed-large left it, and gives every run the same starting point.
 */
import { quoteIdentifier, withClient, withDatabaseName } from '@/tooling/db/selectDatabase'

export interface WorkingCopy {
  name: string
  url: string
  drop: () => Promise<void>
}

/** On the server's maintenance database: a database cannot be copied or dropped from inside itself. */
const admin = <T>(url: string, task: Parameters<typeof withClient<T>>[1]) =>
  withClient(withDatabaseName(url, 'postgres'), task)

export async function makeWorkingCopy(sourceUrl: string, sourceName: string, copyName: string): Promise<WorkingCopy> {
  const copy = quoteIdentifier(copyName)
  await admin(sourceUrl, async (client) => {
    // A copy left behind by an interrupted run goes first.
    await client.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`)
    const version = Number(
      (await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num,
    )
    // PostgreSQL 15+ copies block by block through the WAL by default; a file copy is much
    // faster for a large database.
    const strategy = version >= 150000 ? ' STRATEGY = FILE_COPY' : ''
    try {
      await client.query(`CREATE DATABASE ${copy} TEMPLATE ${quoteIdentifier(sourceName)}${strategy}`)
    } catch (error) {
      if ((error as { code?: string }).code === '55006') {
        throw new Error(
          `Cannot copy ${sourceName}: another session is connected to it (a dev server, psql, or a seed still running). Close it and run again.`,
        )
      }
      throw error
    }
  })
  return {
    name: copyName,
    url: withDatabaseName(sourceUrl, copyName),
    drop: () =>
      admin(sourceUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`))),
  }
}
