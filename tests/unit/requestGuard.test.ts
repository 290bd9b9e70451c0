import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  bodyLimits,
  DEFAULT_MAX_JSON_BODY_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_UPLOAD_BYTES,
  formatBytes,
  MB,
  proxyClientMaxBodySize,
} from '@/lib/security/bodyLimits.mjs'
import { nestsDeeperThan, refuseMalformedBody } from '@/lib/security/requestGuard'
import { proxy } from '@/proxy'

const request = (body: BodyInit | null, type: string, method = 'PATCH', headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/articles/1', { method, body, headers: { 'content-type': type, ...headers } })

const messageOf = async (response: Response | null) =>
  ((await response!.json()) as { errors: Array<{ message: string }> }).errors[0]!.message

/** JSON nested `depth` levels: objects ({"a":{"a":…}}) or arrays ([[…]]). */
const nested = (depth: number, kind: 'object' | 'array' = 'object') =>
  kind === 'object' ? '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1) : '['.repeat(depth) + ']'.repeat(depth)

/** Where an endless body gives up: a guard that reads this far never stopped at its limit. */
const READ_TOO_FAR = 32 * MB

/**
 * A body that arrives in `chunkBytes`-byte chunks with no Content-Length (as a chunked upload
 * does), `totalBytes` in all (Infinity: never ends, but fails once READ_TOO_FAR was read);
 * `pulled()` says how many bytes were read.
 */
function streamed(totalBytes: number, chunkBytes = 64 * 1024, fill = 0x20) {
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= READ_TOO_FAR) return controller.error(new Error('The guard read 32 MB: it never stopped reading.'))
      if (sent >= totalBytes) return controller.close()
      const size = Math.min(chunkBytes, totalBytes - sent)
      sent += size
      controller.enqueue(new Uint8Array(size).fill(fill))
    },
  })
  return { body, pulled: () => sent }
}

/** A POST whose body is `body` (a stream, so no Content-Length unless given). */
const streamedRequest = (body: ReadableStream<Uint8Array>, type: string, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/users/login', {
    method: 'POST',
    body,
    headers: { 'content-type': type, ...headers },
    duplex: 'half',
  } as RequestInit)

/** A multipart form with a `_payload` and a file of `fileBytes` bytes. */
function form(payload: string, fileBytes = 16) {
  const data = new FormData()
  data.append('_payload', payload)
  data.append('file', new Blob([new Uint8Array(fileBytes)], { type: 'image/png' }), 'x.png')
  return data
}

describe('refuseMalformedBody', () => {
  it.each(['null', '"x"', '42', '[]', '{', '{"a":'])('refuses the JSON body %s with 400', async (body) => {
    const response = await refuseMalformedBody(request(body, 'application/json'))
    expect(response?.status).toBe(400)
    expect(await messageOf(response)).toMatch(/JSON/)
  })

  it('lets a JSON object through, and leaves the body readable for Payload', async () => {
    const incoming = request('{"summary":"x"}', 'application/json')
    expect(await refuseMalformedBody(incoming)).toBeNull()
    expect(await incoming.json()).toEqual({ summary: 'x' })
  })

  it('refuses a multipart body that cannot be parsed', async () => {
    const response = await refuseMalformedBody(
      request(
        '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nbroken',
        'multipart/form-data; boundary=xyz',
        'POST',
      ),
    )
    expect(response?.status).toBe(400)
  })

  it('lets a well-formed multipart body and every GET through', async () => {
    const form = new FormData()
    form.append('_payload', '{"alt":"x"}')
    expect(
      await refuseMalformedBody(new Request('http://localhost/api/media', { method: 'POST', body: form })),
    ).toBeNull()
    expect(await refuseMalformedBody(new Request('http://localhost/api/articles'))).toBeNull()
  })

  it('keeps a multipart boundary’s upper-case letters (the boundary is case-sensitive)', async () => {
    const body = '--AbC\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"alt":"x"}\r\n--AbC--\r\n'
    expect(await refuseMalformedBody(request(body, 'multipart/form-data; boundary=AbC', 'POST'))).toBeNull()
  })

  it('refuses a multipart form whose _payload is not a JSON object (Payload parses it unguarded: a 500)', async () => {
    for (const payload of ['{', 'null', '[1]']) {
      const response = await refuseMalformedBody(
        new Request('http://localhost/api/media', { method: 'POST', body: form(payload) }),
      )
      expect(response?.status).toBe(400)
      expect(await messageOf(response)).toMatch(/_payload field (is not valid JSON|must be a JSON object)/)
    }
  })
})

