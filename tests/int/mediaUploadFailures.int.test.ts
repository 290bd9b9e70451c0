/**
 * Uploads that fail leave nothing behind, and uploads over a size limit are refused naming it
 * (collections/Media/hooks/removeFilesOfFailedWrite.ts, uploadLimits.ts). The failures are real:
 * the kernel's file-size limit (RLIMIT_FSIZE, what a full disk looks like to a writer: the
 * write stops partway, a partial file stays), a file name the file system refuses, and a row
 * PostgreSQL refuses after every file was written. `fs.watch` records the files that appeared
 * in the media folder meanwhile, to show each upload did write some before it failed.
 *
 * Requests go through Payload's REST handlers (tests/helpers/apiClient.ts), as the admin's do;
 * the proxy in front of them is tested in tests/unit/requestGuard.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { watch } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { Payload } from 'payload'
import pg from 'pg'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET } from '../helpers/reviewFixtures'
import { refuseMediaRows } from '../helpers/refuseMediaRows'

let ctx: PayloadIntContext
let payload: Payload
let token: string
const mediaDir = process.env.MEDIA_DIR!
let counter = 0
const unique = () => `${Date.now().toString(36)}${++counter}`

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  await fs.mkdir(mediaDir, { recursive: true })
  const email = 'uploads.writer@causeway.test'
  const password = 'uploads-writer-password'
  await payload.create({
    collection: 'users',
    data: { email, name: 'Uploads Writer', password, roles: ['writer'] },
    context: QUIET,
  })
  token = (await payload.login({ collection: 'users', data: { email, password } })).token!
})

afterAll(async () => {
  await ctx?.cleanup()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

afterEach(() => {
  vi.unstubAllEnvs()
})

/** 2000 × 1500 pixels of noise as a low-quality JPEG: ~180 KB, while its 1600-wide WebP rendition is ~700 KB. */
const noisyJpeg = () =>
  sharp({
    create: {
      width: 2000,
      height: 1500,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 10 })
    .toBuffer()

const plainPng = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer()

function uploadForm(data: Buffer, name: string, alt: string, type = 'image/jpeg') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type }), name)
  form.append('_payload', JSON.stringify({ alt }))
  return form
}

const upload = (form: FormData) => rest('/media', { method: 'POST', token, body: form })

const listing = async () => (await fs.readdir(mediaDir)).sort()

/** The names of the files that appear in the media folder while `task` runs (inotify / FSEvents). */
async function filesAppearingDuring<T>(task: () => Promise<T>): Promise<{ result: T; appeared: string[] }> {
  const appeared = new Set<string>()
  const watcher = watch(mediaDir, (_event, name) => {
    if (name) appeared.add(String(name))
  })
  try {
    const result = await task()
    await new Promise((resolve) => setTimeout(resolve, 100)) // let the last events arrive
    return { result, appeared: [...appeared] }
  } finally {
    watcher.close()
  }
}

async function mediaWithAlt(alt: string) {
  const { totalDocs } = await payload.find({ collection: 'media', where: { alt: { equals: alt } }, depth: 0 })
  return totalDocs
}

