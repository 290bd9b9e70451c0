import { describe, expect, it } from 'vitest'

import { slugify } from '@/lib/slugify'

describe('slugify', () => {
  it.each([
    ['Lower back pain', 'lower-back-pain'],
    ['  Pins & needles in the feet  ', 'pins-needles-in-the-feet'],
    ['Ménière’s disease', 'meniere-s-disease'],
    ['---', ''],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected)
  })
})
