/**
 * `npm run bench [-- options]`: how fast the production build serves readers, on a large data set.
 *
 * Builds the app (skip with --skip-build), fills the database `causeway_large` with
 * scripts/seed-large.ts (resumable: quick when already complete), starts the server exactly as
 * `npm start` does on a copy of it made for the run (see ./workingCopy.ts), and
 * loads it with autocannon at each connection count: a cached article page, a cached condition
 * page, /search with varied queries, an uncached draft-mode article render, and the same
 * article's HTML from a bare Node server (the machine's ceiling). Also
 * times publish-to-visible through the REST API, weighs the reader page's JavaScript, and
 * samples the server's memory. Prints a table and the goals met or missed (never enforced), and
 * writes bench/results/<date>.json.
 *
 * --smoke does the same in seconds on a small throwaway database (CI), writing
 * test-results/bench-smoke.json. Either mode exits non-zero when a request fails.
 */
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { explainHotQueries } from '@/bench/hotQueries'
import { redact, withDatabaseName } from '@/tooling/db/selectDatabase'
import { previewSecret } from '@/lib/preview/previewSecret'
import { serverNodeOptions } from '@/lib/runtimeConfig'
import { createTestDatabase, freePort, provisionTestServer, type TestDatabase, type TestServer } from '@/tooling/db/testDatabases'

import { type LoadRequest, measure } from './load'
import { readDataset } from './dataset'
import { Session } from './http'
import { parseOptions, USAGE, UsageError } from './options'
import { startBareNode } from './processes'
import { lighthouse, LIGHTHOUSE_VERSION, type LighthouseReport } from './lighthouse'
import { readerJs, type ReaderJsReport } from './readerJs'
import {
  type BenchResults,
  evaluateGoals,
  formatSummary,
  formatTable,
  localDate,
  type PublishToVisible,
  resultsFile,
  type TargetName,
  type TargetResult,
  withRatios,
} from './report'
import { RssSampler } from './rss'
import { ensureBenchStaff } from './staff'
import { makeWorkingCopy, type WorkingCopy } from './workingCopy'
import { bold, cleanupOnExit, red, runMain, step } from '@/tooling/cli'
import { bin } from '@/tooling/next'
import { devEmbeddedDatabase, LARGE_DATABASE, projectRoot } from '@/tooling/paths'
import { run } from '@/tooling/run'
import { startServer, stopProcessTree, waitUntilServing } from '@/tooling/server'
import { openScriptDatabase } from '@/tooling/db/devDatabase'
import { withPayload } from '@/tooling/withPayload'

