/**
 * The benchmark's first phase: everything the measurements need, made ready and checked — the
 * production build, the data set (seeded, and for the full run copied), two staff accounts, the
 * hot lists' query plans, the server started as `npm start` starts it, the pages warmed into its
 * cache, a draft-mode session, and the bare Node yardstick. Each resource is recorded in
 * `resources` as soon as it exists, so `releaseResources` can undo a half-finished preparation.
 */
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import { readDataset, type DatasetFacts } from '@/bench/dataset'
import { explainHotQueries } from '@/bench/hotQueries'
import { Session } from '@/bench/http'
import type { LoadRequest } from '@/bench/load'
import type { BenchOptions } from '@/bench/options'
import { startBareNode } from '@/bench/processes'
import type { QueryPlan } from '@/bench/report'
import { RssSampler } from '@/bench/rss'
import { type BenchStaff, ensureBenchStaff } from '@/bench/staff'
import { makeWorkingCopy, type WorkingCopy } from '@/bench/workingCopy'
import { previewSecret } from '@/lib/preview/previewSecret'
import { step } from '@/tooling/cli'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { redact, withDatabaseName } from '@/tooling/db/selectDatabase'
import {
  createTestDatabase,
  freePort,
  provisionTestServer,
  type TestDatabase,
  type TestServer,
} from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { devEmbeddedDatabase, LARGE_DATABASE, projectRoot } from '@/tooling/paths'
import { run } from '@/tooling/run'
import { startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'
import type { RunningEdge } from '@/tooling/edge'
import { withPayload } from '@/tooling/withPayload'

export const WORKING_COPY = 'causeway_large_bench'
export const NEXT_DIR = path.join(projectRoot, '.next')
const SEED_SCRIPT = path.join(projectRoot, 'scripts', 'seed-large.ts')

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A setup problem the person running the benchmark can fix; printed without a stack trace. */
export class CannotContinue extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CannotContinue'
  }
}

/** What a run started and must stop or remove, whatever happens. */
export interface Resources {
  scratch: string
  testServer?: TestServer
  testDatabase?: TestDatabase
  devDatabase?: { stop: () => Promise<void> }
  workingCopy?: WorkingCopy
  server?: ChildProcess
  bare?: ChildProcess
  rss?: RssSampler
  edge?: RunningEdge
}

/** Stops and removes everything in `resources`, each step on its own. */
export async function releaseResources(resources: Resources): Promise<void> {
  // One step that fails (a PostgreSQL already stopping on Ctrl-C) must not leave the rest undone.
  const attempt = (what: string, action: () => Promise<unknown> | undefined) =>
    Promise.resolve()
      .then(action)
      .catch((error: Error) => console.error(`Could not ${what}: ${error.message}`))
  resources.rss?.stop()
  await attempt('stop the edge (Varnish)', () => resources.edge?.stop())
  await attempt('stop the bare Node server', () => stopProcessTree(resources.bare, 2_000))
  await attempt('stop the server', () => stopProcessTree(resources.server))
  await attempt('drop the bench database', () => resources.testDatabase?.drop())
  await attempt(`drop ${WORKING_COPY}`, () => resources.workingCopy?.drop())
  await attempt('stop the throwaway PostgreSQL', () => resources.testServer?.stop())
  await attempt('stop the development PostgreSQL', () => resources.devDatabase?.stop())
  await attempt('remove the scratch directory', () => fs.rm(resources.scratch, { force: true, recursive: true }))
}

/** A page warmed into Next.js's cache: its HTML and the cache header it came with. */
export interface WarmPage {
  html: string
  cacheHeader: string | null
}

/** Requests `path` until it answers 200 and Next.js says it came from its cache (or looks stable). */
export async function warmCachedPage(baseUrl: string, pagePath: string): Promise<WarmPage> {
  let previous: string | null = null
  for (let attempt = 1; attempt <= 50; attempt++) {
    const response = await fetch(new URL(pagePath, baseUrl), { redirect: 'manual' })
    const html = await response.text()
    const cacheHeader = response.headers.get('x-nextjs-cache')
    if (response.status === 200) {
      if (cacheHeader === 'HIT') return { html, cacheHeader }
      // Without the header, two identical answers in a row are taken as cached.
      if (cacheHeader === null && html === previous) return { html, cacheHeader }
      previous = html
    }
    await sleep(100)
  }
  throw new Error(`${pagePath} never answered 200 from the cache (50 tries).`)
}