/** Sets this process's soft limit on the size of any file it writes (RLIMIT_FSIZE); `null`: none. */
function limitFileSize(bytes: number | null) {
  execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes ?? 'unlimited'}:`])
}

describe('a failed upload leaves none of its files behind', () => {
  it.runIf(process.platform === 'linux')(
    'a write stopped partway by a file-size limit (as by a full disk): the original, the renditions and the partial file are removed',
    async () => {
      const alt = `Stopped partway ${unique()}`
      const image = await noisyJpeg()
      const before = await listing()
      // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG after writing up to it.
      const limit = 400_000
      expect(image.byteLength).toBeLessThan(limit)
      const { result: response, appeared } = await filesAppearingDuring(async () => {
        limitFileSize(limit)
        try {
          return await upload(uploadForm(image, `noise-${unique()}.jpg`, alt))
        } finally {
          limitFileSize(null)
        }
      })
      expect(response.status).toBeGreaterThanOrEqual(400)
      // It did write: the original and at least one rendition, the largest cut off at the limit.
      expect(appeared.filter((name) => name.endsWith('.jpg'))).toHaveLength(1)
      expect(appeared.filter((name) => name.endsWith('.webp')).length).toBeGreaterThanOrEqual(2)
      expect(await listing()).toEqual(before)
      expect(await mediaWithAlt(alt)).toBe(0)
    },
  )

  it('renditions whose names the file system refuses: the original already written is removed', async () => {
    const alt = `Name too long ${unique()}`
    // 244 bytes is a valid file name; its renditions add "-480x360-<12 hex>.webp" and pass 255.
    const name = `${unique()}-${'x'.repeat(240)}`.slice(0, 240) + '.png'
    const before = await listing()
    const image = await plainPng()
    const { result: response, appeared } = await filesAppearingDuring(() =>
      upload(uploadForm(image, name, alt, 'image/png')),
    )
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(appeared).toContain(name)
    expect(await listing()).toEqual(before)
    expect(await mediaWithAlt(alt)).toBe(0)
  })

  it('the database refusing the row after every file was written: all of them are removed', async () => {
    const alt = `Refused by the database ${unique()}`
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    const undo = await refuseMediaRows(client)
    try {
      const before = await listing()
      const { result: response, appeared } = await filesAppearingDuring(async () =>
        upload(uploadForm(await plainPng(2000, 1500), `refused-${unique()}.png`, alt, 'image/png')),
      )
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(appeared).toHaveLength(4) // the original and its three renditions
      expect(await listing()).toEqual(before)
      expect(await mediaWithAlt(alt)).toBe(0)
    } finally {
      await undo()
      await client.end()
    }
  })

  it('a successful upload keeps all its files', async () => {
    const alt = `Stored ${unique()}`
    const response = await upload(uploadForm(await plainPng(2000, 1500), `stored-${unique()}.png`, alt, 'image/png'))
    expect(response.status).toBe(201)
    const { doc } = (await response.json()) as {
      doc: { filename: string; sizes: Record<string, { filename: string }> }
    }
    const files = [doc.filename, ...Object.values(doc.sizes).map((size) => size.filename)]
    expect(files).toHaveLength(4)
    for (const file of files) await expect(fs.access(path.join(mediaDir, file))).resolves.toBeUndefined()
  })
})

describe('uploads over a size limit: 413 naming the limit', () => {
  const messageOf = async (response: Response) =>
    ((await response.json()) as { errors: Array<{ message: string }> }).errors[0]!.message

  it('a file over MAX_UPLOAD_BYTES, over REST and through the Local API, before anything is written', async () => {
    vi.stubEnv('MAX_UPLOAD_BYTES', String(100 * 1024))
    const image = await noisyJpeg()
    expect(image.byteLength).toBeGreaterThan(100 * 1024)
    const before = await listing()
    const response = await upload(uploadForm(image, `large-${unique()}.jpg`, `Too large ${unique()}`))
    expect(response.status).toBe(413)
    expect(await messageOf(response)).toBe(
      'The file is larger than the 100 KB limit for uploads. Upload a smaller file.',
    )
    await expect(
      payload.create({
        collection: 'media',
        data: { alt: `Too large ${unique()}` },
        file: { data: image, mimetype: 'image/jpeg', name: `large-${unique()}.jpg`, size: image.byteLength },
        context: QUIET,
      }),
    ).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/larger than the 100 KB limit for uploads/) })
    expect(await listing()).toEqual(before)
  })

  it('a file over Payload’s own 20 MB limit (met while the body is parsed) gets the limit named too', async () => {
    vi.stubEnv('MAX_UPLOAD_BYTES', String(64 * 1024 * 1024))
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41)
    const response = await upload(uploadForm(huge, `huge-${unique()}.jpg`, `Huge ${unique()}`))
    expect(response.status).toBe(413)
    expect(await messageOf(response)).toBe(
      'The file is larger than the 20 MB limit for uploads. Upload a smaller file.',
    )
  })
})
