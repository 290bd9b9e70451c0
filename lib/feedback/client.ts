/**
 * Who sent a submission, for the rate limit: a keyed hash of the client's address, never the
 * address itself.
 *
 * Where the address comes from. A route handler under `next start` sees no socket: Next.js sets
 * `X-Forwarded-For` to the connection's address only when the request has none
 * (node_modules/next/dist/server/base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`),
 * and otherwise passes on whatever the request carried. Every proxy in front appends the address
 * it took the connection from (Varnish does so before `vcl_recv`, and edge/causeway.vcl keeps the
 * header; nginx's `$proxy_add_x_forwarded_for`, load balancers alike). So with N proxies in front,
 * the last N entries were written by them, and the Nth from the right is the address that
 * connected to the first of them: the client. Everything left of it was written by the client and
 * proves nothing.
 *
 * `TRUSTED_PROXY_HOPS` is N, default 1 (the edge, or one load balancer). Too small a number is
 * safe but blunt: every reader then shares the key of the first proxy's address, and the limit
 * applies to them together. Too large a number lets a client choose its key by sending its own
 * header. A server reached without any proxy (development, `npm start` on its own) gets the
 * connection's address from Next.js when the client sends no header — and whatever the client
 * sent when it does: put a proxy in front in production.
 */
import crypto from 'node:crypto'
import { isIP } from 'node:net'

import { wholeNumberSetting } from '@/lib/runtimeConfig'

export const DEFAULT_TRUSTED_PROXY_HOPS = 1
const MAX_TRUSTED_PROXY_HOPS = 10

/** TRUSTED_PROXY_HOPS from `env`: a whole number from 1 to 10, default 1; anything else throws. */
export function trustedProxyHops(env: Record<string, string | undefined>): number {
  return wholeNumberSetting(env, 'TRUSTED_PROXY_HOPS', {
    fallback: DEFAULT_TRUSTED_PROXY_HOPS,
    min: 1,
    max: MAX_TRUSTED_PROXY_HOPS,
    unit: 'proxies that append to X-Forwarded-For in front of the server',
  })
}

/**
 * An address as one client: IPv4 as is; IPv6 by its /64 network, since one subscriber usually
 * holds a whole /64 and can change addresses within it at will. Ports, brackets, zone ids and the
 * `::ffff:` prefix of IPv4-mapped addresses are removed. Null when it is not an address.
 */
export function normaliseAddress(raw: string): string | null {
  let value = raw.trim().replace(/^"|"$/g, '')
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracketed) value = bracketed[1]!
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'))
  value = value.replace(/%.*$/, '').toLowerCase()
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value)
  if (mapped) value = mapped[1]!
  const version = isIP(value)
  if (version === 4) return value
  if (version !== 6) return null
  return `${expandIPv6(value).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, without leading zeros (an embedded IPv4 tail becomes two groups). */
function expandIPv6(address: string): string[] {
  let value = address
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    value = `${value.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = value.split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return groups.map((group) => (Number.parseInt(group, 16) || 0).toString(16))
}

/**
 * The client's address from `X-Forwarded-For`, given how many proxies in front append to it (see
 * the top of this file); null when there is none or it is not an address. With fewer entries than
 * proxies (a request that did not pass all of them), the leftmost entry.
 */
export function clientAddress(headers: Headers, hops: number): string | null {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (!entries.length) return null
  return normaliseAddress(entries[Math.max(0, entries.length - hops)]!)
}

/**
 * The key a client's submissions are counted under: HMAC-SHA256 of its address, keyed by a key
 * derived from the Payload secret for this use only. Without the secret it cannot be turned back
 * into an address, nor matched with anything else. Every request without a usable address shares
 * one key, so they are limited together rather than not at all.
 */
export function clientKey(address: string | null, secret: string): string {
  const key = crypto.createHmac('sha256', secret).update('causeway:feedback:client-key:v1').digest()
  return crypto
    .createHmac('sha256', key)
    .update(address ?? 'unknown')
    .digest('base64url')
}