describe('JSON nesting depth', () => {
  it.each(['object', 'array'] as const)(
    'refuses JSON %ss nested 10 000 deep with a 400 naming the maximum depth (was a 500: stack overflow)',
    async (kind) => {
      const response = await refuseMalformedBody(request(nested(10_000, kind), 'application/json', 'POST'))
      expect(response?.status).toBe(400)
      expect(await messageOf(response)).toBe(
        `The request body nests JSON objects and arrays more than ${DEFAULT_MAX_JSON_DEPTH} levels deep, the maximum depth. Send flatter data.`,
      )
    },
  )

  it('lets exactly the maximum depth through and refuses one level more', async () => {
    expect(DEFAULT_MAX_JSON_DEPTH).toBe(64)
    expect(await refuseMalformedBody(request(nested(64), 'application/json'))).toBeNull()
    expect((await refuseMalformedBody(request(nested(65), 'application/json')))?.status).toBe(400)
  })

  it('refuses a multipart form whose _payload nests too deeply', async () => {
    const response = await refuseMalformedBody(
      new Request('http://localhost/api/media', { method: 'POST', body: form(nested(10_000)) }),
    )
    expect(response?.status).toBe(400)
    expect(await messageOf(response)).toMatch(
      /_payload field nests JSON .* more than 64 levels deep, the maximum depth/,
    )
  })

  it('follows MAX_JSON_DEPTH', async () => {
    const limits = bodyLimits({ MAX_JSON_DEPTH: '3' })
    expect(await refuseMalformedBody(request(nested(3), 'application/json'), limits)).toBeNull()
    const response = await refuseMalformedBody(request(nested(4), 'application/json'), limits)
    expect(await messageOf(response)).toMatch(/more than 3 levels deep, the maximum depth/)
  })

  it('counts no brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(`{"a":"${'['.repeat(1000)}"}`, 2)).toBe(false)
    expect(nestsDeeperThan(`{"a":"\\"${'{'.repeat(1000)}"}`, 2)).toBe(false)
    expect(nestsDeeperThan(`{"a":"\\\\",${'['.repeat(3)}`, 3)).toBe(true)
    expect(nestsDeeperThan('[[[]],[[]]]', 3)).toBe(false)
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true)
  })
})

