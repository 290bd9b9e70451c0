import path from 'node:path'
import type { CollectionConfig } from 'payload'

import { collectionAccess } from '@/access/fromMatrix'

import {
  refuseChange,
  refuseChangeBeforeFiles,
  refuseDelete,
  refuseOverwritingFilesInUse,
} from './hooks/keepMediaInUse'
import { commitOpenedTransaction, openTransaction } from './hooks/ownTransaction'
import { forgetWrittenFiles, rememberNewFiles, removeFilesOfFailedWrite } from './hooks/removeFilesOfFailedWrite'
import { nameUploadLimit, refuseLargeFile } from './hooks/uploadLimits'
import { renditionName } from './renditionName'

/** Raster images only: SVG and other XML formats can carry script. */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif']

export const Media: CollectionConfig = {
  slug: 'media',
  admin: {
    useAsTitle: 'alt',
    description:
      'An image shown on a published page or public profile, or part of a clinical sign-off, can no longer change or be deleted: upload a new image instead.',
  },
  access: collectionAccess('media'),
  hooks: {
    // A file over MAX_UPLOAD_BYTES is refused before anything else, naming the limit
    // (hooks/uploadLimits.ts). Media in use is immutable (hooks/keepMediaInUse.ts); the
    // transaction comes first so the in-use check's lock lasts until the write commits.
    beforeOperation: [refuseLargeFile, openTransaction, refuseChangeBeforeFiles],
    // Last: the files this write creates, removed again if it fails (hooks/removeFilesOfFailedWrite.ts).
    beforeValidate: [refuseOverwritingFilesInUse, rememberNewFiles],
    beforeChange: [refuseChange],
    beforeDelete: [refuseDelete],
    afterOperation: [commitOpenedTransaction, forgetWrittenFiles],
    afterError: [removeFilesOfFailedWrite, nameUploadLimit],
  },
  upload: {
    staticDir: path.resolve(process.env.MEDIA_DIR || path.join(process.cwd(), '.data', 'media')),
    mimeTypes: IMAGE_MIME_TYPES,
    imageSizes: [
      {
        name: 'thumbnail',
        width: 480,
        generateImageName: renditionName,
        formatOptions: { format: 'webp', options: { quality: 80 } },
      },
      {
        name: 'card',
        width: 960,
        generateImageName: renditionName,
        formatOptions: { format: 'webp', options: { quality: 80 } },
      },
      {
        name: 'hero',
        width: 1600,
        generateImageName: renditionName,
        formatOptions: { format: 'webp', options: { quality: 82 } },
      },
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
