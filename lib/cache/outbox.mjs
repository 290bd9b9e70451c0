/**
 * The names the writers (lib/cache/revalidate.ts) and the readers (lib/cache/invalidations.mjs)
 * of the cache-invalidation outbox share. No imports: bundled into the server and loaded
 * unbundled by the cache handler alike.
 */
export const INVALIDATION_TABLE = 'cache_invalidations'
export const INVALIDATION_CHANNEL = 'causeway_cache'
/** A row carrying this tag expires everything cached before it (a database restore). */
export const FLUSH_ALL = '*'
/**
 * How long rows are kept, and so the oldest a cached entry may be: an entry written before the
 * oldest row still kept could predate an expiry already pruned, so it is not served.
 */
export const RETENTION_MS = 24 * 60 * 60 * 1000
/** A cache tag's shape (`lib/cache/tags.ts`): a name, optionally `:` and a slug. */
export const CACHE_TAG = /^[a-z]+(?::[a-z0-9-]+)?$/
/** PostgreSQL refuses notification payloads of 8000 bytes or more; longer tag lists send the row id only. */
export const MAX_NOTIFY_BYTES = 7900
