import { withPayload } from '@payloadcms/next/withPayload'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { READER_CACHE_CONTROL, READER_PAGES } from './lib/cache/readerCacheControl.mjs'
import { bodyLimits, proxyClientMaxBodySize } from './lib/security/bodyLimits.mjs'
import { securityHeaders } from './lib/security/headers.mjs'
// A page that fails because the database is not answering is a 503 with Retry-After (see the file).
import './lib/db/outageStatus.mjs'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: dirname },
  // Pages and data in Redis (REDIS_URL) or on this server's disk, expired from PostgreSQL after
  // each commit on every server (see the file).
  cacheHandler: path.join(dirname, 'lib/cache/sharedCache.mjs'),
  // With a shared cache, no server keeps a private copy of it in memory: all see one state.
  ...(process.env.REDIS_URL?.trim() ? { cacheMaxMemorySize: 0 } : {}),
  experimental: {
    // Next.js hands the proxy at most this much of a body and silently drops the rest (10 MB by
    // default); above MAX_UPLOAD_BYTES and MAX_JSON_BODY_BYTES, so that the proxy sees a body over
    // its limit as over it and answers 413 (lib/security/requestGuard.ts). Read at start, so a
    // malformed limit stops the server with a message naming the variable.
    proxyClientMaxBodySize: proxyClientMaxBodySize(bodyLimits(process.env)),
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders({ production: process.env.NODE_ENV === 'production' }) },
      // Every cache revalidates reader pages with the origin before reuse (see the file).
      { source: READER_PAGES, headers: [{ key: 'Cache-Control', value: READER_CACHE_CONTROL }] },
    ]
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
