/**
 * The pure parts of the reader feedback route (lib/feedback/): reading and checking a submission,
 * counting links, the client's address and key, the same-origin check, the rate limit's verdict,
 * and the refusal page's escaping.
 */
import { describe, expect, it } from 'vitest'

import {
  clientAddress,
  clientKey,
  DEFAULT_TRUSTED_PROXY_HOPS,
  normaliseAddress,
  trustedProxyHops,
} from '@/lib/feedback/client'
import { FEEDBACK_MESSAGE_MAX, FIELD, MAX_LINKS } from '@/lib/feedback/form'
import { escapeHtml, html } from '@/lib/feedback/html'
import { checkOrigin } from '@/lib/feedback/origin'
import { refusalResponse } from '@/lib/feedback/page'
import { RATE_LIMITS, rateVerdict } from '@/lib/feedback/rateLimit'
import { contentProblem, countLinks, normaliseMessage, readSubmission, summarise } from '@/lib/feedback/submission'

const formOf = (fields: Record<string, string>) => {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  return form
}

describe('reading a submission', () => {
  it('reads our form: kind, article, version, message; the honeypot empty', () => {
    const read = readSubmission(
      formOf({
        kind: 'problem',
        article: '12',
        version: '345',
        message: '  Wrong dose.\r\nSee leaflet. ',
        subject: '',
      }),
    )
    expect(read).toMatchObject({
      ok: true,
      submission: {
        kind: 'problem',
        articleId: 12,
        version: '345',
        message: 'Wrong dose.\nSee leaflet.',
        trapped: false,
      },
    })
  })

  it('marks a filled honeypot', () => {
    const read = readSubmission(formOf({ kind: 'helpful', article: '1', [FIELD.trap]: 'http://spam.example' }))
    expect(read.ok && read.submission.trapped).toBe(true)
  })

  it('is not a submission without a known kind or an article id, and keeps the text either way', () => {
    for (const fields of [
      { kind: 'spam', article: '1', message: 'text' },
      { article: '1', message: 'text' },
      { kind: 'problem', article: 'abc', message: 'text' },
      { kind: 'problem', article: '0', message: 'text' },
      { kind: 'problem', message: 'text' },
    ] as Array<Record<string, string>>) {
      const read = readSubmission(formOf(fields))
      expect(read.ok, JSON.stringify(fields)).toBe(false)
      expect(read.draft.message).toBe('text')
    }
  })

  it('keeps a version that is not a version id, for the route to refuse', () => {
    const read = readSubmission(formOf({ kind: 'helpful', article: '1', version: "1' OR 1=1" }))
    expect(read.ok && read.submission.version).toBe("1' OR 1=1")
  })
})

describe('the message', () => {
  it('counts line breaks once, as the textarea’s maxlength does, though the browser sends CRLF', () => {
    const typed = `${'a'.repeat(99)}\n`.repeat(FEEDBACK_MESSAGE_MAX / 100).slice(0, FEEDBACK_MESSAGE_MAX - 1) + 'z'
    expect(typed).toHaveLength(FEEDBACK_MESSAGE_MAX)
    const sent = typed.replace(/\n/g, '\r\n')
    expect(sent.length).toBeGreaterThan(FEEDBACK_MESSAGE_MAX)
    const message = normaliseMessage(sent)
    expect(message).toBe(typed)
    expect(contentProblem({ kind: 'problem', message })).toBeNull()
  })

  it('drops control characters and trims', () => {
    expect(normaliseMessage('\u0000 hello\u0007\tthere \u001b ')).toBe('hello\tthere')
  })

  it('is required for a problem, optional for a vote', () => {
    expect(contentProblem({ kind: 'problem', message: null })).toEqual({ code: 'message-required' })
    expect(contentProblem({ kind: 'helpful', message: null })).toBeNull()
    expect(contentProblem({ kind: 'not-helpful', message: null })).toBeNull()
  })

  it('is refused, not cut, over the limit', () => {
    const message = 'x'.repeat(FEEDBACK_MESSAGE_MAX + 1)
    expect(contentProblem({ kind: 'problem', message })).toEqual({
      code: 'message-too-long',
      length: FEEDBACK_MESSAGE_MAX + 1,
    })
    expect(contentProblem({ kind: 'not-helpful', message })?.code).toBe('message-too-long')
  })

  it(`may carry ${MAX_LINKS} links, not more`, () => {
    const links = (n: number) => Array.from({ length: n }, (_, i) => `see https://example.org/page-${i}`).join(' and ')
    expect(contentProblem({ kind: 'problem', message: links(MAX_LINKS) })).toBeNull()
    expect(contentProblem({ kind: 'problem', message: links(MAX_LINKS + 1) })).toEqual({
      code: 'too-many-links',
      links: MAX_LINKS + 1,
    })
  })
})

