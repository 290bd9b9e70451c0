import path from 'node:path'
import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'

/** Raster images only: SVG and other XML formats can carry script. */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif']

export const Media: CollectionConfig = {
  slug: 'media',
  admin: { useAsTitle: 'alt' },
  access: collectionAccess('media'),
  upload: {
    staticDir: path.resolve(process.env.MEDIA_DIR || path.join(process.cwd(), '.data', 'media')),
    mimeTypes: IMAGE_MIME_TYPES,
    imageSizes: [
      { name: 'thumbnail', width: 480, formatOptions: { format: 'webp', options: { quality: 80 } } },
      { name: 'card', width: 960, formatOptions: { format: 'webp', options: { quality: 80 } } },
      { name: 'hero', width: 1600, formatOptions: { format: 'webp', options: { quality: 82 } } },
    ],
    adminThumbnail: 'thumbnail',
    focalPoint: true,
  },
  fields: [
    {
      name: 'alt',
      label: 'Alt text',
      type: 'text',
      required: true,
      admin: { description: 'What the image shows, for readers who cannot see it.' },
    },
  ],
}
