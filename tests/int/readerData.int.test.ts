import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  findArticle,
  findArticleHistory,
  findPerson,
  findRelatedArticles,
  findSitemapEntries,
  findSymptomsByBodyRegion,
} from '@/lib/data/queries'
import { searchPublished } from '@/lib/search/searchIndex'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
const symptom: Record<string, number> = {}
/** The slugs of the articles the tests publish, by role. */
const slugs: Record<string, string> = {}

async function person(key: string, roles: Array<'writer' | 'reviewer' | 'editor'>, publicProfile = false) {
  const doc = await ctx.payload.create({
    collection: 'users',
    data: {
      email: `reader.${key}@causeway.test`,
      name: `Reader ${key}`,
      password: 'reader-data-test-password',
      roles,
      publicProfile,
      credentials: roles.includes('reviewer') ? 'MD' : undefined,
      licence: licenceFor(roles, 'MD'),
    },
    context: QUIET,
  })
  return doc.id
}

let staff: { writer: number; reviewer: number; editor: number; secondReviewer: number; privateWriter: number }
let fixtures: ReturnType<typeof reviewFixtures>

/** Writes, signs off (by `reviewer`) and publishes an article about `symptoms`, with these causes' conditions. */
async function publishArticle(label: string, symptoms: number[], options: { reviewer?: number; author?: number } = {}) {
  const reviewer = options.reviewer ?? staff.reviewer
  const doc = await fixtures.draft(label, options.author)
  // Symptoms are not clinical content: set on the draft, they are covered by no sign-off.
  await ctx.payload.update({
    collection: 'articles',
    id: doc.id,
    data: { symptoms },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
  await fixtures.review.submit(options.author ?? staff.writer, doc.id, { changeNote: 'New.', reviewer })
  await fixtures.review.signOff(reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
  await fixtures.review.publish(staff.editor, doc.id)
  return doc
}

beforeAll(async () => {
  ctx = await initPayloadInt()
  for (const [name, bodyRegion] of [
    ['Sciatica-like leg pain', 'hips-and-legs'],
    ['Headache', 'head-and-neck'],
    ['Hip pain', 'hips-and-legs'],
    ['Toe cramp', 'hips-and-legs'],
  ] as const) {
    const doc = await ctx.payload.create({
      collection: 'symptoms',
      data: { name, bodyRegion, summary: `${name}: what it can mean and when to get it checked.` },
      context: { disableRevalidate: true },
    })
    symptom[name] = doc.id
  }
  staff = {
    writer: await person('writer', ['writer'], true),
    privateWriter: await person('private-writer', ['writer']),
    reviewer: await person('reviewer', ['reviewer'], true),
    secondReviewer: await person('second-reviewer', ['reviewer'], true),
    editor: await person('editor', ['editor']),
  }
  fixtures = reviewFixtures(ctx.payload, staff)
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('symptoms readers can browse', () => {
  it('are grouped by body region in declared order, names sorted; symptoms without a published article and empty regions are left out', async () => {
    slugs.headAndHips = (
      await publishArticle('about-headache-and-hips', [symptom['Headache']!, symptom['Hip pain']!])
    ).slug!
    slugs.sciatica = (await publishArticle('about-sciatica', [symptom['Sciatica-like leg pain']!])).slug!
    // A draft about a symptom does not list it.
    const draft = await fixtures.draft('draft-about-toes')
    await ctx.payload.update({
      collection: 'articles',
      id: draft.id,
      data: { symptoms: [symptom['Toe cramp']!] },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    const groups = await findSymptomsByBodyRegion(ctx.payload)
    expect(groups.map((group) => [group.label, group.symptoms.map((s) => s.name)])).toEqual([
      ['Head and neck', ['Headache']],
      ['Hips and legs', ['Hip pain', 'Sciatica-like leg pain']],
    ])
    const sitemap = (await findSitemapEntries(ctx.payload)).map((entry) => entry.path)
    expect(sitemap).toContain('/symptoms/hip-pain')
    expect(sitemap).not.toContain('/symptoms/toe-cramp')
  })

  it('are found by search while a published article is about them', async () => {
    const titles = async (q: string) =>
      (await searchPublished(ctx.payload, q)).hits
        .filter((hit) => hit.collection === 'symptoms')
        .map((hit) => hit.title)
    // "Hip pain" first; the sciatica symptom matches too, through its body region (hips and legs).
    expect((await titles('hip pain'))[0]).toBe('Hip pain')
    expect(await titles('toe cramp')).toEqual([])
    // Renamed: the index follows the save.
    await ctx.payload.update({
      collection: 'symptoms',
      id: symptom['Headache']!,
      data: { name: 'Headache and head pressure' },
      context: QUIET,
    })
    expect(await titles('pressure')).toEqual(['Headache and head pressure'])
  })
})

describe('people pages', () => {
  it('list the articles a reviewer signed off as well as those a writer wrote; the byline falls back to the desk for a writer without a public profile', async () => {
    const byPrivate = await publishArticle('by-a-private-writer', [symptom['Hip pain']!], {
      author: staff.privateWriter,
      reviewer: staff.secondReviewer,
    })
    const reviewer = await findPerson(ctx.payload, 'reader-reviewer')
    expect(reviewer?.written).toEqual([])
    expect(reviewer?.reviewed.map((a) => a.slug).sort()).toEqual([slugs.headAndHips, slugs.sciatica].sort())
    expect(reviewer?.reviewed[0]?.reviewedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(reviewer?.lastSignOff).toMatchObject({ credentials: 'MD' })

    const writer = await findPerson(ctx.payload, 'reader-writer')
    expect(writer?.written.map((a) => a.slug).sort()).toEqual([slugs.headAndHips, slugs.sciatica].sort())
    expect(writer?.reviewed).toEqual([])

    const second = await findPerson(ctx.payload, 'reader-second-reviewer')
    expect(second?.reviewed.map((a) => a.slug)).toEqual([byPrivate.slug])
    // No public profile: no page, and the article names no one for readers.
    expect(await findPerson(ctx.payload, 'reader-private-writer')).toBeNull()
    const page = await findArticle(ctx.payload, byPrivate.slug!)
    expect(page?.author).toBeNull()
    expect(page?.review).toMatchObject({ name: 'Reader second-reviewer' })
  })

  it('drop an article once it is unpublished', async () => {
    const doc = await publishArticle('soon-withdrawn', [symptom['Hip pain']!])
    slugs.withdrawn = doc.slug!
    expect((await findPerson(ctx.payload, 'reader-reviewer'))?.reviewed.map((a) => a.slug)).toContain(doc.slug)
    await fixtures.review.unpublish(staff.editor, doc.id, 'Out of date.')
    expect((await findPerson(ctx.payload, 'reader-reviewer'))?.reviewed.map((a) => a.slug)).not.toContain(doc.slug)
  })
})

describe('related articles', () => {
  it('are other published articles sharing a symptom, those sharing most first', async () => {
    const both = await publishArticle('related-both', [
      symptom['Hip pain']!,
      symptom['Headache']!,
      symptom['Sciatica-like leg pain']!,
    ])
    const page = await findArticle(ctx.payload, both.slug!)
    const related = await findRelatedArticles(ctx.payload, {
      id: page!.id,
      symptomIds: page!.symptoms.map((s) => s.id),
      conditionIds: [],
    })
    expect(related.map((a) => a.slug)).not.toContain(both.slug)
    expect(related.map((a) => a.slug)).not.toContain(slugs.withdrawn)
    expect(related).toHaveLength(3)
    // Sharing two symptoms beats sharing one, however much newer the others are.
    expect(related[0]?.slug).toBe(slugs.headAndHips)
    expect(related.map((a) => a.slug)).toContain(slugs.sciatica)
    expect(
      await findRelatedArticles(ctx.payload, { id: page!.id, symptomIds: [symptom['Toe cramp']!], conditionIds: [] }),
    ).toEqual([])
  })
})

describe('the public article history', () => {
  const INTERNAL = 'INTERNAL: reworded after the complaint from the Hendry clinic.'

  it('lists each publish with its date, reviewer and public note, and never the internal change note', async () => {
    const doc = await fixtures.draft('public-history')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: INTERNAL, reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
    await fixtures.review.publish(staff.editor, doc.id)

    const page = await findArticle(ctx.payload, doc.slug!)
    expect(page?.history).toHaveLength(1)
    expect(page?.history[0]).toMatchObject({ review: { name: 'Reader reviewer', credentials: 'MD' } })
    expect(page?.history[0]?.versionId).toMatch(/^\d+$/)
    expect(page?.history[0]?.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    // Nowhere in what the reader page receives: not in the history, not on the article itself.
    expect(JSON.stringify(page)).not.toContain('Hendry clinic')
    expect(page?.history[0]).not.toHaveProperty('changeNote')

    // A publication record carrying a public note (as the workflow writes it with the sign-off).
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      ...record
    } = (
      await ctx.payload.find({
        collection: 'publications',
        where: { subjectId: { equals: String(doc.id) }, action: { equals: 'publish' } },
        overrideAccess: true,
        depth: 0,
      })
    ).docs[0]!
    await ctx.payload.create({
      collection: 'publications',
      data: {
        ...record,
        at: new Date(Date.now() + 60_000).toISOString(),
        publicNote: 'Added when to seek urgent care.',
      },
      overrideAccess: true,
    })
    const history = await findArticleHistory(ctx.payload, doc.id)
    expect(history.map((entry) => entry.publicNote)).toEqual(['Added when to seek urgent care.', null])
    expect(JSON.stringify(history)).not.toContain('Hendry clinic')
  })
})
