/**
 * Request body limits on the real production server (proxy.ts → lib/security/requestGuard.ts,
 * next.config.mjs's proxyClientMaxBodySize), with the default limits: 1 MB for JSON and 10 MB
 * for multipart bodies, JSON 64 levels deep. Bodies are sent with a Content-Length and, through
 * node:http, chunked without one. Before, a 9 MB anonymous login was read and answered, and a body
 * over Next.js's 10 MB cut-off reached Payload truncated ("could not be read", "not valid JSON").
 */
import http from 'node:http'

import { expect, test } from '@playwright/test'
import sharp from 'sharp'

import { E2E_ADMIN } from '../helpers/seedUsers'

const MB = 1024 * 1024
const JSON_LIMIT = 'The request body is larger than the 1 MB limit for JSON and other bodies that are not uploads.'
const UPLOAD_LIMIT = 'The request body is larger than the 10 MB limit for uploads and forms. Upload a smaller file.'

/** Sends `body` to `path` in 64 KB chunks with Transfer-Encoding: chunked (no Content-Length). */
function sendChunked(path: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; json: () => unknown }>((resolve, reject) => {
    const request = http.request(new URL(path, process.env.BASE_URL), { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode!, json: () => JSON.parse(text) })
      })
    })
    // The server may answer before the whole body is sent and stop reading: that is the point.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
    })
    void (async () => {
      for (let offset = 0; offset < body.length && !request.destroyed; offset += 64 * 1024) {
        if (!request.write(body.subarray(offset, offset + 64 * 1024))) {
          await new Promise((drained) => request.once('drain', drained))
        }
      }
      request.end()
    })()
  })
}

const messageOf = (json: unknown) => (json as { errors: Array<{ message: string }> }).errors[0]!.message

/** A multipart body with a `_payload` and a `file` of `data`, and its content type. */
function multipart(data: Buffer, alt: string) {
  const boundary = `----causeway${Date.now()}`
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n${JSON.stringify({ alt })}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

/** An incompressible PNG of about `bytes` bytes. */
const noisePng = (bytes: number) => {
  const side = Math.floor(Math.sqrt(bytes / 3))
  return sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 90 },
    },
  })
    .png({ compressionLevel: 0 })
    .toBuffer()
}

test.describe('request body limits', () => {
  test('an anonymous 9 MB login: 413 naming the 1 MB limit, with a Content-Length and chunked', async ({ request }) => {
    const body = Buffer.from(JSON.stringify({ email: 'someone@causeway.test', password: 'x'.repeat(9 * MB) }))
    const declared = await request.post('/api/users/login', {
      headers: { 'content-type': 'application/json' },
      data: body,
    })
    expect(declared.status()).toBe(413)
    expect(messageOf(await declared.json())).toBe(JSON_LIMIT)

    const chunked = await sendChunked('/api/users/login', body, { 'content-type': 'application/json' })
    expect(chunked.status).toBe(413)
    expect(messageOf(chunked.json())).toBe(JSON_LIMIT)
  })

  test('multipart bodies over 10 MB: 413 naming the limit, chunked past Next.js’s own 10 MB cut-off too', async ({
    request,
  }) => {
    const { body, type } = multipart(Buffer.alloc(10 * MB + 200 * 1024, 0x41), 'Too large')
    const declared = await request.post('/api/media', { headers: { 'content-type': type }, data: body })
    expect(declared.status()).toBe(413)
    expect(messageOf(await declared.json())).toBe(UPLOAD_LIMIT)

    const chunked = await sendChunked('/api/media', body, { 'content-type': type })
    expect(chunked.status).toBe(413)
    expect(messageOf(chunked.json())).toBe(UPLOAD_LIMIT)
  })

  test('JSON nested 10 000 levels deep: 400 naming the maximum depth, not a 500', async ({ request }) => {
    const deep = '{"a":'.repeat(9_999) + '{}' + '}'.repeat(9_999)
    const response = await request.post('/api/users/login', {
      headers: { 'content-type': 'application/json' },
      data: deep,
    })
    expect(response.status()).toBe(400)
    expect(messageOf(await response.json())).toMatch(/more than 64 levels deep, the maximum depth/)
  })

  test('bodies under the limits reach Payload whole: a 900 KB login, a 9 MB image sent chunked', async ({
    request,
  }) => {
    const padded = await request.post('/api/users/login', {
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify({ email: 'nobody@causeway.test', password: 'wrong', padding: 'x'.repeat(900 * 1024) }),
    })
    expect(padded.status()).toBe(401) // Payload read it: a wrong login, not a refused body

    const { token } = await (
      await request.post('/api/users/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
    ).json()
    const image = await noisePng(9 * MB)
    expect(image.byteLength).toBeGreaterThan(8.5 * MB)
    expect(image.byteLength).toBeLessThan(9.5 * MB)
    const { body, type } = multipart(image, 'Nine megabytes of noise')
    const stored = await sendChunked('/api/media', body, { 'content-type': type, authorization: `JWT ${token}` })
    expect(stored.status).toBe(201)
    expect((stored.json() as { doc: { filesize: number } }).doc.filesize).toBe(image.byteLength)
  })
})
