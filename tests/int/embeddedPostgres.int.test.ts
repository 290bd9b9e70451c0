import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DatabaseSetupError, selectDatabase, type SelectedDatabase } from '@/tooling/db/selectDatabase'

import { freePort } from '@/tooling/db/testDatabases'

const env = (vars: Record<string, string> = {}) => vars as unknown as NodeJS.ProcessEnv

let parent: string
let dataDir: string
let port: number

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

const embedded = () => ({ dataDir, port, database: 'causeway' })

beforeAll(async () => {
  parent = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-embedded-'))
  dataDir = path.join(parent, 'pg')
  port = await freePort()
})

afterAll(async () => {
  await fs.rm(parent, { force: true, recursive: true })
})

describe('selectDatabase', () => {
  it('uses DATABASE_URL when set, starting nothing', async () => {
    const url = 'postgres://someone@db.example:5432/causeway'
    const selected = await selectDatabase(env({ DATABASE_URL: url }), embedded())
    expect(selected).toMatchObject({ source: 'url', url })
    await expect(fs.access(dataDir)).rejects.toThrow()
  })

  it('reports a bad DATABASE_URL clearly instead of falling back', async () => {
    await expect(selectDatabase(env({ DATABASE_URL: 'localhost:5432' }), embedded())).rejects.toThrow(
      DatabaseSetupError,
    )
  })

  describe('without DATABASE_URL: embedded PostgreSQL', () => {
    let db: SelectedDatabase

    it('initialises a data directory and serves a real PostgreSQL', async () => {
      db = await selectDatabase(env(), embedded())
      expect(db.source).toBe('embedded')
      const { rows } = await query(db.url, 'SELECT current_database() AS name, version() AS version')
      expect(rows[0].name).toBe('causeway')
      expect(rows[0].version).toMatch(/^PostgreSQL \d+/)
      await query(db.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$survives$$)')
    })

    it('refuses a second server on the same, still running data directory', async () => {
      const otherPort = await freePort()
      await expect(selectDatabase(env(), { ...embedded(), port: otherPort })).rejects.toThrow(
        /already running on .* Stop that one/,
      )
    })

    it('keeps its data across a restart', async () => {
      await db.stop()
      db = await selectDatabase(env(), embedded())
      const { rows } = await query(db.url, 'SELECT value FROM kept')
      expect(rows).toEqual([{ value: 'survives' }])
    })

    it('recovers from a stale lock left by a crash', async () => {
      await db.stop()
      // A PID that is certainly not running PostgreSQL: this test process.
      await fs.writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`)
      db = await selectDatabase(env(), embedded())
      const { rows } = await query(db.url, 'SELECT value FROM kept')
      expect(rows).toHaveLength(1)
      await db.stop()
    })
  })

  it('says the port is busy, naming it and the variable to change', async () => {
    const blocker = net.createServer()
    const busy = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    )
    try {
      const attempt = selectDatabase(env(), { ...embedded(), port: busy })
      await expect(attempt).rejects.toThrow(DatabaseSetupError)
      await expect(selectDatabase(env(), { ...embedded(), port: busy })).rejects.toThrow(
        new RegExp(`Port ${busy} .* EMBEDDED_POSTGRES_PORT`),
      )
    } finally {
      blocker.close()
    }
  })

  it('refuses a relative data directory', async () => {
    await expect(selectDatabase(env(), { ...embedded(), dataDir: 'relative/pg' })).rejects.toThrow(/must be absolute/)
  })
})
