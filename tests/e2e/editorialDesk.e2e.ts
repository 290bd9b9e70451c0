/**
 * The editorial desk, as a writer, a reviewer and an editor meet it in three browsers: clinical
 * content locked in review (withdrawing tells the reviewer), the reviewer's diff and checklist,
 * sign-off as an electronic signature, the editor's queue and one publish action, a clinical
 * unpublish that needs a new review, and an e-mail for each step — once — in a real SMTP server.
 */
import type { Browser, Page } from '@playwright/test'

import { paragraphs } from '@/lib/richText/paragraphs'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'
import { DEMO_PASSWORD } from '@/seed/demoAccounts'
import { DEMO_PEOPLE } from '@/seed/demoContent'

import { expect, test } from '../helpers/fixtures'
import { login } from '../helpers/login'
import { sunkMail } from '../helpers/smtpSink'

const person = (key: string) => {
  const found = DEMO_PEOPLE.find((candidate) => candidate.key === key)!
  return { ...found, password: DEMO_PASSWORD }
}
const writer = person('maya-writer')
const reviewer = person('priya-reviewer')
const editor = person('hannah-editor')

/** Screenshots for the README when SCREENSHOTS=1 (never in CI). */
const shoot = async (page: Page, name: string) => {
  if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: `docs/images/${name}.png`, fullPage: true })
}

async function staffPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage()
  await login(page, who)
  return page
}

/** A request from the page itself: the staff cookie with the admin's origin, as the panel sends it. */
async function api<T = Record<string, unknown>>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        credentials: 'include',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, body: await response.json().catch(() => ({})) }
    },
    { method, path, body },
  )
}

const panel = (page: Page) => page.locator('.review-panel')
const mailFile = () => process.env.MAIL_SINK_FILE!

