/**
 * The page cache after a database restore: make sure the next `next start` serves nothing that was
 * rendered before the restore.
 *
 * What is on disk (Next 16 with lib/cache/durableTagCache.mjs as its cache handler):
 *
 * - Rendered pages and route responses: `.html`/`.rsc`/`.body` files, each with a `.meta` file
 *   holding its headers, under `.next/server/` — the build's prerendered seeds in `server/app/`,
 *   the pages rendered at run time (ISR) in `server/route-cache/`. Next serves one as long as none
 *   of the tags in its `x-next-cache-tags` header has expired since it was written.
 * - `unstable_cache` data (`.next/cache/fetch-cache/`): what the pages are rendered from.
 * - The tag-expiry log (`.next/cache/causeway-tag-expiry.jsonl`), which the cache handler reads
 *   into Next's tag manifest when a server process starts, before it serves anything.
 *
 * What this does, and why not something simpler:
 *
 * - Deleting `.next/cache` is not enough and is even harmful: the rendered pages are not in it,
 *   and the expiry log is — without it, pages withdrawn before the backup would be served again.
 * - Deleting the rendered pages would do for those written at run time, but not for the build's
 *   seeds: Next's build output refers to them, and removing them means rebuilding (`npm run build`).
 * - So the pages stay, and every tag that any cached page or route response carries is expired
 *   now, through the same durable log the server uses (one line per tag, `stale` and `expired`
 *   set to now, as `revalidateTag(tag, { expire: 0 })` records it). Every app page carries its
 *   implicit tags, `_N_T_/layout` among them (the tag `revalidatePath('/', 'layout')` expires), so
 *   that one is expired too. At its next start the server reads these expiries before its first
 *   request; each page written before now is then a miss, rendered afresh from the restored
 *   database with a blocking render (expired, not merely stale: nothing old is served while it
 *   renders). Pages rendered after now are untouched by these lines. A cached page carrying no
 *   tag at all could not be reached this way: it is reported, and rebuilding removes it.
 * - The `unstable_cache` data is deleted outright: it is only a cache of database reads, Next
 *   reads it again from the database on a miss, and an entry read outside a page render (so
 *   without the page's implicit tags) could otherwise outlive the expiries.
 * - `.next/cache/images` (the image optimiser's cache) is left alone: the site does not use
 *   `next/image`, and uploaded files in use never change (collections/Media). Build caches
 *   (webpack, SWC, tsbuildinfo) hold no content.
 *
 * A server still running keeps its tag manifest and pages in memory and reads the log only when
 * it starts: it must be restarted (the restore procedure stops the site first anyway).
 */
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

import { parseTagExpiryLog, tagExpiryLogPath } from '@/lib/cache/durableTagCache.mjs'

const require = createRequire(import.meta.url)
/** Next's names for the pieces read here, from Next itself so that an upgrade that renames them fails loudly. */
const NEXT_CONSTANTS = 'next/dist/lib/constants.js'
const { NEXT_CACHE_TAGS_HEADER, NEXT_META_SUFFIX, NEXT_CACHE_IMPLICIT_TAG_ID } = require(NEXT_CONSTANTS) as Record<
  string,
  unknown
>
if (
  typeof NEXT_CACHE_TAGS_HEADER !== 'string' ||
  typeof NEXT_META_SUFFIX !== 'string' ||
  typeof NEXT_CACHE_IMPLICIT_TAG_ID !== 'string'
) {
  throw new Error(`tooling/restore/pageCache.ts: ${NEXT_CONSTANTS} no longer names the cache's tag header and files.`)
}

/** The implicit tag of the root layout: every app page and route handler carries it. */
export const ROOT_LAYOUT_TAG = `${NEXT_CACHE_IMPLICIT_TAG_ID}/layout`

export interface PageCacheReport {
  /** The `.next` directory looked at. */
  nextDir: string
  /** False when there is no `.next` at all: nothing was ever rendered here. */
  present: boolean
  /** Cached pages and route responses found under `.next/server`. */
  pages: number
  /** Tags expired in the log (empty when `present` is false). */
  tags: string[]
  /** `unstable_cache` entries deleted. */
  dataEntries: number
  /** Cached pages carrying no tag, which no expiry reaches (paths relative to `nextDir`). */
  untagged: string[]
  /** The tag-expiry log written. */
  logFile: string
  /** The time written as every tag's expiry (ms since the epoch). */
  expiredAt: number
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false
      throw error
    },
  )
}

/** Every file under `dir` (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const files: string[] = []
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await filesUnder(full)))
    else if (entry.isFile()) files.push(full)
  }
  return files
}

/** The tags in a cached entry's `.meta` file; null when Next could not read it either (so never serves it). */
async function tagsOfEntry(metaFile: string): Promise<string[] | null> {
  let meta: { headers?: Record<string, unknown> }
  try {
    meta = JSON.parse(await fs.readFile(metaFile, 'utf8'))
  } catch {
    return null
  }
  const header = meta?.headers?.[NEXT_CACHE_TAGS_HEADER as string]
  return typeof header === 'string' ? header.split(',').filter(Boolean) : []
}

/** Appends `text` to `file` and has it on disk before returning (as the cache handler does). */
async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'a')
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Expires everything the page cache under `nextDir` holds, as of `now` (see the top of the file):
 * every tag of every cached page and route response, and the root layout's, in the durable log;
 * the `unstable_cache` data deleted. Then reads the log back to check the expiries hold.
 */
export async function expirePageCache(nextDir: string, now: number = Date.now()): Promise<PageCacheReport> {
  const serverDir = path.join(nextDir, 'server')
  const logFile = tagExpiryLogPath(serverDir) as string
  const report: PageCacheReport = {
    nextDir,
    present: await exists(nextDir),
    pages: 0,
    tags: [],
    dataEntries: 0,
    untagged: [],
    logFile,
    expiredAt: now,
  }
  if (!report.present) return report

  const tags = new Set<string>([ROOT_LAYOUT_TAG])
  for (const metaFile of (await filesUnder(serverDir)).filter((file) => file.endsWith(NEXT_META_SUFFIX as string))) {
    const found = await tagsOfEntry(metaFile)
    if (found === null) continue
    report.pages += 1
    if (found.length === 0) report.untagged.push(path.relative(nextDir, metaFile))
    for (const tag of found) tags.add(tag)
  }
  report.tags = [...tags].sort()

  const dataDir = path.join(nextDir, 'cache', 'fetch-cache')
  report.dataEntries = (await filesUnder(dataDir)).length
  await fs.rm(dataDir, { recursive: true, force: true })

  await fs.mkdir(path.dirname(logFile), { recursive: true })
  await appendDurably(
    logFile,
    report.tags.map((tag) => `${JSON.stringify({ tag, stale: now, expired: now })}\n`).join(''),
  )

  // What the next server start will read: every tag expired as of now (later lines win).
  const held = parseTagExpiryLog(await fs.readFile(logFile, 'utf8')) as Map<string, { expired?: number }>
  const missed = report.tags.filter((tag) => held.get(tag)?.expired !== now)
  if (missed.length) {
    throw new Error(`${logFile} does not hold the expiry just written for ${missed.join(', ')}.`)
  }
  return report
}