/** Everything the measurements work on. */
export interface Prepared {
  dataset: DatasetFacts
  /** The public origin (SERVER_URL) and the loopback address load goes to. */
  origin: string
  baseUrl: string
  bareUrl: string
  serverEnv: NodeJS.ProcessEnv
  staff: BenchStaff
  queryPlans: QueryPlan[]
  editor: Session
  articlePath: string
  conditionPath: string
  article: WarmPage
  searchRequests: LoadRequest[]
  draftHeaders: Record<string, string>
}

/** Builds the app unless --skip-build, and checks what the run depends on. */
export async function build(options: BenchOptions, env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(SEED_SCRIPT)) {
    throw new CannotContinue(
      `${path.relative(projectRoot, SEED_SCRIPT)} is missing; the benchmark needs it to make its data set.`,
    )
  }
  if (options.skipBuild) {
    if (!existsSync(path.join(NEXT_DIR, 'BUILD_ID'))) {
      throw new CannotContinue(
        '--skip-build needs an existing production build, and .next/BUILD_ID is missing. Run without --skip-build (or `npm run build`) first.',
      )
    }
    step('Reusing the existing .next build (--skip-build)')
    return
  }
  step('Building the app for production (next build)')
  const built = await run(bin('next'), ['build'], { NEXT_TELEMETRY_DISABLED: '1', ...env, NODE_ENV: 'production' })
  if (built !== 0) process.exit(built)
}

/** The data set: seeded (resumable), for the full run copied, and described. */
async function prepareDatabase(
  options: BenchOptions,
  env: NodeJS.ProcessEnv,
  resources: Resources,
): Promise<{ databaseUrl: string; dataset: DatasetFacts }> {
  // A throwaway database for smoke; for the full run the persistent causeway_large on the
  // development server, which seed-large fills once (hours) and later runs reuse.
  let seedUrl: string
  if (options.smoke) {
    resources.testServer = await provisionTestServer(env)
    resources.testDatabase = await createTestDatabase(resources.testServer.adminUrl, 'bench')
    seedUrl = resources.testDatabase.url
    const where =
      resources.testServer.source === 'embedded' ? 'a throwaway embedded PostgreSQL' : 'the DATABASE_URL server'
    step(`Database: throwaway ${resources.testDatabase.name} on ${where}`)
  } else {
    // Reads .env like every development script, so DATABASE_URL there counts too.
    const dev = await openScriptDatabase()
    resources.devDatabase = dev
    seedUrl = withDatabaseName(dev.url, LARGE_DATABASE)
    const where =
      dev.source === 'url'
        ? 'the DATABASE_URL server'
        : `the development embedded PostgreSQL (port ${devEmbeddedDatabase(process.env).port})`
    step(`Database: ${LARGE_DATABASE} on ${where}: ${redact(seedUrl)}`)
  }

  const seedArgs = ['--articles', String(options.articles), '--database-url', seedUrl]
  if (options.smoke) seedArgs.push('--conditions', '30', '--symptoms', '10', '--people', '20')
  step(`Data set: tsx scripts/seed-large.ts ${seedArgs.map((arg) => (arg === seedUrl ? redact(arg) : arg)).join(' ')}`)
  const seeded = await run(bin('tsx'), [SEED_SCRIPT, ...seedArgs], env)
  if (seeded !== 0) throw new Error(`scripts/seed-large.ts exited with code ${seeded}; see its output above.`)

  let databaseUrl = seedUrl
  if (!options.smoke) {
    const copyStarted = Date.now()
    resources.workingCopy = await makeWorkingCopy(seedUrl, LARGE_DATABASE, WORKING_COPY)
    databaseUrl = resources.workingCopy.url
    const seconds = ((Date.now() - copyStarted) / 1000).toFixed(1)
    step(
      `Working copy: ${WORKING_COPY} from ${LARGE_DATABASE} in ${seconds} s (dropped at the end; ${LARGE_DATABASE} stays as seeded)`,
    )
  }

  const dataset = await readDataset(databaseUrl)
  step(
    `Data set: ${dataset.counts.articles} articles (${dataset.counts.published} published), ${dataset.counts.conditions} conditions, ` +
      `${dataset.counts.symptoms} symptoms, ${dataset.counts.users} users; PostgreSQL ${dataset.postgres}`,
  )
  return { databaseUrl, dataset }
}

