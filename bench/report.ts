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

export const TARGET_NAMES = ['article-cached', 'condition-cached', 'search', 'article-draft', 'bare-node'] as const
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

function goal(text: string, value: number | null | undefined, unit: string, ok: (value: number) => boolean): Goal {
  const known = value === null || value === undefined || Number.isNaN(value) ? null : value
  return { goal: text, value: known, unit, met: known === null ? null : ok(known) }
}

/** The issue's targets. They are reported, never enforced. */
export function evaluateGoals(results: Omit<BenchResults, 'goals'>): Goal[] {
  const { targets } = results
  const article10 = find(targets, 'article-cached', 10)
  const ratio = article10?.ratioToBareNode
  return [
    goal(
      'cached article page ≥ 6 % of bare Node at 10 connections',
      ratio === null || ratio === undefined ? null : Math.round(ratio * 1000) / 10,
      '%',
      (v) => v >= 6,
    ),
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
  return lines.join('\n')
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
  readerJs: ReaderJsReport | null
  serverRss: RssReport
  queryPlans: QueryPlan[]
  lighthouse: LighthouseReport | null
}

/** The report: the machine, the data set, every figure with its ratio to bare Node, and the goals. */
export function assembleReport(measured: Measured): BenchResults {
  const cpus = os.cpus()
  const partial: Omit<BenchResults, 'goals'> = {
    date: new Date().toISOString(),
    mode: measured.mode,
    database: measured.workingCopy
      ? `${measured.workingCopy.source}, measured on a copy (${measured.workingCopy.copy}) made for the run and dropped after it`
      : 'a throwaway database seeded for the run',
    machine: {
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      totalMemGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      postgres: measured.dataset.postgres,
    },
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
  const file =
    report.mode === 'smoke'
      ? path.join(projectRoot, 'test-results', 'bench-smoke.json')
      : await resultsFile(path.join(projectRoot, 'bench', 'results'), localDate())
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
  console.log(
    `\nResults: ${path.relative(projectRoot, file)} (${Math.round((Date.now() - startedAt) / 1000)} s in all)`,
  )
  return file
}
