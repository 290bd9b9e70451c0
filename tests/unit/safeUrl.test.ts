import { describe, expect, it } from 'vitest'

import { findUnsafeLinks } from '@/lib/richText/findUnsafeLinks'
import { referenceHref, safeHref } from '@/lib/safeUrl'

describe('safeHref', () => {
  it.each([
    ['https://www.nhs.uk/conditions/sciatica/', 'https://www.nhs.uk/conditions/sciatica/'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:editors@causeway.test', 'mailto:editors@causeway.test'],
    ['/conditions/sciatica', '/conditions/sciatica'],
    ['#causes', '#causes'],
  ])('keeps %s', (href, expected) => {
    expect(safeHref(href)).toBe(expected)
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    '//evil.example/path',
    '/\\evil.example/path',
    'file:///etc/passwd',
    '',
    null,
  ])('refuses %j', (href) => {
    expect(safeHref(href)).toBeNull()
  })
})

describe('referenceHref', () => {
  it('turns a DOI into its resolver address', () => {
    expect(referenceHref('10.1001/jama.2020.1234')).toBe('https://doi.org/10.1001/jama.2020.1234')
    expect(referenceHref('doi: 10.1136/bmj.m1')).toBe('https://doi.org/10.1136/bmj.m1')
  })

  it('accepts only http(s) web addresses otherwise', () => {
    expect(referenceHref('https://medlineplus.gov/backpain.html')).toBe('https://medlineplus.gov/backpain.html')
    expect(referenceHref('javascript:alert(1)')).toBeNull()
    expect(referenceHref('data:text/html,hi')).toBeNull()
    expect(referenceHref('mailto:x@y.z')).toBeNull()
    expect(referenceHref('/local/path')).toBeNull()
  })
})

describe('findUnsafeLinks', () => {
  const state = (...links: Array<{ url: string; linkType?: string }>) => ({
    root: {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: links.map((fields) => ({ type: 'link', fields, children: [{ type: 'text', text: 'x' }] })),
        },
      ],
    },
  })

  it('lists custom links with unsafe schemes, anywhere in the tree', () => {
    expect(findUnsafeLinks(state({ url: 'https://ok.example' }, { url: 'javascript:alert(1)' }))).toEqual([
      'javascript:alert(1)',
    ])
  })

  it('ignores internal links and empty documents', () => {
    expect(findUnsafeLinks(state({ url: '', linkType: 'internal' }))).toEqual([])
    expect(findUnsafeLinks(null)).toEqual([])
  })
})
