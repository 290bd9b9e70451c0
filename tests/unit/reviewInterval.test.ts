import { describe, expect, it } from 'vitest'

import { REVIEW_INTERVAL, reviewIntervalProblem } from '@/plugins/medicalReview/reviewInterval'

describe('reviewIntervalProblem', () => {
  it('accepts whole months within the bounds, and no value (the default)', () => {
    for (const months of [REVIEW_INTERVAL.min, 12, REVIEW_INTERVAL.max, null, undefined])
      expect(reviewIntervalProblem(months)).toBeNull()
  })

  it('refuses what would let a sign-off last for ever or not at all, naming the bounds', () => {
    for (const months of [1200, 37, 0, -1, 1.5, Number.NaN, '12', Number.POSITIVE_INFINITY]) {
      expect(reviewIntervalProblem(months)).toMatch(/whole number of months from 1 to 36/)
    }
  })
})
