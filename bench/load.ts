/**
 * One autocannon measurement, with latency percentiles computed from every response time.
 *
 * autocannon keeps latencies in an HDR histogram whose smallest unit is 1 ms and reports p50,
 * p97.5 and p99 but no p95; a bare Node server answers in well under a millisecond, so its
 * percentiles would all read 0 or 1. The 'response' event carries each response's time in
 * fractional milliseconds (process.hrtime), so the percentiles here are exact, and p95 is real.
 */
import autocannon from 'autocannon'

export interface LoadRequest {
  path: string
  headers?: Record<string, string>
}

export interface LoadResult {
  connections: number
  durationSec: number
  requests: number
  reqPerSec: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  /** Mean size of a 2xx response (headers and body), a check that like is compared with like. */
  bytesPerResponse: number
  non2xx: number
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

export async function measure(options: {
  baseUrl: string
  requests: LoadRequest[]
  connections: number
  durationSec: number
}): Promise<LoadResult> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationSec,
        // Each connection walks the list in order, one request at a time (no pipelining).
        requests: options.requests.map(({ path, headers }) => ({ method: 'GET', path, headers })),
        timeout: 10,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    // Same rule as autocannon's own histogram: only 2xx latencies count.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
  const sorted = Float64Array.from(latencies).sort()
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0]),
  )
  const completed = Object.values(statusCodes).reduce((sum, count) => sum + count, 0)
  return {
    connections: options.connections,
    durationSec: result.duration,
    requests: completed,
    // Completed responses over the measured time (autocannon's own average of per-second samples
    // drops the last partial second).
    reqPerSec: round(completed / result.duration, 1),
    p50Ms: round(percentile(sorted, 50), 2),
    p95Ms: round(percentile(sorted, 95), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    bytesPerResponse: sorted.length ? Math.round(result.throughput.total / sorted.length) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  }
}
