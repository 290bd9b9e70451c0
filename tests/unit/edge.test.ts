/**
 * lib/cache/edge.mjs: what configures the edge, what the origin tells it, and how purges reach it
 * — against a local HTTP server standing in for an edge that is up, refusing, or down.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import {
  batches,
  EDGE_CONTROL_HEADER,
  EDGE_BUILD_HEADER,
  EDGE_KEYS_HEADER,
  EDGE_TAGS_HEADER,
  EdgeConfigurationError,
  edgeConfig,
  edgeHeaders,
  edgeKeys,
  EdgePurger,
  PURGE_KEYS_HEADER,
  PURGE_SECRET_HEADER,
  REPURGE_MS,
} from '@/lib/cache/edge.mjs'

const SECRET = 'a-secret-that-is-long-enough-0123456789'

describe('edgeConfig', () => {
  it('is off without EDGE_PURGE_URLS', () => {
    expect(edgeConfig({})).toBeNull()
    expect(edgeConfig({ EDGE_PURGE_URLS: '  ' })).toBeNull()
  })

  it('lists every edge, with the secret', () => {
    const config = edgeConfig({
      EDGE_PURGE_URLS: 'http://varnish-a, https://edge.example:8443/',
      EDGE_PURGE_SECRET: SECRET,
    })
    expect(config?.urls.map(String)).toEqual(['http://varnish-a/', 'https://edge.example:8443/'])
    expect(config?.secret).toBe(SECRET)
  })

  it('refuses half a configuration or a malformed one, saying what to set', () => {
    expect(() => edgeConfig({ EDGE_PURGE_URLS: 'http://varnish' })).toThrow(/EDGE_PURGE_SECRET is not set/)
    expect(() => edgeConfig({ EDGE_PURGE_URLS: 'http://varnish', EDGE_PURGE_SECRET: 'short' })).toThrow(
      EdgeConfigurationError,
    )
    expect(() => edgeConfig({ EDGE_PURGE_URLS: 'http://varnish', EDGE_PURGE_SECRET: `${SECRET}"; }` })).toThrow(
      /at least 32 letters/,
    )
    expect(() => edgeConfig({ EDGE_PURGE_URLS: 'varnish:80', EDGE_PURGE_SECRET: SECRET })).toThrow(
      /only http and https/,
    )
    expect(() => edgeConfig({ EDGE_PURGE_URLS: 'not a url', EDGE_PURGE_SECRET: SECRET })).toThrow(/not a URL/)
  })
})

describe('what a page tells the edge', () => {
  it('carries our tags only, once each, and the edge lifetime', () => {
    expect(edgeKeys(['article:a', '_N_T_/layout', '_N_T_/articles/a', 'articles', 'article:a', '*'])).toEqual([
      'article:a',
      'articles',
    ])
    expect(edgeHeaders(['article:a', '_N_T_/layout'])).toEqual({
      [EDGE_KEYS_HEADER]: 'article:a',
      [EDGE_TAGS_HEADER]: 'article:a',
      [EDGE_CONTROL_HEADER]: 'max-age=600, stale-if-error=86400',
    })
  })

  it('lists several tags space-separated for xkey and Fastly, comma-separated for Cloudflare', () => {
    const headers = edgeHeaders(['article:a', 'articles', 'person:b'])
    expect(headers?.[EDGE_KEYS_HEADER]).toBe('article:a articles person:b')
    expect(headers?.[EDGE_TAGS_HEADER]).toBe('article:a,articles,person:b')
  })

  it('nothing at all for a page with no tags of ours (nothing could purge it)', () => {
    expect(edgeHeaders(['_N_T_/layout', '_N_T_/robots.txt'])).toBeNull()
  })

  it('splits long tag lists into headers an edge accepts', () => {
    const keys = Array.from({ length: 400 }, (_, index) => `article:a-long-slug-for-the-batching-test-${index}`)
    const groups = batches(keys)
    expect(groups.length).toBeGreaterThan(1)
    expect(groups.flat()).toEqual(keys)
    for (const group of groups) expect(group.join(' ').length).toBeLessThan(6000)
  })
})

/** An edge: records purges; answers `status()` (a function, so a test can change it), or drops the connection. */
async function fakeEdge(status: () => number | 'drop' = () => 200) {
  const purges: { keys: string; secret: string | undefined; build: string | undefined; at: number; status: number }[] =
    []
  const server = http.createServer((request, response) => {
    const answer = status()
    if (answer === 'drop') {
      request.socket.destroy()
      return
    }
    purges.push({
      keys: String(request.headers[PURGE_KEYS_HEADER]),
      secret: request.headers[PURGE_SECRET_HEADER] as string | undefined,
      build: request.headers[EDGE_BUILD_HEADER] as string | undefined,
      at: Date.now(),
      status: answer,
    })
    response.writeHead(answer).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
  return { url, purges, close: () => new Promise((resolve) => server.close(resolve)) }
}

const purgers: EdgePurger[] = []
const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const purger of purgers.splice(0)) purger.stop()
  await Promise.all(closers.splice(0).map((close) => close()))
})

