/** The benchmark's results: the table, the goals met or missed, and the JSON file. */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { DatasetFacts } from './dataset'
import type { LighthouseReport } from './lighthouse'
import type { LoadResult } from './load'
import type { ReaderJsReport } from './readerJs'
import type { RssReport } from './rss'
import type { SoakReport } from './soak'
import { bold } from '@/tooling/cli'

export const TARGET_NAMES = [
  'article-cached',
  'condition-cached',
  'search',
  'article-draft',
  'bare-node',
  'article-edge',
] as const
export type TargetName = (typeof TARGET_NAMES)[number]

export interface TargetResult extends LoadResult {
  name: TargetName
  path: string
  /** req/s over bare-node's req/s at the same connection count. */
  ratioToBareNode: number | null
}

export interface Goal {
  goal: string
  value: number | null
  unit: string
  met: boolean | null
}

export interface PublishToVisible {
  samples: number[]
  /** How long the publish request itself took, per sample (part of the sample). */
  publishRequestMs: number[]
  median: number | null
  max: number | null
}

/** Times until a change showed, with their median and maximum. */
export interface Samples {
  samples: number[]
  median: number | null
  max: number | null
}

/** Median (the mean of the middle two for an even count) and maximum of `samples`. */
export function summarise(samples: number[]): Samples {
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return {
    samples,
    median: !sorted.length
      ? null
      : sorted.length % 2
        ? sorted[middle]!
        : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2),
    max: sorted.at(-1) ?? null,
  }
}

/** How much of one article-edge measurement the edge answered from its cache (varnishstat). */
export interface EdgeHitRatio {
  connections: number
  /** Requests the edge took in during the measurement (MAIN.client_req). */
  requests: number
  /** Of those, answered from its cache (MAIN.cache_hit). */
  hits: number
  ratio: number | null
}

/** A change observed through the edge: the clock starts when the API has answered. */
export interface EdgeVisibility extends Samples {
  /** How long the publish or unpublish request itself took, per round (not in the samples). */
  requestMs: number[]
}

/** The edge measurements (bench/edge.ts), or why there are none. */
export interface EdgeReport {
  /** Why the edge was not measured (no Varnish here), else null. Not a failure. */
  skipped: string | null
  /** Varnish's version (`varnishd -V`), e.g. varnish-7.1.1. */
  varnish: string | null
  /** Per article-edge measurement; empty when varnishstat could not be read. */
  hitRatio: EdgeHitRatio[]
  /** From the publish API's answer until the edge serves the new text. */
  publishToVisibleMs: EdgeVisibility | null
  /** From the unpublish API's answer until the edge answers 404. */
  unpublishToGoneMs: EdgeVisibility | null
}

/** The report of a run whose edge was skipped. */
export const edgeSkipped = (reason: string): EdgeReport => ({
  skipped: reason,
  varnish: null,
  hitRatio: [],
  publishToVisibleMs: null,
  unpublishToGoneMs: null,
})

export interface BenchResults {
  date: string
  mode: 'full' | 'smoke'
  database: string
  machine: { cpuModel: string; cores: number; totalMemGiB: number; node: string; os: string; postgres: string }
  dataset: Record<string, number>
  pages: { article: string; condition: string; draftArticle: string; publishArticle: string; searchQueries: string[] }
  durationSec: number
  connections: number[]
  /** The NODE_OPTIONS the server ran with (its heap budget among them). */
  serverNodeOptions: string
  notes: string[]
  targets: TargetResult[]
  publishToVisibleMs: PublishToVisible
  /** Readers while an editor unpublishes and republishes (bench/soak.ts). */
  soak: SoakReport
  /** The cached article, publishing and unpublishing through the Varnish edge (bench/edge.ts). */
  edge: EdgeReport
  readerJs: ReaderJsReport | null
  serverPeakRssMB: number | null
  serverRss: RssReport | null
  /** The hot lists' query plans on this data set (bench/hotQueries.ts). */
  queryPlans: QueryPlan[]
  /** With --lighthouse: the four category scores on the cached article page. */
  lighthouse: LighthouseReport | null
  goals: Goal[]
}

