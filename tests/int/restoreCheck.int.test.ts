/**
 * `npm run restore:check` after a real restore: a database holding signed, published content made
 * through the workflow is dumped with `pg_dump -Fc` and restored with `pg_restore` into new, empty
 * databases. The check passes on a faithful copy and expires the page cache (read back through
 * Next's own file-system cache in fresh processes, as a restarted server reads it); it fails,
 * naming the document, on a copy whose published clinical text was changed without a new sign-off,
 * and, naming the entry, on one whose ledger was altered. Each other mismatch it looks for is
 * checked on the source database.
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
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { bulkHistory, reviewOptionsOf, reviewWorkflow } from '@/plugins/medicalReview'
import { withClient } from '@/tooling/db/selectDatabase'
import { createTestDatabase, freePort, type TestDatabase } from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'
import { expirePageCache, ROOT_LAYOUT_TAG } from '@/tooling/restore/pageCache'
import { pendingMigrations } from '@/lib/db/faults'
import { checkPublishedDocuments } from '@/tooling/restore/restoreCheck'

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

// ——— the page cache, read and written by Next's own file-system cache in a fresh process ———

const CACHE_PROCESS = `
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
const [root, serverDistDir, step, kind, key, tags, text] = process.argv.slice(1)
const require = createRequire(root + '/package.json')
const { nodeFs } = require('next/dist/server/lib/node-fs-methods.js')
const { default: Handler } = await import(pathToFileURL(root + '/lib/cache/durableTagCache.mjs').href)
const cache = new Handler({ fs: nodeFs, serverDistDir, flushToDisk: true, revalidatedTags: [] })
const tagList = tags ? tags.split(',') : []
let result = null
if (step === 'write' && kind === 'APP_PAGE') {
  const headers = tags ? { 'x-next-cache-tags': tags } : {}
  await cache.set(key, { kind, html: text, rscData: Buffer.from(text), headers, status: 200 }, {
    cacheControl: { revalidate: false }, isRoutePPREnabled: false, isFallback: false,
  })
} else if (step === 'write' && kind === 'FETCH') {
  const data = { headers: {}, body: JSON.stringify(text), status: 200, url: '' }
  await cache.set(key, { kind, data, revalidate: 31536000 }, { fetchCache: true, tags: tagList, fetchIdx: 0, fetchUrl: 'unstable_cache' })
} else if (step === 'read' && kind === 'APP_PAGE') {
  result = (await cache.get(key, { kind, isRoutePPREnabled: false, isFallback: false }))?.value.html ?? null
} else if (step === 'read' && kind === 'FETCH') {
  const entry = await cache.get(key, { kind, tags: tagList, softTags: [], fetchIdx: 0, fetchUrl: 'unstable_cache' })
  result = entry ? JSON.parse(entry.value.data.body) : null
}
process.stdout.write(JSON.stringify(result))
`

type CacheKind = 'APP_PAGE' | 'FETCH'

async function inCacheProcess(
  nextDir: string,
  step: 'write' | 'read',
  kind: CacheKind,
  key: string,
  tags: string[],
  text = '',
): Promise<string | null> {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      CACHE_PROCESS,
      projectRoot,
      path.join(nextDir, 'server'),
      step,
      kind,
      key,
      tags.join(','),
      text,
    ],
    { cwd: projectRoot, timeout: 30_000 },
  )
  return JSON.parse(stdout) as string | null
}

/** A page rendered at run time (ISR), a build's prerendered page, and `unstable_cache` data. */
const CACHED = [
  {
    kind: 'APP_PAGE',
    key: '/route-cache/APP_PAGE/0123456789abcdef/$/articles/restored',
    tags: [ROOT_LAYOUT_TAG, '_N_T_/articles/[slug]/page', 'article:restored'],
  },
  { kind: 'APP_PAGE', key: '/articles/seeded', tags: [ROOT_LAYOUT_TAG, '_N_T_/articles/seeded', 'article:seeded'] },
  // Data under a tag no cached page carries: only deleting the data cache removes it.
  { kind: 'FETCH', key: 'restore-check-data-entry', tags: ['symptoms'] },
] as const

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

