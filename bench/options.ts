/** The command line of `npm run bench`: flags, their defaults, and the usage text. */

export interface BenchOptions {
  smoke: boolean
  skipBuild: boolean
  articles: number
  /** Seconds per measurement. */
  duration: number
  connections: number[]
  /** NODE_OPTIONS for the server only (e.g. a heap limit), recorded with the results. */
  serverNodeOptions: string | null
  /** Seconds of the soak: readers while an editor unpublishes and republishes. */
  soak: number
  /** Run Lighthouse on the article page (needs the npm registry the first time). */
  lighthouse: boolean
  /**
   * With --heap-sweep: the server heap sizes (MB, ascending) to measure the cached article at, in
   * place of the usual targets; null for the usual run.
   */
  heapSweep: number[] | null
  help: boolean
}

/** What --heap-sweep measures when it is given without a list. */
export const DEFAULT_HEAP_SWEEP = [256, 384, 512, 1024]
/** The smallest heap budget `npm start` accepts (SERVER_HEAP_MB, lib/runtimeConfig.ts). */
export const MIN_HEAP_MB = 128
/** The heap sweep's one connection count. */
export const HEAP_SWEEP_CONNECTIONS = 10

export const USAGE = `Usage: npm run bench [-- options]

Builds the app, fills the PostgreSQL database causeway_large (on DATABASE_URL's server if set,
else the development embedded PostgreSQL) with scripts/seed-large.ts, starts the production
server on a copy of it made for the run, loads it with autocannon, and prints a table; the
results go to bench/results/<date>.json. Exits non-zero when a request fails, never because a
number is slow.

Options:
  --smoke              a few seconds on a small throwaway data set (what CI runs); results go
                       to test-results/bench-smoke.json
  --skip-build         reuse the existing .next build instead of running next build
  --articles N         articles in the data set (default 10000; smoke: 40); seed-large refuses
                       a number other than the one causeway_large was seeded with
  --duration S         seconds per measurement (default 10; smoke: 1)
  --connections LIST   comma-separated connection counts (default 1,10,50; smoke: 1,10)
  --server-node-options "OPTS"
                       NODE_OPTIONS for the server only, e.g. "--max-old-space-size=256"
  --soak S             seconds of readers at 10 connections while an editor unpublishes and
                       republishes an article (default 60; smoke: 5)
  --lighthouse         also run Lighthouse 12.2.3 (through npx) on the article page with the
                       machine's Chromium
  --heap-sweep [LIST]  a mode of its own (see below) over the heap budgets in LIST: comma-separated
                       MB, each at least ${MIN_HEAP_MB} (default ${DEFAULT_HEAP_SWEEP.join(',')})
  --help               this text

What it measures, in order: article-cached, condition-cached, search, article-draft and bare-node
(a bare Node server with the article's HTML: the machine's ceiling) at each connection count;
publish to visible through the REST API; the soak; the reader page's JavaScript; the server's
memory; Lighthouse if asked. Then the edge: the server is restarted with EDGE_PURGE_URLS pointing
at a Varnish running edge/causeway.vcl, article-edge (the cached article through it, with the
edge's hit ratio) is loaded at each connection count, and publishing and unpublishing are timed
until the edge shows them. Without Varnish (varnishd and varnish-modules) the edge is skipped and
the report says why.

--heap-sweep measures only this: for each size, the server is restarted with SERVER_HEAP_MB at it,
warmed (5 s; smoke: 0.5 s), and loaded on the cached article at ${HEAP_SWEEP_CONNECTIONS} connections (req/s, p50, p99, the
server's peak RSS); the bare Node server once, for comparison. It prints a table and the knee (the
smallest size within 5 % of the best req/s), and writes bench/results/<date>-heap-sweep.json
(smoke: test-results/bench-smoke-heap-sweep.json). --connections, --soak, --lighthouse, and a
--server-node-options that sets --max-old-space-size, do not go with it.
`

export class UsageError extends Error {
  override name = 'UsageError'
}

