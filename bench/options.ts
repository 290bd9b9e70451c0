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
  help: boolean
}

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
  --help               this text
`

export class UsageError extends Error {
  override name = 'UsageError'
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
      case '--help':
      case '-h':
        help = true
        break
      default:
        throw new UsageError(`Unknown option "${argv[i]}".`)
    }
  }
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
    help,
  }
}