/** `npm run restore:check` on `databaseUrl`, with `nextDir` as the page cache. */
async function restoreCheckCli(databaseUrl: string, nextDir: string) {
  try {
    const { stdout, stderr } = await run(
      bin('tsx'),
      [path.join(projectRoot, 'scripts', 'restore-check.ts'), '--next-dir', nextDir],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1' }, timeout: 90_000 },
    )
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
    'passes on a faithful copy, and no page rendered before it is served afterwards',
    { timeout: 180_000 },
    async () => {
      const nextDir = path.join(workDir, 'faithful', '.next')
      for (const { kind, key, tags } of CACHED) await inCacheProcess(nextDir, 'write', kind, key, [...tags], 'before')
      for (const { kind, key, tags } of CACHED) {
        expect(await inCacheProcess(nextDir, 'read', kind, key, [...tags]), `${key} is served before the check`).toBe(
          'before',
        )
      }

      const copy = await restoredCopy('restored')
      const { code, stdout, stderr } = await restoreCheckCli(copy.url, nextDir)
      expect(stderr, server.label).not.toMatch(/✗/)
      expect(code).toBe(0)
      expect(stdout).toMatch(/Checking the sign-off ledger\n {2}\d+ entries, every hash and link checks out/)
      expect(stdout).toContain('articles: 6 published, each exactly as signed.')
      expect(stdout).toContain('conditions: 1 published, each exactly as signed.')
      expect(stdout).toMatch(/2 cached page\(s\) and route response\(s\) expired .*; 1 cached data entry deleted/)
      expect(stdout).toContain('Restore check passed')
      expect(stdout).toContain('Next: start the site')

      // What a server started after the check serves: nothing from before it, and what it renders afresh.
      for (const { kind, key, tags } of CACHED) {
        expect(await inCacheProcess(nextDir, 'read', kind, key, [...tags]), `${key} after the check`).toBeNull()
      }
      for (const { kind, key, tags } of CACHED) await inCacheProcess(nextDir, 'write', kind, key, [...tags], 'after')
      for (const { kind, key, tags } of CACHED) {
        expect(await inCacheProcess(nextDir, 'read', kind, key, [...tags]), `${key} rendered afresh`).toBe('after')
      }
    },
  )

  it('fails naming the document whose published clinical text was changed without a new sign-off', async () => {
    const copy = await restoredCopy('restored_text')
    await onCopy(copy, [[`UPDATE articles SET summary = 'Changed after signing.' WHERE id = $1`, [article.id]]])
    const { code, stdout, stderr } = await restoreCheckCli(copy.url, path.join(workDir, 'text', '.next'))
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
    const { code, stdout, stderr } = await restoreCheckCli(copy.url, path.join(workDir, 'ledger', '.next'))
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

describe('expiring the page cache', () => {
  it('reports a cached page that carries no tag, which no expiry reaches', async () => {
    const nextDir = path.join(workDir, 'untagged', '.next')
    await inCacheProcess(nextDir, 'write', 'APP_PAGE', '/untagged', [], 'untagged')
    await inCacheProcess(nextDir, 'write', 'APP_PAGE', '/tagged', [ROOT_LAYOUT_TAG], 'tagged')
    const report = await expirePageCache(nextDir)
    expect(report.pages).toBe(2)
    expect(report.untagged).toEqual([path.join('server', 'app', 'untagged.meta')])
    expect(report.tags).toEqual([ROOT_LAYOUT_TAG])
  })

  it('has nothing to do where nothing was ever built', async () => {
    const report = await expirePageCache(path.join(workDir, 'never-built', '.next'))
    expect(report).toMatchObject({ present: false, pages: 0, tags: [] })
    expect(existsSync(path.join(workDir, 'never-built'))).toBe(false)
  })
})
