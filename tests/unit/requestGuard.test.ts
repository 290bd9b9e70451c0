import { describe, expect, it } from 'vitest'

import { refuseMalformedBody } from '@/lib/security/requestGuard'

const request = (body: BodyInit | null, type: string, method = 'PATCH') =>
  new Request('http://localhost/api/articles/1', { method, body, headers: { 'content-type': type } })

describe('refuseMalformedBody', () => {
  it.each(['null', '"x"', '42', '[]', '{', '{"a":'])('refuses the JSON body %s with 400', async (body) => {
    const response = await refuseMalformedBody(request(body, 'application/json'))
    expect(response?.status).toBe(400)
    expect(((await response!.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/JSON/)
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
})