export interface QueryPlan {
  name: string
  statements: number
  /** Large tables read end to end; empty when every large table is reached through an index. */
  largeSeqScans: string[]
  /** The indexes the plans use. */
  indexes: string[]
}

const find = (targets: TargetResult[], name: TargetName, connections: number) =>
  targets.find((target) => target.name === name && target.connections === connections)

/** Fills in each target's ratio to bare-node at the same connection count. */
export function withRatios(targets: TargetResult[]): TargetResult[] {
  return targets.map(({ ratioToBareNode: _, ...target }) => {
    const bare = find(targets, 'bare-node', target.connections)
    const ratio = bare && bare.reqPerSec > 0 ? Math.round((target.reqPerSec / bare.reqPerSec) * 10_000) / 10_000 : null
    // After the latencies in the file, where a reader looks for it.
    const { non2xx, errors, timeouts, statusCodes, bytesPerResponse, ...figures } = target
    return { ...figures, ratioToBareNode: ratio, bytesPerResponse, non2xx, errors, timeouts, statusCodes }
  })
}

/** `target`'s req/s as a percentage of bare-node's, to 0.1. */
const percentOfBare = (target: TargetResult | undefined) =>
  target?.ratioToBareNode === null || target?.ratioToBareNode === undefined
    ? null
    : Math.round(target.ratioToBareNode * 1000) / 10

function goal(text: string, value: number | null | undefined, unit: string, ok: (value: number) => boolean): Goal {
  const known = value === null || value === undefined || Number.isNaN(value) ? null : value
  return { goal: text, value: known, unit, met: known === null ? null : ok(known) }
}

/** The issue's targets. They are reported, never enforced. */
export function evaluateGoals(results: Omit<BenchResults, 'goals'>): Goal[] {
  const { targets } = results
  const article10 = find(targets, 'article-cached', 10)
  const edge10 = find(targets, 'article-edge', 10)
  const { edge } = results
  return [
    goal('cached article page ≥ 6 % of bare Node at 10 connections', percentOfBare(article10), '%', (v) => v >= 6),
    goal('cached article page p99 ≤ 25 ms at 10 connections', article10?.p99Ms, 'ms', (v) => v <= 25),
    goal(
      'draft article render p50 ≤ 20 ms at 1 connection',
      find(targets, 'article-draft', 1)?.p50Ms,
      'ms',
      (v) => v <= 20,
    ),
    goal('search p95 ≤ 50 ms at 1 connection', find(targets, 'search', 1)?.p95Ms, 'ms', (v) => v <= 50),
    goal('publish to visible ≤ 1 s (slowest sample)', results.publishToVisibleMs.max, 'ms', (v) => v <= 1000),
    goal('soak: 0 reader errors while articles change', results.soak.readerErrors, '', (v) => v === 0),
    goal('soak: every change visible ≤ 1 s (slowest)', results.soak.visibleMs.max, 'ms', (v) => v <= 1000),
    goal(
      'reader article page JavaScript beyond Next.js runtime ≤ 30 kB gzip (1 kB = 1000 bytes)',
      results.readerJs ? Math.round(results.readerJs.page.gzipBytes / 100) / 10 : null,
      'kB',
      (v) => v <= 30,
    ),
    goal('server peak RSS ≤ 400 MB (1 MB = 1024² bytes)', results.serverPeakRssMB, 'MB', (v) => v <= 400),
    goal(
      'cached article through the edge ≥ 50 % of bare Node at 10 connections',
      percentOfBare(edge10),
      '%',
      (v) => v >= 50,
    ),
    goal(
      'cached article through the edge ≥ 50 % of bare Node at 50 connections',
      percentOfBare(find(targets, 'article-edge', 50)),
      '%',
      (v) => v >= 50,
    ),
    goal('cached article through the edge p99 ≤ 5 ms at 10 connections', edge10?.p99Ms, 'ms', (v) => v <= 5),
    goal(
      'publish to visible through the edge ≤ 1 s (slowest, from the API answer)',
      edge.publishToVisibleMs?.max,
      'ms',
      (v) => v <= 1000,
    ),
    goal(
      'unpublish to 404 through the edge ≤ 1 s (slowest, from the API answer)',
      edge.unpublishToGoneMs?.max,
      'ms',
      (v) => v <= 1000,
    ),
    goal(
      'Lighthouse 100 in all four categories (--lighthouse; lowest shown)',
      results.lighthouse ? Math.min(...Object.values(results.lighthouse.scores).map((score) => score ?? 0)) : null,
      '',
      (v) => v === 100,
    ),
  ]
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width))
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–')

