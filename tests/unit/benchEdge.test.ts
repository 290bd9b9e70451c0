/**
 * Without Varnish the benchmark's edge measurements are skipped, with tooling/edge.ts's reason in
 * the report, and nothing is started or counted as a failure (bench/edge.ts). With Varnish the
 * smoke run (`npm run bench -- --smoke`) measures them for real.
 */
import { describe, expect, it, vi } from 'vitest'

import type { BenchOptions } from '@/bench/options'
import type { Prepared, Resources } from '@/bench/prepare'

const { REASON, startEdge } = vi.hoisted(() => ({
  REASON: 'Varnish is not installed (no varnishd): `apt-get install varnish varnish-modules`, or set VARNISHD_BIN.',
  startEdge: vi.fn(),
}))

vi.mock('@/tooling/edge', () => ({ edgeMissing: () => REASON, startEdge, varnishd: () => null }))

describe('the benchmark without Varnish', () => {
  it('skips the edge, records why, and fails nothing', async () => {
    const { measureEdge } = await import('@/bench/edge')
    const problems: string[] = []
    const resources: Resources = { scratch: '/nonexistent' }
    // Nothing of the run is touched when the edge is skipped: an empty preparation must do.
    const result = await measureEdge({} as Prepared, { smoke: true } as BenchOptions, resources, problems)
    expect(result).toEqual({
      targets: [],
      report: { skipped: REASON, varnish: null, hitRatio: [], publishToVisibleMs: null, unpublishToGoneMs: null },
    })
    expect(problems).toEqual([])
    expect(startEdge).not.toHaveBeenCalled()
    expect(resources.edge).toBeUndefined()
    // Importing the benchmark loads Payload's plugin code (bench/measure.ts): seconds on a busy machine.
  }, 60_000)
})
