/**
 * `npm run restore:check` after a real restore: a database holding signed, published content made
 * through the workflow is dumped with `pg_dump -Fc` and restored with `pg_restore` into new, empty
 * databases. The check passes on a faithful copy and expires the page cache of every server using
 * it — each "server" a process running Next's IncrementalCache with the site's cache handler
 * (tests/helpers/cacheInstances.ts) on the copy: one started after the check, and two already
 * running when it ran. It fails, naming the document, on a copy whose published clinical text was
 * changed without a new sign-off, and, naming the entry, on one whose ledger was altered. Each
 * other mismatch it looks for is checked on the source database.
 *
 * pg_dump refuses a server newer than itself, and the embedded PostgreSQL (18) ships no client
 * tools. So the dump and restores run on the suite's server when a pg_dump and pg_restore of its
 * major version are installed (the machine's PostgreSQL, with DATABASE_URL), and otherwise on a
 * throwaway server started from a local PostgreSQL installation (/usr/lib/postgresql/<major>/bin:
 * initdb, pg_ctl, pg_dump and pg_restore of one version), removed afterwards.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import type { Payload } from 'payload'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'

import { SETTLE_MS } from '@/lib/cache/invalidations.mjs'
import { FLUSH_ALL, INVALIDATION_TABLE } from '@/lib/cache/outbox.mjs'
import { bulkHistory, reviewOptionsOf, reviewWorkflow } from '@/plugins/medicalReview'
import { withClient } from '@/tooling/db/selectDatabase'
import { createTestDatabase, freePort, type TestDatabase } from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { pendingMigrations } from '@/lib/db/faults'
import { checkPublishedDocuments } from '@/tooling/restore/restoreCheck'

import { CacheInstance, eventually } from '../helpers/cacheInstances'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { clinicalContent, QUIET } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

const run = promisify(execFile)

// ——— a PostgreSQL server with a pg_dump and pg_restore of its own major version ———

interface DumpServer {
  adminUrl: string
  pgDump: string
  pgRestore: string
  /** Which server it is, for failure messages. */
  label: string
  stop: () => Promise<void>
}

const majorOf = (versionText: string) => Number(/(\d+)(?:\.\d+)?/.exec(versionText)?.[1] ?? NaN)

/** pg_dump and pg_restore of PostgreSQL `major` (Debian's layout, then PATH), or null. */
function clientTools(major: number): { pgDump: string; pgRestore: string } | null {
  const dirs = [`/usr/lib/postgresql/${major}/bin`, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)]
  for (const dir of dirs) {
    const pgDump = path.join(dir, 'pg_dump')
    const pgRestore = path.join(dir, 'pg_restore')
    if (!existsSync(pgDump) || !existsSync(pgRestore)) continue
    if (majorOf(execFileSync(pgDump, ['--version'], { encoding: 'utf8' }).split(')').pop() ?? '') === major) {
      return { pgDump, pgRestore }
    }
  }
  return null
}

/** The newest local PostgreSQL installation with a server and its client tools, or null. */
function localInstallation(): { dir: string; major: number } | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const majors = execFileSync('ls', [root], { encoding: 'utf8' })
    .split('\n')
    .map(Number)
    .filter((major) => Number.isInteger(major) && major > 0)
    .sort((a, b) => b - a)
  for (const major of majors) {
    const dir = path.join(root, String(major), 'bin')
    if (['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'].every((tool) => existsSync(path.join(dir, tool)))) {
      return { dir, major }
    }
  }
  return null
}

