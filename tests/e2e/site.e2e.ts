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

  test.describe('search without JavaScript', () => {
    test.use({ javaScriptEnabled: false })

    test('the header search form finds published articles, with the matched words marked', async ({ page }) => {
      await page.goto('/')
      await page.getByRole('searchbox', { name: 'Search' }).first().fill('sciatica')
      await page.getByRole('button', { name: 'Search' }).first().click()
      await page.waitForURL(/\/search\?q=sciatica/)
      await expect(page.getByRole('status')).toContainText(/\d+ results? for “sciatica”/)
      await expect(page.locator('.search-hit mark').first()).toHaveText(/sciatica/i)
      await page.locator('.search-hit h2 a').first().click()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    })

    test('a search with no results suggests symptoms', async ({ page }) => {
      await page.goto('/search?q=zzqxv')
      await expect(page.getByRole('status')).toHaveText('No results for “zzqxv”.')
      await expect(page.getByRole('heading', { name: 'Try a symptom instead' })).toBeVisible()
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

  test('there is no cache-refresh route to call: invalidations come only from committed changes', async ({
    request,
  }) => {
    const response = await request.post('/revalidate', { data: { tags: ['articles'] } })
    expect(response.status()).toBe(404)
  })

  test('sitemap.xml lists the published pages and robots.txt points to it', async ({ request }) => {
    const sitemap = await (await request.get('/sitemap.xml')).text()
    expect(sitemap).toMatch(/<loc>[^<]+\/articles\/lower-back-pain-radiating-to-hip<\/loc>/)
    expect(sitemap).not.toContain('/admin')
    const robots = await (await request.get('/robots.txt')).text()
    expect(robots).toMatch(/Sitemap: \S+\/sitemap\.xml/)
  })
})