test('writer, reviewer and editor: locked review, diff and checklist, e-signature, one publish, clinical unpublish, one e-mail per step', async ({
  browser,
  reader,
}) => {
  test.setTimeout(480_000)
  const writerPage = await staffPage(browser, writer)
  const reviewerPage = await staffPage(browser, reviewer)
  const editorPage = await staffPage(browser, editor)
  const marker = Date.now().toString(36)
  const question = `Why does my shoulder ache after sleeping on it (${marker})?`

  // The writer drafts an article and submits it to the reviewer (the panel's submit form).
  const created = await api<{ doc: { id: number; slug: string } }>(writerPage, 'POST', '/api/articles?draft=true', {
    question,
    summary: 'Shoulder aches after sleep are usually from pressure on the joint and settle within the day.',
    intro: paragraphs('Lying on one shoulder for hours squeezes the tissues around the joint.'),
    causes: [
      { heading: 'Pressure on the rotator cuff', explanation: paragraphs('The tendons are squeezed between bones.') },
      { heading: 'Frozen shoulder', explanation: paragraphs('The joint capsule stiffens over months.') },
    ],
    whenToSeekCare: paragraphs('See a doctor if the pain wakes you every night or the arm is weak.'),
    specialties: ['musculoskeletal'],
  })
  expect(created.status).toBe(201)
  const { id, slug } = created.body.doc
  const editUrl = `/admin/collections/articles/${id}`
  await writerPage.goto(editUrl)
  await panel(writerPage).getByRole('button', { name: 'Submit for review' }).click()
  await writerPage.getByLabel('For the reviewer: what changed and why (internal)').fill('New article on shoulder pain.')
  await writerPage.getByLabel('For readers, optional: one line on what changed').fill('First published.')
  // Eligible reviewers come with their credentials and specialties, best match first.
  const choice = writerPage.locator('#review-reviewer option', { hasText: reviewer.name })
  await expect(choice).toContainText('MD')
  await expect(choice).toContainText('Musculoskeletal')
  await writerPage.locator('#review-reviewer').selectOption({ label: (await choice.textContent())!.trim() })
  await panel(writerPage).getByRole('button', { name: 'Confirm: submit for review' }).click()
  await expect(panel(writerPage).getByTestId('review-stage')).toHaveText('In review')

  // In review, the clinical content is locked: read-only in the admin, and refused over the API.
  await expect(panel(writerPage).getByTestId('content-locked')).toBeVisible()
  await expect(writerPage.locator('#field-summary')).not.toBeEditable()
  const sneaky = await api(writerPage, 'PATCH', `/api/articles/${id}?draft=true`, { summary: 'Changed in review.' })
  expect(sneaky.status).toBe(409)
  expect(JSON.stringify(sneaky.body)).toMatch(/locked.*Withdraw from review/)

  // The writer withdraws it, saying why; the reviewer's dashboard shows it.
  await panel(writerPage).getByRole('button', { name: 'Withdraw from review' }).click()
  await writerPage.getByLabel('Why (the reviewer is told)').fill('I need to add the sleeping position advice.')
  await panel(writerPage).getByRole('button', { name: 'Confirm: withdraw from review' }).click()
  await expect(panel(writerPage).getByTestId('review-stage')).toHaveText('Draft')
  await reviewerPage.goto('/admin')
  const withdrawn = reviewerPage.locator('[data-queue="withdrawn"]')
  await expect(withdrawn).toContainText(question)
  await expect(withdrawn).toContainText('I need to add the sleeping position advice.')

  // Resubmitted (through the same endpoint the panel uses), the reviewer asks for a change.
  const submit = (note: string) =>
    api(writerPage, 'POST', `/api/articles/${id}/submit`, { changeNote: note, reviewer: reviewerId })
  const reviewerId = (
    await api<{ docs: Array<{ id: number }> }>(
      writerPage,
      'GET',
      `/api/users?where[name][equals]=${encodeURIComponent(reviewer.name)}&depth=0`,
    )
  ).body.docs[0]!.id
  expect((await submit('New article on shoulder pain.')).status).toBe(200)
  // Each hands off as people do: leaving the edit view releases their document lock.
  await writerPage.goto('/admin')
  await reviewerPage.goto('/admin')
  await expect(reviewerPage.locator('[data-queue="waiting"]')).toContainText(question)
  await shoot(reviewerPage, 'dashboard-reviewer')
  await reviewerPage.goto(editUrl)
  await panel(reviewerPage).getByRole('button', { name: 'Request changes' }).click()
  await reviewerPage.getByLabel('What needs to change').fill('Say which sleeping position helps.')
  await reviewerPage.getByLabel(SIGNATURE_MEANINGS['changes-requested']).check()
  await reviewerPage.getByLabel('Your password').fill(reviewer.password)
  await panel(reviewerPage).getByRole('button', { name: 'Confirm: request changes' }).click()
  await expect(panel(reviewerPage).getByTestId('review-stage')).toHaveText('Changes requested')
  await reviewerPage.goto('/admin')

  // The writer's dashboard lists it under "changes requested".
  await writerPage.goto('/admin')
  await expect(writerPage.locator('[data-queue="changes"]')).toContainText(question)
  await shoot(writerPage, 'dashboard-writer')

  // The writer edits, answers the request in the checklist, and resubmits.
  await writerPage.goto(editUrl)
  const checklist = panel(writerPage).getByTestId('review-checklist')
  await expect(checklist).toContainText('Say which sleeping position helps.')
  const summary = 'Shoulder aches after sleep are usually from pressure on the joint; sleeping on your back helps.'
  const saved = writerPage.waitForResponse(
    (r) => r.url().includes('autosave=true') && Boolean(r.request().postData()?.includes('sleeping on your back')),
  )
  await writerPage.locator('#field-summary').fill(summary)
  expect((await saved).status()).toBe(200)
  await checklist.getByLabel('Your answer: what you changed, or why not').fill('Added: sleeping on your back helps.')
  await checklist.getByRole('button', { name: 'Save answer' }).click()
  await expect(panel(writerPage).getByTestId('review-checklist')).toContainText('answered')
  expect((await submit('Added the sleeping position, as asked.')).status).toBe(200)
  await writerPage.goto('/admin')

  // The reviewer sees the clinical diff — the changed words, by field — and the answered checklist.
  await reviewerPage.goto(editUrl)
  const diff = panel(reviewerPage).getByTestId('review-diff')
  await expect(diff).toContainText('Summary')
  await expect(diff.locator('ins').first()).toBeVisible()
  await expect(diff).toContainText('back helps')
  await expect(panel(reviewerPage).getByTestId('review-checklist')).toContainText('Added: sleeping on your back helps.')
  await shoot(reviewerPage, 'review-diff')

  // Sign-off is an electronic signature: a wrong password is refused, the right one recorded.
  await panel(reviewerPage).getByRole('button', { name: 'Approve', exact: true }).click()
  await reviewerPage.getByLabel(SIGNATURE_MEANINGS.approve).check()
  await reviewerPage.getByLabel('Your password').fill('not-my-password')
  await shoot(reviewerPage, 'sign-off-dialog')
  await panel(reviewerPage).getByRole('button', { name: 'Confirm: approve' }).click()
  await expect(panel(reviewerPage).getByRole('alert')).toContainText(
    'That password is not right, so nothing was signed',
  )
  await expect(panel(reviewerPage).getByTestId('review-stage')).toHaveText('In review')
  await reviewerPage.getByLabel('Your password').fill(reviewer.password)
  await panel(reviewerPage).getByRole('button', { name: 'Confirm: approve' }).click()
  await expect(panel(reviewerPage).getByTestId('review-stage')).toHaveText('Approved')
  await reviewerPage.goto('/admin')
  const ledger = await api<{ docs: Array<Record<string, unknown>> }>(
    editorPage,
    'GET',
    `/api/reviews?where[subjectId][equals]=${id}&sort=-id&limit=1&depth=0`,
  )
  expect(ledger.body.docs[0]).toMatchObject({
    decision: 'approve',
    reviewerName: reviewer.name,
    signatureMeaning: SIGNATURE_MEANINGS.approve,
    signatureMethod: 'password',
  })

  // The editor's dashboard lists it as ready; one publish action sends out the signed version.
  await editorPage.goto('/admin')
  await expect(editorPage.locator('[data-queue="approved"]')).toContainText(question)
  await shoot(editorPage, 'dashboard-editor')
  await editorPage.goto(editUrl)
  await expect(editorPage.getByRole('button', { name: 'Publish changes' })).toHaveCount(0)
  await panel(editorPage).getByRole('button', { name: 'Publish signed version' }).click()
  await expect(panel(editorPage).getByTestId('review-stage')).toHaveText('Published')
  const page = await reader.goto(`/articles/${slug}`)
  expect(page?.status()).toBe(200)
  // The signed summary is what search results and cards show.
  await expect(reader.locator('meta[name="description"]')).toHaveAttribute('content', /sleeping on your back helps/)
  // The internal note never reaches readers.
  await expect(reader.getByText('Added the sleeping position, as asked.')).toHaveCount(0)

  // A clinical unpublish withdraws the sign-off: publishing again needs a new review.
  await panel(editorPage).getByRole('button', { name: 'Unpublish' }).click()
  await editorPage.getByLabel('Reason for unpublishing (recorded)').fill('The advice on sleep positions is disputed.')
  await editorPage.getByLabel(/A clinical reason: withdraw the sign-off/).check()
  await panel(editorPage).getByRole('button', { name: 'Confirm: unpublish' }).click()
  await expect(panel(editorPage).getByTestId('review-stage')).toHaveText('Unpublished')
  await expect(panel(editorPage).getByTestId('gate-message')).toContainText('withdrew the sign-off')
  await expect(panel(editorPage).getByRole('button', { name: 'Publish signed version' })).toBeDisabled()
  expect((await api(editorPage, 'POST', `/api/articles/${id}/publish`)).status).toBe(409)
  await expect.poll(async () => (await reader.goto(`/articles/${slug}`))?.status(), { timeout: 5_000 }).toBe(404)

  // One e-mail per step and recipient, through the SMTP server. Every editor hears of the
  // approval (other tests may have made more editors), so those are checked for duplicates only.
  const expected: Array<[string, RegExp, number]> = [
    [reviewer.email, /^Submitted for review/, 3],
    [reviewer.email, /^Withdrawn from review/, 1],
    [writer.email, /^Changes requested/, 1],
    [writer.email, /^Signed off/, 1],
    [editor.email, /^Signed off/, 1],
    [writer.email, /^Published/, 1],
    [reviewer.email, /^Published/, 1],
    [writer.email, /^Unpublished/, 1],
    [reviewer.email, /^Unpublished/, 1],
  ]
  const mine = () => sunkMail(mailFile()).filter((mail) => mail.subject.includes(question))
  const counts = () =>
    expected.map(
      ([address, pattern]) => mine().filter((mail) => mail.to.includes(address) && pattern.test(mail.subject)).length,
    )
  await expect.poll(counts, { timeout: 15_000 }).toEqual(expected.map(([, , count]) => count))
  // Nobody got any step twice (three submissions are three steps).
  const perStep = new Map<string, number>()
  for (const mail of mine()) {
    const key = `${mail.to.join(',')} ${mail.subject}`
    perStep.set(key, (perStep.get(key) ?? 0) + 1)
  }
  const submissions = `${reviewer.email} ${mine().find((mail) => mail.subject.startsWith('Submitted'))?.subject}`
  expect([...perStep].filter(([key, count]) => count > (key === submissions ? 3 : 1))).toEqual([])
  // The e-mail says what happened and links to the article in the admin.
  const approval = mine().find((mail) => mail.to.includes(writer.email) && mail.subject.startsWith('Signed off'))
  expect(approval?.text.replace(/=\r?\n/g, '')).toContain(`/admin/collections/articles/${id}`)
})
