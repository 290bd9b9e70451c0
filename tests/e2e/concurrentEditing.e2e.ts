import type { Browser, Page } from '@playwright/test'

import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_PEOPLE } from '@/seed/demoContent'

import { expect, test } from '../helpers/fixtures'
import { login } from '../helpers/login'

const writers = DEMO_PEOPLE.filter((person) => person.roles.includes('writer')).map((person) => ({
  ...person,
  password: DEMO_PASSWORD,
}))
// Not used by any other browser test.
const article = DEMO_ARTICLES[2]!

async function staffPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await login(page, who)
  return page
}

/** The autosave that carries `text` (an earlier one may still be on its way). */
const autosaveOf = (page: Page, text: string) =>
  page.waitForResponse(
    (r) =>
      r.url().includes('autosave=true') &&
      r.request().method() === 'PATCH' &&
      Boolean(r.request().postData()?.includes(text)),
  )

test('two writers in the admin: the one whose copy is older sees who changed it, and nothing is overwritten', async ({
  browser,
}) => {
  const [first, second] = writers as [(typeof writers)[number], (typeof writers)[number]]
  const firstPage = await staffPage(browser, first)
  const secondPage = await staffPage(browser, second)
  const found = await (await firstPage.request.get(`/api/articles?where[slug][equals]=${article.key}&depth=0`)).json()
  const editUrl = `/admin/collections/articles/${found.docs[0].id}`
  // Both open the article before either has changed anything.
  await firstPage.goto(editUrl)
  await secondPage.goto(editUrl)
  await expect(firstPage.locator('#field-question')).toHaveValue(article.question)
  await expect(secondPage.locator('#field-question')).toHaveValue(article.question)

  const theirs = `${article.question.replace(/\?$/, '')}, reworded by ${second.name}?`
  const saved = autosaveOf(secondPage, theirs)
  await secondPage.locator('#field-question').fill(theirs)
  expect((await saved).status()).toBe(200)
  // Leaving the edit view releases the lock, as closing the tab does.
  await secondPage.goto('/admin')

  const mine = `${article.question.replace(/\?$/, '')}, reworded by ${first.name}?`
  const refused = autosaveOf(firstPage, mine)
  await firstPage.locator('#field-question').fill(mine)
  expect((await refused).status()).toBe(409)
  await expect(firstPage.getByText(new RegExp(`${second.name} changed this cause article`))).toBeVisible()

  // Theirs is what is stored: the admin shows it once reloaded.
  await firstPage.reload()
  await expect(firstPage.locator('#field-question')).toHaveValue(theirs)
})
