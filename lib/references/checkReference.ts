/**
 * Whether one reference ("URL or DOI", fields/references.ts) still leads where it should. Pure: no
 * database, only the requests it makes, so the reference-health job (./referenceHealth.ts) and the
 * unit tests use it alike.
 *
 * What is requested: an http(s) URL as written; a DOI (`10.1000/xyz`, `doi:10.1000/xyz`,
 * `https://doi.org/10.1000/xyz`) through its resolver, `${doiResolver}${doi}`, as the reader's link
 * does (lib/safeUrl.ts `referenceHref`). Nothing else is ever requested.
 *
 * How: `HEAD` first, then `GET` when the server answers `HEAD` with an error (405, 501, and the 403s
 * and 404s of servers that mishandle it); redirects followed by hand (`redirect: 'manual'`), at most
 * `maxRedirects`, with loops detected; a timeout on every request; a body is never read (cancelled
 * at once). Cookies a redirect sets are sent back to the same host, as a browser would: some sites
 * redirect to themselves once to set one, which would otherwise look like a loop.
 *
 * The verdict:
 * - `ok`: a 2xx answer (or 300 Multiple Choices, a page of its own), not redirected elsewhere. A
 *   redirect that only changes http to https, adds or drops `www.` or a trailing slash, is the same
 *   address. For a DOI, the resolver's redirect to the publisher is how DOIs work: a DOI the
 *   resolver redirects is `ok`, whatever the publisher's site answers then (many refuse automated
 *   requests); where it ended and, when it failed, what the publisher answered are recorded.
 * - `moved`: a 2xx answer after redirects to another address. `httpStatus` is the first redirect's
 *   (301 or 308: moved for good; 302, 303 or 307: for now), `finalUrl` where it ended.
 * - `broken`: a 4xx answer (404, 410, and 401 or 403: the reader may be refused too); for a DOI,
 *   the resolver answering 4xx (not registered). Also a reference or redirect that is not a web
 *   address, or that leads to an address that is not public (below): readers cannot follow it.
 * - `unreachable`: the check could not tell: 5xx, 408, 425 or 429 (try later), a timeout, a host
 *   name that does not resolve, a refused or reset connection, a TLS failure, a redirect loop or
 *   too many redirects.
 *
 * Addresses that are not public. References are typed by staff and the check runs on the server,
 * inside its network: left open, a reference (or a redirect from a public site) to
 * `http://169.254.169.254/…`, `http://10.0.0.5:8080/admin` or `http://localhost:5432/` would make
 * the server probe its own network and show staff the status codes (SSRF). So by default only
 * public addresses are requested: the host name is resolved first, at every hop, and a host with
 * any loopback, private, link-local, CGNAT, multicast or reserved address (IPv4, IPv6, and IPv4
 * inside IPv6) is refused without a request and reported `broken` (readers cannot reach it either).
 * `allowPrivateAddresses` lists exact addresses to allow all the same: the tests serve their pages
 * on 127.0.0.1 (REFERENCE_CHECK_ALLOW_ADDRESSES for the job). The connection goes to the very
 * addresses that were checked (undici's `connect.lookup` answers with them): a host name whose DNS
 * answer changes between the check and the connection (DNS rebinding) cannot slip a private address
 * in. Only a reference that went through review and publication is checked at all, and no response
 * body is ever read.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

import { Agent, fetch } from 'undici'

export type ReferenceResult = 'ok' | 'moved' | 'broken' | 'unreachable'

export interface ReferenceCheckResult {
  /** What was requested first: the URL, or the DOI's resolver URL; null when nothing was requested. */
  checkedUrl: string | null
  result: ReferenceResult
  /** The answer that decided (for `moved`, the first redirect's). Null without an answer. */
  httpStatus: number | null
  /** Where the redirects ended, when there were any. */
  finalUrl: string | null
  /** What went wrong, in a sentence for staff; for `moved`, what kind of redirect. */
  error: string | null
}