describe('counting links', () => {
  it.each([
    ['No links here, just a dose of 5 mg.', 0],
    ['The NHS page https://www.nhs.uk/conditions/sciatica/ says otherwise.', 1],
    ['www.example.com and http://example.org', 2],
    ['<a href="http://a.example">x</a> [url=http://b.example]y[/url] ftp://c.example/file', 3],
    ['HTTPS://LOUD.EXAMPLE/', 1],
    ['e.g. 3.5 mg, i.e. not 35', 0],
  ])('%s → %i', (message, count) => {
    expect(countLinks(message)).toBe(count)
  })
})

describe('the summary', () => {
  it('is the whole message when short, its first words with an ellipsis when long', () => {
    expect(summarise('problem', 'The dose\nis wrong.')).toBe('The dose is wrong.')
    const long =
      'The second cause describes the dose of ibuprofen for children, which is not what the leaflet says at all.'
    const summary = summarise('problem', long)
    expect(summary.length).toBeLessThanOrEqual(81)
    expect(summary.endsWith('…')).toBe(true)
    expect(long.startsWith(summary.slice(0, -1))).toBe(true)
    expect(summary).not.toMatch(/\s…$/)
  })

  it('names the vote when there is no message', () => {
    expect(summarise('helpful', null)).toBe('Helpful')
    expect(summarise('not-helpful', '')).toBe('Not helpful')
  })
})

