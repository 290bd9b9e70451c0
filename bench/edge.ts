/**
 * The edge: Varnish with edge/causeway.vcl (tooling/edge.ts) in front of the server. Measured:
 * `article-edge`, the cached article through it at each connection count, with how much of that
 * load it answered from its own cache (varnishstat's counters around each measurement); and how
 * soon a publish shows, and an unpublish turns into a 404, through it, the clock starting when the
 * API has answered.
 *
 * Last in the run: the origin marks its pages for the edge (Surrogate-Key) and purges it after
 * every change only when started with EDGE_PURGE_URLS, which would change what the origin-only
 * targets measure; so the server is restarted with it here, after them. The edge starts first:
 * the origin's port is known, and a server that starts purging finds the edge already there.
 *
 * Without Varnish here (`edgeMissing()`), skipped with the reason, which the report records: not a
 * failure. A failure once it runs is recorded in `problems`, with what was measured until then.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'

import { Session } from '@/bench/http'
import { type AroundMeasurement, loadTarget, reviewedEdit } from '@/bench/measure'
import type { BenchOptions } from '@/bench/options'
import { type Prepared, type Resources, restartOrigin, sleep, warmCachedPage } from '@/bench/prepare'
import {
  type EdgeHitRatio,
  type EdgeReport,
  edgeSkipped,
  type EdgeVisibility,
  summarise,
  type TargetResult,
} from '@/bench/report'
import { REPURGE_MS } from '@/lib/cache/edge.mjs'
import { step } from '@/tooling/cli'
import { freePort } from '@/tooling/db/testDatabases'
import { edgeMissing, type RunningEdge, startEdge, varnishd } from '@/tooling/edge'
import { projectRoot } from '@/tooling/paths'

const execFileAsync = promisify(execFile)

/** How long a change may take to show through the edge before the run calls it a failure. */
const GIVE_UP_MS = 30_000

/** One answer of the edge, with its cache verdict (X-Cache: HIT, MISS or PASS). */
async function viaEdge(edgeUrl: string, pagePath: string) {
  const response = await fetch(new URL(pagePath, edgeUrl), { redirect: 'manual' })
  return { status: response.status, html: await response.text(), xCache: response.headers.get('x-cache') }
}

/** Reads `pagePath` through the edge until the edge answers it 200 from its own cache. */
async function edgeHit(edgeUrl: string, pagePath: string): Promise<void> {
  const deadline = performance.now() + GIVE_UP_MS
  let last = await viaEdge(edgeUrl, pagePath)
  while (!(last.status === 200 && last.xCache === 'HIT')) {
    if (performance.now() > deadline) {
      throw new Error(
        `The edge never answered ${pagePath} from its cache (last: ${last.status}, X-Cache ${last.xCache ?? 'absent'}); ` +
          'PASS means the origin sent no Surrogate-Key: was it started with EDGE_PURGE_URLS?',
      )
    }
    await sleep(100)
    last = await viaEdge(edgeUrl, pagePath)
  }
}

/**
 * The page in the edge's cache as readers would have it before a change: once the purges of the
 * previous change have landed (the origin sends each again REPURGE_MS later), read until a HIT.
 */
async function settledAtEdge(edgeUrl: string, pagePath: string, lastChangeAt: number): Promise<void> {
  await sleep(Math.max(0, lastChangeAt + REPURGE_MS + 500 - performance.now()))
  await edgeHit(edgeUrl, pagePath)
}

/** Polls `pagePath` through the edge until `shows` accepts the answer; ms since `since`, or null after GIVE_UP_MS. */
async function untilEdgeShows(
  edgeUrl: string,
  pagePath: string,
  since: number,
  shows: (answer: { status: number; html: string }) => boolean,
): Promise<number | null> {
  while (performance.now() - since < GIVE_UP_MS) {
    if (shows(await viaEdge(edgeUrl, pagePath))) return Math.round(performance.now() - since)
    await sleep(10)
  }
  return null
}

