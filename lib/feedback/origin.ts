/**
 * Only our own pages may post feedback. A browser's form POST says where it comes from: `Origin`
 * (sent with every POST by current browsers) and `Sec-Fetch-Site`. A post from another site — a
 * page that would file reports in its visitors' names — is refused. A request with neither header
 * is no browser's form post (curl, a script): it is taken, and meets the honeypot, the content
 * checks and the rate limit like any other.
 */

export type OriginVerdict = { ok: true } | { ok: false; from: string }

/** Whether a POST with these headers may come from a page of `serverUrl` (SERVER_URL). */
export function checkOrigin(headers: Headers, serverUrl: string): OriginVerdict {
  const expected = new URL(serverUrl).origin
  const site = headers.get('sec-fetch-site')?.trim().toLowerCase()
  const origin = headers.get('origin')?.trim()
  if (site === 'cross-site' || site === 'same-site') return { ok: false, from: origin || `a ${site} page` }
  if (origin && origin !== 'null') {
    let given: string
    try {
      given = new URL(origin).origin
    } catch {
      return { ok: false, from: origin }
    }
    return given === expected ? { ok: true } : { ok: false, from: given }
  }
  // `Origin: null` comes from sandboxed frames, `data:` pages and the like: only a browser that also
  // says it is our own page (Sec-Fetch-Site: same-origin) is believed.
  if (origin === 'null' && site !== 'same-origin') return { ok: false, from: 'a page without an origin' }
  return { ok: true }
}
