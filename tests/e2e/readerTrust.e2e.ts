import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'

import { DEMO_ARTICLES, DEMO_PEOPLE } from '@/seed/demoContent'

import { expect, test } from '../helpers/fixtures'

const article = DEMO_ARTICLES.find((candidate) => candidate.symptomKeys.includes('hip-pain')) ?? DEMO_ARTICLES[0]!
const reviewer = DEMO_PEOPLE.find((person) => person.roles.includes('reviewer'))!

type Box = { name: string; x: number; y: number; width: number; height: number }

/**
 * The boxes of what a reader sees first on a page: the header's wordmark, search box and button,
 * and every heading, paragraph, list item, link and form control in the main content's first
 * screens. Boxes nested in one another (a link in its paragraph) are not compared.
 */
async function layoutBoxes(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const selectors = [
      '.site-header .wordmark',
      '.site-header input',
      '.site-header button',
      'main h1',
      'main h2',
      'main .eyebrow',
      'main .byline',
      'main .lede',
      'main .person__photo',
      'main .person__verified',
      'main .search-form input',
      'main .search-form button',
      'main .toc',
      'main .article-list > li',
      'main .region',
      'main .search-hit',
    ]
    const boxes: Array<{ name: string; x: number; y: number; width: number; height: number }> = []
    for (const selector of selectors) {
      document.querySelectorAll(selector).forEach((element, index) => {
        const rect = element.getBoundingClientRect()
        if (rect.width === 0 || rect.height === 0) return
        if (rect.top > window.innerHeight * 3) return
        boxes.push({ name: `${selector}[${index}]`, x: rect.left, y: rect.top, width: rect.width, height: rect.height })
      })
    }
    return boxes
  })
}

const contains = (a: Box, b: Box) =>
  a.x <= b.x + 0.5 && a.y <= b.y + 0.5 && a.x + a.width >= b.x + b.width - 0.5 && a.y + a.height >= b.y + b.height - 0.5
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5