/** The edge's request and hit counters (varnishstat), or null when they cannot be read. */
async function edgeCounters(edge: RunningEdge): Promise<{ requests: number; hits: number } | null> {
  try {
    // tooling/edge.ts runs varnishd with `-n <workDir>/varnish`.
    const { stdout } = await execFileAsync('varnishstat', [
      '-n',
      path.join(edge.workDir, 'varnish'),
      '-1',
      '-j',
      '-f',
      'MAIN.client_req',
      '-f',
      'MAIN.cache_hit',
    ])
    const parsed = JSON.parse(stdout) as Record<string, unknown> & { counters?: Record<string, { value?: number }> }
    // Varnish 6.5 and later nest the counters under "counters"; older ones list them at the top.
    const counters = (parsed.counters ?? parsed) as Record<string, { value?: number } | undefined>
    const requests = counters['MAIN.client_req']?.value
    const hits = counters['MAIN.cache_hit']?.value
    return typeof requests === 'number' && typeof hits === 'number' ? { requests, hits } : null
  } catch {
    return null
  }
}

/** Varnish's version as `varnishd -V` gives it (on stderr), e.g. `varnish-7.1.1`. */
async function varnishVersion(): Promise<string | null> {
  try {
    const { stdout, stderr } = await execFileAsync(varnishd()!, ['-V'])
    const output = `${stderr}${stdout}`
    return output.match(/varnish-[\w.]+/)?.[0] ?? (output.split('\n')[0]?.trim() || null)
  } catch {
    return null
  }
}

/** Starts Varnish in front of the server and restarts the server to purge it; resolves once readers get pages through it. */
async function startBenchEdge(prepared: Prepared, resources: Resources): Promise<RunningEdge> {
  const { baseUrl, origin, articlePath } = prepared
  const port = await freePort()
  // 32 characters of [A-Za-z0-9_-]: the shape EDGE_PURGE_SECRET must have.
  const secret = crypto.randomBytes(24).toString('base64url')
  const logFile = path.join(projectRoot, 'test-results', 'bench-edge.log')
  step(`Edge: Varnish at http://127.0.0.1:${port} in front of ${baseUrl} (log: ${path.relative(projectRoot, logFile)})`)
  const edge = await startEdge({ port, origins: [new URL(baseUrl)], secret, logFile })
  resources.edge = edge
  await restartOrigin(
    prepared,
    resources,
    { EDGE_PURGE_URLS: edge.url, EDGE_PURGE_SECRET: secret },
    'bench-server-edge.log',
    `npm start again at ${origin}, marking its pages for the edge and purging it (EDGE_PURGE_URLS=${edge.url})`,
  )
  // The edge sends nothing to an origin its probe has not yet found ready (two checks a second apart).
  const deadline = performance.now() + GIVE_UP_MS
  while ((await viaEdge(edge.url, '/api/ready')).status !== 200) {
    if (performance.now() > deadline) throw new Error(`The edge never found the server ready; see ${logFile}.`)
    await sleep(250)
  }
  // The origin's own cache first (the page carries Surrogate-Key only from there), then the edge's.
  await warmCachedPage(baseUrl, articlePath)
  await edgeHit(edge.url, articlePath)
  step(`Edge: ${articlePath} answered from the edge's cache (X-Cache: HIT)`)
  return edge
}

/** article-edge at each connection count, with the edge's hit ratio during each measurement. */
async function loadThroughEdge(
  prepared: Prepared,
  edge: RunningEdge,
  options: BenchOptions,
  problems: string[],
): Promise<{ targets: TargetResult[]; hitRatio: EdgeHitRatio[] }> {
  const hitRatio: EdgeHitRatio[] = []
  const countingHits: AroundMeasurement = async (connections, measureOnce) => {
    const before = await edgeCounters(edge)
    const result = await measureOnce()
    const after = await edgeCounters(edge)
    if (before && after) {
      const requests = after.requests - before.requests
      const hits = after.hits - before.hits
      const ratio = requests > 0 ? Math.round((hits / requests) * 10_000) / 10_000 : null
      hitRatio.push({ connections, requests, hits, ratio })
      console.log(
        `      edge hit ratio ${ratio === null ? '–' : `${(ratio * 100).toFixed(1)} %`} (${hits}/${requests})`,
      )
    }
    return result
  }
  const targets = await loadTarget(
    { name: 'article-edge', url: edge.url, requests: [{ path: prepared.articlePath }] },
    options,
    problems,
    countingHits,
  )
  if (!hitRatio.length) problems.push('Edge hit ratio not measured: varnishstat could not read the edge’s counters.')
  return { targets, hitRatio }
}

/**
 * Rounds of: an edit submitted and signed off, its page in the edge's cache; the publish, timed
 * from the API's answer until the edge serves the new question; the new page in the edge's cache;
 * the unpublish, timed until the edge answers 404; a publish again, so the article ends as it began.
 */
