/**
 * The Cache-Control of reader pages (applied in next.config.mjs `headers()`).
 *
 * Next would send cached pages with `s-maxage=31536000`: any CDN or shared cache in front of
 * the site could keep a withdrawn or corrected article for a year, since nothing would purge it.
 * Every cache the origin does not purge must ask the origin before each reuse
 * (`max-age=0, must-revalidate`), so none that obeys these headers can hand a reader a page the
 * origin no longer serves. The edge cache the origin does purge keeps pages by the separate
 * `Surrogate-Control` it alone reads (lib/cache/edge.mjs). What a CDN still gains: cached pages carry an ETag, so revalidating one
 * costs a `304 Not Modified` without the body. No `stale-if-error`: when the origin is down a
 * cache must not fall back to an old copy of clinical content.
 *
 * How it reaches the client (found on a production build of Next 16.4.6): a header set before
 * the page renders — by next.config `headers()` or by the proxy, both tried — is kept, because
 * Next only writes its own Cache-Control when none is set yet (server/send-payload.js). That holds
 * for cached (`x-nextjs-cache: HIT`) and per-request pages, their 404s, `/sitemap.xml` and
 * `/robots.txt`. Next still overrides it where it must: draft mode gets
 * `private, no-cache, no-store, max-age=0, must-revalidate` (checked), and so do render errors
 * (in its code, build/templates/app-page-runtime.js). But the preset header also wins over a
 * route handler's own Cache-Control (server/send-response.js only adds headers not already set),
 * so the handlers that choose their own — `/api`, `/admin`, `/preview`, `/feedback` (no-store) — are left
 * out, as are Next's static assets and images. `headers()` rather than the proxy: it
 * costs no middleware call on every cached page.
 */

export const READER_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

/**
 * Every path except the admin, the API, previews, the feedback route (its answers can hold what a
 * reader typed: `no-store`) and Next's assets (path-to-regexp).
 */
export const READER_PAGES = '/((?!(?:api|admin|preview|feedback|_next)(?:/|$)).*)'