/** A throwaway server from `dir` on a free loopback port (as the `postgres` user when run as root). */
async function startLocalServer(dir: string, major: number): Promise<DumpServer> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-restore-pg-'))
  const dataDir = path.join(parent, 'data')
  let owner: { uid: number; gid: number } | undefined
  if (process.getuid?.() === 0) {
    // PostgreSQL refuses to run as root.
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    owner = { uid: id('-u'), gid: id('-g') }
    await fs.chown(parent, owner.uid, owner.gid)
  }
  const port = await freePort()
  const asOwner = { ...owner, cwd: parent }
  await run(path.join(dir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8'], asOwner)
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`
  const pgCtl = path.join(dir, 'pg_ctl')
  await run(pgCtl, ['-D', dataDir, '-o', options, '-l', path.join(parent, 'server.log'), '-w', 'start'], asOwner)
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pgDump: path.join(dir, 'pg_dump'),
    pgRestore: path.join(dir, 'pg_restore'),
    label: `a throwaway PostgreSQL ${major} from ${dir}`,
    stop: async () => {
      try {
        await run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], asOwner)
      } finally {
        await fs.rm(parent, { recursive: true, force: true })
      }
    },
  }
}

async function dumpServer(suiteServerUrl: string): Promise<DumpServer> {
  const version = await withClient(suiteServerUrl, async (client) => {
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num')
    return Number(rows[0]!.server_version_num)
  })
  const major = Math.floor(version / 10_000)
  const tools = clientTools(major)
  if (tools)
    return { adminUrl: suiteServerUrl, ...tools, label: `the suite's PostgreSQL ${major}`, stop: async () => {} }
  const local = localInstallation()
  if (local) return startLocalServer(local.dir, local.major)
  throw new Error(
    `This test dumps and restores a database, and needs either pg_dump and pg_restore of the test server's version ` +
      `(${major}) or a PostgreSQL installation to start a server of its own (initdb, pg_ctl, postgres, pg_dump and ` +
      `pg_restore under /usr/lib/postgresql/<major>/bin; Debian: apt-get install postgresql).`,
  )
}

// ——— the page cache of the servers using a database ———

/**
 * What servers cache: data under an article's tag, under a tag no change in the outbox names, and
 * under no tag at all (which only a flush of everything reaches).
 */
const CACHED = [
  { key: 'restored-article-page', tags: ['article:restored-page'] },
  { key: 'symptoms-list', tags: ['symptoms'] },
  { key: 'untagged-entry', tags: [] },
] as const

const running: CacheInstance[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()))
})

/** A server on `databaseUrl` with its disk cache in `<workDir>/<dist>` (the same `dist` again: the same server restarted). */
async function cacheServer(databaseUrl: string, dist: string): Promise<CacheInstance> {
  const instance = await CacheInstance.start({ databaseUrl, distDir: path.join(workDir, dist, '.next') })
  running.push(instance)
  return instance
}

async function writeAll(server: CacheInstance, value: string) {
  for (const { key, tags } of CACHED) await server.write(key, [...tags], value)
}

/** What `server` serves for each of CACHED, by key. */
async function readAll(server: CacheInstance): Promise<Record<string, string | null>> {
  const served: Record<string, string | null> = {}
  for (const { key, tags } of CACHED) served[key] = await server.read(key, [...tags])
  return served
}

const everyEntry = (value: string | null) => Object.fromEntries(CACHED.map(({ key }) => [key, value]))

/** Entries finished within SETTLE_MS of a flush are not stored (they may hold data read before it). */
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100))

