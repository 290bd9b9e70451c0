/**
 * One "server process" for tests/unit/durableTagCache.test.ts: builds Next's IncrementalCache as
 * next-server does (with `handler` as its cacheHandler, or Next's default when it is "default"),
 * does one step on one `unstable_cache`-style entry, prints the result as JSON and exits — so
 * each step starts from an empty memory, like a restarted server.
 *
 *   node tests/helpers/tagCacheProcess.mjs <handler path|default> <serverDistDir> <write|revalidate|read> <tag> [value]
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [handler, serverDistDir, step, tag, value] = process.argv.slice(2)
const require = createRequire(import.meta.url)
const { IncrementalCache } = require('next/dist/server/lib/incremental-cache/index.js')
const { nodeFs } = require('next/dist/server/lib/node-fs-methods.js')

const CurCacheHandler =
  handler === 'default' ? undefined : (await import(pathToFileURL(path.resolve(handler)).href)).default
const cache = new IncrementalCache({
  fs: nodeFs,
  dev: false,
  flushToDisk: true,
  minimalMode: false,
  serverDistDir,
  requestHeaders: {},
  // No memory store: every read goes to disk, as the first read after a restart does.
  maxMemoryCacheSize: 0,
  previewProps: { previewModeId: 'test', previewModeSigningKey: 'test', previewModeEncryptionKey: 'test' },
  prerenderManifest: { version: 4, routes: {}, dynamicRoutes: {}, notFoundRoutes: [], preview: {} },
  fetchCacheKeyPrefix: '',
  allowedRevalidateHeaderKeys: [],
  CurCacheHandler,
})

const KEY = 'durable-tag-cache-test-entry'
const context = { kind: 'FETCH', revalidate: false, fetchUrl: 'unstable_cache', fetchIdx: 0, tags: [tag], softTags: [] }

let result
if (step === 'write') {
  const data = { headers: {}, body: JSON.stringify(value), status: 200, url: '' }
  await cache.set(
    KEY,
    { kind: 'FETCH', data, revalidate: 31_536_000 },
    { fetchCache: true, fetchUrl: 'unstable_cache', fetchIdx: 0, tags: [tag] },
  )
  result = { written: value }
} else if (step === 'revalidate') {
  // What lib/cache/revalidate.ts asks for: revalidateTag(tag, { expire: 0 }).
  await cache.revalidateTag([tag], { expire: 0 })
  result = { revalidated: tag }
} else if (step === 'read') {
  const entry = await cache.get(KEY, context)
  result = { value: entry ? JSON.parse(entry.value.data.body) : null }
} else {
  throw new Error(`Unknown step ${step}`)
}
process.stdout.write(JSON.stringify(result))
