/**
 * The reference checker (lib/references/checkReference.ts) against a local HTTP server on
 * 127.0.0.1: each verdict, the GET fallback, redirects and their loops, DOIs through a resolver
 * pointed at the same server, and what is refused without a request. Nothing here reaches the
 * internet: fetch is wrapped to fail the test on any other host.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import {
  checkReference,
  type CheckReferenceOptions,
  isPublicAddress,
  referenceCheckUserAgent,
  referenceTarget,
  sameAddress,
} from '@/lib/references/checkReference'
import { onePerHost } from '@/lib/references/referenceHealth'

/** Every request the server got: "METHOD /path". */
const requests: string[] = []
const userAgents: string[] = []
let server: http.Server
let base: string
/** Bytes of the big body the server managed to write before the client went away. */
let bigBodySent = 0
/** Whether the client closed the big body's connection (it cancelled the body). */
let bigBodyClosed = false
const BIG_BODY = 200 * 1024 * 1024

function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', base)
  const path = url.pathname
  requests.push(`${req.method} ${path}`)
  userAgents.push(String(req.headers['user-agent']))
  const redirect = (status: number, location: string) => res.writeHead(status, { location }).end()
  if (path === '/ok') return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>A source.</p>')
  if (path === '/old') return redirect(301, '/new')
  if (path === '/new') return res.writeHead(200).end('moved here')
  if (path === '/temporary') return redirect(302, `${base}/new`)
  if (path === '/missing') return res.writeHead(404).end('not found')
  if (path === '/gone') return res.writeHead(410).end()
  if (path === '/forbidden') return res.writeHead(403).end()
  if (path === '/down') return res.writeHead(503).end()
  if (path === '/busy') return res.writeHead(429).end()
  if (path === '/slow') return // never answers
  if (path === '/no-head') {
    if (req.method === 'HEAD') return res.writeHead(405, { allow: 'GET' }).end()
    return res.writeHead(200).end('only GET')
  }
  if (path === '/big') {
    if (req.method === 'HEAD') return res.writeHead(501).end()
    // A large file, streamed for as long as the client reads it.
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(BIG_BODY) })
    const chunk = Buffer.alloc(64 * 1024, 1)
    const write = () => {
      while (bigBodySent < BIG_BODY) {
        bigBodySent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', write)
      }
      res.end()
    }
    res.on('close', () => {
      bigBodyClosed = true
      res.removeAllListeners('drain')
    })
    return write()
  }
  if (path === '/loop-a') return redirect(302, '/loop-b')
  if (path === '/loop-b') return redirect(302, '/loop-a')
  if (path.startsWith('/chain/')) return redirect(302, `/chain/${Number(path.slice(7)) + 1}`)
  if (path === '/dir') return redirect(301, '/dir/')
  if (path === '/dir/') return res.writeHead(200).end()
  if (path === '/cookie') {
    // Sets a cookie and sends the visitor back to itself: only a client that sends it back gets in.
    if (String(req.headers.cookie ?? '').includes('consent=yes')) return res.writeHead(200).end()
    return res.writeHead(302, { location: '/cookie', 'set-cookie': 'consent=yes; Path=/; HttpOnly' }).end()
  }
  if (path === '/to-metadata') return redirect(302, 'http://169.254.169.254/latest/meta-data/')
  if (path === '/to-ftp') return redirect(301, 'ftp://files.example.org/paper.pdf')
  // The DOI resolver: known DOIs go to their publisher, others are 404.
  if (path === '/resolver/10.1234/known') return redirect(302, `${base}/publisher/article/known`)
  if (path === '/resolver/10.1234/blocked') return redirect(302, `${base}/publisher/article/blocked`)
  if (path.startsWith('/resolver/')) return res.writeHead(404).end('DOI not found')
  if (path === '/publisher/article/known') return redirect(301, '/publisher/article/known/full')
  if (path === '/publisher/article/known/full') return res.writeHead(200).end()
  if (path === '/publisher/article/blocked') return res.writeHead(403).end()
  res.writeHead(500).end()
}

const realFetch = globalThis.fetch
/** Requests to anywhere but this server (the checker reports a failed fetch as a result: this catches it). */
const strays: string[] = []

