/**
 * Disposable PostgreSQL for tests — never the development data.
 *
 * `provisionTestServer()` gives a server to create databases on: the one in DATABASE_URL when set
 * (only its maintenance connection is used; the named database is never touched), else a
 * throwaway embedded PostgreSQL on a free port in a temporary directory, deleted on stop.
 * `createTestDatabase()` makes a fresh, empty, uniquely named database on that server.
 */
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import {
  parseDatabaseUrl,
  quoteIdentifier,
  startEmbeddedPostgres,
  withClient,
  withDatabaseName,
} from '@/tooling/db/selectDatabase'

export interface TestServer {
  /** A URL on the server whose database may be used for CREATE/DROP DATABASE. */
  adminUrl: string
  source: 'url' | 'embedded'
  stop: () => Promise<void>
}

export async function provisionTestServer(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  const configured = env.DATABASE_URL?.trim()
  if (configured) {
    parseDatabaseUrl(configured)
    return { adminUrl: configured, source: 'url', stop: async () => {} }
  }
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-test-pg-'))
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(parent, 'data'),
    port: await freePort(),
    database: 'postgres',
    throwaway: true,
  })
  return {
    adminUrl: embedded.url,
    source: 'embedded',
    stop: async () => {
      try {
        await embedded.stop()
      } finally {
        // Removed even when PostgreSQL was already going down (Ctrl-C reaches it too).
        await fs.rm(parent, { force: true, recursive: true })
      }
    },
  }
}

export interface TestDatabase {
  name: string
  url: string
  drop: () => Promise<void>
}

export async function createTestDatabase(adminUrl: string, label = 'test'): Promise<TestDatabase> {
  const name = `causeway_${label}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdentifier(name)}`)
  return {
    name,
    url: withDatabaseName(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(sql))
}

/** A TCP port on 127.0.0.1 that nothing is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