describe('the client’s address', () => {
  const headers = (xff?: string) => new Headers(xff === undefined ? {} : { 'x-forwarded-for': xff })

  it('is the entry the trusted proxies appended: the rightmost with one, what the client sent is ignored', () => {
    expect(clientAddress(headers('203.0.113.7'), 1)).toBe('203.0.113.7')
    expect(clientAddress(headers('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7')
    expect(clientAddress(headers('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7')
    expect(clientAddress(headers('1.1.1.1, 2.2.2.2, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7')
  })

  it('is the leftmost entry when there are fewer than the proxies', () => {
    expect(clientAddress(headers('203.0.113.7'), 3)).toBe('203.0.113.7')
  })

  it('is none without a header or a usable entry', () => {
    expect(clientAddress(headers(), 1)).toBeNull()
    expect(clientAddress(headers(''), 1)).toBeNull()
    expect(clientAddress(headers('unknown'), 1)).toBeNull()
    expect(clientAddress(headers('<script>'), 1)).toBeNull()
  })

  it('is written one way: IPv4-mapped, ports and brackets removed; IPv6 by its /64', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(normaliseAddress('203.0.113.7:51234')).toBe('203.0.113.7')
    expect(normaliseAddress('[2001:db8:1:2::7]:443')).toBe('2001:db8:1:2::/64')
    expect(normaliseAddress('2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64')
    expect(normaliseAddress('2001:db8:1:2::1')).toBe(normaliseAddress('2001:db8:1:2:ffff::9'))
    expect(normaliseAddress('2001:db8:1:3::1')).not.toBe(normaliseAddress('2001:db8:1:2::1'))
    expect(normaliseAddress('::1')).toBe('0:0:0:0::/64')
    expect(normaliseAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })

  it('TRUSTED_PROXY_HOPS: default 1, a whole number from 1 to 10, anything else refused naming the variable', () => {
    expect(trustedProxyHops({})).toBe(DEFAULT_TRUSTED_PROXY_HOPS)
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: ' 2 ' })).toBe(2)
    for (const bad of ['0', '-1', '1.5', 'two', '11'])
      expect(() => trustedProxyHops({ TRUSTED_PROXY_HOPS: bad }), bad).toThrow(/TRUSTED_PROXY_HOPS/)
  })
})

describe('the client key', () => {
  const secret = 'a'.repeat(64)

  it('is a keyed hash: stable for one address and secret, different for another of either, never the address', () => {
    const key = clientKey('203.0.113.7', secret)
    expect(clientKey('203.0.113.7', secret)).toBe(key)
    expect(clientKey('203.0.113.8', secret)).not.toBe(key)
    expect(clientKey('203.0.113.7', 'b'.repeat(64))).not.toBe(key)
    expect(key).not.toContain('203')
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('puts every request without an address under one key', () => {
    expect(clientKey(null, secret)).toBe(clientKey(null, secret))
    expect(clientKey(null, secret)).not.toBe(clientKey('203.0.113.7', secret))
  })
})

describe('the same-origin check', () => {
  const site = 'https://causeway.example'
  const check = (headers: Record<string, string>) => checkOrigin(new Headers(headers), site).ok

  it('takes a form post from our own pages', () => {
    expect(check({ origin: 'https://causeway.example', 'sec-fetch-site': 'same-origin' })).toBe(true)
    expect(check({ origin: 'https://causeway.example' })).toBe(true)
  })

  it('refuses a post from another site, by Origin or by Sec-Fetch-Site', () => {
    expect(check({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe(false)
    expect(check({ origin: 'https://evil.example' })).toBe(false)
    expect(check({ 'sec-fetch-site': 'cross-site' })).toBe(false)
    expect(check({ origin: 'http://causeway.example' })).toBe(false)
    expect(check({ origin: 'https://causeway.example:8443' })).toBe(false)
    expect(check({ origin: 'https://sub.causeway.example', 'sec-fetch-site': 'same-site' })).toBe(false)
    expect(check({ origin: 'not a url' })).toBe(false)
  })

  it('believes `Origin: null` only from a browser that says it is our page', () => {
    expect(check({ origin: 'null' })).toBe(false)
    expect(check({ origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe(true)
  })

  it('takes a request with neither header (no browser form): the other checks still apply', () => {
    expect(check({})).toBe(true)
  })
})

describe('the rate limit', () => {
  const now = new Date('2027-01-15T12:00:00Z')
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
  const [burst, daily] = RATE_LIMITS

  it('allows up to the burst limit in its window, and says when the next is allowed after it', () => {
    const four = [ago(1), ago(2), ago(3), ago(9)]
    expect(rateVerdict(four, now)).toEqual({ ok: true })
    const verdict = rateVerdict([...four, ago(0.5)], now)
    expect(verdict.ok).toBe(false)
    if (verdict.ok) return
    expect(verdict.limit.key).toBe('burst')
    // The oldest of the five (9 minutes ago) leaves the 10-minute window in one minute.
    expect(verdict.retryAt.toISOString()).toBe(new Date(ago(9).getTime() + burst.windowMs).toISOString())
    expect(verdict.retryAfterSeconds).toBe(60)
  })

  it('forgets submissions older than the window', () => {
    expect(rateVerdict([ago(11), ago(12), ago(13), ago(14), ago(15), ago(1)], now)).toEqual({ ok: true })
  })

  it('stops a client at the daily limit, until the oldest of the day leaves it', () => {
    const day = Array.from({ length: daily.max }, (_, i) => ago(20 + i * 40))
    const verdict = rateVerdict(day, now)
    expect(verdict.ok).toBe(false)
    if (verdict.ok) return
    expect(verdict.limit.key).toBe('daily')
    const oldest = Math.min(...day.map((d) => d.getTime()))
    expect(verdict.retryAt.getTime()).toBe(oldest + daily.windowMs)
    expect(rateVerdict(day.slice(1), now)).toEqual({ ok: true })
  })
})

describe('the refusal page', () => {
  it('escapes every value: a reader’s text never becomes markup', () => {
    expect(escapeHtml(`<script>"'&`)).toBe('&lt;script&gt;&quot;&#39;&amp;')
    // Under another name, so Prettier leaves the markup's white space alone.
    const markup = html
    const inner = markup`<i>${'&'}</i>`
    expect(markup`<p>${'<b>'}</p>${inner}${['<u>', inner]}${null}`.value).toBe(
      '<p>&lt;b&gt;</p><i>&amp;</i>&lt;u&gt;<i>&amp;</i>',
    )
  })

  it('shows the message again inside the textarea, escaped, whatever it holds', async () => {
    const message = 'Wrong </textarea><script>alert(1)</script> dose & "quotes"'
    const response = refusalResponse({
      status: 422,
      title: 'Your report needs a change before it can be sent',
      explanation: ['Too long.'],
      form: { articleId: 7, version: '9', kind: 'problem', message, messageInvalid: true },
    })
    expect(response.status).toBe(422)
    expect(response.headers.get('cache-control')).toContain('no-store')
    const body = await response.text()
    expect(body).not.toContain('<script>')
    expect(body).toContain(
      'Wrong &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; dose &amp; &quot;quotes&quot;</textarea>',
    )
    expect(body).toMatch(/<details class="feedback__report"\s+open>/)
    expect(body).toMatch(/aria-invalid="true"/)
  })
})
