import { expect, test } from '@playwright/test'

test.describe('reader site', () => {
  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false })

    test('the home page is rendered on the server', async ({ page }) => {
      const response = await page.goto('/')
      expect(response?.status()).toBe(200)
      await expect(page).toHaveTitle(/Causeway/)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Why does it hurt there?')
      await expect(page.getByRole('heading', { name: 'Browse by symptom' })).toBeVisible()
      await expect(page.getByRole('main')).toBeVisible()
      await expect(page.getByRole('contentinfo')).toContainText('talk to a clinician')
    })
  })

  test('the first Tab reaches a visible skip link that moves focus to the content', async ({ page }) => {
    await page.goto('/')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('main')).toBeFocused()
  })

  test('an unknown page answers 404', async ({ page }) => {
    const response = await page.goto('/no-such-page')
    expect(response?.status()).toBe(404)
  })

  test('the cache-refresh route refuses callers without the server secret', async ({ request }) => {
    const response = await request.post('/revalidate', { data: { tags: ['articles'] } })
    expect(response.status()).toBe(403)
  })

  test('sitemap.xml lists the published pages and robots.txt points to it', async ({ request }) => {
    const sitemap = await (await request.get('/sitemap.xml')).text()
    expect(sitemap).toMatch(/<loc>[^<]+\/articles\/lower-back-pain-radiating-to-hip<\/loc>/)
    expect(sitemap).not.toContain('/admin')
    const robots = await (await request.get('/robots.txt')).text()
    expect(robots).toMatch(/Sitemap: \S+\/sitemap\.xml/)
  })
})