/** Draft mode, as an editor gets it from the admin's Preview button: the request headers that carry it. */
async function draftModeHeaders(
  editor: Session,
  baseUrl: string,
  serverEnv: NodeJS.ProcessEnv,
  articlePath: string,
  slug: string,
  editorEmail: string,
) {
  const preview = await editor.page(
    `/preview?${new URLSearchParams({ collection: 'articles', slug, secret: previewSecret(serverEnv) })}`,
  )
  await preview.arrayBuffer()
  if (preview.status >= 400 || !editor.has('__prerender_bypass')) {
    throw new Error(
      `/preview answered ${preview.status} without a __prerender_bypass cookie: draft mode did not turn on.`,
    )
  }
  const draftHeaders = {
    cookie: editor.cookieHeader(),
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
  }
  const draftCheck = await fetch(new URL(articlePath, baseUrl), { headers: draftHeaders, redirect: 'manual' })
  const draftHtml = await draftCheck.text()
  const cacheControl = draftCheck.headers.get('cache-control') ?? ''
  if (
    draftCheck.status !== 200 ||
    !draftHtml.includes('class="preview-banner"') ||
    !/no-store|private/.test(cacheControl)
  ) {
    throw new Error(
      `${articlePath} with the preview cookies is not a draft render (status ${draftCheck.status}, cache-control "${cacheControl}", ` +
        `preview banner ${draftHtml.includes('preview-banner') ? 'present' : 'absent'}).`,
    )
  }
  // The banner only says draft mode is on; the page reads drafts (uncached) only when
  // payload.auth() accepts these same headers as a staff login, so check that too.
  const me = await fetch(new URL('/api/users/me', baseUrl), { headers: draftHeaders })
  const meBody = (await me.json().catch(() => null)) as { user?: { email?: string } | null } | null
  if (meBody?.user?.email !== editorEmail) {
    throw new Error(
      `The draft requests' cookies do not authenticate the editor (GET /api/users/me answered ${me.status}); the draft render would be the cached one.`,
    )
  }
  step(
    `Draft mode: ${articlePath} renders with the preview banner as the logged-in editor, cache-control "${cacheControl}"`,
  )
  return draftHeaders
}

/**
 * `npm start` with `serverEnv`, its memory sampled from its first moment (resources.rss), its
 * output in test-results/<logName>; resolves once it answers at `baseUrl`.
 */
async function startOrigin(
  serverEnv: NodeJS.ProcessEnv,
  baseUrl: string,
  resources: Resources,
  logName: string,
  what: string,
): Promise<void> {
  const logDir = path.join(projectRoot, 'test-results')
  await fs.mkdir(logDir, { recursive: true })
  const logFile = path.join(logDir, logName)
  step(`${what} (log: ${path.relative(projectRoot, logFile)})`)
  resources.server = startServer(serverEnv, logFile)
  resources.rss = new RssSampler(resources.server.pid!)
  resources.rss.start()
  await waitUntilServing(`${baseUrl}/`, resources.server, 120_000, logFile)
}

/**
 * Stops the server and starts it again on the same port and database with `changes` to its
 * environment (the edge's purge settings, a heap budget), sampling its memory afresh. Its
 * caches and the readers' sessions survive (the cache is on disk, the secret is the same).
 */
export async function restartOrigin(
  prepared: Prepared,
  resources: Resources,
  changes: Record<string, string>,
  logName: string,
  what: string,
): Promise<NodeJS.ProcessEnv> {
  resources.rss?.stop()
  resources.rss = undefined
  await stopProcessTree(resources.server)
  resources.server = undefined
  const serverEnv = { ...prepared.serverEnv, ...changes }
  await startOrigin(serverEnv, prepared.baseUrl, resources, logName, what)
  return serverEnv
}

