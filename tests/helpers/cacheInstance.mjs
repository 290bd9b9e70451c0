/**
 * One "server" for tests/int/sharedCache.int.test.ts: Next's IncrementalCache built as next-server
 * builds it, with lib/cache/sharedCache.mjs as its cache handler, in a process of its own (with
 * its own tag manifest and invalidation feed, as a real server has). It reads one JSON command
 * per line on stdin and answers one JSON line on stdout:
 *
 *   {"op":"write","key":"k","tags":["article:x"],"value":"...","skewMs":0}  -> {"ok":true}
 *   {"op":"read","key":"k","tags":["article:x"]}                 -> {"value":"..." | null}
 *   {"op":"writePage","key":"/p","tags":["article:x"],"value":"<html>"} -> {"ok":true}
 *   {"op":"readPage","key":"/p"}                   -> {"page":{"html":"...","isStale":false,"headers":{…}} | null}
 *   {"op":"feed"}                                                 -> {"state":"live","applied":3}
 *
 * Environment: DATABASE_URL (the outbox), REDIS_URL (optional), SERVER_DIST_DIR.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const handlerFile = path.join(root, 'lib/cache/sharedCache.mjs')
const require = createRequire(handlerFile)
const { IncrementalCache } = require('next/dist/server/lib/incremental-cache/index.js')
const { nodeFs } = require('next/dist/server/lib/node-fs-methods.js')

const handler = await import(pathToFileURL(handlerFile).href)
const cache = new IncrementalCache({
  fs: nodeFs,
  dev: false,
  flushToDisk: true,
  minimalMode: false,
  serverDistDir: process.env.SERVER_DIST_DIR,
  requestHeaders: {},
  maxMemoryCacheSize: 0,
  previewProps: { previewModeId: 'test', previewModeSigningKey: 'test', previewModeEncryptionKey: 'test' },
  prerenderManifest: { version: 4, routes: {}, dynamicRoutes: {}, notFoundRoutes: [], preview: {} },
  fetchCacheKeyPrefix: '',
  allowedRevalidateHeaderKeys: [],
  CurCacheHandler: handler.default,
})

/** The route every test page belongs to, as Next names the source of a rendered page. */
const PAGE_ROUTE = { kind: 'APP_PAGE', sourceRoute: '/articles/[slug]/page' }

const context = (tags) => ({
  kind: 'FETCH',
  revalidate: false,
  fetchUrl: 'unstable_cache',
  fetchIdx: 0,
  tags,
  softTags: [],
})

async function run(command) {
  if (command.op === 'write') {
    const data = { headers: {}, body: JSON.stringify(command.value), status: 200, url: '' }
    await cache.set(
      command.key,
      { kind: 'FETCH', data, revalidate: 31_536_000 },
      {
        fetchCache: true,
        fetchUrl: 'unstable_cache',
        fetchIdx: 0,
        tags: command.tags,
        // A server whose clock runs `skewMs` ahead stamps its entries so (the Redis store keeps the stamp).
        ...(command.skewMs ? { internal_lastModified: Date.now() + command.skewMs } : {}),
      },
    )
    return { ok: true }
  }
  if (command.op === 'read') {
    const entry = await cache.get(command.key, context(command.tags))
    return { value: entry ? JSON.parse(entry.value.data.body) : null }
  }
  if (command.op === 'writePage') {
    const html = command.value
    await cache.set(
      command.key,
      {
        kind: 'APP_PAGE',
        html,
        rscData: Buffer.from(html),
        headers: { 'x-next-cache-tags': command.tags.join(',') },
        status: 200,
      },
      {
        cacheControl: { revalidate: false, expire: undefined },
        isRoutePPREnabled: false,
        isFallback: false,
        route: PAGE_ROUTE,
      },
    )
    return { ok: true }
  }
  if (command.op === 'readPage') {
    // What the response cache decides from: null (render now), or the page and whether it is stale
    // (true: served while it re-renders; -1: expired, rendered before answering).
    const entry = await cache.get(command.key, {
      kind: 'APP_PAGE',
      isRoutePPREnabled: false,
      isFallback: false,
      route: PAGE_ROUTE,
    })
    return {
      page: entry?.value
        ? { html: entry.value.html, isStale: entry.isStale ?? false, headers: entry.value.headers }
        : null,
    }
  }
  if (command.op === 'feed') {
    const feed = globalThis[handler.FEED_KEY]
    return { state: feed?.state ?? 'none', applied: feed?.applied ?? 0 }
  }
  throw new Error(`Unknown op ${command.op}`)
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue
  try {
    process.stdout.write(`${JSON.stringify(await run(JSON.parse(line)))}\n`)
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error?.stack ?? error) })}\n`)
  }
}