export function formatTable(targets: TargetResult[]): string {
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'vs bare', 'non-2xx', 'errors']
  const rows = targets.map((target) => [
    target.name,
    String(target.connections),
    fixed(target.reqPerSec, 0),
    fixed(target.p50Ms, 2),
    fixed(target.p95Ms, 2),
    fixed(target.p99Ms, 2),
    target.ratioToBareNode === null ? '–' : `${(target.ratioToBareNode * 100).toFixed(1)} %`,
    String(target.non2xx),
    String(target.errors),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column]!, column > 0)).join('  ')
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}

export function formatSummary(results: BenchResults): string {
  const lines: string[] = []
  const { publishToVisibleMs: ptv, readerJs, serverRss } = results
  lines.push(
    `publish → visible: ${ptv.samples.map((ms) => `${ms} ms`).join(', ') || '–'} (median ${ptv.median ?? '–'} ms, max ${ptv.max ?? '–'} ms)`,
  )
  lines.push(...formatEdge(results.edge))
  const { soak } = results
  lines.push(
    `soak (${soak.durationSec} s, 10 reader connections): ${soak.readers.requests} reader requests at ${soak.readers.reqPerSec} req/s, p99 ${soak.readers.p99Ms} ms, ` +
      `${soak.readerErrors} errors; ${soak.changes} unpublish/publish changes visible after median ${soak.visibleMs.median ?? '–'} ms, ` +
      `max ${soak.visibleMs.max ?? '–'} ms (${soak.visibleMs.over1s} over 1 s)`,
  )
  if (readerJs) {
    const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
    lines.push(
      `reader article JavaScript (gzip -9): Next.js runtime ${kB(readerJs.runtime.gzipBytes)}, page beyond it ${kB(readerJs.page.gzipBytes)}` +
        ` (${readerJs.page.files.length} file${readerJs.page.files.length === 1 ? '' : 's'}), total ${kB(readerJs.totalGzipBytes)}`,
    )
    for (const file of readerJs.page.files) {
      lines.push(`  ${file.file}: ${kB(file.gzipBytes)}${file.modules ? ` — ${file.modules.join(', ')}` : ''}`)
    }
  }
  lines.push(
    `server peak RSS: ${results.serverPeakRssMB ?? '–'} MB (Next.js process tree, sampled; sum of VmHWM ${serverRss?.hwmSumMB ?? '–'} MB; ` +
      `wrappers ${serverRss?.wrapperServingMB ?? '–'} MB while serving, ${serverRss?.wrapperPeakMB ?? '–'} MB at most during startup migrations)`,
  )
  const scanned = results.queryPlans.filter((plan) => plan.largeSeqScans.length)
  lines.push(
    `hot query plans: ${results.queryPlans.length} lists, ${results.queryPlans.reduce((sum, plan) => sum + plan.statements, 0)} statements EXPLAINed; ` +
      (scanned.length
        ? `sequential scans of large tables in ${scanned.map((plan) => `${plan.name} (${plan.largeSeqScans.join(', ')})`).join('; ')}`
        : 'no sequential scan of a large table'),
  )
  if (results.lighthouse) {
    const { scores, shortfalls, version } = results.lighthouse
    lines.push(
      `Lighthouse ${version}: ${Object.entries(scores)
        .map(([category, score]) => `${category} ${score ?? '–'}`)
        .join(', ')}`,
    )
    for (const [category, audits] of Object.entries(shortfalls))
      if (audits.length) lines.push(`  ${category}: ${audits.join('; ')}`)
  }
  const published = results.dataset.published ?? 0
  lines.push('', `Goals (reported, not enforced; set for 10 000 articles, this data set has ${published} published):`)
  for (const { goal, value, unit, met } of results.goals) {
    const verdict = met === null ? 'not measured' : met ? 'met   ' : 'MISSED'
    lines.push(`  ${verdict}  ${goal}: ${value === null ? '–' : `${value} ${unit}`}`)
  }
  if (results.edge.skipped) lines.push(`  (the edge goals: not measured, the edge was skipped)`)
  return lines.join('\n')
}

