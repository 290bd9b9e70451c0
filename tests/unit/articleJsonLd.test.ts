import { describe, expect, it } from 'vitest'

import type { ArticlePage } from '@/lib/data'
import { articleJsonLd, serializeJsonLd } from '@/lib/structuredData/articleJsonLd'

const article = {
  id: 1,
  question: 'Why does my lower back pain radiate to my hip?',
  slug: 'lower-back-to-hip',
  summary: 'Several structures share nerves and attachments.',
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-02-03T04:05:06.000Z',
  author: { id: 7, name: 'Maya Okafor', slug: 'maya-okafor', credentials: null, jobTitle: 'Health writer' },
  symptoms: [{ id: 3, name: 'Lower back pain', slug: 'lower-back-pain' }],
  causes: [
    { id: 'a', heading: 'Sciatica', conditions: [{ id: 9, name: 'Sciatica', slug: 'sciatica' }], explanation: null },
    { id: 'b', heading: 'A strained muscle', conditions: [], explanation: null },
  ],
  review: {
    reviewer: { id: 8, name: 'Priya Raman', slug: 'priya-raman', credentials: 'MD (now FRCP)', jobTitle: 'Physician' },
    name: 'Priya Raman',
    credentials: 'MD',
    signedAt: '2026-02-01T10:00:00.000Z',
    nextReviewDue: '2027-02-01T10:00:00.000Z',
  },
  history: [],
  isDraft: false,
} as unknown as ArticlePage

/** The parts of the JSON-LD the assertions read. */
type LdShape = Record<string, unknown> & {
  mainEntity: { '@type': string; cause: Array<{ '@type': string; name: string; sameAs?: string[] }> }
}

describe('articleJsonLd', () => {
  const ld = articleJsonLd(article, 'https://causeway.example') as unknown as LdShape

  it('is a MedicalWebPage about the symptom, with its canonical URL and dates', () => {
    expect(ld['@context']).toBe('https://schema.org')
    expect(ld['@type']).toBe('MedicalWebPage')
    expect(ld.url).toBe('https://causeway.example/articles/lower-back-to-hip')
    expect(ld.about).toEqual([
      {
        '@type': 'MedicalSignOrSymptom',
        name: 'Lower back pain',
        url: 'https://causeway.example/symptoms/lower-back-pain',
      },
    ])
    expect([ld.datePublished, ld.dateModified]).toEqual([article.createdAt, article.updatedAt])
  })

  it('lists every cause, in order, as a MedicalCause of the main symptom', () => {
    expect(ld.mainEntity['@type']).toBe('MedicalSignOrSymptom')
    expect(ld.mainEntity.cause.map((c: { '@type': string; name: string }) => [c['@type'], c.name])).toEqual([
      ['MedicalCause', 'Sciatica'],
      ['MedicalCause', 'A strained muscle'],
    ])
    expect(ld.mainEntity.cause[0]?.sameAs).toEqual(['https://causeway.example/conditions/sciatica'])
  })

  it('names the author with a link to their profile', () => {
    expect(ld.author).toMatchObject({
      '@type': 'Person',
      name: 'Maya Okafor',
      url: 'https://causeway.example/people/maya-okafor',
    })
  })

  it('credits the editorial team when the writer has no public profile, as the byline does', () => {
    const unnamed = articleJsonLd({ ...article, author: null }, 'https://causeway.example') as unknown as LdShape
    expect(unnamed.author).toEqual({
      '@type': 'Organization',
      name: 'Causeway editorial team',
      url: 'https://causeway.example',
    })
  })

  it('is modified when the version shown was published, like the byline\'s "Updated"', () => {
    const published = '2026-11-30T09:00:00.000Z'
    const history = [{ id: 1, versionId: '9', publishedAt: published, review: null, publicNote: null }]
    expect(
      (articleJsonLd({ ...article, history }, 'https://causeway.example') as unknown as LdShape).dateModified,
    ).toBe(published)
  })
})

describe('articleJsonLd review', () => {
  it('names the reviewer of the version shown, with the credentials held when signing, and the review date', () => {
    const ld = articleJsonLd(article, 'https://causeway.example') as unknown as LdShape
    expect(ld.reviewedBy).toEqual({
      '@type': 'Person',
      name: 'Priya Raman',
      honorificSuffix: 'MD',
      jobTitle: 'Physician',
      url: 'https://causeway.example/people/priya-raman',
    })
    expect(ld.lastReviewed).toBe('2026-02-01')
  })

  it('claims no review for a version without a sign-off', () => {
    const ld = articleJsonLd({ ...article, review: null }, 'https://causeway.example') as unknown as LdShape
    expect([ld.reviewedBy, ld.lastReviewed]).toEqual([undefined, undefined])
  })
})

describe('serializeJsonLd', () => {
  it('cannot close its script element', () => {
    const out = serializeJsonLd({ name: '</script><script>alert(1)</script>' })
    expect(out).not.toContain('</script>')
    expect(JSON.parse(out).name).toBe('</script><script>alert(1)</script>')
  })
})
