/**
 * Reader feedback end to end, on the production build: a reader without JavaScript reports a
 * problem under an article and votes "Yes"; an editor finds the report in the admin queue.
 */
import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'

import { TEXT } from '@/lib/feedback/form'
import { DEMO_ARTICLES } from '@/seed/demoContent'

import { expect, test } from '../helpers/fixtures'
import { login } from '../helpers/login'
import { demoPerson } from '../helpers/serverRest'

const article = DEMO_ARTICLES[0]!
const articlePath = `/articles/${article.key}`
// Unique per run: a retry writes a report of its own rather than meeting the duplicate check.
const MESSAGE = `The second cause gives the adult dose for children; the leaflet says half (${Date.now().toString(36)}).`

async function noAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

const feedbackOf = (page: Page) => page.getByRole('region', { name: TEXT.heading })

/** The article's id, and a token of the demo editor for the API. */
async function editorApi(request: APIRequestContext) {
  const login = await request.post('/api/users/login', { data: demoPerson('editor') })
  expect(login.status()).toBe(200)
  const headers = { authorization: `JWT ${((await login.json()) as { token: string }).token}` }
  const found = await request.get(`/api/articles?where[slug][equals]=${article.key}&depth=0`)
  const { id } = ((await found.json()) as { docs: Array<{ id: number }> }).docs[0]!
  return { headers, articleId: id }
}

test.describe.configure({ mode: 'serial' })

test.describe('reader feedback', () => {
  test('a reader without JavaScript reports a problem and lands on the thank-you page', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    try {
      await page.goto(articlePath)
      const feedback = feedbackOf(page)
      await expect(feedback.getByRole('heading', { name: TEXT.heading })).toBeVisible()
      const message = feedback.getByLabel(TEXT.messageLabel)
      await expect(message).toBeHidden()
      await feedback.getByText(TEXT.report, { exact: true }).click()
      await expect(message).toBeVisible()
      await message.fill(MESSAGE)
      await feedback.getByRole('button', { name: TEXT.send }).click()
      await page.waitForURL(/\/feedback\/thanks\?/)
      expect(new URL(page.url()).searchParams.get('kind')).toBe('problem')
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you')
      await expect(page.getByText('Your report is in our editors’ queue.', { exact: false })).toBeVisible()
      await expect(page.getByRole('link', { name: `Back to “${article.question}”` })).toHaveAttribute(
        'href',
        articlePath,
      )
    } finally {
      await context.close()
    }
  })

  test('"Was this page helpful? Yes" stores a helpful vote', async ({ browser, request }) => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    try {
      await page.goto(articlePath)
      await feedbackOf(page)
        .getByRole('group', { name: TEXT.heading })
        .getByRole('button', { name: TEXT.yes, exact: true })
        .click()
      await page.waitForURL(/\/feedback\/thanks\?/)
      expect(new URL(page.url()).searchParams.get('kind')).toBe('helpful')
      await expect(page.getByText('We are glad the article helped.', { exact: false })).toBeVisible()
    } finally {
      await context.close()
    }
    // Stored (a retry within ten minutes is answered by the duplicate check with the first vote).
    const { headers, articleId } = await editorApi(request)
    const since = new Date(Date.now() - 10 * 60_000).toISOString()
    const votes = await request.get(
      `/api/feedback?where[kind][equals]=helpful&where[article][equals]=${articleId}&where[createdAt][greater_than]=${since}&depth=0`,
      { headers },
    )
    expect(votes.status()).toBe(200)
    const { docs } = (await votes.json()) as { docs: Array<{ kind: string; status: string; articleVersion: string }> }
    expect(docs.length).toBeGreaterThan(0)
    expect(docs[0]).toMatchObject({ kind: 'helpful', status: 'new' })
    expect(docs[0]!.articleVersion).toMatch(/^\d+$/)
  })

  test('an editor sees the report in the queue with status New and links to the article', async ({ page }) => {
    await login(page, demoPerson('editor'))
    const queue = page.getByRole('region', { name: /New reader reports? \d+/ })
    await expect(queue).toBeVisible()
    await expect(queue.getByRole('link', { name: MESSAGE.slice(0, 40), exact: false })).toBeVisible()

    await queue.getByRole('link', { name: 'Work through them' }).click()
    await page.waitForURL(/\/admin\/collections\/feedback\?/)
    const row = page.getByRole('row').filter({ hasText: MESSAGE.slice(0, 40) })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('New')
    await expect(row).toContainText('Problem reported')
    await expect(row.getByRole('link', { name: 'On the site' })).toHaveAttribute('href', articlePath)
    await expect(row.getByRole('link', { name: 'Edit article' })).toHaveAttribute(
      'href',
      /\/admin\/collections\/articles\/\d+$/,
    )

    // The report itself: what the reader wrote, and where the article and the version read are.
    await row.getByRole('link', { name: MESSAGE.slice(0, 40), exact: false }).click()
    await expect(page.locator('#field-message')).toHaveValue(MESSAGE)
    await expect(page.getByRole('link', { name: /Version the reader read/ })).toHaveAttribute(
      'href',
      /\/admin\/collections\/articles\/\d+\/versions\/\d+$/,
    )
  })

  test('the form and the thank-you page have no axe-core violations', async ({ page }) => {
    await page.goto(articlePath)
    await feedbackOf(page).getByText(TEXT.report, { exact: true }).click()
    await expect(feedbackOf(page).getByLabel(TEXT.messageLabel)).toBeVisible()
    await noAxeViolations(page)
    await page.goto(`/feedback/thanks?article=${article.key}&kind=problem`)
    await noAxeViolations(page)
  })
})
