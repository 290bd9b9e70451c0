import { formatErrors } from 'payload'
import { describe, expect, it } from 'vitest'

import { Refusal } from '@/lib/refusal'
import { WorkflowError } from '@/plugins/medicalReview/errors'
import { PublishRefused } from '@/plugins/medicalReview/gate'

/**
 * What a refusal looks like to Payload's error formatter in a production build: the class is
 * minified to a nameless one, and the formatter does not recognise it as its own APIError (the
 * hook that threw it was bundled apart from the route that formats it). Only the error's own
 * fields are left.
 */
function asSeenInProduction(error: Error & { status?: number; data?: unknown }): Record<string, unknown> {
  return Object.assign(new Error(error.message), { name: error.name, status: error.status, data: error.data }) as never
}

describe('refusals keep their message through Payload’s error formatter in a production build', () => {
  const refusals = [
    new Refusal('This image is shown on a published page.', 409, { reason: 'media-in-use' }),
    new WorkflowError('Unpublish it first.', 409, 'unpublish-before-delete'),
    new PublishRefused({ ok: false, hash: 'x', reason: 'stale', message: 'The content changed since the sign-off.' }),
  ]

  it.each(refusals.map((error) => [error.name, error] as const))('%s', (_name, error) => {
    expect(formatErrors(asSeenInProduction(error)).errors?.[0]?.message).toBe(error.message)
    expect(error.status).toBeGreaterThanOrEqual(400)
  })

  it('the name is fixed, not the (minifiable) class name', () => {
    class Minified extends Refusal {}
    Object.defineProperty(Minified, 'name', { value: '' })
    expect(new Minified('x', 400, {}).name).toBe('Refusal')
  })

  it('a nameless error — what a bare APIError becomes — loses its message (why these classes exist)', () => {
    const bare = Object.assign(new Error('Unpublish it first.'), { name: '' }) as never as Record<string, unknown>
    expect(formatErrors(bare).errors?.[0]?.message).toBe('An unknown error occurred.')
  })
})
