/**
 * Media in S3-compatible object storage (lib/media/storage.ts): with S3_BUCKET set, an upload's
 * original and renditions go to the bucket and nothing to the local disk; Payload serves them at
 * /api/media/file/<name> from the bucket (so any instance can serve what another uploaded);
 * replacing or deleting an image removes its objects; a failed upload leaves no object; an image
 * in use stays as it is; a crop or focal-point change reprocesses the original read back through
 * the site; and `npm start` says where uploads go and refuses a bucket it cannot use.
 *
 * The server is real: s3rver (tests/helpers/s3Server.ts), started by this file. Its variables are
 * set before payload.config.ts is first imported (only dynamic imports below), and SERVER_URL
 * points at a small HTTP server in this file that hands requests to Payload's REST handlers, as
 * Payload fetches its own file URLs when it reprocesses an image.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'

import type { Payload } from 'payload'
import pg from 'pg'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { freePort } from '@/tooling/db/testDatabases'
import { bin } from '@/tooling/next'
import { projectRoot } from '@/tooling/paths'

import type { PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET } from '../helpers/reviewFixtures'
import { S3Server } from '../helpers/s3Server'
import { refuseMediaRows } from '../helpers/refuseMediaRows'
import { productionEnv } from '../helpers/productionEnv'

let s3: S3Server
let site: http.Server
/** Paths the site (SERVER_URL) was asked for. */
const siteRequests: string[] = []
let ctx: PayloadIntContext
let payload: Payload
let rest: typeof import('../helpers/apiClient').rest
const tokens = {} as Record<'writer' | 'editor', string>
const mediaDir = process.env.MEDIA_DIR!
let counter = 0
const unique = () => `${Date.now().toString(36)}${++counter}`

