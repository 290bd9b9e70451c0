import { expect, type Page } from '@playwright/test'

import { E2E_ADMIN } from './seedUsers'

/** Logs into the admin panel through its login form and waits for the dashboard. */
export async function login(page: Page, user: { email: string; password: string } = E2E_ADMIN): Promise<void> {
  await page.goto('/admin/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Login' }).click()
  await page.waitForURL(/\/admin\/?$/)
  await expect(page.getByRole('heading', { name: 'Symptoms' })).toBeVisible()
}