beforeAll(async () => {
  server = http.createServer(answer)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Belt and braces: a request anywhere but this server is refused and fails the test.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.host !== new URL(base).host) {
      strays.push(url.href)
      throw new Error(`The test tried to reach ${url.href}.`)
    }
    return realFetch(input, init)
  })
})

afterEach(() => {
  expect(strays.splice(0)).toEqual([])
  requests.length = 0
  userAgents.length = 0
})

afterAll(async () => {
  vi.restoreAllMocks()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** The options the tests check with: this server allowed, a short timeout, our resolver. */
const local = (extra: CheckReferenceOptions = {}): CheckReferenceOptions => ({
  allowPrivateAddresses: ['127.0.0.1'],
  timeoutMs: 2_000,
  doiResolver: `${base}/resolver/`,
  ...extra,
})

describe('web addresses', () => {
  it('a page that answers 200 works, with one HEAD request and our User-Agent', async () => {
    const userAgent = referenceCheckUserAgent('https://causeway.example')
    expect(await checkReference(`${base}/ok`, local({ userAgent }))).toEqual({
      checkedUrl: `${base}/ok`,
      result: 'ok',
      httpStatus: 200,
      finalUrl: null,
      error: null,
    })
    expect(requests).toEqual(['HEAD /ok'])
    expect(userAgents).toEqual(['CausewayReferenceCheck/1.0 (+https://causeway.example)'])
  })

  it('a permanent redirect to another page is moved, with where it ends and the redirect status', async () => {
    const check = await checkReference(`${base}/old`, local())
    expect(check).toMatchObject({ result: 'moved', httpStatus: 301, finalUrl: `${base}/new` })
    expect(check.error).toMatch(/Moved permanently \(301\)/)
    expect(requests).toEqual(['HEAD /old', 'HEAD /new'])
    expect(await checkReference(`${base}/temporary`, local())).toMatchObject({
      result: 'moved',
      httpStatus: 302,
      finalUrl: `${base}/new`,
    })
  })

  it('a redirect that only adds a trailing slash is the same page: ok', async () => {
    expect(await checkReference(`${base}/dir`, local())).toMatchObject({ result: 'ok', finalUrl: `${base}/dir/` })
  })

  it('404 and 410 are broken, and so is a 403 (with a hint that it may be refusing robots)', async () => {
    expect(await checkReference(`${base}/missing`, local())).toMatchObject({
      result: 'broken',
      httpStatus: 404,
      error: 'Not found (404).',
    })
    expect(await checkReference(`${base}/gone`, local())).toMatchObject({ result: 'broken', httpStatus: 410 })
    const forbidden = await checkReference(`${base}/forbidden`, local())
    expect(forbidden).toMatchObject({ result: 'broken', httpStatus: 403 })
    expect(forbidden.error).toMatch(/open it in a browser/)
  })

  it('5xx and 429 are unreachable, not broken: they may work tomorrow', async () => {
    expect(await checkReference(`${base}/down`, local())).toMatchObject({ result: 'unreachable', httpStatus: 503 })
    expect(await checkReference(`${base}/busy`, local())).toMatchObject({ result: 'unreachable', httpStatus: 429 })
    // A 429 is not asked again with GET at once.
    expect(requests.filter((line) => line.endsWith('/busy'))).toEqual(['HEAD /busy'])
  })

  it('a server that never answers is unreachable after the timeout', async () => {
    const started = Date.now()
    const check = await checkReference(`${base}/slow`, local({ timeoutMs: 300 }))
    expect(check).toMatchObject({ result: 'unreachable', httpStatus: null })
    expect(check.error).toMatch(/within 300 ms/)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('a refused connection is unreachable', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    vi.mocked(globalThis.fetch).mockImplementationOnce((input, init) => realFetch(input, init))
    const check = await checkReference(`http://127.0.0.1:${port}/`, local())
    expect(check).toMatchObject({ result: 'unreachable', httpStatus: null })
    expect(check.error).toMatch(/refused the connection/)
  })

  it('HEAD refused (405): asked again with GET, which decides', async () => {
    expect(await checkReference(`${base}/no-head`, local())).toMatchObject({ result: 'ok', httpStatus: 200 })
    expect(requests).toEqual(['HEAD /no-head', 'GET /no-head'])
  })

  it('a GET never downloads the body', async () => {
    const started = Date.now()
    expect(await checkReference(`${base}/big`, local())).toMatchObject({ result: 'ok', httpStatus: 200 })
    expect(requests).toEqual(['HEAD /big', 'GET /big'])
    expect(Date.now() - started).toBeLessThan(2_000)
    // The client cancels the body at once: the connection closes, far less than the file was sent.
    await vi.waitFor(() => expect(bigBodyClosed).toBe(true), { timeout: 1_000 })
    expect(bigBodySent).toBeLessThan(BIG_BODY / 4)
  })

  it('a redirect loop is unreachable, found without going round again', async () => {
    const check = await checkReference(`${base}/loop-a`, local())
    expect(check).toMatchObject({ result: 'unreachable', httpStatus: 302 })
    expect(check.error).toMatch(/Redirect loop/)
    expect(requests).toEqual(['HEAD /loop-a', 'HEAD /loop-b'])
  })

  it('more than five redirects is unreachable', async () => {
    const check = await checkReference(`${base}/chain/0`, local())
    expect(check).toMatchObject({ result: 'unreachable', finalUrl: `${base}/chain/6` })
    expect(check.error).toMatch(/More than 5 redirects/)
    expect(requests).toHaveLength(6)
  })

  it('a site that redirects to itself to set a cookie works once the cookie is sent back', async () => {
    expect(await checkReference(`${base}/cookie`, local())).toMatchObject({ result: 'ok', httpStatus: 200 })
    expect(requests).toEqual(['HEAD /cookie', 'HEAD /cookie'])
  })
})

describe('DOIs', () => {
  it('goes through the resolver; its redirect to the publisher is how DOIs work: ok, not moved', async () => {
    for (const written of ['10.1234/known', 'doi:10.1234/known', 'https://doi.org/10.1234/known']) {
      requests.length = 0
      expect(await checkReference(written, local())).toEqual({
        checkedUrl: `${base}/resolver/10.1234/known`,
        result: 'ok',
        httpStatus: 200,
        finalUrl: `${base}/publisher/article/known/full`,
        error: null,
      })
      expect(requests).toEqual([
        'HEAD /resolver/10.1234/known',
        'HEAD /publisher/article/known',
        'HEAD /publisher/article/known/full',
      ])
    }
  })

  it('a DOI the resolver does not know (404) is broken', async () => {
    const check = await checkReference('10.1234/unknown', local())
    expect(check).toMatchObject({ result: 'broken', httpStatus: 404, checkedUrl: `${base}/resolver/10.1234/unknown` })
    expect(check.error).toMatch(/not registered/)
  })

  it('a registered DOI whose publisher refuses the checker stays ok, and says what the publisher answered', async () => {
    const check = await checkReference('10.1234/blocked', local())
    expect(check).toMatchObject({ result: 'ok', httpStatus: 403, finalUrl: `${base}/publisher/article/blocked` })
    expect(check.error).toMatch(/publisher's page answered 403/)
  })

  it('the resolver defaults to https://doi.org/, as the reader link does', () => {
    expect(referenceTarget('doi: 10.1000/xyz123')).toEqual({
      kind: 'doi',
      doi: '10.1000/xyz123',
      url: 'https://doi.org/10.1000/xyz123',
    })
    expect(referenceTarget('https://dx.doi.org/10.1000/a%2Fb', 'https://resolver.example/r')).toEqual({
      kind: 'doi',
      doi: '10.1000/a/b',
      url: 'https://resolver.example/r/10.1000/a/b',
    })
  })
})

describe('what is never requested', () => {
  it('a reference that is not http(s) is refused without a request', async () => {
    for (const reference of ['ftp://files.example.org/paper.pdf', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const check = await checkReference(reference, local())
      expect(check).toMatchObject({ checkedUrl: null, result: 'broken', httpStatus: null })
      expect(check.error).toMatch(/Only http and https/)
    }
    expect(await checkReference('not a reference', local())).toMatchObject({ result: 'broken', checkedUrl: null })
    expect(requests).toEqual([])
  })

  it('by default a private address (here 127.0.0.1) is refused without a request', async () => {
    const check = await checkReference(`${base}/ok`, { timeoutMs: 2_000 })
    expect(check).toMatchObject({ result: 'broken', httpStatus: null, finalUrl: null })
    expect(check.error).toMatch(/not a public address \(127\.0\.0\.1\)/)
    expect(requests).toEqual([])
  })

  it('a host name that resolves to a private address is refused too', async () => {
    const lookup = vi.fn(async () => ['93.184.215.14', '10.1.2.3'])
    const check = await checkReference('http://intranet.example.org/admin', { lookup })
    expect(lookup).toHaveBeenCalledWith('intranet.example.org')
    expect(check).toMatchObject({ result: 'broken' })
    expect(check.error).toMatch(/not a public address \(10\.1\.2\.3\)/)
  })

  it('connects to the addresses it checked, never to a second DNS answer (no rebinding)', async () => {
    // `rebound.invalid` never resolves through DNS: the request reaches this server only if the
    // connection uses the checked address. A second lookup by fetch would fail (ENOTFOUND).
    const lookup = vi.fn(async () => ['127.0.0.1'])
    const check = await checkReference(`${base.replace('127.0.0.1', 'rebound.invalid')}/ok`, local({ lookup }))
    expect(check).toMatchObject({ result: 'ok', httpStatus: 200 })
    expect(lookup).toHaveBeenCalledTimes(1)
    expect(requests).toEqual(['HEAD /ok'])
  })

  it('a redirect to a private address (cloud metadata) or to another scheme is not followed', async () => {
    const metadata = await checkReference(`${base}/to-metadata`, local())
    expect(metadata).toMatchObject({
      result: 'broken',
      httpStatus: 302,
      finalUrl: 'http://169.254.169.254/latest/meta-data/',
    })
    expect(metadata.error).toMatch(/not a public address/)
    const ftp = await checkReference(`${base}/to-ftp`, local())
    expect(ftp).toMatchObject({ result: 'broken', httpStatus: 301 })
    expect(ftp.error).toMatch(/ftp: address/)
    expect(requests).toEqual(['HEAD /to-metadata', 'HEAD /to-ftp'])
  })

  it('knows which addresses are public, IPv4 inside IPv6 included', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])
      expect(isPublicAddress(address), address).toBe(true)
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:c0a8:0101::1',
      'not-an-address',
    ])
      expect(isPublicAddress(address), address).toBe(false)
  })
})

