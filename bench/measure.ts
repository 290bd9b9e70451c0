/**
 * The benchmark's second phase: load on each target at each connection count, publish-to-visible
 * through the REST API, the reader page's JavaScript, and (with --lighthouse) Lighthouse — each
 * problem recorded in `problems` rather than thrown, so the report still gets written.
 */
import path from 'node:path'

import { Session } from '@/bench/http'
import { lighthouse, LIGHTHOUSE_VERSION, type LighthouseReport } from '@/bench/lighthouse'
import { type LoadRequest, measure } from '@/bench/load'
import type { BenchOptions } from '@/bench/options'
import { NEXT_DIR, type Prepared, sleep, warmCachedPage } from '@/bench/prepare'
import { readerJs, type ReaderJsReport } from '@/bench/readerJs'
import { type PublishToVisible, summarise, type TargetName, type TargetResult } from '@/bench/report'
import { red, step } from '@/tooling/cli'
import { projectRoot } from '@/tooling/paths'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'

/** What one target loads: where, and the requests each connection walks through. */
export interface LoadTarget {
  name: TargetName
  url: string
  requests: LoadRequest[]
}

/** How long each target is loaded, uncounted, before it is measured. */
export const warmUpSeconds = (options: BenchOptions) => (options.smoke ? 0.5 : 2)

/**
 * Runs one measurement of a target (`measureOnce`); `around` may wrap it, e.g. to read the edge's
 * counters before and after.
 */
export type AroundMeasurement = (connections: number, measureOnce: () => Promise<TargetResult>) => Promise<TargetResult>

/**
 * One target: a warm-up at the most connections, then a measurement at each connection count,
 * each printed; failed requests are recorded in `problems`.
 */
