/**
 * Security behaviour that only the real server shows: response headers, the proxy in front of
 * the API, requests forging Next.js's internal headers, and refusals that keep their message
 * through a production build.
 */
import { expect, test } from '@playwright/test'

import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_PEOPLE } from '@/seed/demoContent'

import { login } from '../helpers/login'

const article = `/articles/${DEMO_ARTICLES[0]!.key}`

test.describe('security', () => {
  test('every page carries the security headers, the same static CSP on cached reader pages', async ({ request }) => {
    for (const path of ['/', article, '/admin/login', '/api/articles?limit=1']) {
      const response = await request.get(path)
      const headers = response.headers()
      expect(headers['x-content-type-options'], path).toBe('nosniff')
      expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin')
      expect(headers['content-security-policy'], path).toMatch(/frame-ancestors 'self'/)
      expect(headers['content-security-policy'], path).toMatch(/object-src 'none'/)
      expect(headers['content-security-policy'], path).not.toMatch(/nonce-/)
      expect(headers['strict-transport-security'], path).toMatch(/max-age=\d+/)
    }
    const first = (await request.get(article)).headers()
    const second = (await request.get(article)).headers()
    expect(second['content-security-policy']).toBe(first['content-security-policy'])
  })

  test('the admin live preview still frames the site (same origin)', async ({ page }) => {
    await login(page)
    const errors: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|frame-ancestors/i.test(message.text())) errors.push(message.text())
    })
    const { docs } = await (
      await page.request.get(`/api/articles?where[slug][equals]=${DEMO_ARTICLES[0]!.key}&depth=0`)
    ).json()
    await page.goto(`/admin/collections/articles/${docs[0].id}`)
    await page.getByRole('button', { name: 'Live Preview', exact: true }).click()
    const frame = page.frameLocator('iframe').first()
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText(DEMO_ARTICLES[0]!.question)
    expect(errors).toEqual([])
  })

  test('malformed request bodies answer 400 before Payload sees them', async ({ request }) => {
    for (const data of ['null', '"x"', '[]', '{']) {
      const response = await request.post('/api/users/login', { headers: { 'content-type': 'application/json' }, data })
      expect(response.status(), data).toBe(400)
    }
    const multipart = await request.post('/api/media', {
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      data: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nbroken',
    })
    expect(multipart.status()).toBe(400)
  })

  test('a forged x-middleware-subrequest header skips nothing (CVE-2025-29927)', async ({ request }) => {
    const forged = { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy', 'content-type': 'application/json' }
    expect((await request.post('/api/users/login', { headers: forged, data: 'null' })).status()).toBe(400)
    expect((await request.get('/api/articles?where[_status][equals]=draft&draft=true', { headers: forged })).ok()).toBe(
      true,
    )
    const drafts = await (
      await request.get('/api/articles?where[_status][equals]=draft&draft=true', { headers: forged })
    ).json()
    expect(drafts.totalDocs).toBe(0)
    expect([401, 403]).toContain(
      (await request.get('/preview?collection=articles&slug=x&secret=wrong', { headers: forged })).status(),
    )
  })

  test('a refused write says why in the production build, not "An unknown error occurred."', async ({ request }) => {
    const editor = DEMO_PEOPLE.find((person) => person.roles.includes('editor'))!
    const login = await request.post('/api/users/login', { data: { email: editor.email, password: DEMO_PASSWORD } })
    const headers = { authorization: `JWT ${((await login.json()) as { token: string }).token}` }
    const found = await request.get(`/api/articles?where[slug][equals]=${DEMO_ARTICLES[0]!.key}&depth=0`, { headers })
    const { id } = ((await found.json()) as { docs: Array<{ id: number }> }).docs[0]!
    const refused = await request.delete(`/api/articles/${id}`, { headers })
    expect(refused.status()).toBe(409)
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(
      /is published, so it cannot be deleted.*Unpublish it first/,
    )
    expect((await request.get(article)).status()).toBe(200)
  })
})