export interface CheckReferenceOptions {
  /** Where DOIs are resolved: `${doiResolver}${doi}`. Default https://doi.org/. */
  doiResolver?: string
  /** Per request (and per host-name lookup), in milliseconds. Default 10 000. */
  timeoutMs?: number
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number
  /** Sent with every request. Default `CausewayReferenceCheck/1.0`. */
  userAgent?: string
  /**
   * Addresses that may be requested although they are not public, exactly as a lookup returns
   * them (e.g. `127.0.0.1`). Default none: only public addresses are requested.
   */
  allowPrivateAddresses?: readonly string[]
  /** Resolves a host name to its addresses. Default: the system's resolver (`dns.lookup`). */
  lookup?: (hostname: string) => Promise<string[]>
  /** Runs one request to `host`; the job passes one that allows one request per host at a time. */
  throttle?: <T>(host: string, request: () => Promise<T>) => Promise<T>
}

export const DEFAULT_DOI_RESOLVER = 'https://doi.org/'
export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_REDIRECTS = 5
export const USER_AGENT = 'CausewayReferenceCheck/1.0'

/** The User-Agent that tells a site's owner who is asking and where to find us. */
export function referenceCheckUserAgent(serverUrl?: string | null): string {
  return serverUrl ? `${USER_AGENT} (+${serverUrl})` : USER_AGENT
}

const WEB = new Set(['http:', 'https:'])
/** The same pattern as lib/safeUrl.ts: a DOI, with or without `doi:`. */
const DOI = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org'])

/** A DOI resolver URL: http(s), ending in a slash so that `${resolver}${doi}` is a path. */
export function normalizeDoiResolver(value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new Error(`The DOI resolver "${value}" is not a URL (e.g. https://doi.org/).`)
  }
  if (!WEB.has(url.protocol)) throw new Error(`The DOI resolver "${value}" must be an http(s) URL.`)
  url.search = ''
  url.hash = ''
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}

export type ReferenceTarget =
  { kind: 'doi'; doi: string; url: string } | { kind: 'url'; url: string } | { kind: 'refused'; error: string }

/** What checking `reference` requests first, or why nothing is requested. */
export function referenceTarget(reference: string, doiResolver = DEFAULT_DOI_RESOLVER): ReferenceTarget {
  const trimmed = reference.trim()
  if (!trimmed) return { kind: 'refused', error: 'The reference has no URL or DOI.' }
  const resolver = normalizeDoiResolver(doiResolver)
  const doi = trimmed.match(DOI)?.[1]
  if (doi) return { kind: 'doi', doi, url: `${resolver}${doi}` }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { kind: 'refused', error: 'Neither a web address nor a DOI: nothing to check.' }
  }
  if (!WEB.has(url.protocol)) {
    return { kind: 'refused', error: `Only http and https addresses are checked, not ${url.protocol} ones.` }
  }
  if (DOI_HOSTS.has(url.hostname) && url.pathname.startsWith('/10.')) {
    let path = url.pathname.slice(1)
    try {
      path = decodeURIComponent(path)
    } catch {
      // Not percent-encoded after all: used as written.
    }
    const written = `${path}${url.search}`
    if (DOI.test(written)) return { kind: 'doi', doi: written, url: `${resolver}${written}` }
  }
  url.hash = ''
  return { kind: 'url', url: url.href }
}

// ---- Public addresses ------------------------------------------------------------------------------------------

