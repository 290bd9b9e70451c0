/**
 * The benchmark's report (bench/report.ts) for the edge and the heap sweep: article-edge's ratio
 * to bare Node, the edge goals met, missed or not measured (a skipped edge is not a failure), the
 * summary's edge lines, and the knee of a heap sweep. No timing: figures are made up.
 */
import { describe, expect, it } from 'vitest'

import {
  type BenchResults,
  type EdgeReport,
  edgeSkipped,
  evaluateGoals,
  formatEdge,
  formatHeapSweepTable,
  formatTable,
  heapKnee,
  type HeapSweepRow,
  summarise,
  type TargetName,
  type TargetResult,
  withRatios,
} from '@/bench/report'

const target = (name: TargetName, connections: number, reqPerSec: number, p99Ms = 1): TargetResult => ({
  name,
  path: '/articles/a',
  connections,
  durationSec: 1,
  requests: reqPerSec,
  reqPerSec,
  p50Ms: p99Ms / 2,
  p95Ms: p99Ms,
  p99Ms,
  ratioToBareNode: null,
  bytesPerResponse: 1000,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  statusCodes: { '200': reqPerSec },
})

const measuredEdge = (publishMax: number, unpublishMax: number): EdgeReport => ({
  skipped: null,
  varnish: 'varnishd (varnish-7.1.1 revision x)',
  hitRatio: [{ connections: 10, requests: 1000, hits: 999, ratio: 0.999 }],
  publishToVisibleMs: { ...summarise([20, publishMax]), requestMs: [150, 160] },
  unpublishToGoneMs: { ...summarise([30, unpublishMax]), requestMs: [140, 130] },
})

/** Just what evaluateGoals reads; the rest of a run is irrelevant here. */
const results = (targets: TargetResult[], edge: EdgeReport) =>
  ({
    targets: withRatios(targets),
    publishToVisibleMs: summarise([100]),
    soak: { readerErrors: 0, visibleMs: { max: 100 } },
    readerJs: null,
    serverPeakRssMB: 300,
    lighthouse: null,
    edge,
  }) as unknown as Omit<BenchResults, 'goals'>

const goalNamed = (goals: ReturnType<typeof evaluateGoals>, text: RegExp) => {
  const found = goals.find((goal) => text.test(goal.goal))
  if (!found) throw new Error(`no goal matches ${text}`)
  return found
}

