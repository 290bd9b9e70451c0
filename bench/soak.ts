/**
 * The soak: readers load the cached article, condition and home pages for `--soak` seconds at 10
 * connections while an editor takes another article down and puts it back, over and over, through
 * the same REST calls as the admin. Reported: reader errors (anything but a 2xx, a socket error or
 * a timeout — expected to be 0) and, for every change, how long until a reader saw it (404 after
 * an unpublish, 200 after a publish). Reported, not enforced.
 */
import { measure, type LoadResult } from '@/bench/load'
import type { BenchOptions } from '@/bench/options'
import type { Prepared } from '@/bench/prepare'
import { step } from '@/tooling/cli'

export interface SoakReport {
  durationSec: number
  readers: LoadResult
  /** Reader responses that were not 2xx, plus socket errors and timeouts. */
  readerErrors: number
  changes: number
  visibleMs: { samples: number[]; median: number | null; max: number | null; over1s: number }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function measureSoak(prepared: Prepared, options: BenchOptions, problems: string[]): Promise<SoakReport> {
  const { baseUrl, editor, dataset } = prepared
  const subject = dataset.pages.publish
  const durationSec = options.soak
  const current = await editor.api<{ slug: string }>('GET', `/api/articles/${subject.id}?depth=0`)
  const page = `/articles/${current.slug}`
  step(`Soak: ${durationSec} s of readers at 10 connections while an editor unpublishes and republishes ${page}`)

  const readersDone = measure({
    baseUrl,
    requests: [{ path: prepared.articlePath }, { path: prepared.conditionPath }, { path: '/' }],
    connections: 10,
    durationSec,
  })
  let running = true
  void readersDone.finally(() => (running = false))

  const samples: number[] = []
  const seen = async (status: number, since: number): Promise<number | null> => {
    while (performance.now() - since < 30_000) {
      const response = await fetch(new URL(page, baseUrl), { redirect: 'manual' })
      await response.arrayBuffer()
      if (response.status === status) return Math.round(performance.now() - since)
      await sleep(10)
    }
    return null
  }
  for (let round = 1; running; round++) {
    for (const change of ['unpublish', 'publish'] as const) {
      const start = performance.now()
      await editor.api(
        'POST',
        `/api/articles/${subject.id}/${change}`,
        change === 'unpublish' ? { reason: `Benchmark soak, round ${round}.` } : undefined,
      )
      const elapsed = await seen(change === 'unpublish' ? 404 : 200, start)
      if (elapsed === null) {
        problems.push(
          `Soak: ${page} did not ${change === 'unpublish' ? 'go' : 'come back'} within 30 s (round ${round}).`,
        )
        running = false
        break
      }
      samples.push(elapsed)
    }
  }
  const readers = await readersDone
  const readerErrors = readers.non2xx + readers.errors + readers.timeouts
  if (readerErrors) problems.push(`Soak: ${readerErrors} reader request(s) failed while articles were changing.`)
  const sorted = [...samples].sort((a, b) => a - b)
  const result: SoakReport = {
    durationSec,
    readers,
    readerErrors,
    changes: samples.length,
    visibleMs: {
      samples,
      median: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null,
      max: sorted.at(-1) ?? null,
      over1s: samples.filter((ms) => ms > 1000).length,
    },
  }
  console.log(
    `  readers: ${readers.requests} requests, ${readers.reqPerSec} req/s, p99 ${readers.p99Ms} ms, ${readerErrors} errors; ` +
      `${result.changes} changes, visible after median ${result.visibleMs.median ?? '–'} ms, max ${result.visibleMs.max ?? '–'} ms`,
  )
  return result
}
