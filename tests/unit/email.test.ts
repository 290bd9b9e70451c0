import type { Payload } from 'payload'
import { describe, expect, it, vi } from 'vitest'

import { emailAdapter, parseFrom } from '@/lib/email'

describe('parseFrom', () => {
  it('splits "Name <address>" and defaults a bare address to the site name', () => {
    expect(parseFrom('Causeway Reviews <reviews@example.org>')).toEqual({ name: 'Causeway Reviews', address: 'reviews@example.org' })
    expect(parseFrom('reviews@example.org')).toEqual({ name: 'Causeway', address: 'reviews@example.org' })
    expect(parseFrom(undefined).address).toBe('no-reply@causeway.local')
  })
})

describe('emailAdapter without SMTP_URL', () => {
  const logger = { info: vi.fn(), warn: vi.fn() }
  const payload = { logger } as unknown as Payload

  it('writes each e-mail to the log instead of sending it', async () => {
    const adapter = emailAdapter({ NODE_ENV: 'development' } as NodeJS.ProcessEnv)({ payload })
    expect(adapter.name).toBe('log')
    await adapter.sendEmail({ to: 'dr@example.org', subject: 'Re-review due: Why?', text: 'Please look again.' })
    expect(logger.info).toHaveBeenCalledWith({ msg: 'E-mail to dr@example.org: Re-review due: Why?', text: 'Please look again.' })
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('warns in production that nothing is sent', () => {
    emailAdapter({ NODE_ENV: 'production' } as NodeJS.ProcessEnv)({ payload })
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/SMTP_URL is not set/))
  })

  it('uses SMTP when SMTP_URL is set', () => {
    expect(emailAdapter({ SMTP_URL: 'smtp://localhost:2525' } as unknown as NodeJS.ProcessEnv)({ payload }).name).toBe('smtp')
  })
})