export async function loadTarget(
  target: LoadTarget,
  options: BenchOptions,
  problems: string[],
  around: AroundMeasurement = (_connections, measureOnce) => measureOnce(),
): Promise<TargetResult[]> {
  const warmUpSec = warmUpSeconds(options)
  const maxConnections = Math.max(...options.connections)
  step(
    `${target.name}: warm-up ${warmUpSec}s at ${maxConnections} connections, then ${options.duration}s at ${options.connections.join(', ')}`,
  )
  await measure({ baseUrl: target.url, requests: target.requests, connections: maxConnections, durationSec: warmUpSec })
  const targetPath =
    target.requests.length > 1 ? `/search?q=… (${target.requests.length} queries)` : target.requests[0]!.path
  const results: TargetResult[] = []
  for (const connections of options.connections) {
    const result = await around(connections, async () => ({
      name: target.name,
      path: targetPath,
      ratioToBareNode: null,
      ...(await measure({
        baseUrl: target.url,
        requests: target.requests,
        connections,
        durationSec: options.duration,
      })),
    }))
    results.push(result)
    console.log(
      `  ${String(connections).padStart(3)} connections: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
        (result.non2xx || result.errors ? red(` — ${result.non2xx} non-2xx, ${result.errors} errors`) : ''),
    )
    if (result.non2xx || result.errors || result.requests === 0) {
      problems.push(
        `${target.name} at ${connections} connections: ${result.requests} responses, ${result.non2xx} non-2xx ` +
          `(${JSON.stringify(result.statusCodes)}), ${result.errors} errors (${result.timeouts} timeouts)`,
      )
    }
  }
  return results
}

/** Load on every target, at each connection count after a warm-up. */
export async function measureTargets(prepared: Prepared, options: BenchOptions, problems: string[]) {
  const { baseUrl, bareUrl, articlePath, conditionPath, searchRequests, draftHeaders } = prepared
  const targets: LoadTarget[] = [
    { name: 'article-cached', url: baseUrl, requests: [{ path: articlePath }] },
    { name: 'condition-cached', url: baseUrl, requests: [{ path: conditionPath }] },
    { name: 'search', url: baseUrl, requests: searchRequests },
    { name: 'article-draft', url: baseUrl, requests: [{ path: articlePath, headers: draftHeaders }] },
    { name: 'bare-node', url: bareUrl, requests: [{ path: articlePath }] },
  ]
  const results: TargetResult[] = []
  for (const target of targets) results.push(...(await loadTarget(target, options, problems)))
  return { results, warmUpSec: warmUpSeconds(options), maxConnections: Math.max(...options.connections) }
}

/**
 * An editor's change to the publish subject's question, submitted and signed off through the
 * REST API as in the admin, ready to publish: the page's slug and the marker the new question
 * carries (no page has shown it before; a marker left by an earlier sample or run is replaced).
 */
export async function reviewedEdit(
  prepared: Prepared,
  reviewer: Session,
  label: string,
): Promise<{ slug: string; marker: string }> {
  const { editor, staff } = prepared
  const subject = prepared.dataset.pages.publish
  const marker = `bench ${label}`
  const question = `${subject.question.replace(/\s*\(bench [^)]*\)$/, '')} (${marker})`
  const saved = await editor.api<{ doc: { slug: string } }>('PATCH', `/api/articles/${subject.id}?draft=true&depth=0`, {
    question,
  })
  await editor.api('POST', `/api/articles/${subject.id}/submit`, {
    changeNote: `Benchmark edit (${marker}).`,
    reviewer: staff.reviewer.id,
  })
  await reviewer.api('POST', `/api/articles/${subject.id}/sign-off`, {
    decision: 'approve',
    signature: { meaning: SIGNATURE_MEANINGS.approve, password: staff.reviewer.password },
  })
  return { slug: saved.doc.slug, marker }
}

/**
 * Publish to visible: the REST calls an editor and a reviewer make in the admin, on another
 * published article; the clock runs from the publish request until a reader gets the new text.
 */
export async function measurePublishToVisible(
  prepared: Prepared,
  options: BenchOptions,
  problems: string[],
): Promise<PublishToVisible> {
  const { baseUrl, origin, editor, staff, dataset } = prepared
  const reviewer = new Session(baseUrl, origin)
  await reviewer.login(staff.reviewer.email, staff.reviewer.password)
  const sampleCount = options.smoke ? 2 : 5
  const samples: number[] = []
  const publishRequestMs: number[] = []
  const subject = dataset.pages.publish
  step(`Publish to visible: ${sampleCount} samples on article ${subject.id} (/articles/${subject.slug})`)
  for (let sample = 1; sample <= sampleCount; sample++) {
    const { slug, marker } = await reviewedEdit(prepared, reviewer, `${Date.now()}-${sample}`)
    // The page is in the cache before the publish, as it would be on a live site.
    await warmCachedPage(baseUrl, `/articles/${slug}`)

    const start = performance.now()
    await editor.api('POST', `/api/articles/${subject.id}/publish`)
    publishRequestMs.push(Math.round(performance.now() - start))
    let visible = false
    while (performance.now() - start < 30_000) {
      const response = await fetch(new URL(`/articles/${slug}`, baseUrl), { redirect: 'manual' })
      const html = await response.text()
      if (response.status === 200 && html.includes(marker)) {
        visible = true
        break
      }
      await sleep(10)
    }
    const elapsed = Math.round(performance.now() - start)
    if (!visible) {
      problems.push(
        `Publish to visible: /articles/${slug} did not show the published question within 30 s (sample ${sample}).`,
      )
      break
    }
    samples.push(elapsed)
    console.log(`  sample ${sample}: ${elapsed} ms (the publish request itself: ${publishRequestMs.at(-1)} ms)`)
  }
  const { median, max } = summarise(samples)
  return { samples, publishRequestMs, median, max }
}

/** The JavaScript a reader's browser loads for the article page. */
export function measureReaderJs(prepared: Prepared, problems: string[]): ReaderJsReport | null {
  try {
    return readerJs(NEXT_DIR, prepared.article.html)
  } catch (error) {
    problems.push(`Reader JavaScript not measured: ${(error as Error).message}`)
    return null
  }
}

/** Lighthouse on the cached article, last: its browser's page loads must not count towards the server's figures. */
export async function measureLighthouse(prepared: Prepared, problems: string[]): Promise<LighthouseReport | null> {
  step(`Lighthouse ${LIGHTHOUSE_VERSION} on ${prepared.articlePath} (full report: test-results/lighthouse.json)`)
  try {
    return await lighthouse(
      new URL(prepared.articlePath, prepared.origin).toString(),
      path.join(projectRoot, 'test-results', 'lighthouse.json'),
    )
  } catch (error) {
    problems.push(`Lighthouse not measured: ${(error as Error).message}`)
    return null
  }
}
