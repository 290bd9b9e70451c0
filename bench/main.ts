/**
 * `npm run bench [-- options]`: how fast the production build serves readers, on a large data set.
 *
 * Three phases:
 * - prepare (./prepare.ts): builds the app (skip with --skip-build), fills the database
 *   `causeway_large` with scripts/seed-large.ts (resumable: quick when already complete), starts
 *   the server exactly as `npm start` does on a copy of it made for the run (./workingCopy.ts),
 *   warms the pages and checks draft mode;
 * - measure (./measure.ts): autocannon at each connection count on a cached article page, a
 *   cached condition page, /search with varied queries, an uncached draft-mode article render,
 *   and the same article's HTML from a bare Node server (the machine's ceiling); publish-to-visible
 *   through the REST API; the reader page's JavaScript; the server's memory; then, with the
 *   server restarted to purge it, the same article through the Varnish edge and publishing and
 *   unpublishing seen through it (./edge.ts; skipped, saying why, without Varnish);
 * - report (./report.ts): a table, the goals met or missed (never enforced), and
 *   bench/results/<date>.json.
 *
 * --smoke does the same in seconds on a small throwaway database (CI), writing
 * test-results/bench-smoke.json. --heap-sweep replaces the measurements with the heap sweep
 * (./heapSweep.ts). Every mode exits non-zero when a request fails.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { measureEdge } from '@/bench/edge'
import { measureHeapSweep } from '@/bench/heapSweep'
import { measureLighthouse, measurePublishToVisible, measureReaderJs, measureTargets } from '@/bench/measure'
import { type BenchOptions, parseOptions, USAGE, UsageError } from '@/bench/options'
import { measureSoak } from '@/bench/soak'
import {
  build,
  CannotContinue,
  prepare,
  type Prepared,
  releaseResources,
  type Resources,
  WORKING_COPY,
} from '@/bench/prepare'
import { assembleHeapSweepReport, assembleReport, printAndSave, printAndSaveHeapSweep } from '@/bench/report'
import { serverNodeOptions } from '@/lib/runtimeConfig'
import { bold, cleanupOnExit, red, runMain } from '@/tooling/cli'
import { LARGE_DATABASE, projectRoot } from '@/tooling/paths'

const workingCopyOf = (resources: Resources) =>
  resources.workingCopy ? { source: LARGE_DATABASE, copy: WORKING_COPY } : null

/** Every measurement, the edge last (it restarts the server), then the report. */
async function fullRun(
  prepared: Prepared,
  options: BenchOptions,
  resources: Resources,
  problems: string[],
  startedAt: number,
): Promise<void> {
  const { results, warmUpSec, maxConnections } = await measureTargets(prepared, options, problems)
  const publishToVisibleMs = await measurePublishToVisible(prepared, options, problems)
  const soak = await measureSoak(prepared, options, problems)
  const readerJs = measureReaderJs(prepared, problems)
  // Memory last, while the server still runs (VmHWM is read from the live processes).
  const serverRss = resources.rss!.stop()
  resources.rss = undefined
  const lighthouse = options.lighthouse ? await measureLighthouse(prepared, problems) : null
  const edge = await measureEdge(prepared, options, resources, problems)

  const report = assembleReport({
    mode: options.smoke ? 'smoke' : 'full',
    workingCopy: workingCopyOf(resources),
    dataset: prepared.dataset,
    pages: {
      article: prepared.articlePath,
      condition: prepared.conditionPath,
      draftArticle: prepared.articlePath,
      publishArticle: `/articles/${prepared.dataset.pages.publish.slug}`,
      searchQueries: prepared.dataset.pages.searchQueries,
    },
    durationSec: options.duration,
    connections: options.connections,
    // What the server actually ran with: --server-node-options, else npm start's heap budget.
    serverNodeOptions: serverNodeOptions(prepared.serverEnv),
    warmUpSec,
    maxConnections,
    problems,
    targets: [...results, ...edge.targets],
    publishToVisibleMs,
    soak,
    edge: edge.report,
    readerJs,
    serverRss,
    queryPlans: prepared.queryPlans,
    lighthouse,
  })
  await printAndSave(report, projectRoot, startedAt)
}

/** --heap-sweep: the sweep alone, then its report. */
async function heapSweep(
  prepared: Prepared,
  options: BenchOptions,
  resources: Resources,
  problems: string[],
  startedAt: number,
): Promise<void> {
  const sweep = await measureHeapSweep(prepared, options, resources, problems)
  const report = assembleHeapSweepReport({
    mode: options.smoke ? 'smoke' : 'full',
    workingCopy: workingCopyOf(resources),
    dataset: prepared.dataset,
    page: prepared.articlePath,
    connections: sweep.connections,
    durationSec: options.duration,
    warmUpSec: sweep.warmUpSec,
    bareNode: sweep.bareNode,
    rows: sweep.rows,
    problems,
  })
  await printAndSaveHeapSweep(report, projectRoot, startedAt)
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
  const startedAt = Date.now()
  const env: NodeJS.ProcessEnv = { ...process.env }
  const problems: string[] = []

  try {
    await build(options, env)
  } catch (error) {
    if (!(error instanceof CannotContinue)) throw error
    console.error(`${red(bold('Cannot continue:'))} ${error.message}`)
    process.exit(1)
  }

  const resources: Resources = { scratch: await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-bench-')) }
  const cleanup = cleanupOnExit(() => releaseResources(resources))
  try {
    const prepared = await prepare(options, env, resources)
    if (options.heapSweep) await heapSweep(prepared, options, resources, problems, startedAt)
    else await fullRun(prepared, options, resources, problems, startedAt)
  } finally {
    await cleanup()
  }

  if (problems.length) console.error(`\n${red(bold('The benchmark found failures:'))}\n  ${problems.join('\n  ')}`)
  // Exit explicitly: autocannon's and Payload's leftovers must not keep the process alive.
  process.exit(problems.length ? 1 : 0)
})
