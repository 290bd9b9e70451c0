/**
 * `--heap-sweep`: how the server's heap budget (SERVER_HEAP_MB, lib/runtimeConfig.ts) trades
 * memory for throughput. For each size the server is restarted with that budget, so every size
 * starts from the same state (its memory sampled from its first moment), warmed, and loaded on the
 * cached article at HEAP_SWEEP_CONNECTIONS connections; the bare Node server is measured once for
 * comparison. The data only: which default to choose is for a person to decide.
 */
import { measure } from '@/bench/load'
import { type BenchOptions, HEAP_SWEEP_CONNECTIONS } from '@/bench/options'
import { type Prepared, type Resources, restartOrigin, warmCachedPage } from '@/bench/prepare'
import type { HeapSweepRow } from '@/bench/report'
import { warmUpSeconds } from '@/bench/measure'
import { serverNodeOptions } from '@/lib/runtimeConfig'
import { red, step } from '@/tooling/cli'

/**
 * The warm-up of each size, not counted. Longer than the other targets' (2 s): those load a
 * server that has served since the preparation, while each size here starts cold (JIT, caches),
 * and its heap should reach its steady state before it is measured.
 */
const sweepWarmUpSeconds = (options: BenchOptions) => (options.smoke ? warmUpSeconds(options) : 5)

/** The server's environment for `heapMB`, refused when its NODE_OPTIONS already sets a heap limit (which would win). */
function heapEnv(prepared: Prepared, heapMB: number): { changes: Record<string, string>; nodeOptions: string } {
  const changes = { SERVER_HEAP_MB: String(heapMB) }
  const nodeOptions = serverNodeOptions({ ...prepared.serverEnv, ...changes })
  if (!nodeOptions.endsWith(`--max-old-space-size=${heapMB}`)) {
    throw new Error(
      `The server's NODE_OPTIONS already set a heap limit ("${nodeOptions}"), which wins over SERVER_HEAP_MB: ` +
        'unset it (or its --max-old-space-size) to run the heap sweep.',
    )
  }
  return { changes, nodeOptions }
}

/** One size: restart, warm, load; a size that fails is a row saying why, and the sweep goes on. */
async function measureHeap(
  heapMB: number,
  prepared: Prepared,
  options: BenchOptions,
  resources: Resources,
  bareReqPerSec: number | null,
  problems: string[],
): Promise<HeapSweepRow> {
  const { changes, nodeOptions } = heapEnv(prepared, heapMB)
  const figures = { heapMB, serverNodeOptions: nodeOptions }
  const request = { baseUrl: prepared.baseUrl, requests: [{ path: prepared.articlePath }] }
  try {
    await restartOrigin(
      prepared,
      resources,
      changes,
      `bench-server-heap-${heapMB}.log`,
      `npm start again at ${prepared.origin} with SERVER_HEAP_MB=${heapMB}`,
    )
    await warmCachedPage(prepared.baseUrl, prepared.articlePath)
    await measure({ ...request, connections: HEAP_SWEEP_CONNECTIONS, durationSec: sweepWarmUpSeconds(options) })
    const result = await measure({ ...request, connections: HEAP_SWEEP_CONNECTIONS, durationSec: options.duration })
    const rss = resources.rss!.stop()
    resources.rss = undefined
    const failures = result.non2xx + result.errors
    console.log(
      `  ${heapMB} MB: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
        `peak RSS ${rss.peakMB ?? '–'} MB` +
        (failures ? red(` — ${result.non2xx} non-2xx, ${result.errors} errors`) : ''),
    )
    if (failures || result.requests === 0) {
      problems.push(
        `Heap ${heapMB} MB: ${result.requests} responses, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodes)}), ` +
          `${result.errors} errors (${result.timeouts} timeouts)`,
      )
    }
    return {
      ...figures,
      reqPerSec: result.reqPerSec,
      p50Ms: result.p50Ms,
      p95Ms: result.p95Ms,
      p99Ms: result.p99Ms,
      ratioToBareNode: bareReqPerSec ? Math.round((result.reqPerSec / bareReqPerSec) * 10_000) / 10_000 : null,
      peakRssMB: rss.peakMB,
      hwmSumMB: rss.hwmSumMB,
      requests: result.requests,
      non2xx: result.non2xx,
      errors: result.errors,
      failed: null,
    }
  } catch (error) {
    const message = (error as Error).message
    console.log(red(`  ${heapMB} MB: not measured — ${message}`))
    problems.push(`Heap ${heapMB} MB not measured: ${message}`)
    return {
      ...figures,
      reqPerSec: null,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
      ratioToBareNode: null,
      peakRssMB: null,
      hwmSumMB: null,
      requests: 0,
      non2xx: 0,
      errors: 0,
      failed: message,
    }
  }
}

/** The sweep over `options.heapSweep`, smallest size first. */
export async function measureHeapSweep(
  prepared: Prepared,
  options: BenchOptions,
  resources: Resources,
  problems: string[],
) {
  const sizes = options.heapSweep!
  // Refused before anything runs, not once per size.
  for (const heapMB of sizes) heapEnv(prepared, heapMB)
  const bare = { baseUrl: prepared.bareUrl, requests: [{ path: prepared.articlePath }] }
  step(
    `bare-node: warm-up ${warmUpSeconds(options)}s, then ${options.duration}s at ${HEAP_SWEEP_CONNECTIONS} connections`,
  )
  await measure({ ...bare, connections: HEAP_SWEEP_CONNECTIONS, durationSec: warmUpSeconds(options) })
  const bareNode = await measure({ ...bare, connections: HEAP_SWEEP_CONNECTIONS, durationSec: options.duration })
  console.log(`  ${bareNode.reqPerSec.toFixed(0)} req/s, p99 ${bareNode.p99Ms} ms`)

  const warmUpSec = sweepWarmUpSeconds(options)
  step(
    `Heap sweep: ${sizes.join(', ')} MB; each a fresh server, warmed (${warmUpSec}s at ${HEAP_SWEEP_CONNECTIONS} connections), ` +
      `then ${options.duration}s on ${prepared.articlePath} at ${HEAP_SWEEP_CONNECTIONS} connections`,
  )
  const rows: HeapSweepRow[] = []
  for (const heapMB of sizes)
    rows.push(await measureHeap(heapMB, prepared, options, resources, bareNode.reqPerSec || null, problems))
  return { rows, bareNode, warmUpSec, connections: HEAP_SWEEP_CONNECTIONS }
}