/** Payload's REST handlers over HTTP on `port`: the site at SERVER_URL, as far as these tests need it. */
async function serveSite(port: number): Promise<http.Server> {
  const { handleEndpoints } = await import('payload')
  const { default: config } = await import('@payload-config')
  const server = http.createServer((incoming, outgoing) => {
    siteRequests.push(incoming.url!)
    void (async () => {
      const request = new Request(new URL(incoming.url!, `http://127.0.0.1:${port}`), {
        method: incoming.method,
        headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
          typeof value === 'string' ? [[name, value] as [string, string]] : [],
        ),
      })
      const response = await handleEndpoints({ config, request })
      outgoing.writeHead(response.status, Object.fromEntries(response.headers))
      outgoing.end(Buffer.from(await response.arrayBuffer()))
    })().catch((error: unknown) => {
      outgoing.writeHead(500)
      outgoing.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

beforeAll(async () => {
  s3 = await S3Server.start()
  const sitePort = await freePort()
  Object.assign(process.env, s3.env(), { SERVER_URL: `http://127.0.0.1:${sitePort}` })
  // The local media folder exists and must stay empty: nothing is read from or written to it.
  await fs.mkdir(mediaDir, { recursive: true })
  const { initPayloadInt } = await import('../helpers/initPayloadInt')
  ctx = await initPayloadInt()
  payload = ctx.payload
  ;({ rest } = await import('../helpers/apiClient'))
  site = await serveSite(sitePort)
  for (const role of ['writer', 'editor'] as const) {
    const email = `storage.${role}@causeway.test`
    const password = `storage-${role}-password`
    await payload.create({
      collection: 'users',
      data: { email, name: `Storage ${role}`, password, roles: [role] },
      context: QUIET,
    })
    tokens[role] = (await payload.login({ collection: 'users', data: { email, password } })).token!
  }
})

afterAll(async () => {
  await ctx?.cleanup()
  await new Promise((resolve) => site?.close(resolve))
  await s3?.stop()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

const png = (colour: string, width = 2000, height = 1500) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()

type MediaDoc = {
  id: number
  url: string
  filename: string
  focalX?: number
  sizes: Record<'thumbnail' | 'card' | 'hero', { filename: string; url: string }>
}

/** The original and each rendition's file name. */
const filesOf = (doc: MediaDoc) => [doc.filename, ...Object.values(doc.sizes).map((size) => size.filename)]

async function upload(label: string, colour = '#336699'): Promise<{ doc: MediaDoc; data: Buffer }> {
  const data = await png(colour)
  const doc = await payload.create({
    collection: 'media',
    data: { alt: `Image ${label}` },
    file: { data, mimetype: 'image/png', name: `${label}-${unique()}.png`, size: data.length },
    context: QUIET,
  })
  return { doc: doc as unknown as MediaDoc, data }
}

function uploadForm(data: Buffer, name: string, alt: string) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), name)
  form.append('_payload', JSON.stringify({ alt }))
  return form
}

const localFiles = () => fs.readdir(mediaDir)

async function mediaWithAlt(alt: string) {
  const { totalDocs } = await payload.find({ collection: 'media', where: { alt: { equals: alt } }, depth: 0 })
  return totalDocs
}

describe('uploads go to the bucket', () => {
  it('stores the original and its thumbnail, card and hero renditions as objects, and nothing on the local disk', async () => {
    const { doc, data } = await upload('stored')
    expect(Object.keys(doc.sizes).sort()).toEqual(['card', 'hero', 'thumbnail'])
    const keys = await s3.keys()
    for (const name of filesOf(doc)) expect(keys).toContain(name)
    const original = await s3.get(doc.filename)
    expect(original.body.equals(data)).toBe(true)
    expect(original.contentType).toBe('image/png')
    for (const size of Object.values(doc.sizes)) {
      const rendition = await s3.get(size.filename)
      expect(rendition.contentType).toBe('image/webp')
      expect((await sharp(rendition.body).metadata()).format).toBe('webp')
    }
    expect(await localFiles()).toEqual([])
  })

  it('keeps Payload’s own file URLs, so access control keeps applying and no bucket address reaches a reader', async () => {
    const { doc } = await upload('urls')
    expect(doc.url).toBe(`${process.env.SERVER_URL}/api/media/file/${encodeURIComponent(doc.filename)}`)
    for (const size of Object.values(doc.sizes)) expect(size.url).toMatch(/\/api\/media\/file\/[^/]+\.webp$/)
    expect(JSON.stringify(doc)).not.toContain(s3.endpoint)
  })
})

describe('Payload serves the files from the bucket', () => {
  it('answers /api/media/file/<name> for the original and each rendition with the bucket’s bytes', async () => {
    const { doc } = await upload('served')
    for (const name of filesOf(doc)) {
      const response = await rest(`/media/file/${encodeURIComponent(name)}`)
      expect(response.status, name).toBe(200)
      const body = Buffer.from(await response.arrayBuffer())
      expect(body.equals((await s3.get(name)).body), name).toBe(true)
      expect(response.headers.get('content-type')).toBe(name.endsWith('.webp') ? 'image/webp' : 'image/png')
    }
    expect(await localFiles()).toEqual([])
  })

  it('reads the bucket, never the local disk: a file there is ignored, and an object gone is a 404', async () => {
    const { doc } = await upload('bucket-only')
    // A different image under the same name in the local folder, as another storage would leave it.
    await fs.writeFile(path.join(mediaDir, doc.filename), await png('#ff0000', 10, 10))
    try {
      const served = Buffer.from(await (await rest(`/media/file/${encodeURIComponent(doc.filename)}`)).arrayBuffer())
      expect(served.equals((await s3.get(doc.filename)).body)).toBe(true)
      // Gone from the bucket (as if another instance had never written it): not served from disk.
      await s3.delete(doc.filename)
      expect((await rest(`/media/file/${encodeURIComponent(doc.filename)}`)).status).toBe(404)
    } finally {
      await fs.rm(path.join(mediaDir, doc.filename), { force: true })
    }
  })

  it('serves an object it never wrote itself, as for an upload another instance took', async () => {
    const { doc } = await upload('other-instance')
    // Another instance: the same row (shared database), the same bucket, nothing in this process.
    const replaced = await png('#00ff00', 30, 20)
    await s3.client.send(
      new (await import('@aws-sdk/client-s3')).PutObjectCommand({
        Bucket: s3.bucket,
        Key: doc.filename,
        Body: replaced,
        ContentType: 'image/png',
      }),
    )
    const served = await rest(`/media/file/${encodeURIComponent(doc.filename)}`)
    expect(Buffer.from(await served.arrayBuffer()).equals(replaced)).toBe(true)
  })
})

describe('replacing and deleting', () => {
  it('deleting an image removes its original and renditions from the bucket', async () => {
    const { doc } = await upload('deleted')
    for (const name of filesOf(doc)) expect(await s3.has(name)).toBe(true)
    const response = await rest(`/media/${doc.id}`, { method: 'DELETE', token: tokens.editor })
    expect(response.status).toBe(200)
    for (const name of filesOf(doc)) expect(await s3.has(name), name).toBe(false)
  })

  it('replacing the file of an image not in use puts the new objects and removes the old ones', async () => {
    const { doc } = await upload('replaced')
    const form = uploadForm(await png('#aa3300'), `replacement-${unique()}.png`, doc.filename)
    form.set('_payload', JSON.stringify({}))
    const response = await rest(`/media/${doc.id}`, { method: 'PATCH', token: tokens.writer, body: form })
    expect(response.status).toBe(200)
    const { doc: after } = (await response.json()) as { doc: MediaDoc }
    for (const name of filesOf(after)) expect(await s3.has(name), name).toBe(true)
    for (const name of filesOf(doc)) expect(await s3.has(name), name).toBe(false)
  })

  it('an image on a public profile is refused any change, and its objects stay byte for byte', async () => {
    const { doc } = await upload('in-use')
    await payload.create({
      collection: 'users',
      data: {
        email: `profile.${unique()}@causeway.test`,
        name: 'Dr Profile',
        password: 'profile-password',
        roles: ['writer'],
        publicProfile: true,
        photo: doc.id,
      },
      context: QUIET,
    })
    const before = await s3.keys()
    const bytes = await Promise.all(filesOf(doc).map(async (name) => (await s3.get(name)).body))
    const replace = await rest(`/media/${doc.id}`, {
      method: 'PATCH',
      token: tokens.writer,
      body: uploadForm(await png('#ff0000'), `swap-${unique()}.png`, 'Swapped'),
    })
    expect(replace.status).toBe(409)
    const remove = await rest(`/media/${doc.id}`, { method: 'DELETE', token: tokens.editor })
    expect(remove.status).toBe(409)
    expect(await s3.keys()).toEqual(before)
    const after = await Promise.all(filesOf(doc).map(async (name) => (await s3.get(name)).body))
    expect(after.every((body, i) => body.equals(bytes[i]!))).toBe(true)
  })

  it('a focal-point change reprocesses the original, fetched through the site from the bucket', async () => {
    const { doc } = await upload('refocused')
    siteRequests.length = 0
    const response = await rest(`/media/${doc.id}?uploadEdits[focalPoint][x]=10&uploadEdits[focalPoint][y]=20`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify({}),
    })
    const body = (await response.json()) as { doc: MediaDoc }
    expect(response.status, JSON.stringify(body)).toBe(200)
    expect(siteRequests).toContain(`/api/media/file/${encodeURIComponent(doc.filename)}`)
    const after = body.doc
    expect(after.focalX).toBe(10)
    expect(after.filename).toBe(doc.filename)
    // New renditions (new names) in the bucket, the old ones removed, the original kept.
    for (const name of filesOf(after)) expect(await s3.has(name), name).toBe(true)
    for (const size of Object.values(doc.sizes)) expect(await s3.has(size.filename), size.filename).toBe(false)
    expect(await localFiles()).toEqual([])
  })

  it('duplicating an image copies its original, fetched through the site, into objects of its own', async () => {
    const { doc } = await upload('duplicated')
    siteRequests.length = 0
    const copy = (await payload.duplicate({ collection: 'media', id: doc.id, context: QUIET })) as unknown as MediaDoc
    expect(siteRequests).toContain(`/api/media/file/${encodeURIComponent(doc.filename)}`)
    expect(copy.filename).not.toBe(doc.filename)
    for (const name of [...filesOf(doc), ...filesOf(copy)]) expect(await s3.has(name), name).toBe(true)
    expect((await s3.get(copy.filename)).body.equals((await s3.get(doc.filename)).body)).toBe(true)
    expect(await localFiles()).toEqual([])
  })
})

describe('a failed upload leaves no object behind', () => {
  it('the bucket refusing the renditions after taking the original: the original is removed again', async () => {
    const alt = `Renditions refused ${unique()}`
    const name = `refused-${unique()}.png`
    const before = await s3.keys()
    const warn = vi.spyOn(payload.logger, 'warn')
    const lift = s3.refuse(({ method, key }) => method === 'PUT' && key.endsWith('.webp'))
    try {
      const response = await rest('/media', {
        method: 'POST',
        token: tokens.writer,
        body: uploadForm(await png('#123456'), name, alt),
      })
      expect(response.status).toBeGreaterThanOrEqual(400)
    } finally {
      lift()
    }
    // It had written the original, and removed it.
    const removal = warn.mock.calls
      .map(([line]) => String(line))
      .find((line) => line.startsWith('A media write failed'))
    warn.mockRestore()
    expect(removal).toMatch(
      new RegExp(`removed the 1 file\\(s\\) it had written from bucket "${s3.bucket}".*: ${name}$`),
    )
    expect(await s3.keys()).toEqual(before)
    expect(await mediaWithAlt(alt)).toBe(0)
  })

  it('the database refusing the row: no object was ever written', async () => {
    const alt = `Refused by the database ${unique()}`
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    const undo = await refuseMediaRows(client)
    try {
      const before = await s3.keys()
      const response = await rest('/media', {
        method: 'POST',
        token: tokens.writer,
        body: uploadForm(await png('#654321'), `refused-row-${unique()}.png`, alt),
      })
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(await s3.keys()).toEqual(before)
      expect(await mediaWithAlt(alt)).toBe(0)
    } finally {
      await undo()
      await client.end()
    }
  })
})

/** Runs `npm start` (tsx scripts/start.ts) with `env` until it exits or has said `until`. */
function npmStart(env: Record<string, string>, until: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin('tsx'), [path.join(projectRoot, 'scripts', 'start.ts')], {
      cwd: projectRoot,
      env: productionEnv({
        // Nothing answers there: a run that gets past the media check stops at the database.
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unused',
        DATABASE_WAIT_SECONDS: '1',
        ...env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const take = (chunk: Buffer) => {
      output += chunk
      if (output.includes(until)) child.kill('SIGKILL')
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('npm start: where uploads go', () => {
  it('names the bucket and its endpoint (never the key), checks it answers, then goes on', async () => {
    const { output } = await npmStart(s3.env(), 'Waiting for PostgreSQL')
    expect(output).toContain(
      `Uploads go to bucket "${s3.bucket}" at ${s3.endpoint} (S3_BUCKET; MEDIA_DIR is not used); checking it answers`,
    )
    expect(output).toContain('Waiting for PostgreSQL')
    expect(output).not.toContain(s3.env().S3_SECRET_ACCESS_KEY!)
  })

  it('refuses a bucket that does not exist, a key the server refuses, or a server that does not answer', async () => {
    const missing = await npmStart({ ...s3.env(), S3_BUCKET: 'no-such-bucket' }, 'Waiting for PostgreSQL')
    expect(missing.code).toBe(1)
    expect(missing.output).toContain(
      `Uploads cannot be stored: bucket "no-such-bucket" at ${s3.endpoint} does not exist. Create it`,
    )
    expect(missing.output).not.toContain('Waiting for PostgreSQL')

    // s3rver checks the key id (not SigV4 signatures): a key it does not know.
    const wrongKey = await npmStart(
      { ...s3.env(), S3_ACCESS_KEY_ID: 'UNKNOWN', S3_SECRET_ACCESS_KEY: 'a-secret-never-shown' },
      'Waiting for PostgreSQL',
    )
    expect(wrongKey.code).toBe(1)
    expect(wrongKey.output).toContain('refused the key in S3_ACCESS_KEY_ID (HTTP 403)')
    expect(wrongKey.output).not.toContain('a-secret-never-shown')

    const down = await npmStart({ ...s3.env(), S3_ENDPOINT: `http://127.0.0.1:${await freePort()}` }, 'Waiting for')
    expect(down.code).toBe(1)
    expect(down.output).toMatch(
      /Uploads cannot be stored: http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/,
    )
  })

  it('refuses a half-made configuration before anything else, naming the missing variable', async () => {
    const { code, output } = await npmStart({ S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: 'S3RVER' }, 'Waiting for')
    expect(code).toBe(1)
    expect(output).toContain(`S3_BUCKET is set (uploads go to bucket "${s3.bucket}") but S3_SECRET_ACCESS_KEY is not.`)
    expect(output).not.toContain('Uploads go to')
  })
})
