/**
 * What `npm start` does before it serves: waits for PostgreSQL with a bounded backoff and one
 * line per attempt, then gives up with one clear line and a non-zero exit; refuses a database
 * that does not exist (and never creates it), one that is empty unless DATABASE_INIT=true, and
 * one that holds someone else's tables. These runs stop before `next start`, so no build is needed.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'

import { withDatabaseName } from '@/lib/db/url'
import { createTestDatabase, freePort } from '@/tooling/db/testDatabases'
import { exitCodeOf } from '@/tooling/run'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { stopProcessTree } from '@/tooling/server'
import { productionEnv } from '../helpers/productionEnv'

/** Runs `npm start` (tsx scripts/start.ts) with `env`; resolves with its exit code and output. */
function npmStart(env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(bin('tsx'), [path.join(projectRoot, 'scripts', 'start.ts')], {
      cwd: projectRoot,
      env: productionEnv({
        ...env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    // Should it ever get as far as serving (a refusal broken), it is stopped rather than left running.
    const timer = setTimeout(() => void stopProcessTree(child, 1_000), 45_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output, ms: Date.now() - started })
    })
  })
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    )
    return rows[0]!.n
  } finally {
    await client.end()
  }
}

describe('npm start before it serves', () => {
  const serverUrl = inject('databaseServerUrl')

  it('waits for a PostgreSQL that does not answer, one line per attempt, then exits 1 with one clear line', async () => {
    const closedPort = await freePort()
    const { code, output, ms } = await npmStart({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/causeway`,
      DATABASE_WAIT_SECONDS: '3',
    })
    expect(code).toBe(1)
    const attempts = output
      .split('\n')
      .filter((line) => line.includes('is not answering (ECONNREFUSED); trying again in'))
    expect(attempts.length).toBeGreaterThanOrEqual(2)
    expect(output.match(/Cannot continue:/g)).toHaveLength(1)
    expect(output).toMatch(
      /did not answer \(ECONNREFUSED.*after \d+ attempts over \d+ s\. Start it, or fix DATABASE_URL/,
    )
    // Bounded: gave up at about DATABASE_WAIT_SECONDS, with no stack trace.
    expect(ms).toBeLessThan(30_000)
    expect(output).not.toMatch(/\n\s+at /)
  })

  it('refuses a database that does not exist, and does not create it', async () => {
    const name = `causeway_missing_${crypto.randomBytes(4).toString('hex')}`
    const { code, output } = await npmStart({ DATABASE_URL: withDatabaseName(serverUrl, name) })
    expect(code).toBe(1)
    expect(output).toContain(`Database "${name}" does not exist`)
    expect(output).toContain('never creates a database in production')
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    await admin.end()
    expect(rowCount).toBe(0)
  })

  it('refuses an empty database unless DATABASE_INIT=true, and leaves it empty', async () => {
    const database = await createTestDatabase(serverUrl, 'start')
    try {
      const { code, output } = await npmStart({ DATABASE_URL: database.url })
      expect(code).toBe(1)
      expect(output).toContain('is empty. If this is a new installation, start once with DATABASE_INIT=true')
      expect(await tableCount(database.url)).toBe(0)
    } finally {
      await database.drop()
    }
  })

  it("refuses a database holding someone else's tables", async () => {
    const database = await createTestDatabase(serverUrl, 'start')
    try {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      await client.query('CREATE TABLE invoices (id serial PRIMARY KEY)')
      await client.end()
      const { code, output } = await npmStart({ DATABASE_URL: database.url, DATABASE_INIT: 'true' })
      expect(code).toBe(1)
      expect(output).toContain("holds tables, but not Causeway's")
      expect(await tableCount(database.url)).toBe(1)
    } finally {
      await database.drop()
    }
  })
})

describe('npm start and the media directory', () => {
  it('refuses to start when uploads could not be stored, naming the directory and what to do', async () => {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-media-'))
    try {
      // A file where the directory should be: nothing can be created below it, even as root.
      await fs.writeFile(path.join(scratch, 'not-a-directory'), '')
      const mediaDir = path.join(scratch, 'not-a-directory', 'media')
      const { code, output } = await npmStart({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unused',
        MEDIA_DIR: mediaDir,
      })
      expect(code).toBe(1)
      expect(output).toContain(`Uploads cannot be stored in ${mediaDir} (ENOTDIR). Set MEDIA_DIR to a directory`)
      expect(output).not.toContain('Waiting for PostgreSQL')
    } finally {
      await fs.rm(scratch, { recursive: true, force: true })
    }
  })
})

describe('npm start with an edge to purge', () => {
  it('refuses EDGE_PURGE_URLS without a usable EDGE_PURGE_SECRET, saying how to make one, before touching the database', async () => {
    for (const secret of [undefined, 'too-short']) {
      const { code, output } = await npmStart({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unused',
        EDGE_PURGE_URLS: 'http://127.0.0.1:8080',
        ...(secret ? { EDGE_PURGE_SECRET: secret } : {}),
      })
      expect(code).toBe(1)
      expect(output).toMatch(/Cannot continue: EDGE_PURGE_SECRET (is not set|must be at least 32)/)
      expect(output).toContain('randomBytes(24)')
      expect(output).not.toContain('Waiting for PostgreSQL')
    }
  })
})

describe('exitCodeOf', () => {
  it('reports a signal as a shell does (128 + its number), and a plain exit as itself', () => {
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137)
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143)
    expect(exitCodeOf(3, null)).toBe(3)
  })
})