/** The edge's lines of the summary: why it was skipped, or its hit ratio and how fast changes reached it. */
export function formatEdge(edge: EdgeReport): string[] {
  if (edge.skipped) return [`edge: skipped — ${edge.skipped}`]
  const percent = (ratio: number | null) => (ratio === null ? '–' : `${(ratio * 100).toFixed(1)} %`)
  const ratios = edge.hitRatio.length
    ? edge.hitRatio
        .map(({ connections, ratio, hits, requests }) => `${percent(ratio)} at ${connections} (${hits}/${requests})`)
        .join(', ')
    : 'not read (varnishstat)'
  const visibility = (what: string, figures: EdgeVisibility | null) =>
    figures
      ? `${what}: ${figures.samples.map((ms) => `${ms} ms`).join(', ') || '–'} (median ${figures.median ?? '–'} ms, max ${figures.max ?? '–'} ms; ` +
        `the requests themselves ${figures.requestMs.map((ms) => `${ms} ms`).join(', ') || '–'})`
      : `${what}: not measured`
  return [
    `edge (${edge.varnish ?? 'Varnish'}): article-edge hit ratio ${ratios}`,
    `  ${visibility('publish → visible through the edge, from the API answer', edge.publishToVisibleMs)}`,
    `  ${visibility('unpublish → 404 through the edge, from the API answer', edge.unpublishToGoneMs)}`,
  ]
}

/** bench/results/<YYYY-MM-DD>.json, or -2, -3… when that day already has one. */
export async function resultsFile(dir: string, date: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true })
  for (let n = 1; ; n++) {
    const file = path.join(dir, `${date}${n === 1 ? '' : `-${n}`}.json`)
    try {
      await fs.access(file)
    } catch {
      return file
    }
  }
}