describe('article-edge in the report', () => {
  const bare = [target('bare-node', 10, 10_000), target('bare-node', 50, 8_000)]

  it('is compared with bare Node at the same connection count, and listed in the table', () => {
    const targets = withRatios([...bare, target('article-edge', 10, 6_000, 3), target('article-edge', 50, 2_000, 9)])
    expect(targets.filter((t) => t.name === 'article-edge').map((t) => t.ratioToBareNode)).toEqual([0.6, 0.25])
    expect(formatTable(targets)).toMatch(/article-edge\s+10\s+6000 .* 60\.0 %/)
  })

  it('meets the edge goals at ≥ 50 % of bare Node, p99 ≤ 5 ms and changes visible within 1 s', () => {
    const goals = evaluateGoals(
      results(
        [...bare, target('article-edge', 10, 6_000, 3), target('article-edge', 50, 4_000, 9)],
        measuredEdge(900, 1000),
      ),
    )
    expect(goalNamed(goals, /edge ≥ 50 % of bare Node at 10/)).toMatchObject({ value: 60, met: true })
    expect(goalNamed(goals, /edge ≥ 50 % of bare Node at 50/)).toMatchObject({ value: 50, met: true })
    expect(goalNamed(goals, /edge p99 ≤ 5 ms at 10/)).toMatchObject({ value: 3, met: true })
    expect(goalNamed(goals, /publish to visible through the edge/)).toMatchObject({ value: 900, met: true })
    expect(goalNamed(goals, /unpublish to 404 through the edge/)).toMatchObject({ value: 1000, met: true })
  })

  it('reports them missed below 50 %, over 5 ms or over 1 s', () => {
    const goals = evaluateGoals(
      results(
        [...bare, target('article-edge', 10, 4_000, 5.5), target('article-edge', 50, 3_000, 9)],
        measuredEdge(1001, 1500),
      ),
    )
    expect(goalNamed(goals, /edge ≥ 50 % of bare Node at 10/)).toMatchObject({ value: 40, met: false })
    expect(goalNamed(goals, /edge ≥ 50 % of bare Node at 50/)).toMatchObject({ value: 37.5, met: false })
    expect(goalNamed(goals, /edge p99 ≤ 5 ms at 10/)).toMatchObject({ value: 5.5, met: false })
    expect(goalNamed(goals, /publish to visible through the edge/)).toMatchObject({ met: false })
    expect(goalNamed(goals, /unpublish to 404 through the edge/)).toMatchObject({ value: 1500, met: false })
  })

  it('leaves them not measured, never missed, when the edge was skipped, and says why', () => {
    const reason = 'Varnish is not installed (no varnishd)'
    const goals = evaluateGoals(results(bare, edgeSkipped(reason))).filter((goal) => /edge/.test(goal.goal))
    expect(goals).toHaveLength(5)
    for (const goal of goals) expect(goal).toMatchObject({ value: null, met: null })
    expect(formatEdge(edgeSkipped(reason))).toEqual([`edge: skipped — ${reason}`])
  })

  it('prints the hit ratio and both changes when measured', () => {
    const lines = formatEdge(measuredEdge(80, 90)).join('\n')
    expect(lines).toMatch(/varnish-7\.1\.1.*hit ratio 99\.9 % at 10 \(999\/1000\)/)
    expect(lines).toMatch(/publish → visible through the edge.*: 20 ms, 80 ms \(median 50 ms, max 80 ms/)
    expect(lines).toMatch(/unpublish → 404 through the edge.*max 90 ms; the requests themselves 140 ms, 130 ms/)
  })
})

describe('summarise', () => {
  it('takes the middle sample, or the mean of the middle two, and the largest', () => {
    expect(summarise([30, 10, 20])).toEqual({ samples: [30, 10, 20], median: 20, max: 30 })
    expect(summarise([40, 10, 20, 30])).toMatchObject({ median: 25, max: 40 })
    expect(summarise([])).toEqual({ samples: [], median: null, max: null })
  })
})

const row = (heapMB: number, reqPerSec: number | null, extra: Partial<HeapSweepRow> = {}): HeapSweepRow => ({
  heapMB,
  serverNodeOptions: `--max-old-space-size=${heapMB}`,
  reqPerSec,
  p50Ms: 4,
  p95Ms: 8,
  p99Ms: 12,
  ratioToBareNode: reqPerSec === null ? null : reqPerSec / 16_000,
  peakRssMB: heapMB + 40,
  hwmSumMB: heapMB + 45,
  requests: reqPerSec ?? 0,
  non2xx: 0,
  errors: 0,
  failed: null,
  ...extra,
})

describe('the heap sweep knee', () => {
  it('is the smallest heap within 5 % of the best req/s', () => {
    const rows = [row(256, 1800), row(384, 1920), row(512, 2000), row(1024, 1990)]
    expect(heapKnee(rows)).toEqual({
      heapMB: 384,
      reqPerSec: 1920,
      bestHeapMB: 512,
      bestReqPerSec: 2000,
      tolerance: 0.05,
    })
  })

  it('is the best size itself when every smaller one is more than 5 % slower, whatever the order of the rows', () => {
    expect(heapKnee([row(1024, 2000), row(256, 1000), row(512, 1899)])).toMatchObject({ heapMB: 1024 })
    expect(heapKnee([row(1024, 2000), row(256, 1000), row(512, 1900)])).toMatchObject({ heapMB: 512 })
  })

  it('leaves out sizes that failed or had failed requests', () => {
    const rows = [
      row(256, null, { failed: 'npm start exited with code 134' }),
      row(384, 2100, { non2xx: 3 }),
      row(512, 1990),
      row(1024, 2000),
    ]
    expect(heapKnee(rows)).toMatchObject({ heapMB: 512, bestHeapMB: 1024 })
    expect(heapKnee([row(256, null, { failed: 'no' })])).toBeNull()
    expect(heapKnee([])).toBeNull()
  })

  it('is marked in the table, and a failed size shows why', () => {
    const rows = [row(256, null, { failed: 'did not start' }), row(512, 1990), row(1024, 2000)]
    const table = formatHeapSweepTable(rows, heapKnee(rows))
    expect(table.split('\n')[0]).toMatch(/^heap MB\s+req\/s\s+p50 ms\s+p99 ms\s+vs bare\s+peak RSS MB/)
    expect(table).toMatch(/^512 \(knee\)\s+1990\s/m)
    expect(table).toMatch(/^1024\s+2000\s/m)
    expect(table).toMatch(/^256\s+–.*did not start$/m)
  })
})
