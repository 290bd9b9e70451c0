import { randomBytes } from 'node:crypto'

import type { GenerateImageName } from 'payload'

/**
 * The file name of an image size (rendition): Payload's `<name>-<width>x<height>.<ext>` plus a
 * random part. Payload's own names depend only on the base name and the dimensions, so uploading
 * `knee.jpg` next to `knee.png` of the same size produced the same rendition names, and Payload
 * deleted and rewrote the other image's renditions — replacing what readers of a signed page see
 * without touching its media document. The main file's name is kept unique by Payload itself.
 */
export const renditionName: GenerateImageName = ({ originalName, width, height, extension }) =>
  `${originalName}-${width}x${height}-${randomBytes(6).toString('hex')}.${extension}`
