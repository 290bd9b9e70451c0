import { withPayload } from '@payloadcms/next/withPayload'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { READER_CACHE_CONTROL, READER_PAGES } from './lib/cache/readerCacheControl.mjs'
import { securityHeaders } from './lib/security/headers.mjs'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: dirname },
  // Next's file-system cache with tag expiry that survives a restart (see the file).
  cacheHandler: path.join(dirname, 'lib/cache/durableTagCache.mjs'),
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders({ production: process.env.NODE_ENV === 'production' }) },
      // Every cache revalidates reader pages with the origin before reuse (see the file).
      { source: READER_PAGES, headers: [{ key: 'Cache-Control', value: READER_CACHE_CONTROL }] },
    ]
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