describe('body size limits', () => {
  const limits = bodyLimits({})

  it('defaults to 1 MB for JSON (and any body that is not multipart) and 10 MB for multipart', () => {
    expect(limits).toEqual({ jsonBodyBytes: 1 * MB, uploadBytes: 10 * MB, jsonDepth: 64 })
    expect([DEFAULT_MAX_JSON_BODY_BYTES, DEFAULT_MAX_UPLOAD_BYTES]).toEqual([MB, 10 * MB])
  })

  it('refuses a Content-Length over the limit with 413 naming it, without reading the body', async () => {
    // An anonymous login with a 9 MB body used to be read and answered.
    const body = streamed(Infinity)
    const response = await refuseMalformedBody(
      streamedRequest(body.body, 'application/json', { 'content-length': String(9 * MB) }),
      limits,
    )
    expect(response?.status).toBe(413)
    expect(await messageOf(response)).toBe(
      'The request body is larger than the 1 MB limit for JSON and other bodies that are not uploads.',
    )
    expect(body.pulled()).toBeLessThanOrEqual(2 * 64 * 1024) // what the stream buffers ahead, no more
  })

  it('counts a body without Content-Length as it arrives and stops reading once it passes the limit', async () => {
    const body = streamed(Infinity) // never ends: only a guard that stops reading returns at all
    const response = await refuseMalformedBody(streamedRequest(body.body, 'application/json'), limits)
    expect(response?.status).toBe(413)
    expect(await messageOf(response)).toMatch(/larger than the 1 MB limit/)
    expect(body.pulled()).toBeLessThan(MB + 4 * 64 * 1024)
  })

  it('refuses multipart bodies over MAX_UPLOAD_BYTES, with and without Content-Length', async () => {
    const declared = await refuseMalformedBody(
      streamedRequest(streamed(Infinity).body, 'multipart/form-data; boundary=x', {
        'content-length': String(10 * MB + 1),
      }),
      limits,
    )
    expect(declared?.status).toBe(413)
    expect(await messageOf(declared)).toBe(
      'The request body is larger than the 10 MB limit for uploads and forms. Upload a smaller file.',
    )
    const chunked = await refuseMalformedBody(
      streamedRequest(streamed(10 * MB + 1).body, 'multipart/form-data; boundary=x'),
      limits,
    )
    expect(chunked?.status).toBe(413)
    expect(await messageOf(chunked)).toMatch(/larger than the 10 MB limit for uploads/)
  })

  it('lets bodies of exactly the limit through, and refuses one byte more', async () => {
    const small = bodyLimits({ MAX_JSON_BODY_BYTES: '1000', MAX_UPLOAD_BYTES: '4096' })
    const json = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`
    expect(json(1000)).toHaveLength(1000)
    for (const withLength of [true, false]) {
      const send = (text: string) => {
        const bytes = new TextEncoder().encode(text)
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes)
            controller.close()
          },
        })
        return streamedRequest(body, 'application/json', withLength ? { 'content-length': String(bytes.length) } : {})
      }
      expect(await refuseMalformedBody(send(json(1000)), small)).toBeNull()
      const over = await refuseMalformedBody(send(json(1001)), small)
      expect(over?.status).toBe(413)
      expect(await messageOf(over)).toMatch(/larger than the 1000 bytes limit/)
    }
    // A multipart body just under its own (larger) limit passes, though it is over the JSON one.
    const upload = new Request('http://localhost/api/media', { method: 'POST', body: form('{"alt":"x"}', 3000) })
    expect(await refuseMalformedBody(upload.clone(), small)).toBeNull()
    const bigger = new Request('http://localhost/api/media', { method: 'POST', body: form('{"alt":"x"}', 4096) })
    expect((await refuseMalformedBody(bigger, small))?.status).toBe(413)
  })

  it('applies the JSON limit to bodies of any other type', async () => {
    const response = await refuseMalformedBody(
      request('a=' + 'x'.repeat(MB), 'application/x-www-form-urlencoded', 'POST'),
      limits,
    )
    expect(response?.status).toBe(413)
  })
})

describe('bodyLimits (the environment)', () => {
  it('reads MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES and MAX_JSON_DEPTH', () => {
    expect(
      bodyLimits({ MAX_JSON_BODY_BYTES: '2097152', MAX_UPLOAD_BYTES: ' 5242880 ', MAX_JSON_DEPTH: '100' }),
    ).toEqual({ jsonBodyBytes: 2 * MB, uploadBytes: 5 * MB, jsonDepth: 100 })
    expect(bodyLimits({ MAX_UPLOAD_BYTES: '' })).toEqual(bodyLimits({}))
  })

  it.each([
    ['MAX_UPLOAD_BYTES', '10MB'],
    ['MAX_JSON_BODY_BYTES', '0'],
    ['MAX_JSON_BODY_BYTES', '-1'],
    ['MAX_JSON_DEPTH', '1.5'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => bodyLimits({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`))
  })

  it('has Next.js hand the proxy more than either limit, so a body over one is seen over it', () => {
    const custom = bodyLimits({ MAX_UPLOAD_BYTES: String(50 * MB) })
    expect(proxyClientMaxBodySize(custom)).toBeGreaterThanOrEqual(50 * MB + 64 * 1024)
    expect(proxyClientMaxBodySize(bodyLimits({}))).toBeGreaterThan(10 * MB + 64 * 1024)
  })

  it('names limits as people read them', () => {
    expect([10 * MB, MB, 1.5 * MB, 512 * 1024, 900].map(formatBytes)).toEqual([
      '10 MB',
      '1 MB',
      '1.5 MB',
      '512 KB',
      '900 bytes',
    ])
    expect(formatBytes(MB + 1)).toBe('1 MB (1048577 bytes)')
  })
})

describe('proxy.ts', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('answers an over-limit body with the guard’s 413 and lets others through, following the environment', async () => {
    const login = (bytes: number) =>
      new Request('http://localhost/api/users/login', {
        method: 'POST',
        body: JSON.stringify({ email: 'x@y.z', password: 'p'.repeat(bytes) }),
        headers: { 'content-type': 'application/json' },
      })
    expect((await proxy(login(2 * MB))).status).toBe(413)
    const through = await proxy(login(1000))
    expect(through.headers.get('x-middleware-next')).toBe('1')
    vi.stubEnv('MAX_JSON_BODY_BYTES', '500')
    const refused = await proxy(login(1000))
    expect(refused.status).toBe(413)
    expect(await messageOf(refused)).toMatch(/larger than the 500 bytes limit/)
  })
})
