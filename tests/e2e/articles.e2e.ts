import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from '@playwright/test'

import { formatDate } from '@/plugins/common/formatDate'
import { previewSecret } from '@/lib/preview/previewSecret'
import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_ARTICLES, DEMO_CONDITIONS, DEMO_PEOPLE, DEMO_SYMPTOMS } from '@/seed/demoContent'

import { choose, typeRichText } from '../helpers/adminArticle'
import { expect, test } from '../helpers/fixtures'
import { login } from '../helpers/login'

const person = (role: 'writer' | 'reviewer' | 'editor') => {
  const found = DEMO_PEOPLE.find((candidate) => candidate.roles.includes(role))!
  return { ...found, password: DEMO_PASSWORD }
}
const writer = person('writer')
const reviewer = person('reviewer')
const editor = person('editor')
// Unique per run, so a retry (which reruns the whole serial group) writes a fresh article.
const QUESTION = `Why does my wrist ache after a day of typing (${Date.now().toString(36)})?`
const [first, second] = [DEMO_CONDITIONS[0]!, DEMO_CONDITIONS[1]!]

async function noAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([])
}

/** A logged-in admin session of its own for `who`, closed with the browser. */
async function staffPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await login(page, who)
  return page
}

// The article the writer creates in the first test; the serial tests after it work on it.
let articleId = ''

/** Opens the test article's edit view. */
async function openArticle(page: Page) {
  expect(articleId).not.toBe('')
  await page.goto(`/admin/collections/articles/${articleId}`)
  await expect(page.getByRole('heading', { name: 'Medical review' })).toBeVisible()
}

const panel = (page: Page) => page.locator('.review-panel')

/**
 * Leaves the edit view, which releases Payload's document lock, so the next person to open the
 * article can edit it rather than finding it locked by someone else.
 */
async function handOff(page: Page) {
  await page.goto('/admin')
  await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible()
}

/** Runs one review action from the panel (its button, then the form's confirm button). */
async function sign(page: Page) {
  await panel(page).getByTestId('signature').getByRole('checkbox').check()
  await panel(page).getByLabel('Your password').fill(DEMO_PASSWORD)
}

async function reviewAction(
  page: Page,
  action: string,
  fields: Record<string, string> = {},
  option?: { label: string; value: string },
) {
  await panel(page).getByRole('button', { name: action, exact: true }).click()
  for (const [label, value] of Object.entries(fields)) await panel(page).getByLabel(label).fill(value)
  if (option) {
    // Reviewers are listed with their credentials and specialties: pick the one with this name.
    const select = panel(page).getByLabel(option.label, { exact: true })
    const choice = select.locator('option', { hasText: option.value })
    await select.selectOption((await choice.getAttribute('value'))!)
  }
  // A decision is an electronic signature: its meaning confirmed, the password re-entered.
  if (action === 'Approve' || action === 'Request changes') await sign(page)
  await panel(page)
    .getByRole('button', { name: `Confirm: ${action.toLowerCase()}` })
    .click()
}

// Each test walks a whole hand-off between three people in three browser sessions; on a
// 2-core machine that takes longer than the default minute (this is not a speed check).
test.describe.configure({ mode: 'serial', timeout: 300_000 })