function purgerFor(urls: URL[], logs: string[] = [], buildId?: string) {
  const purger = new EdgePurger({
    urls,
    secret: SECRET,
    buildId,
    log: (level, message) => logs.push(`${level}: ${message}`),
  })
  purgers.push(purger)
  return purger
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('EdgePurger', () => {
  it('purges every edge with the secret, then once more a moment later', async () => {
    const a = await fakeEdge()
    const b = await fakeEdge()
    closers.push(a.close, b.close)
    const purger = purgerFor([a.url, b.url])
    const started = Date.now()
    purger.purge(['article:a', '_N_T_/layout', 'articles'])
    await until(() => a.purges.length === 2 && b.purges.length === 2, 'two purges at each edge')
    for (const edge of [a, b]) {
      expect(edge.purges.map((purge) => purge.keys)).toEqual(['article:a articles', 'article:a articles'])
      expect(edge.purges.every((purge) => purge.secret === SECRET)).toBe(true)
      expect(edge.purges[1]!.at - started).toBeGreaterThanOrEqual(REPURGE_MS - 50)
    }
  })

  it('purges everything for a flush, and nothing for tags that are not ours', async () => {
    const edge = await fakeEdge()
    closers.push(edge.close)
    const purger = purgerFor([edge.url])
    purger.purge(['_N_T_/layout'])
    purger.purge(['*', 'article:a'])
    await until(() => edge.purges.length >= 1, 'the flush')
    await purger.settled()
    expect(edge.purges[0]!.keys).toBe('*')
  })

  it('announces the build it serves, alone or with the first purge, and only a well-formed one', async () => {
    const edge = await fakeEdge()
    closers.push(edge.close)
    const purger = purgerFor([edge.url], [], 'Build_2-x')
    purger.announceBuild()
    await until(() => edge.purges.length === 1, 'the announcement')
    expect(edge.purges[0]).toMatchObject({ build: 'Build_2-x', keys: 'undefined', secret: SECRET })

    purger.announceBuild()
    purger.purge(['article:a'])
    await until(() => edge.purges.some((purge) => purge.keys === 'article:a'), 'the purge')
    await purger.settled()
    expect(edge.purges.filter((purge) => purge.build === 'Build_2-x').length).toBeGreaterThanOrEqual(2)
    expect(purger.caughtUp).toBe(true)

    const odd = purgerFor([edge.url], [], 'not a build id')
    odd.announceBuild()
    await odd.settled()
    expect(edge.purges.some((purge) => purge.build === 'not a build id')).toBe(false)
  })

  it('keeps what an edge refused or could not take and retries until it does, saying so once', async () => {
    let answer: number | 'drop' = 'drop'
    const edge = await fakeEdge(() => answer)
    closers.push(edge.close)
    const logs: string[] = []
    const purger = purgerFor([edge.url], logs)
    purger.purge(['article:a'])
    purger.purge(['article:b'])
    await until(() => logs.length > 0, 'the warning')
    expect(purger.caughtUp).toBe(false)
    answer = 503
    await until(() => edge.purges.length > 0, 'a refused purge')
    answer = 200
    await until(() => purger.caughtUp && edge.purges.some((purge) => purge.status === 200), 'the retry')
    const taken = edge.purges.filter((purge) => purge.status === 200).map((purge) => purge.keys.split(' '))
    expect(taken.flat()).toEqual(expect.arrayContaining(['article:a', 'article:b']))
    expect(logs.filter((line) => line.startsWith('warn')).length).toBe(1)
    expect(logs.at(-1)).toMatch(/takes purges again/)
  })
})
