/**
 * Talking to the running server the way a browser does. Node's fetch keeps no cookies, so they
 * are carried by hand; and Payload honours a cookie login only with an `Origin` in its CSRF list
 * or, without one, a `Sec-Fetch-Site` of same-origin/same-site/none — headers every browser
 * sends and Node's fetch does not. So API calls carry the site's Origin, and page requests the
 * Sec-Fetch headers of a same-origin navigation.
 */

export class Session {
  private readonly cookies = new Map<string, string>()

  constructor(
    /** Where requests go (the loopback address). */
    readonly baseUrl: string,
    /** The site's public origin (SERVER_URL): what a browser would send as Origin. */
    readonly origin: string,
  ) {}

  /** `name=value; …` for a Cookie header. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  has(name: string): boolean {
    return this.cookies.has(name)
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const index = pair.indexOf('=')
      if (index < 1) continue
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      // An expired or emptied cookie is the server deleting it.
      if (!value || /;\s*max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  /** A page request, as a same-origin navigation. Redirects are not followed (cookies come with them). */
  async page(path: string): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        'sec-fetch-site': 'same-origin',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'document',
      },
    })
    this.remember(response)
    return response
  }

  /** A JSON API call from the admin's origin; throws with the server's message unless 2xx. */
  async api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        origin: this.origin,
        cookie: this.cookieHeader(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    this.remember(response)
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : {}
    } catch {
      parsed = text
    }
    if (!response.ok) {
      const errors = (parsed as { errors?: { message?: string }[] })?.errors
      const message = errors?.map((error) => error.message).join('; ') || String(text).slice(0, 300)
      throw new Error(`${method} ${path} answered ${response.status}: ${message}`)
    }
    return parsed as T
  }

  async login(email: string, password: string): Promise<void> {
    await this.api('POST', '/api/users/login', { email, password })
    if (!this.has('payload-token')) throw new Error(`Logging in as ${email} set no payload-token cookie.`)
  }
}