const WORKING_COPY = 'causeway_large_bench'
const SEED_SCRIPT = path.join(projectRoot, 'scripts', 'seed-large.ts')
const NEXT_DIR = path.join(projectRoot, '.next')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Requests `path` until it answers 200 and Next.js says it came from its cache (or looks stable). */
async function warmCachedPage(baseUrl: string, pagePath: string): Promise<{ html: string; cacheHeader: string | null }> {
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

runMain(async () => {
  let options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${red(bold('Cannot continue:'))} ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (options.help) {
    console.log(USAGE)
    return
  }
  const mode = options.smoke ? 'smoke' : 'full'
  const startedAt = Date.now()
  const baseEnv: NodeJS.ProcessEnv = { ...process.env }
  const problems: string[] = []

  if (!existsSync(SEED_SCRIPT)) {
    console.error(`${red(bold('Cannot continue:'))} ${path.relative(projectRoot, SEED_SCRIPT)} is missing; the benchmark needs it to make its data set.`)
    process.exit(1)
  }
  if (options.skipBuild) {
    if (!existsSync(path.join(NEXT_DIR, 'BUILD_ID'))) {
      console.error(
        `${red(bold('Cannot continue:'))} --skip-build needs an existing production build, and .next/BUILD_ID is missing. ` +
          'Run without --skip-build (or `npm run build`) first.',
      )
      process.exit(1)
    }
    step('Reusing the existing .next build (--skip-build)')
  } else {
    step('Building the app for production (next build)')
    const built = await run(bin('next'), ['build'], { NEXT_TELEMETRY_DISABLED: '1', ...baseEnv, NODE_ENV: 'production' })
    if (built !== 0) process.exit(built)
  }

  let testServer: TestServer | undefined
  let testDatabase: TestDatabase | undefined
  let devDatabase: { stop: () => Promise<void> } | undefined
  let workingCopy: WorkingCopy | undefined
  let server: ChildProcess | undefined
  let bare: ChildProcess | undefined
  let rss: RssSampler | undefined
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-bench-'))
  // Each step on its own: one that fails (a PostgreSQL already stopping on Ctrl-C) must not leave the rest undone.
  const attempt = (what: string, step: () => Promise<unknown> | undefined) =>
    Promise.resolve()
      .then(step)
      .catch((error: Error) => console.error(`Could not ${what}: ${error.message}`))
  const cleanup = cleanupOnExit(async () => {
    rss?.stop()
    await attempt('stop the bare Node server', () => stopProcessTree(bare, 2_000))
    await attempt('stop the server', () => stopProcessTree(server))
    await attempt('drop the bench database', () => testDatabase?.drop())
    await attempt(`drop ${WORKING_COPY}`, () => workingCopy?.drop())
    await attempt('stop the throwaway PostgreSQL', () => testServer?.stop())
    await attempt('stop the development PostgreSQL', () => devDatabase?.stop())
    await attempt('remove the scratch directory', () => fs.rm(scratch, { force: true, recursive: true }))
  })
  try {
    // The database: a throwaway one for smoke; for the full run the persistent causeway_large on
    // the development server, which seed-large fills once (hours) and later runs reuse.
    let seedUrl: string
    if (options.smoke) {
      testServer = await provisionTestServer(baseEnv)
      testDatabase = await createTestDatabase(testServer.adminUrl, 'bench')
      seedUrl = testDatabase.url
      step(`Database: throwaway ${testDatabase.name} on ${testServer.source === 'embedded' ? 'a throwaway embedded PostgreSQL' : 'the DATABASE_URL server'}`)
    } else {
      // Reads .env like every development script, so DATABASE_URL there counts too.
      const dev = await openScriptDatabase()
      devDatabase = dev
      seedUrl = withDatabaseName(dev.url, LARGE_DATABASE)
      const where = dev.source === 'url' ? 'the DATABASE_URL server' : `the development embedded PostgreSQL (port ${devEmbeddedDatabase(process.env).port})`
      step(`Database: ${LARGE_DATABASE} on ${where}: ${redact(seedUrl)}`)
    }

    const seedArgs = ['--articles', String(options.articles), '--database-url', seedUrl]
    if (options.smoke) seedArgs.push('--conditions', '30', '--symptoms', '10', '--people', '20')
    step(`Data set: tsx scripts/seed-large.ts ${seedArgs.map((arg) => (arg === seedUrl ? redact(arg) : arg)).join(' ')}`)
    const seeded = await run(bin('tsx'), [SEED_SCRIPT, ...seedArgs], baseEnv)
    if (seeded !== 0) throw new Error(`scripts/seed-large.ts exited with code ${seeded}; see its output above.`)

    let databaseUrl = seedUrl
    if (!options.smoke) {
      const copyStarted = Date.now()
      workingCopy = await makeWorkingCopy(seedUrl, LARGE_DATABASE, WORKING_COPY)
      databaseUrl = workingCopy.url
      const seconds = ((Date.now() - copyStarted) / 1000).toFixed(1)
      step(`Working copy: ${WORKING_COPY} from ${LARGE_DATABASE} in ${seconds} s (dropped at the end; ${LARGE_DATABASE} stays as seeded)`)
    }

    const dataset = await readDataset(databaseUrl)
    const { pages } = dataset
    step(
      `Data set: ${dataset.counts.articles} articles (${dataset.counts.published} published), ${dataset.counts.conditions} conditions, ` +
        `${dataset.counts.symptoms} symptoms, ${dataset.counts.users} users; PostgreSQL ${dataset.postgres}`,
    )

    // The server's settings, as production would have them; the Local API below needs the same
    // secret to make accounts the server will accept.
    const port = await freePort()
    const origin = `http://localhost:${port}`
    // Load goes to the loopback address directly (no name lookup per connection); the site's
    // public origin stays localhost, as SERVER_URL says.
    const baseUrl = `http://127.0.0.1:${port}`
    const mediaDir = path.join(scratch, 'media')
    const serverEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      DATABASE_URL: databaseUrl,
      PAYLOAD_SECRET: crypto.randomBytes(32).toString('hex'),
      // Explicit, so a PREVIEW_SECRET in .env cannot make the preview link below invalid.
      PREVIEW_SECRET: crypto.randomBytes(16).toString('hex'),
      SERVER_URL: origin,
      PORT: String(port),
      MEDIA_DIR: mediaDir,
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

    const logDir = path.join(projectRoot, 'test-results')
    await fs.mkdir(logDir, { recursive: true })
    const logFile = path.join(logDir, 'bench-server.log')
    step(`npm start at ${origin} (log: ${path.relative(projectRoot, logFile)})`)
    server = startServer(serverEnv, logFile)
    rss = new RssSampler(server.pid!)
    rss.start()
    await waitUntilServing(`${baseUrl}/`, server, 120_000, logFile)

    // Pages: warmed into Next.js's cache, and the article's HTML kept for the bare server.
    const articlePath = `/articles/${pages.article.slug}`
    const conditionPath = `/conditions/${pages.condition.slug}`
    const article = await warmCachedPage(baseUrl, articlePath)
    const condition = await warmCachedPage(baseUrl, conditionPath)
    step(`Cached pages: ${articlePath} (x-nextjs-cache: ${article.cacheHeader ?? 'absent'}), ${conditionPath} (x-nextjs-cache: ${condition.cacheHeader ?? 'absent'})`)

    // Search: every query must answer 200 before it is measured.
    const searchRequests: LoadRequest[] = pages.searchQueries.map((query) => ({ path: `/search?q=${encodeURIComponent(query)}` }))
    for (const { path: searchPath } of searchRequests) {
      const response = await fetch(new URL(searchPath, baseUrl))
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`${searchPath} answered ${response.status}, not 200.`)
    }
    step(`Search: ${searchRequests.length} queries, e.g. ${pages.searchQueries.slice(0, 3).join(', ')} … ${pages.searchQueries.slice(-2).join(', ')}`)

    // Draft mode, as an editor gets it from the admin's Preview button: log in, open the
    // preview link, keep both cookies.
    const editor = new Session(baseUrl, origin)
    await editor.login(staff.editor.email, staff.editor.password)
    const preview = await editor.page(
      `/preview?${new URLSearchParams({ collection: 'articles', slug: pages.article.slug, secret: previewSecret(serverEnv) })}`,
    )
    await preview.arrayBuffer()
    if (preview.status >= 400 || !editor.has('__prerender_bypass')) {
      throw new Error(`/preview answered ${preview.status} without a __prerender_bypass cookie: draft mode did not turn on.`)
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
    if (draftCheck.status !== 200 || !draftHtml.includes('class="preview-banner"') || !/no-store|private/.test(cacheControl)) {
      throw new Error(
        `${articlePath} with the preview cookies is not a draft render (status ${draftCheck.status}, cache-control "${cacheControl}", ` +
          `preview banner ${draftHtml.includes('preview-banner') ? 'present' : 'absent'}).`,
      )
    }
    // The banner only says draft mode is on; the page reads drafts (uncached) only when
    // payload.auth() accepts these same headers as a staff login, so check that too.
    const me = await fetch(new URL('/api/users/me', baseUrl), { headers: draftHeaders })
    const meBody = (await me.json().catch(() => null)) as { user?: { email?: string } | null } | null
    if (meBody?.user?.email !== staff.editor.email) {
      throw new Error(`The draft requests' cookies do not authenticate the editor (GET /api/users/me answered ${me.status}); the draft render would be the cached one.`)
    }
    step(`Draft mode: ${articlePath} renders with the preview banner as the logged-in editor, cache-control "${cacheControl}"`)

    // The yardstick: the cached article's bytes from a bare Node server in its own process.
    const htmlFile = path.join(scratch, 'article.html')
    await fs.writeFile(htmlFile, article.html)
    const started = await startBareNode(htmlFile)
    bare = started.child
    const bareUrl = `http://127.0.0.1:${started.port}`

    let js: ReaderJsReport | null = null
    try {
      js = readerJs(NEXT_DIR, article.html)
    } catch (error) {
      problems.push(`Reader JavaScript not measured: ${(error as Error).message}`)
    }

    const targets: { name: TargetName; url: string; requests: LoadRequest[] }[] = [
      { name: 'article-cached', url: baseUrl, requests: [{ path: articlePath }] },
      { name: 'condition-cached', url: baseUrl, requests: [{ path: conditionPath }] },
      { name: 'search', url: baseUrl, requests: searchRequests },
      { name: 'article-draft', url: baseUrl, requests: [{ path: articlePath, headers: draftHeaders }] },
      { name: 'bare-node', url: bareUrl, requests: [{ path: articlePath }] },
    ]
    const warmUpSec = options.smoke ? 0.5 : 2
    const maxConnections = Math.max(...options.connections)
    const results: TargetResult[] = []
    for (const target of targets) {
      step(`${target.name}: warm-up ${warmUpSec}s at ${maxConnections} connections, then ${options.duration}s at ${options.connections.join(', ')}`)
      await measure({ baseUrl: target.url, requests: target.requests, connections: maxConnections, durationSec: warmUpSec })
      for (const connections of options.connections) {
        const result = await measure({ baseUrl: target.url, requests: target.requests, connections, durationSec: options.duration })
        const targetPath = target.requests.length > 1 ? `/search?q=… (${target.requests.length} queries)` : target.requests[0]!.path
        results.push({ name: target.name, path: targetPath, ratioToBareNode: null, ...result })
        console.log(
          `  ${String(connections).padStart(3)} connections: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
            (result.non2xx || result.errors ? red(` — ${result.non2xx} non-2xx, ${result.errors} errors`) : ''),
        )
        if (result.non2xx || result.errors || result.requests === 0) {
          problems.push(
            `${target.name} at ${connections} connections: ${result.requests} responses, ${result.non2xx} non-2xx ` +
              `(${JSON.stringify(result.statusCodes)}), ${result.errors} errors (${result.timeouts} timeouts)`,
          )
        }
      }
    }

    // Publish to visible: the REST calls an editor and a reviewer make in the admin, on another
    // published article; the clock runs from the publish request until a reader gets the new text.
    const reviewer = new Session(baseUrl, origin)
    await reviewer.login(staff.reviewer.email, staff.reviewer.password)
    const sampleCount = options.smoke ? 2 : 5
    const samples: number[] = []
    const publishRequestMs: number[] = []
    const subject = pages.publish
    step(`Publish to visible: ${sampleCount} samples on article ${subject.id} (/articles/${subject.slug})`)
    for (let sample = 1; sample <= sampleCount; sample++) {
      // The question with a marker no page has shown before (a marker left by an earlier run is replaced).
      const marker = `bench ${Date.now()}-${sample}`
      const question = `${subject.question.replace(/\s*\(bench [^)]*\)$/, '')} (${marker})`
      const saved = await editor.api<{ doc: { slug: string } }>('PATCH', `/api/articles/${subject.id}?draft=true&depth=0`, { question })
      const slug = saved.doc.slug
      await editor.api('POST', `/api/articles/${subject.id}/submit`, { changeNote: `Benchmark edit (${marker}).`, reviewer: staff.reviewer.id })
      await reviewer.api('POST', `/api/articles/${subject.id}/sign-off`, { decision: 'approve' })
      // The page is in the cache before the publish, as it would be on a live site.
      await warmCachedPage(baseUrl, `/articles/${slug}`)

      const start = performance.now()
      await editor.api('POST', `/api/articles/${subject.id}/publish`)
      publishRequestMs.push(Math.round(performance.now() - start))
      let visible = false
      while (performance.now() - start < 30_000) {
        const response = await fetch(new URL(`/articles/${slug}`, baseUrl), { redirect: 'manual' })
        const html = await response.text()
        if (response.status === 200 && html.includes(marker)) {
          visible = true
          break
        }
        await sleep(10)
      }
      const elapsed = Math.round(performance.now() - start)
      if (!visible) {
        problems.push(`Publish to visible: /articles/${slug} did not show the published question within 30 s (sample ${sample}).`)
        break
      }
      samples.push(elapsed)
      console.log(`  sample ${sample}: ${elapsed} ms (the publish request itself: ${publishRequestMs.at(-1)} ms)`)
    }
    const sorted = [...samples].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    const publishToVisibleMs: PublishToVisible = {
      samples,
      publishRequestMs,
      median: !sorted.length ? null : sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2),
      max: sorted.length ? sorted[sorted.length - 1]! : null,
    }

    // Memory last, while the server still runs (VmHWM is read from the live processes).
    const serverRss = rss.stop()
    rss = undefined

    // Lighthouse last: its browser's page loads must not count towards the server's figures.
    let lighthouseReport: LighthouseReport | null = null
    if (options.lighthouse) {
      step(`Lighthouse ${LIGHTHOUSE_VERSION} on ${articlePath} (full report: test-results/lighthouse.json)`)
      try {
        lighthouseReport = await lighthouse(new URL(articlePath, origin).toString(), path.join(projectRoot, 'test-results', 'lighthouse.json'))
      } catch (error) {
        problems.push(`Lighthouse not measured: ${(error as Error).message}`)
      }
    }

    const cpus = os.cpus()
    const partial: Omit<BenchResults, 'goals'> = {
      date: new Date().toISOString(),
      mode,
      database: workingCopy
        ? `${LARGE_DATABASE}, measured on a copy (${WORKING_COPY}) made for the run and dropped after it`
        : 'a throwaway database seeded for the run',
      machine: {
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        totalMemGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        postgres: dataset.postgres,
      },
      dataset: dataset.counts,
      pages: {
        article: articlePath,
        condition: conditionPath,
        draftArticle: articlePath,
        publishArticle: `/articles/${subject.slug}`,
        searchQueries: pages.searchQueries,
      },
      durationSec: options.duration,
      connections: options.connections,
      // What the server actually ran with: --server-node-options, else npm start's heap budget.
      serverNodeOptions: serverNodeOptions(serverEnv),
      notes: [
        'Latency percentiles are exact (nearest rank) over every 2xx response time autocannon reported; req/s is responses over the measured time.',
        `Each target had a ${warmUpSec} s warm-up at ${maxConnections} connections first (not counted).`,
        'autocannon runs in the benchmark process on the same machine as the server: on a machine with few cores the numbers are a lower bound.',
        ...problems,
      ],
      targets: withRatios(results),
      publishToVisibleMs,
      readerJs: js,
      serverPeakRssMB: serverRss.peakMB,
      serverRss,
      queryPlans,
      lighthouse: lighthouseReport,
    }
    const report: BenchResults = { ...partial, goals: evaluateGoals(partial) }

    const { cores, cpuModel } = report.machine
    console.log(`\n${bold(`Benchmark (${mode}): ${dataset.counts.published} published articles, ${options.duration}s per measurement, ${cores} × ${cpuModel}`)}\n`)
    console.log(formatTable(report.targets))
    console.log('')
    console.log(formatSummary(report))

    const file = options.smoke
      ? path.join(projectRoot, 'test-results', 'bench-smoke.json')
      : await resultsFile(path.join(projectRoot, 'bench', 'results'), localDate())
    await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`\nResults: ${path.relative(projectRoot, file)} (${Math.round((Date.now() - startedAt) / 1000)} s in all)`)
  } finally {
    await cleanup()
  }

  if (problems.length) console.error(`\n${red(bold('The benchmark found failures:'))}\n  ${problems.join('\n  ')}`)
  // Exit explicitly: autocannon's and Payload's leftovers must not keep the process alive.
  process.exit(problems.length ? 1 : 0)
})