/** --heap-sweep's list: whole megabytes the server accepts as SERVER_HEAP_MB, ascending, each once. */
function heapList(flag: string, list: string): number[] {
  const sizes = list.split(',').map((part) => positiveInteger(flag, part.trim()))
  const tooSmall = sizes.find((size) => size < MIN_HEAP_MB)
  if (tooSmall !== undefined)
    throw new UsageError(`${flag} sizes must be at least ${MIN_HEAP_MB} MB (npm start refuses less), not ${tooSmall}.`)
  return [...new Set(sizes)].sort((a, b) => a - b)
}

function positiveInteger(flag: string, value: string | undefined): number {
  const number = Number(value)
  if (!value || !Number.isInteger(number) || number < 1)
    throw new UsageError(`${flag} needs a whole number of at least 1, not "${value ?? ''}".`)
  return number
}

export function parseOptions(argv: string[]): BenchOptions {
  const given: Partial<BenchOptions> = {}
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined]
    // Accept both `--duration 3` and `--duration=3`.
    const value = () => inline ?? argv[++i]
    switch (flag) {
      case '--smoke':
        given.smoke = true
        break
      case '--skip-build':
        given.skipBuild = true
        break
      case '--articles':
        given.articles = positiveInteger(flag, value())
        break
      case '--duration':
        given.duration = positiveInteger(flag, value())
        break
      case '--connections': {
        const list = value()
        given.connections = [
          ...new Set((list ?? '').split(',').map((part) => positiveInteger(flag, part.trim()))),
        ].sort((a, b) => a - b)
        break
      }
      case '--server-node-options':
        given.serverNodeOptions = value() ?? null
        break
      case '--soak':
        given.soak = positiveInteger(flag, value())
        break
      case '--lighthouse':
        given.lighthouse = true
        break
      case '--heap-sweep': {
        // The list is optional: `--heap-sweep`, `--heap-sweep 256,512` or `--heap-sweep=256,512`.
        const next = argv[i + 1]
        const list = inline ?? (next !== undefined && !next.startsWith('-') ? argv[++i] : undefined)
        given.heapSweep = list === undefined ? DEFAULT_HEAP_SWEEP : heapList(flag, list)
        break
      }
      case '--help':
      case '-h':
        help = true
        break
      default:
        throw new UsageError(`Unknown option "${argv[i]}".`)
    }
  }
  if (given.heapSweep) refuseWithHeapSweep(given)
  const smoke = given.smoke ?? false
  return {
    smoke,
    skipBuild: given.skipBuild ?? false,
    articles: given.articles ?? (smoke ? 40 : 10_000),
    duration: given.duration ?? (smoke ? 1 : 10),
    connections: given.connections ?? (smoke ? [1, 10] : [1, 10, 50]),
    serverNodeOptions: given.serverNodeOptions ?? null,
    soak: given.soak ?? (smoke ? 5 : 60),
    lighthouse: given.lighthouse ?? false,
    heapSweep: given.heapSweep ?? null,
    help,
  }
}

/**
 * The sweep measures one thing at one connection count and sets the heap itself: flags for the
 * rest of the run, or a heap limit in the server's NODE_OPTIONS (which would win over
 * SERVER_HEAP_MB), would be silently ignored, so they are refused.
 */
function refuseWithHeapSweep(given: Partial<BenchOptions>): void {
  const ignored = [
    given.connections && '--connections',
    given.soak !== undefined && '--soak',
    given.lighthouse && '--lighthouse',
  ].filter(Boolean)
  if (ignored.length)
    throw new UsageError(
      `--heap-sweep measures only the cached article at ${HEAP_SWEEP_CONNECTIONS} connections; ${ignored.join(', ')} ${ignored.length === 1 ? 'does' : 'do'} not apply to it.`,
    )
  if (given.serverNodeOptions && /--max-old-space-size/.test(given.serverNodeOptions))
    throw new UsageError(
      `--heap-sweep sets the server's heap itself; --server-node-options "${given.serverNodeOptions}" sets --max-old-space-size, which would win over it.`,
    )
}
