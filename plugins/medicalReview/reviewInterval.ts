/** How long a sign-off may last before its clinical re-review, in whole months. */
export const REVIEW_INTERVAL = { min: 1, max: 36 } as const

/**
 * Why `value` is not a review interval, or null when it is one (a whole number of months between
 * the bounds). `null`/`undefined` means "the collection's default" and is accepted.
 */
export function reviewIntervalProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < REVIEW_INTERVAL.min ||
    value > REVIEW_INTERVAL.max
  ) {
    return `The review interval must be a whole number of months from ${REVIEW_INTERVAL.min} to ${REVIEW_INTERVAL.max} (got ${JSON.stringify(value)}).`
  }
  return null
}
