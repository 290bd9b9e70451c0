import { describe, expect, it } from 'vitest'

import { mediaChanges, type MediaWrite } from '@/lib/media/mediaChanges'
import { mediaInUseError, mediaInUseMessage, summariseUses } from '@/lib/media/mediaInUseError'
import type { MediaUse } from '@/lib/media/mediaUsage'

const SERVER = 'https://causeway.example'

/** A stored media document as Payload reads it (depth 0): absolute URLs, numbers as numbers. */
const stored = {
  id: 7,
  alt: 'A knee',
  filename: 'knee.png',
  mimeType: 'image/png',
  filesize: 3994,
  width: 600,
  height: 400,
  focalX: 50,
  focalY: 50,
  url: `${SERVER}/api/media/file/knee.png`,
  thumbnailURL: `${SERVER}/api/media/file/knee-480x320-a1.webp`,
  sizes: {
    thumbnail: {
      url: `${SERVER}/api/media/file/knee-480x320-a1.webp`,
      width: 480,
      height: 320,
      filename: 'knee-480x320-a1.webp',
    },
  },
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
}

const FIELDS = [
  'alt',
  'url',
  'thumbnailURL',
  'filename',
  'mimeType',
  'filesize',
  'width',
  'height',
  'focalX',
  'focalY',
  'sizes',
  'createdAt',
  'updatedAt',
]

const changes = (write: Partial<MediaWrite>) =>
  mediaChanges({
    data: {},
    original: stored,
    hasFile: false,
    uploadEdits: null,
    fieldNames: FIELDS,
    serverURL: SERVER,
    ...write,
  })

describe('what a write to a media document would change', () => {
  it.each([
    ['nothing sent', {}],
    ['the document sent back as read', { ...stored }],
    ['the same alt text', { alt: 'A knee' }],
    ['numbers as strings', { filesize: '3994', focalX: '50' }],
    [
      'site-relative URLs (Payload derives them from the file name)',
      { url: '/api/media/file/knee.png', sizes: { thumbnail: { url: '/x.webp' } } },
    ],
    ['Payload’s own timestamps', { updatedAt: '2030-01-01T00:00:00.000Z', createdAt: null }],
    ['a key that is no field', { somethingElse: 'x' }],
    ['part of a rendition, unchanged', { sizes: { thumbnail: { width: 480 } } }],
  ])('none for %s', (_what, data) => {
    expect(changes({ data })).toEqual([])
  })

  it.each([
    ['a new file', { hasFile: true }, ['file']],
    ['new alt text', { data: { alt: 'Not a knee' } }, ['alt text']],
    ['an emptied alt text', { data: { alt: null } }, ['alt text']],
    ['a focal point', { data: { focalX: 10 } }, ['focal point']],
    ['an external URL', { data: { url: 'https://evil.example/knee.png' } }, ['file']],
    ['a file name', { data: { filename: 'other.png' } }, ['file']],
    ['a rendition’s file name', { data: { sizes: { thumbnail: { filename: 'other.webp' } } } }, ['file']],
    ['a crop from the image editor', { uploadEdits: { crop: { x: 0, y: 0, width: 50, height: 50 } } }, ['crop']],
    ['a new focal point from the image editor', { uploadEdits: { focalPoint: { x: 5, y: 50 } } }, ['focal point']],
  ] as const)('%s', (_what, write, expected) => {
    expect(changes(write as Partial<MediaWrite>)).toEqual(expected)
  })

  it('no change for the image editor’s focal point when it is the stored one', () => {
    expect(changes({ uploadEdits: { focalPoint: { x: '50', y: 50 } } })).toEqual([])
  })
})

const use = (
  as: MediaUse['as'],
  collection: string,
  id: string,
  title: string,
  extra: Partial<MediaUse> = {},
): MediaUse => ({
  media: 7,
  as,
  collection,
  id,
  title,
  field: as === 'sign-off' ? 'snapshot' : 'heroImage',
  entry: as === 'sign-off' ? 1 : null,
  ...extra,
})

describe('the refusal a person reads', () => {
  it('names the page and the sign-off, and says what to do instead', () => {
    const uses = [
      use('published-page', 'articles', '3', 'Why does my knee ache?'),
      use('sign-off', 'articles', '3', 'Why does my knee ache?'),
    ]
    expect(mediaInUseMessage(summariseUses(uses), 'change')).toBe(
      'This image is shown on published pages (“Why does my knee ache?”) and is part of a clinical sign-off (“Why does my knee ache?”), so it can no longer change: readers would see an unreviewed change. Upload a new image and choose it in the article instead (a new image in signed content needs a new review).',
    )
  })

  it('for an image only the ledger holds, says the sign-off would no longer show what was reviewed', () => {
    expect(mediaInUseMessage(summariseUses([use('sign-off', 'articles', '3', 'Knee?')]), 'change')).toMatch(
      /^This image is part of a clinical sign-off \(“Knee\?”\), so it can no longer change: the sign-off would no longer show what the clinician reviewed\./,
    )
  })

  it('for a profile photo, names the person and the profile', () => {
    expect(
      mediaInUseMessage(
        summariseUses([use('public-profile', 'users', '9', 'Dr Ana Silva', { field: 'photo' })]),
        'delete',
      ),
    ).toBe(
      'This image is shown on the public profile of Dr Ana Silva, so it cannot be deleted: readers would lose it. Choose another image (or none) in the profile first, then delete it.',
    )
  })

  it('lists each page once however many fields hold the image, and at most three titles', () => {
    const uses = ['A', 'B', 'C', 'D', 'E'].flatMap((title, i) => [
      use('published-page', 'articles', String(i), title),
      use('published-page', 'articles', String(i), title, { field: 'intro' }),
    ])
    const summary = summariseUses(uses)
    expect(summary).toHaveLength(5)
    expect(summary[0]!.fields).toEqual(['heroImage', 'intro'])
    expect(mediaInUseMessage(summary, 'change')).toContain('published pages (“A”, “B”, “C” and 2 more)')
  })

  it('is a public 409 carrying the reason and the uses', () => {
    const error = mediaInUseError([use('sign-off', 'conditions', '4', 'Bursitis')], 'delete')
    expect(error.status).toBe(409)
    expect(error.isPublic).toBe(true)
    expect(error.data).toEqual({
      reason: 'media-in-use',
      usedBy: [{ as: 'sign-off', collection: 'conditions', id: '4', title: 'Bursitis', fields: [], entries: [1] }],
    })
    expect(error.message).toMatch(
      /cannot be deleted: the sign-off ledger keeps every image a clinician reviewed, for good\.$/,
    )
  })
})
