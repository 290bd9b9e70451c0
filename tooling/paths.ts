import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Development state that survives restarts and is never committed. */
export const devStateDir = path.join(projectRoot, '.data')

/** Embedded PostgreSQL for `npm run dev`; overridable for people who run several checkouts. */
export function devEmbeddedDatabase(env: NodeJS.ProcessEnv) {
  return {
    dataDir: path.resolve(projectRoot, env.EMBEDDED_POSTGRES_DIR || path.join(devStateDir, 'postgres')),
    port: Number(env.EMBEDDED_POSTGRES_PORT || 54320),
    database: 'causeway',
  }
}

/** The database `npm run seed:large` fills by default, and `npm run bench` measures a copy of. */
export const LARGE_DATABASE = 'causeway_large'
