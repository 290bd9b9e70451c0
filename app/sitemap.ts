import type { MetadataRoute } from 'next'

import { getSitemapEntries } from '@/lib/data'
import { serverUrl } from '@/lib/runtimeConfig'

export const dynamic = 'force-dynamic'

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = serverUrl(process.env)
  const entries = await getSitemapEntries()
  return [
    { url: `${origin}/`, changeFrequency: 'daily' },
    ...entries.map((entry) => ({ url: `${origin}${entry.path}`, lastModified: entry.lastModified })),
  ]
}