const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible (checked as IPv4 below too)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 included), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0] ?? ''
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1]
  if (dotted) {
    const octets = dotted.split('.').map(Number)
    text = `${text.slice(0, -dotted.length)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const part = (value: string) => (value ? value.split(':').map((group) => parseInt(group, 16)) : [])
  const start = part(head)
  const end = tail === undefined ? [] : part(tail)
  const missing = 8 - start.length - end.length
  if (tail === undefined ? missing !== 0 : missing < 0) return null
  const groups = [...start, ...Array<number>(Math.max(missing, 0)).fill(0), ...end]
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : null
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`

/** Whether `address` (an IP address) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4')
  if (family !== 6) return false
  const groups = ipv6Groups(address)
  if (!groups) return false
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number]
  // IPv4 inside IPv6 is that IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64
  // (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0))
    return isPublicAddress(ipv4Of(g6, g7))
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return isPublicAddress(ipv4Of(g6, g7))
  if (g0 === 0x2002) return isPublicAddress(ipv4Of(g1, g2))
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return false // local-use NAT64
  return !NOT_PUBLIC.check(address, 'ipv6')
}

// ---- Requests --------------------------------------------------------------------------------------------------

interface Settings {
  timeoutMs: number
  maxRedirects: number
  userAgent: string
  allowed: Set<string>
  lookup: (hostname: string) => Promise<string[]>
  throttle: <T>(host: string, request: () => Promise<T>) => Promise<T>
}

type Failure = 'network' | 'refused' | 'loop' | 'too-many'

interface Chain {
  /** Every answer, in order: the URL asked and its status (after the GET fallback). */
  hops: Array<{ url: string; status: number }>
  end:
    { kind: 'answer'; url: string; status: number } | { kind: 'failed'; url: string; failure: Failure; error: string }
}

const systemLookup = async (hostname: string) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address)

/** `promise`, or a TimeoutError after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Why `error` (from fetch or a lookup) happened, in a sentence. */
function describeFailure(error: unknown, url: URL, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `No answer from ${url.host} within ${timeoutMs} ms.`
  const cause = (error as { cause?: unknown } | null)?.cause ?? error
  const code = String((cause as { code?: unknown } | null)?.code ?? '')
  const message = String((cause as { message?: unknown } | null)?.message ?? error)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return `The host name ${url.hostname} does not resolve (${code}).`
  if (code === 'ECONNREFUSED') return `${url.host} refused the connection.`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `${url.host} closed the connection (${code}).`
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `Could not connect to ${url.host} in time.`
  if (/CERT|TLS|SSL/i.test(code)) return `TLS failed with ${url.host}: ${message}`
  return code ? `${code}: ${message}` : message
}

type Vetting = { addresses: string[] } | { failure: Failure; error: string }

/**
 * The addresses `url` may be requested at: all of its host's addresses, each public (or allowed);
 * otherwise why not, lookup failures included.
 */
async function vet(url: URL, settings: Settings): Promise<Vetting> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  try {
    addresses = isIP(host) ? [host] : await within(settings.lookup(host), settings.timeoutMs)
  } catch (error) {
    return { failure: 'network', error: describeFailure(error, url, settings.timeoutMs) }
  }
  if (!addresses.length) return { failure: 'network', error: `The host name ${host} does not resolve.` }
  const blocked = addresses.find((address) => !isPublicAddress(address) && !settings.allowed.has(address))
  if (!blocked) return { addresses }
  return {
    failure: 'refused',
    error: `${host} is not a public address (${blocked}): only public addresses are checked, and readers could not reach it either.`,
  }
}

type LookupCallback = (
  error: Error | null,
  address: string | Array<{ address: string; family: number }>,
  family?: number,
) => void

/**
 * A connection pool that resolves every host name to `addresses` (the vetted ones) and nothing
 * else: the socket connects where the check looked, whatever DNS would answer a moment later.
 */
export function pinnedAgent(addresses: string[]): Agent {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }))
  return new Agent({
    connect: {
      lookup: (_hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
        if (options.all) callback(null, entries)
        else callback(null, entries[0]!.address, entries[0]!.family)
      },
    },
  })
}

interface Answer {
  status: number
  location: string | null
}

async function request(
  url: URL,
  method: 'HEAD' | 'GET',
  settings: Settings,
  jar: Map<string, Map<string, string>>,
  dispatcher: Agent,
) {
  return settings.throttle(url.host, async (): Promise<Answer> => {
    const cookies = jar.get(url.hostname)
    const response = await fetch(url, {
      method,
      dispatcher,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
      headers: {
        'user-agent': settings.userAgent,
        accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8',
        ...(cookies?.size ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') } : undefined),
      },
    })
    // Only the status line and headers matter: a GET's body (a PDF, a video) is never downloaded.
    await response.body?.cancel().catch(() => undefined)
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const equals = pair.indexOf('=')
      if (equals <= 0) continue
      const own = jar.get(url.hostname) ?? new Map<string, string>()
      own.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
      jar.set(url.hostname, own)
    }
    return { status: response.status, location: response.headers.get('location') }
  })
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status)