/** Everything up to the first measurement. */
export async function prepare(options: BenchOptions, env: NodeJS.ProcessEnv, resources: Resources): Promise<Prepared> {
  const { databaseUrl, dataset } = await prepareDatabase(options, env, resources)
  const { pages } = dataset

  // The server's settings, as production would have them; the Local API below needs the same
  // secret to make accounts the server will accept.
  const port = await freePort()
  const origin = `http://localhost:${port}`
  // Load goes to the loopback address directly (no name lookup per connection); the site's
  // public origin stays localhost, as SERVER_URL says.
  const baseUrl = `http://127.0.0.1:${port}`
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: crypto.randomBytes(32).toString('hex'),
    // Explicit, so a PREVIEW_SECRET in .env cannot make the preview link below invalid.
    PREVIEW_SECRET: crypto.randomBytes(16).toString('hex'),
    SERVER_URL: origin,
    PORT: String(port),
    MEDIA_DIR: path.join(resources.scratch, 'media'),
    LOG_LEVEL: 'warn',
    // The daily review-expiry job would re-queue and e-mail in the middle of a measurement.
    JOBS_AUTORUN: 'false',
    ...(options.serverNodeOptions ? { NODE_OPTIONS: options.serverNodeOptions } : {}),
  }

  step('Bench accounts: an editor and a clinical reviewer (Local API); the hot lists EXPLAINed')
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: serverEnv.PAYLOAD_SECRET,
    SERVER_URL: origin,
    LOG_LEVEL: 'warn',
    // Jobs belong to the server; this process only writes two accounts.
    JOBS_AUTORUN: 'false',
  })
  const { staff, queryPlans } = await withPayload(async (payload) => ({
    staff: await ensureBenchStaff(payload),
    queryPlans: (await explainHotQueries(payload)).map(({ name, statements, largeSeqScans, scans }) => ({
      name,
      statements,
      largeSeqScans,
      indexes: [...new Set(scans.flatMap((scan) => (scan.index ? [scan.index] : [])))],
    })),
  }))

  await startOrigin(serverEnv, baseUrl, resources, 'bench-server.log', `npm start at ${origin}`)

  // Pages: warmed into Next.js's cache, and the article's HTML kept for the bare server.
  const articlePath = `/articles/${pages.article.slug}`
  const conditionPath = `/conditions/${pages.condition.slug}`
  const article = await warmCachedPage(baseUrl, articlePath)
  const condition = await warmCachedPage(baseUrl, conditionPath)
  step(
    `Cached pages: ${articlePath} (x-nextjs-cache: ${article.cacheHeader ?? 'absent'}), ${conditionPath} (x-nextjs-cache: ${condition.cacheHeader ?? 'absent'})`,
  )

  // Search: every query must answer 200 before it is measured.
  const searchRequests: LoadRequest[] = pages.searchQueries.map((query) => ({
    path: `/search?q=${encodeURIComponent(query)}`,
  }))
  for (const { path: searchPath } of searchRequests) {
    const response = await fetch(new URL(searchPath, baseUrl))
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${searchPath} answered ${response.status}, not 200.`)
  }
  step(
    `Search: ${searchRequests.length} queries, e.g. ${pages.searchQueries.slice(0, 3).join(', ')} … ${pages.searchQueries.slice(-2).join(', ')}`,
  )

  const editor = new Session(baseUrl, origin)
  await editor.login(staff.editor.email, staff.editor.password)
  const draftHeaders = await draftModeHeaders(
    editor,
    baseUrl,
    serverEnv,
    articlePath,
    pages.article.slug,
    staff.editor.email,
  )

  // The yardstick: the cached article's bytes from a bare Node server in its own process.
  const htmlFile = path.join(resources.scratch, 'article.html')
  await fs.writeFile(htmlFile, article.html)
  const started = await startBareNode(htmlFile)
  resources.bare = started.child
  const bareUrl = `http://127.0.0.1:${started.port}`

  return {
    dataset,
    origin,
    baseUrl,
    bareUrl,
    serverEnv,
    staff,
    queryPlans,
    editor,
    articlePath,
    conditionPath,
    article,
    searchRequests,
    draftHeaders,
  }
}
