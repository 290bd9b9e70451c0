/**
 * The durable tag cache (lib/cache/durableTagCache.mjs) leans on Next.js internals that are not
 * public API. These tests fail if a Next upgrade moves or renames them, or if an expiry written
 * by one server process no longer expires the cached entry in the next one.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import DurableTagCache, {
  NEXT_FILE_SYSTEM_CACHE,
  NEXT_TAGS_MANIFEST,
  parseTagExpiryLog,
  tagExpiryLogPath,
} from '@/lib/cache/durableTagCache.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const handlerFile = path.join(root, 'lib/cache/durableTagCache.mjs')
// Resolved from the handler's own folder, as its `require` resolves them.
const require = createRequire(handlerFile)
const INCREMENTAL_CACHE = 'next/dist/server/lib/incremental-cache/index.js'

type TagsManifest = Map<string, { stale?: number; expired?: number }>
const { tagsManifest, areTagsExpired } = require(NEXT_TAGS_MANIFEST) as {
  tagsManifest: TagsManifest
  areTagsExpired: (tags: string[], timestamp: number) => boolean
}

let serverDistDir = ''
beforeEach(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causeway-tag-cache-'))
  serverDistDir = path.join(dir, 'server')
  await fs.mkdir(serverDistDir)
})
afterEach(async () => {
  await fs.rm(path.dirname(serverDistDir), { recursive: true, force: true })
})

/** One step in a fresh `node` process: a server started, used once and gone. */
async function inNewProcess(handler: string, step: 'write' | 'revalidate' | 'read', tag: string, value = '') {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'tests/helpers/tagCacheProcess.mjs'), handler, serverDistDir, step, tag, value],
    { cwd: root, timeout: 30_000 },
  )
  return JSON.parse(stdout) as { value?: string | null }
}

describe('durable tag cache', () => {
  it("subclasses Next's FileSystemCache and writes the tagsManifest Map that IncrementalCache reads", () => {
    const FileSystemCache = require(NEXT_FILE_SYSTEM_CACHE).default
    expect(typeof FileSystemCache).toBe('function')
    for (const method of ['get', 'set', 'revalidateTag'])
      expect(typeof FileSystemCache.prototype[method], method).toBe('function')
    expect(DurableTagCache.prototype).toBeInstanceOf(FileSystemCache)
    expect(tagsManifest).toBeInstanceOf(Map)
    expect(typeof areTagsExpired).toBe('function')

    // Both the file-system cache and IncrementalCache (which calls areTagsExpired itself) load
    // this very module, so there is one Map per process and the handler fills it.
    require(INCREMENTAL_CACHE)
    const manifestFile = require.resolve(NEXT_TAGS_MANIFEST)
    for (const user of [INCREMENTAL_CACHE, NEXT_FILE_SYSTEM_CACHE]) {
      const loaded = require.cache[require.resolve(user)]
      expect(
        loaded?.children.map((child) => child.filename),
        user,
      ).toContain(manifestFile)
    }
  })

  it(
    'an expiry written by one process expires the cached entry in the next; later entries are served',
    { timeout: 60_000 },
    async () => {
      const tag = 'article:withdrawn'
      await inNewProcess(handlerFile, 'write', tag, 'old text')
      expect(await inNewProcess(handlerFile, 'read', tag)).toEqual({ value: 'old text' })
      await inNewProcess(handlerFile, 'revalidate', tag)
      expect(await inNewProcess(handlerFile, 'read', tag)).toEqual({ value: null })

      await inNewProcess(handlerFile, 'write', tag, 'new text')
      expect(await inNewProcess(handlerFile, 'read', tag)).toEqual({ value: 'new text' })
    },
  )

  it(
    "Next's default cache forgets the expiry across processes (the bug the handler exists for)",
    { timeout: 60_000 },
    async () => {
      const tag = 'article:withdrawn'
      await inNewProcess('default', 'write', tag, 'old text')
      await inNewProcess('default', 'revalidate', tag)
      expect(await inNewProcess('default', 'read', tag)).toEqual({ value: 'old text' })
    },
  )

  it('reads the log once per process: later lines win, a torn last line is skipped, and the log is compacted', async () => {
    const log = tagExpiryLogPath(serverDistDir)
    expect(log).toBe(path.join(path.dirname(serverDistDir), 'cache', 'causeway-tag-expiry.jsonl'))
    await fs.mkdir(path.dirname(log), { recursive: true })
    const line = (tag: string, time: number) => `${JSON.stringify({ tag, stale: time, expired: time })}\n`
    await fs.writeFile(
      log,
      line('log:a', 1000) + line('log:b', 1500) + line('log:a', 2000) + '{"tag":"log:c","stale":30',
    )

    new DurableTagCache({ serverDistDir, revalidatedTags: [] })
    expect(tagsManifest.get('log:a')).toEqual({ stale: 2000, expired: 2000 })
    expect(tagsManifest.get('log:b')).toEqual({ stale: 1500, expired: 1500 })
    expect(tagsManifest.has('log:c')).toBe(false)
    expect(await fs.readFile(log, 'utf8')).toBe(line('log:a', 2000) + line('log:b', 1500))

    // Next constructs the handler per request; only the first construction reads the log.
    await fs.appendFile(log, line('log:d', 3000))
    new DurableTagCache({ serverDistDir, revalidatedTags: [] })
    expect(tagsManifest.has('log:d')).toBe(false)
  })

  it('revalidateTag applies the expiry in memory exactly as Next does and has it on disk when it returns', async () => {
    const cache = new DurableTagCache({ serverDistDir, revalidatedTags: [] })
    const before = Date.now()
    await cache.revalidateTag(['log:e', 'log:f'], { expire: 0 })
    const entry = tagsManifest.get('log:e')
    expect(entry?.expired).toBeGreaterThanOrEqual(before)
    expect(areTagsExpired(['log:e'], before - 1)).toBe(true)
    expect(parseTagExpiryLog(await fs.readFile(tagExpiryLogPath(serverDistDir), 'utf8'))).toEqual(
      new Map([
        ['log:e', entry],
        ['log:f', tagsManifest.get('log:f')],
      ]),
    )
  })
})
