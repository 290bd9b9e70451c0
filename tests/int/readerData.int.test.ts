import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findArticle, findArticleHistory, findSymptomsByBodyRegion } from '@/lib/data/queries'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext

beforeAll(async () => {
  ctx = await initPayloadInt()
  for (const [name, bodyRegion] of [
    ['Sciatica-like leg pain', 'hips-and-legs'],
    ['Headache', 'head-and-neck'],
    ['Hip pain', 'hips-and-legs'],
  ] as const) {
    await ctx.payload.create({
      collection: 'symptoms',
      data: { name, bodyRegion },
      context: { disableRevalidate: true },
    })
  }
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('reader data module', () => {
  it('groups symptoms by body region in declared order, names sorted, empty regions left out', async () => {
    const groups = await findSymptomsByBodyRegion(ctx.payload)
    expect(groups.map((group) => [group.label, group.symptoms.map((s) => s.name)])).toEqual([
      ['Head and neck', ['Headache']],
      ['Hips and legs', ['Hip pain', 'Sciatica-like leg pain']],
    ])
  })
})

describe('the public article history', () => {
  const INTERNAL = 'INTERNAL: reworded after the complaint from the Hendry clinic.'

  async function person(key: string, roles: Array<'writer' | 'reviewer' | 'editor'>) {
    const doc = await ctx.payload.create({
      collection: 'users',
      data: {
        email: `history.${key}@causeway.test`,
        name: `History ${key}`,
        password: 'history-test-password',
        roles,
        credentials: roles.includes('reviewer') ? 'MD' : undefined,
        licence: licenceFor(roles, 'MD'),
      },
      context: QUIET,
    })
    return doc.id
  }

  it('lists each publish with its date, reviewer and public note, and never the internal change note', async () => {
    const staff = {
      writer: await person('writer', ['writer']),
      reviewer: await person('reviewer', ['reviewer']),
      editor: await person('editor', ['editor']),
    }
    const fixtures = reviewFixtures(ctx.payload, staff)
    const doc = await fixtures.draft('public-history')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: INTERNAL, reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
    await fixtures.review.publish(staff.editor, doc.id)

    const page = await findArticle(ctx.payload, doc.slug!)
    expect(page?.history).toHaveLength(1)
    expect(page?.history[0]).toMatchObject({ review: { name: 'History reviewer', credentials: 'MD' } })
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
