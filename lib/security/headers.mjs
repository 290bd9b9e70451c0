/**
 * Security headers for every response (applied in next.config.mjs). Plain JavaScript so the
 * Next.js config can import it without a build step; tests import it too.
 *
 * The Content-Security-Policy is static — the same bytes for every request — so cached reader
 * pages stay cacheable: a per-request nonce would make every page dynamic. Next.js streams each
 * page's data as inline `<script>` elements whose contents differ per page, so neither a nonce
 * nor a fixed list of hashes can cover them in a static header; `script-src` therefore allows
 * 'self' and inline scripts, and nothing from any other origin. What makes inline script safe
 * here is that no content is ever rendered as raw HTML: rich text becomes React elements, links
 * pass `lib/safeUrl.ts`, JSON-LD is escaped. The policy still stops scripts, styles, fonts,
 * frames and form posts from other origins, plugins (`object-src 'none'`), `<base>` hijacking,
 * and framing by any other site; `frame-ancestors 'self'` keeps the admin's live-preview iframe
 * (same origin) working.
 */

/** @param {{ production: boolean }} options */
export function contentSecurityPolicy({ production }) {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'" + (production ? '' : " 'unsafe-eval'"),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'" + (production ? '' : ' ws: wss:'),
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    // No `upgrade-insecure-requests`: the headers are fixed at build time, when it is not known
    // whether the site is served over TLS, and on plain http it breaks the admin's live preview
    // frame. HSTS (below) keeps browsers on https wherever the site is served over it.
  ].join('; ')
}

/** @param {{ production: boolean }} options */
export function securityHeaders({ production }) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy({ production }) },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
    ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ]
}