export function localDate(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`
}

/** What one run measured, as `assembleReport` puts it together. */
export interface Measured {
  mode: BenchResults['mode']
  /** Set for the full run: the seeded database and the copy measured. */
  workingCopy: { source: string; copy: string } | null
  dataset: DatasetFacts
  pages: BenchResults['pages']
  durationSec: number
  connections: number[]
  serverNodeOptions: string
  warmUpSec: number
  maxConnections: number
  problems: string[]
  targets: TargetResult[]
  publishToVisibleMs: PublishToVisible
  soak: SoakReport
  edge: EdgeReport
  readerJs: ReaderJsReport | null
  serverRss: RssReport
  queryPlans: QueryPlan[]
  lighthouse: LighthouseReport | null
}

/** Where the data came from: the working copy of causeway_large, or a throwaway database. */
function databaseNote(workingCopy: Measured['workingCopy']): string {
  return workingCopy
    ? `${workingCopy.source}, measured on a copy (${workingCopy.copy}) made for the run and dropped after it`
    : 'a throwaway database seeded for the run'
}

function machineFacts(postgres: string): BenchResults['machine'] {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres,
  }
}

/** The report: the machine, the data set, every figure with its ratio to bare Node, and the goals. */
export function assembleReport(measured: Measured): BenchResults {
  const partial: Omit<BenchResults, 'goals'> = {
    date: new Date().toISOString(),
    mode: measured.mode,
    database: databaseNote(measured.workingCopy),
    machine: machineFacts(measured.dataset.postgres),
    dataset: measured.dataset.counts,
    pages: measured.pages,
    durationSec: measured.durationSec,
    connections: measured.connections,
    serverNodeOptions: measured.serverNodeOptions,
    notes: [
      'Latency percentiles are exact (nearest rank) over every 2xx response time autocannon reported; req/s is responses over the measured time.',
      `Each target had a ${measured.warmUpSec} s warm-up at ${measured.maxConnections} connections first (not counted).`,
      'autocannon runs in the benchmark process on the same machine as the server: on a machine with few cores the numbers are a lower bound.',
      ...measured.problems,
    ],
    targets: withRatios(measured.targets),
    publishToVisibleMs: measured.publishToVisibleMs,
    soak: measured.soak,
    edge: measured.edge,
    readerJs: measured.readerJs,
    serverPeakRssMB: measured.serverRss.peakMB,
    serverRss: measured.serverRss,
    queryPlans: measured.queryPlans,
    lighthouse: measured.lighthouse,
  }
  return { ...partial, goals: evaluateGoals(partial) }
}

/** Prints the table and summary, and writes the JSON: bench/results/ for a full run, test-results/ for smoke. */
export async function printAndSave(report: BenchResults, projectRoot: string, startedAt: number): Promise<string> {
  const { cores, cpuModel } = report.machine
  const published = report.dataset.published ?? 0
  console.log(
    `\n${bold(`Benchmark (${report.mode}): ${published} published articles, ${report.durationSec}s per measurement, ${cores} × ${cpuModel}`)}\n`,
  )
  console.log(formatTable(report.targets))
  console.log('')
  console.log(formatSummary(report))
  return save(report, report.mode === 'smoke' ? 'bench-smoke' : null, projectRoot, startedAt)
}

/**
 * Writes `report`: test-results/<smokeName>.json for smoke, else bench/results/<date><suffix>.json
 * (-2, -3… when that day already has one).
 */
async function save(
  report: { mode: 'full' | 'smoke' },
  smokeName: string | null,
  projectRoot: string,
  startedAt: number,
  suffix = '',
): Promise<string> {
  const file = smokeName
    ? path.join(projectRoot, 'test-results', `${smokeName}.json`)
    : await resultsFile(path.join(projectRoot, 'bench', 'results'), `${localDate()}${suffix}`)
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(
    `\nResults: ${path.relative(projectRoot, file)} (${Math.round((Date.now() - startedAt) / 1000)} s in all)`,
  )
  return file
}

// ---- The heap sweep (--heap-sweep, bench/heapSweep.ts) ----------------------------------------------------------

/** The cached article at one heap budget. Figures are null when that size could not be measured. */
export interface HeapSweepRow {
  heapMB: number
  /** The NODE_OPTIONS the Next.js server ran with. */
  serverNodeOptions: string
  reqPerSec: number | null
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  ratioToBareNode: number | null
  /** Peak summed RSS of the Next.js process tree, from its start to the end of the measurement. */
  peakRssMB: number | null
  /** Sum of the Next.js processes' VmHWM at the end (an upper bound). */
  hwmSumMB: number | null
  requests: number
  non2xx: number
  errors: number
  /** Why this size has no figures (the server did not start, …), else null. */
  failed: string | null
}

/** The smallest heap whose req/s is within `tolerance` of the best. */
export interface HeapKnee {
  heapMB: number
  reqPerSec: number
  bestHeapMB: number
  bestReqPerSec: number
  tolerance: number
}

export const KNEE_TOLERANCE = 0.05

/**
 * The knee of the sweep: the smallest heap budget whose req/s is at least (1 − tolerance) of the
 * best size's. Sizes that failed, or had any failed request, do not count. Null without any.
 */
export function heapKnee(rows: HeapSweepRow[], tolerance = KNEE_TOLERANCE): HeapKnee | null {
  const clean = rows.filter(
    (row): row is HeapSweepRow & { reqPerSec: number } =>
      row.failed === null && row.reqPerSec !== null && row.requests > 0 && row.non2xx === 0 && row.errors === 0,
  )
  if (!clean.length) return null
  const best = clean.reduce((top, row) => (row.reqPerSec > top.reqPerSec ? row : top))
  const knee = [...clean]
    .sort((a, b) => a.heapMB - b.heapMB)
    .find((row) => row.reqPerSec >= best.reqPerSec * (1 - tolerance))!
  return {
    heapMB: knee.heapMB,
    reqPerSec: knee.reqPerSec,
    bestHeapMB: best.heapMB,
    bestReqPerSec: best.reqPerSec,
    tolerance,
  }
}

export interface HeapSweepResults {
  date: string
  kind: 'heap-sweep'
  mode: 'full' | 'smoke'
  database: string
  machine: BenchResults['machine']
  dataset: Record<string, number>
  page: string
  connections: number
  durationSec: number
  warmUpSec: number
  /** The bare Node server with the article's HTML, at the same connection count, measured once. */
  bareNode: LoadResult | null
  rows: HeapSweepRow[]
  knee: HeapKnee | null
  notes: string[]
}

export function formatHeapSweepTable(rows: HeapSweepRow[], knee: HeapKnee | null): string {
  const header = ['heap MB', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'peak RSS MB', 'VmHWM sum MB', 'failures']
  const number = (value: number | null, digits: number) => (value === null ? '–' : fixed(value, digits))
  const table = rows.map((row) => [
    `${row.heapMB}${knee?.heapMB === row.heapMB ? ' (knee)' : ''}`,
    number(row.reqPerSec, 0),
    number(row.p50Ms, 2),
    number(row.p99Ms, 2),
    row.ratioToBareNode === null ? '–' : `${(row.ratioToBareNode * 100).toFixed(1)} %`,
    number(row.peakRssMB, 1),
    number(row.hwmSumMB, 1),
    row.failed ?? String(row.non2xx + row.errors),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => row[column]!.length)))
  const line = (cells: string[]) =>
    cells.map((cell, column) => pad(cell, widths[column]!, column > 0 && column < header.length - 1)).join('  ')
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...table.map(line)].join('\n')
}

/** What `--heap-sweep` measured, as `assembleHeapSweepReport` puts it together. */
export interface HeapSweepMeasured {
  mode: 'full' | 'smoke'
  workingCopy: Measured['workingCopy']
  dataset: DatasetFacts
  page: string
  connections: number
  durationSec: number
  warmUpSec: number
  bareNode: LoadResult | null
  rows: HeapSweepRow[]
  problems: string[]
}

export function assembleHeapSweepReport(measured: HeapSweepMeasured): HeapSweepResults {
  return {
    date: new Date().toISOString(),
    kind: 'heap-sweep',
    mode: measured.mode,
    database: databaseNote(measured.workingCopy),
    machine: machineFacts(measured.dataset.postgres),
    dataset: measured.dataset.counts,
    page: measured.page,
    connections: measured.connections,
    durationSec: measured.durationSec,
    warmUpSec: measured.warmUpSec,
    bareNode: measured.bareNode,
    rows: measured.rows,
    knee: heapKnee(measured.rows),
    notes: [
      'Each size: the server restarted with SERVER_HEAP_MB at that size (npm start turns it into --max-old-space-size), ' +
        `the article warmed into its cache, a ${measured.warmUpSec} s warm-up at ${measured.connections} connections (not counted), then the measurement.`,
      'Peak RSS: the summed VmRSS of the Next.js process tree, sampled every 250 ms from its start to the end of its measurement (bench/rss.ts).',
      `The knee: the smallest size whose req/s is within ${KNEE_TOLERANCE * 100} % of the best size's; sizes with failures do not count.`,
      ...measured.problems,
    ],
  }
}