/** Fails with the names of any two boxes that overlap, and of any box past the screen's right edge. */
async function expectNoOverlap(page: Page, testInfo: TestInfo, label: string) {
  const width = page.viewportSize()!.width
  const boxes = await layoutBoxes(page)
  expect(boxes.length, `${label}: nothing measured`).toBeGreaterThan(5)
  const clashes: string[] = []
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!
    if (a.x < -0.5 || a.x + a.width > width + 0.5) clashes.push(`${a.name} leaves the screen (${a.x}–${a.x + a.width})`)
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j]!
      if (overlaps(a, b) && !contains(a, b) && !contains(b, a)) clashes.push(`${a.name} overlaps ${b.name}`)
    }
  }
  expect(clashes, label).toEqual([])
  // Nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
  await testInfo.attach(`${label}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })
}

test.describe('reader trust', () => {
  test("the reviewer's profile, reached from the byline, lists the articles they reviewed", async ({ reader }) => {
    await reader.goto(`/articles/${article.key}`)
    await reader
      .getByRole('link', { name: `${reviewer.name}, ${reviewer.credentials}` })
      .first()
      .click()
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText(`${reviewer.name}, ${reviewer.credentials}`)
    const reviewed = reader.getByRole('region', { name: 'Articles reviewed' })
    // Every demo article (the demo clinician signed each); other tests may have published more.
    for (const demo of DEMO_ARTICLES) await expect(reviewed.getByRole('link', { name: demo.question })).toBeVisible()
    await expect(reviewed.getByRole('listitem').first()).toContainText(/Reviewed \d+ \w+ \d{4}/)
    await expect(reader.getByText(/credentials \(MD\) checked against our reviewer registry/)).toBeVisible()
    const { violations } = await new AxeBuilder({ page: reader }).analyze()
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  })

  test('the article page: writer and reviewer named, updated date, reading time, related articles', async ({
    reader,
  }) => {
    await reader.goto(`/articles/${article.key}`)
    const author = DEMO_PEOPLE.find((person) => person.key === article.authorKey)!
    await expect(reader.locator('.byline').first()).toHaveText(`Written by ${author.name}`)
    await expect(reader.locator('.byline').nth(1)).toContainText(/\s·\sUpdated \d+ \w+ \d{4}\s·\s\d+ min read$/)
    const related = reader.getByRole('region', { name: 'Related articles' })
    await expect(related.getByRole('listitem').first()).toBeVisible()
    await expect(related.getByRole('link', { name: article.question })).toHaveCount(0)
  })

  test('on a wide screen the contents list stays in view beside the text; printed, only the article and its sources remain', async ({
    reader,
  }) => {
    await reader.setViewportSize({ width: 1280, height: 800 })
    await reader.goto(`/articles/${article.key}`)
    const toc = reader.getByRole('navigation', { name: 'In this article' })
    const body = reader.locator('.article__body')
    const [tocBox, bodyBox] = [await toc.boundingBox(), await body.boundingBox()]
    expect(tocBox!.x).toBeGreaterThanOrEqual(bodyBox!.x + bodyBox!.width)
    await reader.getByRole('heading', { name: 'When to seek care' }).scrollIntoViewIfNeeded()
    await expect.poll(async () => (await toc.boundingBox())!.y).toBeLessThan(100)
    await expect(toc).toBeInViewport()

    await reader.emulateMedia({ media: 'print' })
    await expect(toc).toBeHidden()
    await expect(reader.locator('.site-header')).toBeHidden()
    await expect(reader.getByRole('region', { name: 'Related articles' })).toBeHidden()
    const printedLink = await reader
      .locator('.references a[href]')
      .first()
      .evaluate((link) => getComputedStyle(link, '::after').content)
    expect(printedLink).toContain('http')
  })

  test('the 404 page says so in its title, once its JavaScript has run too', async ({ reader }) => {
    for (const path of ['/articles/no-such-article', '/people/no-such-person', '/no/such/page']) {
      const response = await reader.goto(path)
      expect(response?.status()).toBe(404)
      await reader.waitForLoadState('networkidle')
      await expect(reader, path).toHaveTitle('Page not found · Causeway')
    }
  })

  test('search finds symptoms, and snippets start at the beginning of a sentence', async ({ reader }) => {
    await reader.goto('/search?q=hip+pain')
    const first = reader.locator('.search-hit').first()
    await expect(first.locator('.eyebrow')).toHaveText('Symptom')
    await expect(first.getByRole('link', { name: 'Hip pain', exact: true })).toBeVisible()
    for (const snippet of await reader.locator('.search-hit__snippet').allTextContents()) {
      expect(snippet, snippet).toMatch(/^(…\s|[A-Z0-9“"(])/)
    }
  })

  test.describe('on a phone (390 px)', () => {
    test.use({ viewport: { width: 390, height: 844 } })

    for (const [label, path] of [
      ['home', '/'],
      ['article', `/articles/${article.key}`],
      ['search', '/search?q=hip+pain'],
      ['reviewer profile', `/people/${reviewer.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`],
    ] as const) {
      test(`${label}: nothing overlaps or leaves the screen, and the search box shows its whole placeholder`, async ({
        reader,
      }, testInfo) => {
        await reader.goto(path)
        await expectNoOverlap(reader, testInfo, `phone-${label}`)
        const fits = await reader.locator('#header-q').evaluate((input: HTMLInputElement) => {
          const style = getComputedStyle(input)
          const context = document.createElement('canvas').getContext('2d')!
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
          return { text: context.measureText(input.placeholder).width, room }
        })
        expect(fits.text).toBeLessThanOrEqual(fits.room)
      })
    }

    test('article: no byline line starts with a separator', async ({ reader }) => {
      await reader.goto(`/articles/${article.key}`)
      const lineStarts = await reader.locator('.byline').evaluateAll((bylines) =>
        bylines.flatMap((byline) => {
          const left = byline.getBoundingClientRect().left
          const walker = document.createTreeWalker(byline, NodeFilter.SHOW_TEXT)
          const starts: string[] = []
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? ''
            for (let i = 0; i < text.length; i++) {
              if (text[i] !== '·') continue
              const range = document.createRange()
              range.setStart(node, i)
              range.setEnd(node, i + 1)
              if (Math.abs(range.getBoundingClientRect().left - left) < 2) starts.push(byline.textContent ?? '')
            }
          }
          return starts
        }),
      )
      expect(lineStarts).toEqual([])
    })
  })
})