/** Requests `start` and follows its redirects, as described at the top. Never throws. */
async function follow(start: URL, settings: Settings): Promise<Chain> {
  const hops: Chain['hops'] = []
  const seen = new Set<string>()
  const jar = new Map<string, Map<string, string>>()
  let url = start
  for (let redirects = 0; ; redirects += 1) {
    const vetting = await vet(url, settings)
    if (!('addresses' in vetting)) return { hops, end: { kind: 'failed', url: url.href, ...vetting } }
    // The same address with the same cookies again: it will answer the same way again.
    const visit = `${url.href} ${JSON.stringify([...(jar.get(url.hostname) ?? [])])}`
    if (seen.has(visit)) {
      return {
        hops,
        end: { kind: 'failed', url: url.href, failure: 'loop', error: `Redirect loop: back to ${url.href}.` },
      }
    }
    seen.add(visit)
    let answer: Answer
    const dispatcher = pinnedAgent(vetting.addresses)
    try {
      answer = await request(url, 'HEAD', settings, jar, dispatcher)
      // 429 asks us to wait: asking again at once would be rude and answered the same.
      if (answer.status >= 400 && answer.status !== 429) answer = await request(url, 'GET', settings, jar, dispatcher)
    } catch (error) {
      return {
        hops,
        end: {
          kind: 'failed',
          url: url.href,
          failure: 'network',
          error: describeFailure(error, url, settings.timeoutMs),
        },
      }
    } finally {
      // Its connections go to this hop's addresses only: the next hop gets its own.
      void dispatcher.close().catch(() => undefined)
    }
    hops.push({ url: url.href, status: answer.status })
    if (!isRedirect(answer.status) || !answer.location) {
      return { hops, end: { kind: 'answer', url: url.href, status: answer.status } }
    }
    let next: URL
    try {
      next = new URL(answer.location, url)
    } catch {
      const error = `Redirects (${answer.status}) to "${answer.location}", which is not an address.`
      return { hops, end: { kind: 'failed', url: url.href, failure: 'refused', error } }
    }
    if (!WEB.has(next.protocol)) {
      const error = `Redirects (${answer.status}) to a ${next.protocol} address, which is not checked.`
      return { hops, end: { kind: 'failed', url: next.href, failure: 'refused', error } }
    }
    if (redirects >= settings.maxRedirects) {
      const error = `More than ${settings.maxRedirects} redirects (the last to ${next.href}).`
      return { hops, end: { kind: 'failed', url: next.href, failure: 'too-many', error } }
    }
    next.hash = ''
    url = next
  }
}

// ---- Verdicts --------------------------------------------------------------------------------------------------

/** The address without what a canonicalising redirect changes: scheme, `www.`, trailing slash, fragment. */
function canonical(href: string): string {
  const url = new URL(href)
  return `${url.hostname.replace(/^www\./, '')}:${url.port}${url.pathname.replace(/\/+$/, '')}${url.search}`
}