/** Prints the sweep's table and knee, and writes its JSON. */
export async function printAndSaveHeapSweep(
  report: HeapSweepResults,
  projectRoot: string,
  startedAt: number,
): Promise<string> {
  const { cores, cpuModel } = report.machine
  console.log(
    `\n${bold(
      `Heap sweep (${report.mode}): ${report.page} at ${report.connections} connections, ${report.durationSec}s per size, ` +
        `${report.dataset.published ?? 0} published articles, ${cores} × ${cpuModel}`,
    )}\n`,
  )
  console.log(formatHeapSweepTable(report.rows, report.knee))
  if (report.bareNode)
    console.log(`\nbare Node at ${report.connections} connections: ${fixed(report.bareNode.reqPerSec, 0)} req/s`)
  const { knee } = report
  console.log(
    knee
      ? `knee: ${knee.heapMB} MB — the smallest heap within ${knee.tolerance * 100} % of the best req/s ` +
          `(${fixed(knee.reqPerSec, 0)} req/s; best ${fixed(knee.bestReqPerSec, 0)} at ${knee.bestHeapMB} MB)`
      : 'knee: none (no size was measured without failures)',
  )
  return save(report, report.mode === 'smoke' ? 'bench-smoke-heap-sweep' : null, projectRoot, startedAt, '-heap-sweep')
}