/** The ids of the rows of `databaseUrl`'s outbox that flush everything. */
async function flushRows(databaseUrl: string): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id::text AS id FROM ${INVALIDATION_TABLE} WHERE $1 = ANY(tags) ORDER BY id`,
      [FLUSH_ALL],
    )
    return rows.map((row) => row.id)
  })
}

/** The outbox row the check says it recorded. */
const ROW_REPORTED =
  /recorded cache_invalidations row (\d+) \(tags \["\*"\], at [^)]+\): servers running on this database apply it at once, and servers started on it within 24 h apply it at start/

// ——— the database, its dump and its restored copies ———

let server: DumpServer
let ctx: PayloadIntContext
let payload: Payload
let sql: pg.Client
let workDir: string
let dumpFile: string
const databases: TestDatabase[] = []
const people = { writer: 0, reviewer: 0, editor: 0 }
/** Published through the workflow before the dump; tampered only on restored copies. */
let article: { id: number; question: string; entry: number }
/** Published too; the source database's guards tamper one each, after the dump. */
const guarded: Array<{ id: number; question: string; entry: number }> = []

async function publishedArticle(label: string) {
  const draft = await payload.create({
    collection: 'articles',
    data: { ...clinicalContent(label), author: people.writer },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
  await reviewWorkflow(payload, 'articles', QUIET).reviewAndPublish(draft.id, people, 'New article.')
  const doc = await payload.findByID({ collection: 'articles', id: draft.id, draft: false, depth: 0 })
  expect(doc._status).toBe('published')
  return { id: doc.id, question: doc.question, entry: Number(doc.signOff?.entry) }
}

async function restoredCopy(label: string): Promise<TestDatabase> {
  const copy = await createTestDatabase(server.adminUrl, label)
  databases.push(copy)
  await run(server.pgRestore, ['--no-owner', '--exit-on-error', `--dbname=${copy.url}`, dumpFile])
  return copy
}

async function onCopy(copy: TestDatabase, statements: Array<[string, unknown[]?]>) {
  await withClient(copy.url, async (client) => {
    for (const [statement, values] of statements) await client.query(statement, values)
  })
}

/** `npm run restore:check` on `databaseUrl`. */
async function restoreCheckCli(databaseUrl: string, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(bin('tsx'), [path.join(projectRoot, 'scripts', 'restore-check.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1' },
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  }
}

beforeAll(async () => {
  server = await dumpServer(inject('databaseServerUrl'))
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-restore-check-'))
  const source = await createTestDatabase(server.adminUrl, 'restore_source')
  databases.push(source)
  // Read by payload.config.ts when initPayloadInt imports it: the source lives on `server`.
  process.env.DATABASE_URL = source.url
  ctx = await initPayloadInt()
  payload = ctx.payload
  sql = new pg.Client({ connectionString: source.url })
  await sql.connect()

  const person = async (role: 'writer' | 'reviewer' | 'editor', credentials?: string) =>
    (
      await payload.create({
        collection: 'users',
        data: {
          email: `restore.${role}@causeway.test`,
          name: `Restore ${role}`,
          password: 'restore-check-password',
          roles: [role],
          credentials,
          licence: licenceFor([role], credentials),
        },
        context: QUIET,
      })
    ).id
  people.writer = await person('writer')
  people.reviewer = await person('reviewer', 'MD')
  people.editor = await person('editor')

  article = await publishedArticle('restored')
  const draft = await payload.create({
    collection: 'conditions',
    data: { name: 'Restored condition', summary: 'A condition that survives a restore.' },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
  await reviewWorkflow(payload, 'conditions', QUIET).reviewAndPublish(draft.id, people, 'New condition.')
  for (const label of ['sign-off hash', 'missing entry', 'refusal', 'another document', 'no entry'])
    guarded.push(await publishedArticle(label))

  dumpFile = path.join(workDir, 'causeway.dump')
  await run(server.pgDump, ['--format=custom', `--file=${dumpFile}`, `--dbname=${source.url}`])
}, 240_000)

afterAll(async () => {
  await sql?.end()
  await ctx?.cleanup()
  for (const database of databases) await database.drop().catch(() => {})
  await server?.stop()
  if (workDir) await fs.rm(workDir, { recursive: true, force: true })
}, 60_000)

describe('npm run restore:check after pg_dump and pg_restore', () => {
  it(
    'passes on a faithful copy, and a server started after it serves nothing cached before it',
    { timeout: 180_000 },
    async () => {
      // The site before the restore, on the database as it was, caching on its disk.
      const site = await cacheServer(ctx.databaseUrl, 'faithful')
      await writeAll(site, 'before')
      expect(await readAll(site)).toEqual(everyEntry('before'))
      await site.stop()

      const copy = await restoredCopy('restored')
      // Started again on the restored database without the check, it would serve them all.
      const unchecked = await cacheServer(copy.url, 'faithful')
      expect(await readAll(unchecked), 'served on the copy before the check').toEqual(everyEntry('before'))
      await unchecked.stop()

      const { code, stdout, stderr } = await restoreCheckCli(copy.url)
      expect(stderr, server.label).not.toMatch(/✗/)
      expect(code).toBe(0)
      expect(stdout).toMatch(/Checking the sign-off ledger\n {2}\d+ entries, every hash and link checks out/)
      expect(stdout).toContain('articles: 6 published, each exactly as signed.')
      expect(stdout).toContain('conditions: 1 published, each exactly as signed.')
      const id = ROW_REPORTED.exec(stdout)?.[1]
      expect(id, stdout).toBeDefined()
      // The row it names is in the restored database, and is the only flush there.
      expect(await flushRows(copy.url)).toEqual([id])
      expect(stdout).toContain(`Restore check passed`)
      expect(stdout).toContain(`page cache expired (cache_invalidations row ${id})`)

      // The site started after the check, on the same disk: nothing from before it, then what it renders afresh.
      const restarted = await cacheServer(copy.url, 'faithful')
      expect(await readAll(restarted), 'served after the check').toEqual(everyEntry(null))
      await settle()
      await writeAll(restarted, 'after')
      expect(await readAll(restarted), 'rendered afresh').toEqual(everyEntry('after'))
    },
  )

  it(
    'expires what servers already running on the restored database cached, as soon as it commits',
    { timeout: 180_000 },
    async () => {
      const copy = await restoredCopy('restored_running')
      const servers = [await cacheServer(copy.url, 'running-a'), await cacheServer(copy.url, 'running-b')]
      for (const server of servers) {
        await writeAll(server, 'before')
        expect(await readAll(server)).toEqual(everyEntry('before'))
      }
      const appliedBefore = await Promise.all(servers.map(async (server) => (await server.feed()).applied))

      // --next-dir, from runbooks written before the outbox, is accepted and ignored.
      const { code, stdout, stderr } = await restoreCheckCli(copy.url, ['--next-dir', path.join(workDir, 'running-a')])
      expect(stderr, server.label).not.toMatch(/✗/)
      expect(code).toBe(0)
      expect(stderr).toContain('--next-dir is deprecated and ignored')
      expect(stdout).toMatch(ROW_REPORTED)

      // Delivered by PostgreSQL's notification after the check's commit: no restart.
      for (const [index, server] of servers.entries()) {
        await eventually(
          async () => (await server.feed()).applied > appliedBefore[index]!,
          `the flush reaching server ${index}`,
        )
        expect(await readAll(server), `served by server ${index} after the check`).toEqual(everyEntry(null))
      }
      await settle()
      for (const server of servers) {
        await writeAll(server, 'after')
        expect(await readAll(server)).toEqual(everyEntry('after'))
      }
    },
  )

  it('fails, saying the page cache is not expired, on a copy from before the outbox existed', async () => {
    const copy = await restoredCopy('restored_old')
    await onCopy(copy, [
      [`DROP TABLE ${INVALIDATION_TABLE}`],
      ['DELETE FROM payload_migrations WHERE name = $1', ['20261202_040000_cache_invalidations']],
    ])
    const { code, stderr } = await restoreCheckCli(copy.url)
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /✗ schema: the database lacks 1 migration\(s\) of this build \(20261202_040000_cache_invalidations\)/,
    )
    expect(stderr).toContain('✗ page cache: the flush could not be recorded in this database')
    expect(stderr).toMatch(/Restore check failed:.* 2 problem\(s\)/)
  })

  it('fails naming the document whose published clinical text was changed without a new sign-off', async () => {
    const copy = await restoredCopy('restored_text')
    await onCopy(copy, [[`UPDATE articles SET summary = 'Changed after signing.' WHERE id = $1`, [article.id]]])
    const { code, stdout, stderr } = await restoreCheckCli(copy.url)
    expect(code).toBe(1)
    expect(stdout).toContain('articles: 6 published, 1 not as signed.')
    expect(stdout).toContain('conditions: 1 published, each exactly as signed.')
    const line = stderr.split('\n').find((text) => text.includes(`✗ articles ${article.id} "${article.question}"`))
    expect(line, stderr).toBeDefined()
    expect(line).toContain('not to its stored contentHash')
    expect(line).toContain('its sign-off is for')
    expect(line).toContain(`ledger entry ${article.entry}, named as its sign-off, approved`)
    expect(stderr).toContain('unpublish it')
    expect(stderr).toMatch(/Restore check failed:.* 1 problem\(s\)/)
  })

  it('fails naming the ledger entry that was altered, even with the document changed to match it', async () => {
    const copy = await restoredCopy('restored_ledger')
    // The thorough forger: new text, and every hash that names it rewritten to match.
    const stored = await payload.findByID({ collection: 'articles', id: article.id, draft: false, depth: 0 })
    const hash = clinicalHashOf({ ...stored, summary: 'Forged after signing.' })
    await onCopy(copy, [
      [
        `UPDATE articles SET summary = 'Forged after signing.', content_hash = $2, sign_off_hash = $2 WHERE id = $1`,
        [article.id, hash],
      ],
      ['ALTER TABLE reviews DISABLE TRIGGER reviews_append_only'],
      ['UPDATE reviews SET content_hash = $2 WHERE id = $1', [article.entry, hash]],
      ['ALTER TABLE reviews ENABLE TRIGGER reviews_append_only'],
    ])
    const { code, stdout, stderr } = await restoreCheckCli(copy.url)
    expect(code).toBe(1)
    expect(stderr).toContain(`✗ ledger entry ${article.entry}: its content no longer matches its stored hash`)
    expect(stderr).toContain('restore a backup from before the change')
    // The document now agrees with the altered entry: only the chain catches it.
    expect(stdout).toContain('articles: 6 published, each exactly as signed.')
    expect(stderr).toMatch(/Restore check failed:.* 1 problem\(s\)/)
  })
})

/** The clinical hash of `doc`, computed as the publish gate and the check compute it. */
function clinicalHashOf(doc: object): string {
  const options = reviewOptionsOf(payload as never, 'articles')
  return bulkHistory.clinicalHash(
    bulkHistory.signedFieldsOf({ payload } as never, options),
    doc as Record<string, unknown>,
  )
}

/** The short form of the clinical hash of article `id` as published, as the check prints it. */
async function hashOf(id: number): Promise<string> {
  const doc = await payload.findByID({ collection: 'articles', id, draft: false, depth: 0 })
  return `${clinicalHashOf(doc).slice(0, 12)}…`
}

describe('the published-document check, on the source database', () => {
  const problemOf = async (id: number) => {
    const { problems } = await checkPublishedDocuments(payload)
    return problems.find((problem) => problem.subject.startsWith(`articles ${id} `))?.problem ?? 'no problem'
  }

  it('finds every published document as signed before anything is tampered with', async () => {
    const { published, problems } = await checkPublishedDocuments(payload)
    expect(problems).toEqual([])
    expect(published).toEqual({ articles: 6, conditions: 1 })
  })

  it('names a document whose stored sign-off is for other content', async () => {
    const { id } = guarded[0]!
    await sql.query(`UPDATE articles SET sign_off_hash = repeat('0', 64) WHERE id = $1`, [id])
    expect(await problemOf(id)).toBe(
      'its sign-off is for 000000000000…, not for the published content (' + (await hashOf(id)) + ')',
    )
  })

  it('names a document whose sign-off names a ledger entry that does not exist', async () => {
    const { id } = guarded[1]!
    await sql.query('UPDATE articles SET sign_off_entry = 999999 WHERE id = $1', [id])
    expect(await problemOf(id)).toBe('the ledger entry it names as its sign-off, 999999, does not exist')
  })

  it('names a document whose sign-off names no ledger entry', async () => {
    const { id } = guarded[4]!
    await sql.query('UPDATE articles SET sign_off_entry = NULL WHERE id = $1', [id])
    expect(await problemOf(id)).toBe('it names no ledger entry as its sign-off')
  })

  it('names a document whose sign-off names a refusal', async () => {
    const { id } = guarded[2]!
    const draft = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent('refused'), author: people.writer },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    const review = reviewWorkflow(payload, 'articles', QUIET)
    await review.submit(people.writer, draft.id, { changeNote: 'New article.', reviewer: people.reviewer })
    await review.signOff(people.reviewer, draft.id, { decision: 'changes-requested', comments: 'Not yet.' })
    const { docs } = await payload.find({
      collection: 'reviews',
      where: { subjectId: { equals: String(draft.id) }, decision: { equals: 'changes-requested' } },
      depth: 0,
    })
    const refusal = docs[0]!.id
    await sql.query('UPDATE articles SET sign_off_entry = $2 WHERE id = $1', [id, refusal])
    expect(await problemOf(id)).toContain(
      `ledger entry ${refusal}, named as its sign-off, is a "changes-requested" decision, not an approval`,
    )
  })

  it("names a document whose sign-off names another document's approval", async () => {
    const { id } = guarded[3]!
    const other = guarded[0]!
    await sql.query('UPDATE articles SET sign_off_entry = $2 WHERE id = $1', [id, other.entry])
    expect(await problemOf(id)).toContain(
      `ledger entry ${other.entry}, named as its sign-off, is about articles ${other.id}, not this document`,
    )
  })

  it('reports the migrations a restored database lacks', async () => {
    expect(await pendingMigrations(payload)).toEqual([])
    const { rows } = await sql.query(
      'DELETE FROM payload_migrations WHERE id = (SELECT max(id) FROM payload_migrations) RETURNING *',
    )
    try {
      expect(await pendingMigrations(payload)).toEqual([rows[0].name])
    } finally {
      await sql.query('INSERT INTO payload_migrations (name, batch, updated_at, created_at) VALUES ($1, $2, $3, $4)', [
        rows[0].name,
        rows[0].batch,
        rows[0].updated_at,
        rows[0].created_at,
      ])
    }
  })

  it('says when the database holds no Causeway schema at all', async () => {
    await sql.query('ALTER TABLE payload_migrations RENAME TO payload_migrations_away')
    try {
      expect(await pendingMigrations(payload)).toBeNull()
    } finally {
      await sql.query('ALTER TABLE payload_migrations_away RENAME TO payload_migrations')
    }
  })
})
