import type { Page } from '@playwright/test'

/** Types into one of Payload's Lexical rich-text fields, found by its field path. */
export async function typeRichText(page: Page, path: string, text: string): Promise<void> {
  const editor = page.locator(`[data-field-path="${path}"]`).getByRole('textbox')
  await editor.click()
  await editor.pressSequentially(text)
}

/** Picks an option in a relationship/select field, found by its field path. */
export async function choose(page: Page, path: string, option: string): Promise<void> {
  await page
    .locator(`#field-${path.replace(/\./g, '__')}`)
    .getByRole('combobox')
    .click()
  await page.getByRole('option', { name: option, exact: true }).click()
}