/** Whether `b` is the same address as `a` for a reader (see `canonical`). */
export function sameAddress(a: string, b: string): boolean {
  try {
    return canonical(a) === canonical(b)
  } catch {
    return a === b
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Needs a login',
  403: 'Forbidden',
  404: 'Not found',
  410: 'Gone',
  451: 'Unavailable for legal reasons',
}

/** 4xx but these: the server asks to try again later. */
const TRY_LATER = new Set([408, 425, 429])

function statusVerdict(status: number): { result: ReferenceResult; error: string | null } {
  if ((status >= 200 && status < 300) || status === 300) return { result: 'ok', error: null }
  if (status >= 400 && status < 500 && !TRY_LATER.has(status)) {
    const refusedUs =
      status === 401 || status === 403 ? ' Some sites refuse automated requests: open it in a browser to be sure.' : ''
    return { result: 'broken', error: `${REASONS[status] ?? 'Client error'} (${status}).${refusedUs}` }
  }
  if (status >= 500 || TRY_LATER.has(status)) return { result: 'unreachable', error: `The server answered ${status}.` }
  return { result: 'broken', error: `Unexpected answer ${status}.` }
}

function urlVerdict(checkedUrl: string, chain: Chain): ReferenceCheckResult {
  const { hops, end } = chain
  const redirected = end.url !== checkedUrl
  const finalUrl = redirected ? end.url : null
  if (end.kind === 'failed') {
    return {
      checkedUrl,
      result: end.failure === 'refused' ? 'broken' : 'unreachable',
      httpStatus: hops.at(-1)?.status ?? null,
      finalUrl,
      error: end.error,
    }
  }
  const verdict = statusVerdict(end.status)
  if (verdict.result === 'ok' && redirected && !sameAddress(checkedUrl, end.url)) {
    const first = hops[0]!.status
    const kind = first === 301 || first === 308 ? 'Moved permanently' : 'Redirected'
    return {
      checkedUrl,
      result: 'moved',
      httpStatus: first,
      finalUrl,
      error: `${kind} (${first}) to ${end.url}${hops.length > 2 ? ` in ${hops.length - 1} redirects` : ''}.`,
    }
  }
  return { checkedUrl, result: verdict.result, httpStatus: end.status, finalUrl, error: verdict.error }
}

function doiVerdict(checkedUrl: string, chain: Chain): ReferenceCheckResult {
  const { hops, end } = chain
  const resolver = hops[0]
  // The resolver itself did not answer, or refused: nothing is known about the DOI.
  if (!resolver) {
    return {
      checkedUrl,
      result: end.kind === 'failed' && end.failure === 'refused' ? 'broken' : 'unreachable',
      httpStatus: null,
      finalUrl: null,
      error: `The DOI resolver: ${end.kind === 'failed' ? end.error : 'no answer.'}`,
    }
  }
  if (!isRedirect(resolver.status)) {
    const verdict = statusVerdict(resolver.status)
    return {
      checkedUrl,
      result: verdict.result,
      httpStatus: resolver.status,
      finalUrl: null,
      error:
        verdict.result === 'broken'
          ? `The DOI is not registered: the resolver answered ${resolver.status}.`
          : verdict.error && `The DOI resolver: ${verdict.error}`,
    }
  }
  // The resolver knows the DOI and sent us to the publisher: the DOI works. What the publisher's
  // site answered is kept for the record.
  const finalUrl = end.url !== checkedUrl ? end.url : null
  if (end.kind === 'failed') {
    return {
      checkedUrl,
      result: 'ok',
      httpStatus: hops.at(-1)?.status ?? null,
      finalUrl,
      error: `The DOI resolves; then: ${end.error}`,
    }
  }
  const publisher = statusVerdict(end.status)
  return {
    checkedUrl,
    result: 'ok',
    httpStatus: end.status,
    finalUrl,
    error: publisher.error && `The DOI resolves; the publisher's page answered ${end.status}.`,
  }
}

/**
 * Checks one reference as described at the top of this file. Never throws: whatever goes wrong is
 * a result.
 */
export async function checkReference(
  reference: string,
  options: CheckReferenceOptions = {},
): Promise<ReferenceCheckResult> {
  const target = referenceTarget(reference, options.doiResolver ?? DEFAULT_DOI_RESOLVER)
  if (target.kind === 'refused') {
    return { checkedUrl: null, result: 'broken', httpStatus: null, finalUrl: null, error: target.error }
  }
  const settings: Settings = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    userAgent: options.userAgent ?? USER_AGENT,
    allowed: new Set(options.allowPrivateAddresses ?? []),
    lookup: options.lookup ?? systemLookup,
    throttle: options.throttle ?? ((_host, run) => run()),
  }
  try {
    const chain = await follow(new URL(target.url), settings)
    return target.kind === 'doi' ? doiVerdict(target.url, chain) : urlVerdict(target.url, chain)
  } catch (error) {
    // A bug here must not stop the other references being checked.
    return {
      checkedUrl: target.url,
      result: 'unreachable',
      httpStatus: null,
      finalUrl: null,
      error: `The check failed: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}
