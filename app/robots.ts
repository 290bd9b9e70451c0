import type { MetadataRoute } from 'next'

import { serverUrl } from '@/lib/runtimeConfig'

export const dynamic = 'force-dynamic'

export default function robots(): MetadataRoute.Robots {
  const origin = serverUrl(process.env)
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/api', '/preview'] }],
    sitemap: `${origin}/sitemap.xml`,
  }
}
