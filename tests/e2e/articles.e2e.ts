import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'

import { DEMO_PASSWORD } from '@/lib/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_CONDITIONS, DEMO_PEOPLE, DEMO_SYMPTOMS } from '@/lib/seed/demoContent'

import { choose, publish, typeRichText } from '../helpers/adminArticle'
import { login } from '../helpers/login'

const writer = DEMO_PEOPLE.find((person) => person.roles.includes('writer'))!
const QUESTION = 'Why does my wrist ache after a day of typing?'
const [first, second] = [DEMO_CONDITIONS[0]!, DEMO_CONDITIONS[1]!]

async function noAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

test.describe.configure({ mode: 'serial' })

test.describe('cause articles end to end', () => {
  test('a writer writes and publishes an article with two causes; a reader follows it home → article → condition → article', async ({
    page,
    browser,
  }) => {
    await login(page, { email: writer.email, password: DEMO_PASSWORD })
    await page.goto('/admin/collections/articles/create')
    await page.waitForURL(/\/admin\/collections\/articles\/\d+/)

    await page.getByLabel('Question').fill(QUESTION)
    await page.getByLabel('Summary').fill('Aching wrists after long typing sessions usually come from tired tendons or a squeezed nerve.')
    await typeRichText(page, 'intro', 'Hours at a keyboard ask a lot of small muscles and tendons.')
    for (const [index, cause] of [first, second].entries()) {
      await page.getByRole('button', { name: 'Add Cause' }).click()
      await page.locator(`#field-causes__${index}__heading`).fill(`Cause ${index + 1}: ${cause.name}`)
      await choose(page, `causes.${index}.conditions`, cause.name)
      await typeRichText(page, `causes.${index}.explanation`, `An explanation of ${cause.name.toLowerCase()}.`)
    }
    await typeRichText(page, 'whenToSeekCare', 'See a clinician if the hand goes numb or weak.')
    await publish(page)

    const reader = await (await browser.newContext()).newPage()
    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(QUESTION)
    await expect(reader.getByRole('heading', { level: 3 })).toHaveText([
      `1Cause 1: ${first.name}`,
      `2Cause 2: ${second.name}`,
    ])
    await reader.getByRole('link', { name: second.name, exact: true }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(second.name)
    await reader.getByRole('link', { name: QUESTION }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(QUESTION)
  })

  test('a published edit is what the next reader request shows, with no rebuild', async ({ page, browser }) => {
    const reader = await (await browser.newContext()).newPage()
    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    const articleUrl = reader.url()
    // Load twice so the page is certainly being served from the cache before the edit.
    await reader.reload()
    await expect(reader.getByText('Cause 1:', { exact: false }).first()).toBeVisible()

    await login(page, { email: writer.email, password: DEMO_PASSWORD })
    await page.goto('/admin/collections/articles')
    await page.getByRole('link', { name: QUESTION }).click()
    await page.locator('#field-causes__0__heading').fill('Overworked forearm tendons')
    await publish(page)

    await reader.goto(articleUrl)
    await expect(reader.getByRole('heading', { level: 3 }).first()).toHaveText('1Overworked forearm tendons')
  })

  test('every reader page type has no axe-core violations', async ({ page }) => {
    const article = DEMO_ARTICLES[0]!
    const person = DEMO_PEOPLE.find((p) => p.key === article.authorKey)!
    const paths = [
      '/',
      `/articles/${article.key}`,
      `/conditions/${article.causes[0]!.conditionKeys[0]}`,
      `/symptoms/${DEMO_SYMPTOMS[0]!.key}`,
      `/people/${person.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      '/no-such-page',
    ]
    for (const path of paths) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await noAxeViolations(page)
    }
  })
})
