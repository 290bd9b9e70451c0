import path from 'node:path'

import { loadEnv } from 'payload/node'

import { selectDatabase, type SelectedDatabase } from '@/tooling/db/selectDatabase'

import { step } from '../cli'
import { devEmbeddedDatabase, projectRoot } from '../paths'

/**
 * The database every development script works on: loads .env, then DATABASE_URL if set, else the
 * development embedded PostgreSQL under .data/ — and exports its URL for Payload's config.
 * Call `stop()` when done.
 */
export async function openScriptDatabase(env: NodeJS.ProcessEnv = process.env): Promise<SelectedDatabase> {
  loadEnv(projectRoot)
  const embedded = devEmbeddedDatabase(env)
  step(
    env.DATABASE_URL
      ? 'Using DATABASE_URL'
      : `Starting embedded PostgreSQL (${path.relative(projectRoot, embedded.dataDir)}, port ${embedded.port})`,
  )
  const database = await selectDatabase(env, { ...embedded, onLog: env.DEBUG_POSTGRES ? console.log : undefined })
  env.DATABASE_URL = database.url
  return database
}