async function changesThroughEdge(
  prepared: Prepared,
  edge: RunningEdge,
  options: BenchOptions,
  problems: string[],
): Promise<{ publish: EdgeVisibility; unpublish: EdgeVisibility }> {
  const { baseUrl, origin, editor, staff, dataset } = prepared
  const subject = dataset.pages.publish
  const reviewer = new Session(baseUrl, origin)
  await reviewer.login(staff.reviewer.email, staff.reviewer.password)
  const rounds = options.smoke ? 2 : 5
  step(`Publish and unpublish through the edge: ${rounds} rounds on article ${subject.id}, timed from the API's answer`)
  const publish = { samples: [] as number[], requestMs: [] as number[] }
  const unpublish = { samples: [] as number[], requestMs: [] as number[] }
  /** The change through the API (straight to the server, as the admin's calls pass the edge): when it answered. */
  const change = async (what: 'publish' | 'unpublish', round: number, into: typeof publish) => {
    const start = performance.now()
    await editor.api(
      'POST',
      `/api/articles/${subject.id}/${what}`,
      what === 'unpublish' ? { reason: `Benchmark, through the edge, round ${round}.` } : undefined,
    )
    const answered = performance.now()
    into.requestMs.push(Math.round(answered - start))
    return answered
  }

  for (let round = 1; round <= rounds; round++) {
    const { slug, marker } = await reviewedEdit(prepared, reviewer, `edge-${Date.now()}-${round}`)
    const page = `/articles/${slug}`
    let lastChangeAt = performance.now()
    await settledAtEdge(edge.url, page, lastChangeAt)

    lastChangeAt = await change('publish', round, publish)
    const shown = await untilEdgeShows(
      edge.url,
      page,
      lastChangeAt,
      ({ status, html }) => status === 200 && html.includes(marker),
    )
    if (shown === null) {
      problems.push(`Edge: ${page} did not show the published question through the edge within 30 s (round ${round}).`)
      break
    }
    publish.samples.push(shown)
    await settledAtEdge(edge.url, page, lastChangeAt)

    lastChangeAt = await change('unpublish', round, unpublish)
    const gone = await untilEdgeShows(edge.url, page, lastChangeAt, ({ status }) => status === 404)
    if (gone === null) {
      problems.push(`Edge: ${page} still answered through the edge 30 s after it was unpublished (round ${round}).`)
      break
    }
    unpublish.samples.push(gone)

    // Back as it was, for the next round.
    const republished = await change('publish', round, { samples: [], requestMs: [] })
    if ((await untilEdgeShows(edge.url, page, republished, ({ status }) => status === 200)) === null) {
      problems.push(
        `Edge: ${page} did not come back through the edge within 30 s of its republishing (round ${round}).`,
      )
      break
    }
    console.log(
      `  round ${round}: publish visible after ${shown} ms, unpublish 404 after ${gone} ms ` +
        `(the requests themselves: ${publish.requestMs.at(-1)} ms, ${unpublish.requestMs.at(-1)} ms)`,
    )
  }
  return {
    publish: { ...summarise(publish.samples), requestMs: publish.requestMs },
    unpublish: { ...summarise(unpublish.samples), requestMs: unpublish.requestMs },
  }
}

/** Everything measured through the edge, or why it was skipped; the article-edge rows go with the other targets. */
export async function measureEdge(
  prepared: Prepared,
  options: BenchOptions,
  resources: Resources,
  problems: string[],
): Promise<{ targets: TargetResult[]; report: EdgeReport }> {
  const missing = edgeMissing()
  if (missing) {
    step(`Edge: skipped — ${missing}`)
    return { targets: [], report: edgeSkipped(missing) }
  }
  const report: EdgeReport = {
    skipped: null,
    varnish: await varnishVersion(),
    hitRatio: [],
    publishToVisibleMs: null,
    unpublishToGoneMs: null,
  }
  let targets: TargetResult[] = []
  try {
    const edge = await startBenchEdge(prepared, resources)
    const loaded = await loadThroughEdge(prepared, edge, options, problems)
    targets = loaded.targets
    report.hitRatio = loaded.hitRatio
    const changes = await changesThroughEdge(prepared, edge, options, problems)
    report.publishToVisibleMs = changes.publish
    report.unpublishToGoneMs = changes.unpublish
  } catch (error) {
    problems.push(`Edge: ${(error as Error).message}`)
  }
  return { targets, report }
}