test.describe('cause articles end to end', () => {
  test('writer drafts and submits → reviewer requests changes → writer fixes and resubmits → reviewer approves → editor publishes → reader sees byline and history', async ({
    browser,
    page,
    reader,
  }) => {
    await login(page, writer)
    await page.goto('/admin/collections/articles/create')
    await page.waitForURL(/\/admin\/collections\/articles\/\d+/)
    articleId = /articles\/(\d+)/.exec(page.url())![1]!
    await page.getByLabel('Question').fill(QUESTION)
    await page
      .getByLabel('Summary')
      .fill('Aching wrists after long typing sessions usually come from tired tendons or a squeezed nerve.')
    await typeRichText(page, 'intro', 'Hours at a keyboard ask a lot of small muscles and tendons.')
    for (const [index, cause] of [first, second].entries()) {
      await page.getByRole('button', { name: 'Add Cause' }).click()
      await page.locator(`#field-causes__${index}__heading`).fill(`Cause ${index + 1}: ${cause.name}`)
      await choose(page, `causes.${index}.conditions`, cause.name)
      await typeRichText(page, `causes.${index}.explanation`, `An explanation of ${cause.name.toLowerCase()}.`)
    }
    await typeRichText(page, 'whenToSeekCare', 'See a clinician if the hand goes numb or weak.')
    // The writer cannot publish: the panel offers only "Submit for review".
    await expect(panel(page).getByRole('button', { name: 'Publish signed version' })).toHaveCount(0)
    // Nor is Payload's own publish button offered (the plugin asks the host's mayPublish on the server).
    await expect(page.getByRole('button', { name: 'Publish changes' })).toHaveCount(0)
    await reviewAction(
      page,
      'Submit for review',
      { 'For the reviewer: what changed and why (internal)': 'New article on wrist pain.' },
      { label: 'Reviewer', value: reviewer.name },
    )
    await expect(page.getByTestId('review-stage')).toHaveText('In review')
    await handOff(page)

    const clinician = await staffPage(browser, reviewer)
    const waiting = clinician.locator('[data-queue="waiting"]')
    await expect(waiting.locator('[data-count]')).not.toHaveText('0')
    await waiting.getByRole('link', { name: `Article: ${QUESTION}` }).click()
    await expect(clinician.getByTestId('review-stage')).toHaveText('In review')
    await reviewAction(clinician, 'Request changes', { 'What needs to change': 'Say when numbness needs urgent care.' })
    await expect(clinician.getByTestId('review-stage')).toHaveText('Changes requested')
    await handOff(clinician)

    await openArticle(page)
    const checklist = panel(page).getByTestId('review-checklist')
    await expect(checklist).toContainText('Say when numbness needs urgent care.')
    await typeRichText(page, 'whenToSeekCare', ' Numbness that spreads or comes with weakness needs care the same day.')
    await checklist.getByLabel('Your answer: what you changed, or why not').fill('Added when to get same-day care.')
    await checklist.getByRole('button', { name: 'Save answer' }).click()
    await expect(panel(page).getByTestId('review-checklist')).toContainText('answered')
    await reviewAction(page, 'Submit for review', {
      'For the reviewer: what changed and why (internal)': 'Added when numbness is urgent, as asked.',
    })
    await expect(page.getByTestId('review-stage')).toHaveText('In review')
    await handOff(page)

    await openArticle(clinician)
    // The reviewer confirms how long the sign-off lasts (the article proposed 12 months).
    await panel(clinician).getByRole('button', { name: 'Approve', exact: true }).click()
    await expect(panel(clinician).getByLabel('Due for review again in (months)')).toHaveValue('12')
    await panel(clinician).getByLabel('Comments (optional)').fill('Accurate and safe.')
    await panel(clinician).getByLabel('Due for review again in (months)').fill('6')
    await sign(clinician)
    await panel(clinician).getByRole('button', { name: 'Confirm: approve' }).click()
    await expect(clinician.getByTestId('review-stage')).toHaveText('Approved')
    await expect(clinician.getByTestId('sign-off-status')).toHaveText('Signed off')
    await handOff(clinician)

    const editorPage = await staffPage(browser, editor)
    await openArticle(editorPage)
    // One publish action: the panel's. Payload's own button (which would publish the newest
    // draft, not the signed version) is not offered.
    await expect(editorPage.getByRole('button', { name: 'Publish changes' })).toHaveCount(0)
    await panel(editorPage).getByRole('button', { name: 'Publish signed version' }).click()
    await expect(editorPage.getByTestId('review-stage')).toHaveText('Published')
    await handOff(editorPage)

    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(QUESTION)
    await expect(reader.locator('.byline').first()).toHaveText(`Written by ${writer.name}`)
    await expect(reader.locator('.byline').nth(1)).toContainText(
      new RegExp(
        `^Medically reviewed by ${reviewer.name}, ${reviewer.credentials}\\s·\\sUpdated \\d+ \\w+ \\d{4}\\s·\\s\\d+ min read$`,
      ),
    )
    await expect(reader.locator('.review-dates')).toContainText(
      /Last reviewed \d+ \w+ \d{4}\s·\sNext review due \d+ \w+ \d{4}/,
    )
    const due = new Date()
    due.setUTCMonth(due.getUTCMonth() + 6)
    await expect(reader.locator('.review-dates')).toContainText(`Next review due ${formatDate(due.toISOString())}`)
    // The history credits the review; the change note the reviewer read is internal and never shown.
    await expect(reader.locator('.history')).toContainText(`Medically reviewed by ${reviewer.name}`)
    await expect(reader.locator('.history')).not.toContainText('Added when numbness is urgent, as asked.')
    await expect(reader.getByRole('heading', { level: 3 })).toHaveText([
      `1Cause 1: ${first.name}`,
      `2Cause 2: ${second.name}`,
    ])
    await reader.getByRole('link', { name: second.name, exact: true }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(second.name)
    await reader.getByRole('link', { name: QUESTION }).click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(QUESTION)
  })

  test('an SEO title is signed like the question it replaces: not published until reviewed, then the next reader request shows it', async ({
    browser,
    page,
    reader,
  }) => {
    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    await reader.waitForURL(/\/articles\//)
    const articleUrl = reader.url()
    // Load twice so the page is certainly being served from the cache before the edit.
    await reader.reload()
    await expect(reader).toHaveTitle(new RegExp(QUESTION.replace(/[()?]/g, '.')))

    await login(page, writer)
    await openArticle(page)
    await page.getByRole('button', { name: 'SEO', exact: true }).click()
    // @payloadcms/plugin-seo's title input, with its translations and this field's 70-character limit.
    await expect(page.getByText('This should be between 50 and 70 characters.', { exact: false })).toBeVisible()
    const autosaved = page.waitForResponse(
      (r) => r.url().includes('autosave=true') && r.request().method() === 'PATCH' && r.ok(),
    )
    await page.locator('#field-meta__title').fill('Wrist ache from typing: the usual causes')
    await autosaved
    await page.reload()
    await expect(page.getByTestId('sign-off-status')).toHaveText(/Stale/)
    await handOff(page)

    // Publishing now would send out the signed version: the new title stays in the draft.
    const editorPage = await staffPage(browser, editor)
    await openArticle(editorPage)
    await expect(editorPage.getByTestId('publishes-signed-version')).toContainText('sends out the signed version')
    await handOff(editorPage)
    await reader.goto(articleUrl)
    await expect(reader).toHaveTitle(new RegExp(QUESTION.replace(/[()?]/g, '.')))

    await openArticle(page)
    await reviewAction(
      page,
      'Submit for review',
      { 'For the reviewer: what changed and why (internal)': 'A clearer title for search results.' },
      { label: 'Reviewer', value: reviewer.name },
    )
    await expect(page.getByTestId('review-stage')).toHaveText('In review')
    await handOff(page)
    const clinician = await staffPage(browser, reviewer)
    await openArticle(clinician)
    await reviewAction(clinician, 'Approve')
    await expect(clinician.getByTestId('review-stage')).toHaveText('Approved')
    await handOff(clinician)
    await openArticle(editorPage)
    await panel(editorPage).getByRole('button', { name: 'Publish signed version' }).click()
    await expect(editorPage.getByTestId('review-stage')).toHaveText('Published')
    await handOff(editorPage)

    await reader.goto(articleUrl)
    await expect(reader).toHaveTitle(/Wrist ache from typing: the usual causes/)
    await expect(reader.locator('.history')).toContainText(`Medically reviewed by ${reviewer.name}`)
    await expect(reader.locator('.history')).not.toContainText('A clearer title for search results.')
  })

  test("after the writer edits a cause, the editor's publish sends out the signed version and the edit stays in the draft", async ({
    browser,
    page,
    reader,
  }) => {
    await login(page, writer)
    await openArticle(page)
    // Payload reopens the tab last used (SEO, in the test before).
    await page.getByRole('button', { name: 'Clinical content', exact: true }).click()
    const autosaved = page.waitForResponse(
      (r) => r.url().includes('autosave=true') && r.request().method() === 'PATCH' && r.ok(),
    )
    await page.locator('#field-causes__0__heading').fill('Overworked forearm tendons')
    await autosaved
    await handOff(page)

    const editorPage = await staffPage(browser, editor)
    await expect
      .poll(async () => {
        await openArticle(editorPage)
        return editorPage.getByTestId('sign-off-status').textContent()
      })
      .toMatch(/Stale/)
    await expect(editorPage.getByTestId('publishes-signed-version')).toContainText('sends out the signed version')
    const published = editorPage.waitForResponse((r) => r.url().endsWith('/publish') && r.ok())
    await panel(editorPage).getByRole('button', { name: 'Publish signed version' }).click()
    await published

    await reader.goto('/')
    await reader.getByRole('link', { name: QUESTION }).click()
    await expect(reader.getByRole('heading', { level: 3 }).first()).toHaveText(`1Cause 1: ${first.name}`)
    // The writer's edit is still the working draft.
    await openArticle(editorPage)
    await editorPage.getByRole('button', { name: 'Clinical content', exact: true }).click()
    await expect(editorPage.locator('#field-causes__0__heading')).toHaveValue('Overworked forearm tendons')
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
      '/search?q=pain',
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
    await login(page, writer)
    // Found by slug: the admin list shows the latest draft's title, which a retry may have changed.
    const found = await (await page.request.get(`/api/articles?where[slug][equals]=${article.key}&depth=0`)).json()
    await page.goto(`/admin/collections/articles/${found.docs[0].id}`)
    // Autosave stores the edit as a draft version; the published version is untouched.
    const autosaved = page.waitForResponse(
      (response) =>
        response.url().includes('autosave=true') && response.request().method() === 'PATCH' && response.ok(),
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

test.describe('live preview', () => {
  test("the admin's live preview re-renders the framed page after each autosave (RefreshRouteOnSave)", async ({
    page,
  }) => {
    const article = DEMO_ARTICLES[3]!
    const edited = `${article.question.replace(/\?$/, '')} (live ${Date.now().toString(36)})?`
    await login(page, writer)
    const found = await (await page.request.get(`/api/articles?where[slug][equals]=${article.key}&depth=0`)).json()
    await page.goto(`/admin/collections/articles/${found.docs[0].id}`)
    await page.getByRole('button', { name: 'Live Preview', exact: true }).click()
    const frame = page.frameLocator('iframe').first()
    await expect(frame.getByRole('status')).toContainText('Preview')
    // A mark on the framed window: still there afterwards means it re-rendered in place, not reloaded.
    await frame.locator('body').evaluate(() => Object.assign(window, { notReloaded: true }))

    const autosaved = page.waitForResponse(
      (response) =>
        response.url().includes('autosave=true') && response.request().method() === 'PATCH' && response.ok(),
    )
    await page.locator('#field-question').fill(edited)
    await autosaved
    // The page asks the server for a fresh render when the admin says it saved.
    await expect(frame.getByRole('heading', { level: 1 })).toHaveText(edited)
    expect(
      await frame.locator('body').evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true)
  })
})
