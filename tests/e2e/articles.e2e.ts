import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

import { previewSecret } from '@/lib/preview/previewSecret'
import { DEMO_PASSWORD } from '@/lib/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_CONDITIONS, DEMO_PEOPLE, DEMO_SYMPTOMS } from '@/lib/seed/demoContent'

import { choose, publish, typeRichText } from '../helpers/adminArticle'
import { expect, test } from '../helpers/fixtures'
import { login } from '../helpers/login'

const writer = DEMO_PEOPLE.find((person) => person.roles.includes('writer'))!
// Unique per run, so a retry (which reruns the whole serial group) writes a fresh article.
const QUESTION = `Why does my wrist ache after a day of typing (${Date.now().toString(36)})?`
const [first, second] = [DEMO_CONDITIONS[0]!, DEMO_CONDITIONS[1]!]

async function noAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

test.describe.configure({ mode: 'serial' })

test.describe('cause articles end to end', () => {
  test('a writer writes and publishes an article with two causes; a reader follows it home → article → condition → article', async ({
    page,
    reader,
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

  test('a published edit is what the next reader request shows, with no rebuild', async ({ page, reader }) => {
    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    await reader.waitForURL(/\/articles\//)
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(QUESTION)
    const articleUrl = reader.url()
    // Load twice so the page is certainly being served from the cache before the edit.
    await reader.reload()
    await expect(reader.getByText('Cause 1:', { exact: false }).first()).toBeVisible()

    await login(page, { email: writer.email, password: DEMO_PASSWORD })
    await page.goto('/admin/collections/articles')
    await page.getByRole('link', { name: QUESTION }).click()
    await page.waitForURL(/\/admin\/collections\/articles\/\d+/)
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

test.describe('draft preview', () => {
  test("an editor previews an unpublished edit on the real page; nobody else ever sees it, and it isn't cached", async ({
    page,
    reader,
  }) => {
    const article = DEMO_ARTICLES[3]!
    const draftQuestion = `${article.question.replace(/\?$/, '')} (draft ${Date.now().toString(36)})?`
    await login(page, { email: writer.email, password: DEMO_PASSWORD })
    // Found by slug: the admin list shows the latest draft's title, which a retry may have changed.
    const found = await (await page.request.get(`/api/articles?where[slug][equals]=${article.key}&depth=0`)).json()
    await page.goto(`/admin/collections/articles/${found.docs[0].id}`)
    // Autosave stores the edit as a draft version; the published version is untouched.
    const autosaved = page.waitForResponse(
      (response) => response.url().includes('autosave=true') && response.request().method() === 'PATCH' && response.ok(),
    )
    await page.locator('#field-question').fill(draftQuestion)
    await autosaved

    const previewUrl = new URL('/preview', process.env.BASE_URL)
    previewUrl.searchParams.set('collection', 'articles')
    previewUrl.searchParams.set('slug', article.key)
    previewUrl.searchParams.set('secret', previewSecret())
    const preview = await page.goto(previewUrl.toString())
    expect(preview?.headers()['cache-control']).toMatch(/no-store/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(draftQuestion)
    await expect(page.getByRole('status')).toContainText('Preview')

    await reader.goto(`/articles/${article.key}`)
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(article.question)
    const refused = await reader.goto(previewUrl.toString())
    expect(refused?.status()).toBe(401)
    await reader.goto(`/articles/${article.key}`)
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(article.question)
  })
})
