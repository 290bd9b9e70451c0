import type { Media } from '@/payload-types'

export interface ImageSource {
  url: string
  alt: string
  width?: number
  height?: number
}

/** The best rendition of an upload for `size`, or null when the value is not a populated image. */
export function mediaImage(value: unknown, size: 'hero' | 'card' | 'thumbnail' = 'hero'): ImageSource | null {
  if (!value || typeof value !== 'object' || !('url' in value)) return null
  const media = value as Media
  const rendition = media.sizes?.[size]
  const url = rendition?.url || media.url
  if (!url) return null
  return {
    url,
    alt: media.alt,
    width: (rendition?.url ? rendition.width : media.width) ?? undefined,
    height: (rendition?.url ? rendition.height : media.height) ?? undefined,
  }
}
