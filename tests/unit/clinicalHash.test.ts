import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { Articles } from '@/collections/Articles'
import { ARTICLE_CLINICAL_FIELDS, ARTICLE_SIGNED_WHEN_SET } from '@/collections/Articles/clinicalFields'
import { paragraphs } from '@/lib/richText/paragraphs'
import {
  changedFieldLabels,
  clinicalHash,
  clinicalSnapshot,
  pickFields,
  pickSignedFields,
} from '@/plugins/medicalReview/clinicalHash'

const fields = pickSignedFields(Articles.fields, ARTICLE_CLINICAL_FIELDS, ARTICLE_SIGNED_WHEN_SET)
const hash = (doc: Record<string, unknown>) => clinicalHash(fields, doc)

const article = () => ({
  id: 12,
  question: 'Why does my lower back pain radiate to my hip?',
  summary: 'Several structures share nerves.',
  intro: paragraphs('Back and hip share nerves and muscles.'),
  causes: [
    { id: '65a1', heading: 'Sciatica', conditions: [3, 4], explanation: paragraphs('A nerve root is irritated.') },
    { id: '65a2', heading: 'A strained muscle', conditions: [], explanation: paragraphs('Overstretched fibres.') },
  ],
  whenToSeekCare: paragraphs('Numbness in the groin needs urgent care.'),
  takeaway: paragraphs('Most cases settle.'),
  references: [
    { id: '77b1', title: 'Back pain', publisher: 'NHS', year: 2023, url: 'https://www.nhs.uk/conditions/back-pain/' },
  ],
  // Not clinical:
  slug: 'lower-back-to-hip',
  meta: { image: 4 },
  heroImage: 9,
  updatedAt: '2026-01-01T00:00:00.000Z',
})

/** A deep copy with every object's keys in reverse order. */
const reversedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversedKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, reversedKeys(v)]),
        )
      : value

describe('clinicalHash is stable across storage details', () => {
  it('is a hex SHA-256', () => {
    expect(hash(article())).toMatch(/^[0-9a-f]{64}$/)
  })

  it('ignores key order', () => {
    expect(hash(reversedKeys(article()) as Record<string, unknown>)).toBe(hash(article()))
  })

  it('ignores array row ids', () => {
    const other = article()
    other.causes = other.causes.map((cause, i) => ({ ...cause, id: `new-${i}` }))
    other.references = other.references.map((ref) => ({ ...ref, id: 'zzz' }))
    expect(hash(other)).toBe(hash(article()))
  })

  it('treats populated relationships as the ids they point at', () => {
    const populated = article() as Record<string, unknown> & { causes: Array<Record<string, unknown>> }
    populated.causes[0]!.conditions = [
      { id: 3, name: 'Sciatica', slug: 'sciatica', updatedAt: 'x' },
      { id: 4, name: 'Disc herniation', slug: 'disc' },
    ]
    expect(hash(populated)).toBe(hash(article()))
  })

  it('ignores everything that is not clinical: slug, social image, hero image, timestamps, empty SEO text', () => {
    const other = {
      ...article(),
      slug: 'x',
      meta: { image: 1, title: '', description: null },
      heroImage: 1,
      updatedAt: 'later',
    }
    expect(hash(other)).toBe(hash(article()))
    // An article stored before the SEO text was signed hashes as it did: no `meta` at all.
    expect(hash({ ...article(), meta: undefined })).toBe(hash(article()))
  })

  it('holds for any key order, row ids and population (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        fc.boolean(),
        (rowIds, reverse, populate) => {
          const doc = article() as Record<string, unknown> & { causes: Array<Record<string, unknown>> }
          doc.causes = doc.causes.map((cause, i) => ({
            ...cause,
            id: rowIds[i],
            conditions: populate
              ? (cause.conditions as number[]).map((id) => ({ id, name: `c${id}` }))
              : cause.conditions,
          }))
          const variant = reverse ? (reversedKeys(doc) as Record<string, unknown>) : doc
          return hash(variant) === hash(article())
        },
      ),
      { seed: 20261125, numRuns: 200 },
    )
  })
})

describe('clinicalHash changes with any clinical change', () => {
  it('one character in a cause explanation', () => {
    const other = article()
    other.causes[0]!.explanation = paragraphs('A nerve root is irritated!')
    expect(hash(other)).not.toBe(hash(article()))
  })

  it('reordered causes', () => {
    const other = article()
    other.causes.reverse()
    expect(hash(other)).not.toBe(hash(article()))
  })

  it('a changed reference URL', () => {
    const other = article()
    other.references[0]!.url = 'https://www.nhs.uk/conditions/sciatica/'
    expect(hash(other)).not.toBe(hash(article()))
  })

  it('a different linked condition', () => {
    const other = article()
    other.causes[0]!.conditions = [3, 5]
    expect(hash(other)).not.toBe(hash(article()))
  })

  it('any edit to the question (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        (extra) => hash({ ...article(), question: article().question + extra }) !== hash(article()),
      ),
      { seed: 20261125, numRuns: 200 },
    )
  })
})

describe('fields signed only when set (the SEO title and description)', () => {
  it('join the hash once filled in: a search result or social card never shows unreviewed text', () => {
    const titled = { ...article(), meta: { title: 'Cured in a week' } }
    const described = { ...article(), meta: { description: 'Cured in a week' } }
    expect(hash(titled)).not.toBe(hash(article()))
    expect(hash(described)).not.toBe(hash(article()))
    expect(hash(titled)).not.toBe(hash(described))
  })

  it('are named in a refusal by their label', () => {
    const before = clinicalSnapshot(fields, article())
    const after = clinicalSnapshot(fields, { ...article(), meta: { title: 'Cured in a week' } })
    expect(changedFieldLabels(fields, before, after)).toEqual(['SEO title'])
    expect(after['meta.title']).toBe('Cured in a week')
  })
})

describe('clinicalSnapshot', () => {
  it('holds exactly the clinical fields, in content form', () => {
    const snapshot = clinicalSnapshot(fields, article())
    expect(Object.keys(snapshot).sort()).toEqual([...ARTICLE_CLINICAL_FIELDS].sort())
    expect((snapshot.causes as Array<Record<string, unknown>>)[0]).toEqual({
      heading: 'Sciatica',
      conditions: [3, 4],
      explanation: JSON.parse(JSON.stringify(paragraphs('A nerve root is irritated.'))),
    })
  })

  it('refuses a clinical field the collection does not have', () => {
    expect(() => pickFields(Articles.fields, ['question', 'diagnosis'])).toThrow(
      /not found in the collection: diagnosis/,
    )
  })
})