describe('helpers', () => {
  it('sameAddress ignores only what canonicalising redirects change', () => {
    expect(sameAddress('http://example.org/a', 'https://www.example.org/a/')).toBe(true)
    expect(sameAddress('https://example.org/a#part', 'https://example.org/a')).toBe(true)
    expect(sameAddress('https://example.org/a', 'https://example.org/b')).toBe(false)
    expect(sameAddress('https://example.org/a?id=1', 'https://example.org/a?id=2')).toBe(false)
    expect(sameAddress('https://example.org/a', 'https://example.net/a')).toBe(false)
  })

  it('onePerHost lets one request per host run at a time, other hosts alongside', async () => {
    const throttle = onePerHost()
    const running = new Map<string, number>()
    let most = 0
    let together = 0
    const job = (host: string) =>
      throttle(host, async () => {
        running.set(host, (running.get(host) ?? 0) + 1)
        most = Math.max(most, running.get(host)!)
        together = Math.max(
          together,
          [...running.values()].reduce((a, b) => a + b, 0),
        )
        await new Promise((resolve) => setTimeout(resolve, 20))
        running.set(host, running.get(host)! - 1)
        return host
      })
    expect(await Promise.all(['a', 'a', 'a', 'b', 'b'].map(job))).toEqual(['a', 'a', 'a', 'b', 'b'])
    expect(most).toBe(1)
    expect(together).toBe(2)
    // A failed request does not hold up the next one.
    await expect(throttle('c', async () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(await job('c')).toBe('c')
  })
})
