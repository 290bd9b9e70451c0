/**
 * Next.js's own file-system cache, with tag expiry that survives a restart. Configured as
 * `cacheHandler` in next.config.mjs; plain JavaScript because Next imports it at run time
 * (`import(pathToFileURL(cacheHandler))`), outside any build step.
 *
 * Why it exists. Next 16's default cache keeps rendered pages (`.next/server/app/…`) and
 * `unstable_cache` data (`.next/cache/fetch-cache/…`) on disk, but it records which tags were
 * expired only in memory, in the Map `tagsManifest`. When an editor unpublishes an article,
 * the hooks expire `article:<slug>` (lib/cache/revalidate.ts) and that Map is all that stands between
 * readers and the withdrawn page still on disk. After a restart the Map is empty and the old
 * page is served again (`x-nextjs-cache: HIT`), for good: unpublished or superseded clinical
 * content coming back.
 *
 * What it changes. `revalidateTag` does exactly what Next's does, then appends the resulting
 * expiry of each tag (`stale`/`expired` times) as one JSON line to a log and fsyncs it before
 * returning. The first time this class is constructed in a process (Next constructs it once per
 * request, so that is tracked at module scope) the log is read back into `tagsManifest` and
 * compacted to one line per tag. Everything else (reads, writes, the memory cache) is Next's.
 *
 * Where the log lives. Beside the cache it governs, in `.next/cache/`, next to the fetch cache:
 * it lives exactly as long as the entries it can expire. `next build` empties `.next` but keeps
 * `.next/cache`, so `unstable_cache` entries — and with them their expiries — outlast a rebuild;
 * a fresh deploy without `.next/cache` has neither. It is not kept in the database: this is
 * Next's cache state, as local as the cache itself.
 *
 * What it does not close. Next expires tags only after the request that changed the content
 * has committed and answered (lib/cache/revalidate.ts). A crash between the database commit and this
 * append still leaves the old page on disk and no record to expire it. That window, and
 * expiring tags on every instance rather than only on the one that took the edit, are for a
 * later issue: an after-commit outbox in the database that every instance replays.
 *
 * One server process per `.next` directory is assumed (what `next start` is): the log is
 * compacted by rewriting it, so a second process appending during another's start-up
 * compaction could lose that line.
 *
 * tests/unit/durableTagCache.test.ts fails if a Next upgrade moves or renames the internals used
 * here (the two modules below, the class and the Map), or if an expiry written by one process
 * no longer expires the entry in the next.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** Next's internals this relies on; `require`d, so they are the very CommonJS instances next-server uses. */
export const NEXT_FILE_SYSTEM_CACHE = 'next/dist/server/lib/incremental-cache/file-system-cache.js'
export const NEXT_TAGS_MANIFEST = 'next/dist/server/lib/incremental-cache/tags-manifest.external.js'

const require = createRequire(import.meta.url)
/** @type {new (ctx: any) => { revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void> }} */
const FileSystemCache = require(NEXT_FILE_SYSTEM_CACHE).default
/** @type {Map<string, { stale?: number, expired?: number }>} */
const tagsManifest = require(NEXT_TAGS_MANIFEST).tagsManifest

if (typeof FileSystemCache !== 'function' || !(tagsManifest instanceof Map)) {
  // Next imports this on the first request: every request then fails with this message, rather
  // than the server quietly serving expired pages after its next restart.
  throw new Error(
    `lib/cache/durableTagCache.mjs: Next.js no longer has ${NEXT_FILE_SYSTEM_CACHE} or ${NEXT_TAGS_MANIFEST} as expected.`,
  )
}

export const TAG_EXPIRY_LOG = 'causeway-tag-expiry.jsonl'

/** The log for the cache under `serverDistDir` (`.next/server`): `.next/cache/causeway-tag-expiry.jsonl`. */
export function tagExpiryLogPath(serverDistDir) {
  return path.join(serverDistDir, '..', 'cache', TAG_EXPIRY_LOG)
}

/** Logs already read into `tagsManifest` by this process. */
const restored = new Set()

export default class DurableTagCache extends FileSystemCache {
  /** @param {{ serverDistDir?: string } & Record<string, unknown>} ctx — what Next passes every cache handler */
  constructor(ctx) {
    super(ctx)
    // Without a server directory there is no disk cache either (Next's own default then is
    // not a file-system cache at all), so nothing can outlive the process.
    this.tagLog = ctx.serverDistDir ? tagExpiryLogPath(ctx.serverDistDir) : null
    if (this.tagLog && !restored.has(this.tagLog)) {
      // Synchronous, and before this instance serves anything: Next checks tags on the very
      // first read, and an expiry read too late would let a withdrawn page out.
      restore(this.tagLog)
      restored.add(this.tagLog)
    }
  }

  async revalidateTag(tags, durations) {
    await super.revalidateTag(tags, durations)
    if (!this.tagLog) return
    const list = typeof tags === 'string' ? [tags] : tags
    // Exactly what Next now holds in memory for each tag, so a restart restores the same state.
    const lines = list.map((tag) => record(tag, tagsManifest.get(tag))).join('')
    if (!lines) return
    try {
      await appendDurably(this.tagLog, lines)
    } catch (error) {
      // Next logs this (revalidation runs after the response); the expiry still holds in memory
      // until the next restart.
      throw new Error(
        `Could not record the expiry of ${list.join(', ')} in ${this.tagLog}: a restart would serve the old pages again.`,
        { cause: error },
      )
    }
  }
}

/** One log line: the tag and its expiry as Next keeps it. */
function record(tag, entry = {}) {
  const { stale, expired } = entry
  return `${JSON.stringify({ tag, stale, expired })}\n`
}

/**
 * The newest expiry of each tag in `text`. Later lines win, as later calls do in Next. A line
 * that is not a whole record (the last one, torn by a crash mid-append) is skipped.
 */
export function parseTagExpiryLog(text) {
  /** @type {Map<string, { stale?: number, expired?: number }>} */
  const latest = new Map()
  for (const line of text.split('\n')) {
    let value
    try {
      value = JSON.parse(line)
    } catch {
      continue
    }
    if (!value || typeof value.tag !== 'string') continue
    const entry = {}
    if (typeof value.stale === 'number') entry.stale = value.stale
    if (typeof value.expired === 'number') entry.expired = value.expired
    latest.set(value.tag, entry)
  }
  return latest
}

/**
 * Reads the log into Next's `tagsManifest` and rewrites it with one line per tag. A log that
 * exists but cannot be read throws: this server would not know which cached pages are withdrawn,
 * and failing requests beats serving them. A failed rewrite only costs the compaction.
 */
function restore(file) {
  let text = ''
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error
  }
  const latest = parseTagExpiryLog(text)
  for (const [tag, entry] of latest) {
    // An entry already in memory was set by this process, after anything in the log.
    if (!tagsManifest.has(tag)) tagsManifest.set(tag, entry)
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    const fd = fs.openSync(temporary, 'w')
    try {
      fs.writeFileSync(fd, [...latest].map(([tag, entry]) => record(tag, entry)).join(''))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temporary, file)
    // The rename (and, on first start, the file itself) is durable only once its directory is.
    const dir = fs.openSync(path.dirname(file), 'r')
    try {
      fs.fsyncSync(dir)
    } finally {
      fs.closeSync(dir)
    }
  } catch (error) {
    console.warn(`Could not compact ${file} (${error.message}); the expiries in it still apply.`)
  }
}

async function appendDurably(file, text) {
  const handle = await fs.promises.open(file, 'a')
  try {
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
}
