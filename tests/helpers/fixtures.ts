import { test as base, type Page } from '@playwright/test'

/** `reader`: an anonymous visitor in a browser context of their own, closed after the test. */
export const test = base.extend<{ reader: Page }>({
  reader: async ({ browser }, use) => {
    const context = await browser.newContext()
    await use(await context.newPage())
    await context.close()
  },
})

export { expect } from '@playwright/test'
