import { describe, expect, it } from 'vitest'

import { Articles } from '@/collections/Articles'
import { ARTICLE_CLINICAL_FIELDS, ARTICLE_SIGNED_WHEN_SET } from '@/collections/Articles/clinicalFields'
import { paragraphs } from '@/lib/richText/paragraphs'
import { clinicalSnapshot, pickSignedFields } from '@/plugins/medicalReview/clinicalHash'
import {
  clinicalDiff,
  FORMATTING_ONLY,
  referencedDocuments,
  type DiffLookups,
} from '@/plugins/medicalReview/diff/clinicalDiff'

const fields = pickSignedFields(Articles.fields, ARTICLE_CLINICAL_FIELDS, ARTICLE_SIGNED_WHEN_SET)

const article = () => ({
  id: 12,
  question: 'Why does my lower back pain radiate to my hip?',
  summary: 'Several structures share nerves.',
  intro: paragraphs('Back and hip share nerves and muscles.', 'Most pain settles within six weeks.'),
  causes: [
    { id: '65a1', heading: 'Sciatica', conditions: [3, 4], explanation: paragraphs('A nerve root is irritated.') },
    {
      id: '65a2',
      heading: 'A strained muscle',
      conditions: [],
      explanation: paragraphs('Overstretched fibres heal with rest and ice within two weeks.'),
    },
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
  reviewStage: 'approved',
  signOff: { hash: 'abc', versionId: '7' },
})

type Doc = ReturnType<typeof article>

const uploadNode = (mediaId: number) => ({
  type: 'upload',
  version: 3,
  format: '',
  relationTo: 'media',
  value: mediaId,
  fields: null,
  id: `node-${mediaId}`,
})

const withImage = (value: Doc['intro'], mediaId: number) =>
  ({ root: { ...value.root, children: [...value.root.children, uploadNode(mediaId) as never] } }) as Doc['intro']

const lookups: DiffLookups = {
  docs: {
    media: {
      '21': { filename: 'knee-side.png', alt: 'A knee, seen from the side' },
      '22': { filename: 'knee-front.png', alt: 'A knee, seen from the front' },
    },
    conditions: { '3': { title: 'Sciatica' }, '4': { title: 'Disc herniation' }, '5': { title: 'Hip bursitis' } },
  },
}

const edited = (change: (doc: Doc) => void): Doc => {
  const doc = structuredClone(article())
  change(doc)
  return doc
}

describe('clinicalDiff', () => {
  it('lists nothing when the clinical content is the same, whatever else changed', () => {
    const after = edited((doc) => {
      doc.slug = 'another-slug'
      doc.heroImage = 10
      doc.reviewStage = 'draft'
      doc.signOff = { hash: 'def', versionId: '9' }
      doc.causes = doc.causes.map((cause) => ({ ...cause, id: `${cause.id}-new` }))
    })
    expect(clinicalDiff(fields, article(), after, lookups)).toEqual([])
  })

  it('shows a reworded sentence as only the words that changed, labelled by its row heading', () => {
    const after = edited((doc) => {
      doc.causes[1]!.explanation = paragraphs(
        'Overstretched fibres heal with rest and gentle stretching within six weeks.',
      )
    })
    const changes = clinicalDiff(fields, article(), after, lookups)
    expect(changes).toEqual([
      {
        field: 'causes',
        label: 'Possible causes › A strained muscle › Explanation',
        kind: 'text',
        parts: [
          { value: 'Overstretched fibres heal with rest and ' },
          { value: 'ice', removed: true },
          { value: 'gentle stretching', added: true },
          { value: ' within ' },
          { value: 'two', removed: true },
          { value: 'six', added: true },
          { value: ' weeks.' },
        ],
      },
    ])
  })

  it('compares rich text block by block: an unchanged paragraph is left out', () => {
    const after = edited((doc) => {
      doc.intro = paragraphs('Back and hip share nerves and muscles.', 'Most pain settles within eight weeks.')
    })
    const [change] = clinicalDiff(fields, article(), after, lookups)
    expect(change!.label).toBe('Introduction')
    expect(change!.parts.map((part) => part.value).join('')).not.toContain('share nerves')
    expect(change!.parts.filter((part) => part.added || part.removed)).toEqual([
      { value: 'six', removed: true },
      { value: 'eight', added: true },
    ])
  })

  it('lists an image swapped in rich text, by file, alt text and media id', () => {
    const before = edited((doc) => {
      doc.intro = withImage(doc.intro, 21)
    })
    const after = edited((doc) => {
      doc.intro = withImage(doc.intro, 22)
    })
    expect(clinicalDiff(fields, before, after, lookups)).toEqual([
      {
        field: 'intro',
        label: 'Introduction',
        kind: 'image',
        parts: [
          { value: 'Image: knee-side.png, "A knee, seen from the side" (media id 21)', removed: true },
          { value: '\n' },
          { value: 'Image: knee-front.png, "A knee, seen from the front" (media id 22)', added: true },
        ],
      },
    ])
    // Without lookups an image still reads as its media id.
    expect(clinicalDiff(fields, before, after)[0]!.parts[0]!.value).toBe('Image (media id 21)')
  })

  it('lists an added cause row as a whole, labelled by its heading', () => {
    const after = edited((doc) => {
      doc.causes.push({
        id: '65a3',
        heading: 'Hip bursitis',
        conditions: [5],
        explanation: paragraphs('A fluid-filled sac on the hip is inflamed.'),
      })
    })
    expect(clinicalDiff(fields, article(), after, lookups)).toEqual([
      {
        field: 'causes',
        label: 'Possible causes › Hip bursitis',
        kind: 'added',
        parts: [
          {
            value:
              'Heading: Hip bursitis\nRelated conditions: Hip bursitis (conditions id 5)\nExplanation: A fluid-filled sac on the hip is inflamed.',
            added: true,
          },
        ],
      },
    ])
  })

  it('lists a removed row, and an edit to the row after it, separately', () => {
    const after = edited((doc) => {
      doc.causes = [{ ...doc.causes[1]!, heading: 'A strained hip muscle' }]
    })
    const changes = clinicalDiff(fields, article(), after, lookups)
    expect(changes.map(({ label, kind }) => ({ label, kind }))).toEqual([
      { label: 'Possible causes › Sciatica', kind: 'removed' },
      { label: 'Possible causes › A strained hip muscle › Heading', kind: 'text' },
    ])
  })

  it('labels a row by its number when it has no heading', () => {
    const before = edited((doc) => {
      doc.causes[1]!.heading = ''
    })
    const after = edited((doc) => {
      doc.causes[1]!.heading = ''
      doc.causes[1]!.explanation = paragraphs('Overstretched fibres.')
    })
    expect(clinicalDiff(fields, before, after, lookups)[0]!.label).toBe('Possible causes › Cause 2 › Explanation')
  })

  it('shows related conditions by title', () => {
    const after = edited((doc) => {
      doc.causes[0]!.conditions = [3, 5]
    })
    expect(clinicalDiff(fields, article(), after, lookups)).toEqual([
      {
        field: 'causes',
        label: 'Possible causes › Sciatica › Related conditions',
        kind: 'text',
        parts: [
          { value: 'Disc herniation (conditions id 4)', removed: true },
          { value: '\n' },
          { value: 'Hip bursitis (conditions id 5)', added: true },
        ],
      },
    ])
  })

  it('lists a change to the SEO title once it is set, and setting it at all', () => {
    const titled = edited((doc) => {
      ;(doc.meta as Record<string, unknown>).title = 'Back pain that spreads to the hip'
    })
    const retitled = edited((doc) => {
      ;(doc.meta as Record<string, unknown>).title = 'Lower back pain that spreads to the hip'
    })
    expect(clinicalDiff(fields, titled, retitled)).toEqual([
      {
        field: 'meta.title',
        label: 'SEO title',
        kind: 'text',
        parts: [
          { value: 'Back', removed: true },
          { value: 'Lower back', added: true },
          { value: ' pain that spreads to the hip' },
        ],
      },
    ])
    expect(clinicalDiff(fields, article(), titled)).toEqual([
      {
        field: 'meta.title',
        label: 'SEO title',
        kind: 'added',
        parts: [{ value: 'Back pain that spreads to the hip', added: true }],
      },
    ])
  })

  it('compares a ledger snapshot with a document, signed-when-set fields included', () => {
    const titled = edited((doc) => {
      ;(doc.meta as Record<string, unknown>).title = 'Back pain that spreads to the hip'
    })
    const snapshot = clinicalSnapshot(fields, titled)
    expect(snapshot['meta.title']).toBe('Back pain that spreads to the hip')
    expect(clinicalDiff(fields, snapshot, titled)).toEqual([])
    const after = edited((doc) => {
      doc.summary = 'Several structures share nerve roots.'
    })
    expect(clinicalDiff(fields, snapshot, after).map((change) => change.field)).toEqual(['summary', 'meta.title'])
  })

  it('lists changes in field order', () => {
    const after = edited((doc) => {
      doc.takeaway = paragraphs('Most cases settle in weeks.')
      doc.question = 'Why does my back pain radiate to my hip?'
      doc.references[0]!.year = 2024
    })
    expect(clinicalDiff(fields, article(), after).map((change) => change.label)).toEqual([
      'Question',
      'Takeaway',
      'References › Back pain › Year',
    ])
  })

  it('still names a field whose only change is formatting', () => {
    const bold = edited((doc) => {
      const paragraph = doc.takeaway!.root.children[0] as unknown as { children: Array<{ format: number }> }
      paragraph.children[0]!.format = 1
    })
    expect(clinicalDiff(fields, article(), bold)).toEqual([
      { field: 'takeaway', label: 'Takeaway', kind: 'text', parts: [{ value: FORMATTING_ONLY }] },
    ])
  })

  it('finds the images and related documents both sides point at', () => {
    const before = edited((doc) => {
      doc.intro = withImage(doc.intro, 21)
    })
    const after = edited((doc) => {
      doc.intro = withImage(doc.intro, 22)
      doc.causes[1]!.conditions = [5]
    })
    const found = referencedDocuments(fields, before, after)
    expect(found.media?.sort()).toEqual([21, 22])
    expect(found.conditions?.sort()).toEqual([3, 4, 5])
  })
})
