import { expect, test } from '@playwright/test'

import { login } from '../helpers/login'
import { E2E_ADMIN } from '../helpers/seedUsers'

test.describe('admin panel', () => {
  test('refuses a wrong password and says so', async ({ page }) => {
    await page.goto('/admin/login')
    await page.getByLabel('Email').fill(E2E_ADMIN.email)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Login' }).click()
    await expect(page.getByText(/email or password provided is incorrect/i)).toBeVisible()
    await expect(page).toHaveURL(/\/admin\/login/)
  })

  test('an admin logs in and sees the collections', async ({ page }) => {
    await login(page)
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Symptoms' })).toBeVisible()
  })

  test('an admin creates a user with a role, who can then log in', async ({ page, browser }) => {
    await login(page)
    await page.goto('/admin/collections/users/create')
    await page.getByLabel('Email').fill('new.editor@causeway.test')
    await page.getByLabel('New Password').fill('a-new-editor-password')
    await page.getByLabel('Confirm Password').fill('a-new-editor-password')
    await page.getByLabel('Name').fill('Nia New-Editor')
    await page.getByRole('combobox').click()
    await page.getByRole('option', { name: 'Editor' }).click()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText(/successfully created/i)).toBeVisible()

    const other = await browser.newContext()
    const newcomer = await other.newPage()
    await login(newcomer, { email: 'new.editor@causeway.test', password: 'a-new-editor-password' })
    await other.close()
  })

  test('a symptom created in the admin has its page, and stays off the home page until a published article is about it', async ({
    page,
  }) => {
    await login(page)
    await page.goto('/admin/collections/symptoms/create')
    await page.getByLabel('Name').fill('Hip pain when walking')
    await page.getByRole('combobox').click()
    await page.getByRole('option', { name: 'Hips and legs' }).click()
    await page.getByLabel('Summary').fill('Aching at the side or front of the hip that comes on with steps.')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByText(/successfully created/i)).toBeVisible()

    await page.goto('/symptoms/hip-pain-when-walking')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hip pain when walking')
    await expect(page.getByText(/comes on with steps/)).toBeVisible()
    // The home page lists symptoms readers can read about: a demo article is about hip pain, none about this.
    await page.goto('/')
    const region = page.getByRole('region', { name: 'Hips and legs' })
    await expect(region.getByRole('link', { name: 'Hip pain', exact: true })).toBeVisible()
    await expect(region.getByText('Hip pain when walking')).toHaveCount(0)
  })
})
