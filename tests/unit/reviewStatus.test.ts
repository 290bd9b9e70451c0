import type { Field } from 'payload'
import { describe, expect, it } from 'vitest'

import { changedFieldLabels, type SignedFields } from '@/plugins/medicalReview/clinicalHash'
import { signOffStatus } from '@/plugins/medicalReview/status'

describe('signOffStatus', () => {
  const now = new Date('2026-11-26T12:00:00Z')
  const signOff = { hash: 'a'.repeat(64), nextReviewDue: '2027-11-26T12:00:00Z' }

  it('is none without a sign-off', () => {
    expect(signOffStatus({ contentHash: 'a'.repeat(64), signOff: {} }, now)).toBe('none')
    expect(signOffStatus({ contentHash: 'a'.repeat(64), signOff: null }, now)).toBe('none')
  })

  it('is valid while the content is the signed content and the review date is ahead', () => {
    expect(signOffStatus({ contentHash: 'a'.repeat(64), signOff }, now)).toBe('valid')
  })

  it('is stale once the content differs from what was signed, whatever the date', () => {
    expect(signOffStatus({ contentHash: 'b'.repeat(64), signOff }, now)).toBe('stale')
    expect(
      signOffStatus({ contentHash: 'b'.repeat(64), signOff: { ...signOff, nextReviewDue: '2020-01-01' } }, now),
    ).toBe('stale')
  })

  it('is expired from the moment the review falls due', () => {
    expect(
      signOffStatus({ contentHash: 'a'.repeat(64), signOff: { ...signOff, nextReviewDue: now.toISOString() } }, now),
    ).toBe('expired')
  })
})

describe('changedFieldLabels', () => {
  const fields: SignedFields = {
    fields: [
      { name: 'question', type: 'text' },
      { name: 'causes', label: 'Possible causes', type: 'array', fields: [] },
      { name: 'whenToSeekCare', type: 'richText' },
    ] as unknown as Field[],
    whenSet: [],
  }
  const signed = { question: 'Why?', causes: [{ heading: 'A' }], whenToSeekCare: null }

  it('names exactly the clinical fields whose content changed, by label', () => {
    expect(
      changedFieldLabels(fields, signed, { ...signed, causes: [{ heading: 'B' }], whenToSeekCare: { root: {} } }),
    ).toEqual(['Possible causes', 'When To Seek Care'])
  })

  it('names nothing when only key order differs', () => {
    expect(
      changedFieldLabels(fields, signed, { whenToSeekCare: null, causes: [{ heading: 'A' }], question: 'Why?' }),
    ).toEqual([])
  })
})
