/**
 * "Create new" with autosave creates the article at once (Payload 3); the hourly job removes the
 * drafts nobody put anything in, and nothing else (collections/Articles/emptyDrafts.ts).
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { deleteEmptyDrafts, emptyDraftsTask, isEmptyValue } from '@/collections/Articles/emptyDrafts'
import { paragraphs } from '@/lib/richText/paragraphs'

import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures, type Staff } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff
let fixtures: ReturnType<typeof reviewFixtures>

const HOUR = 60 * 60 * 1000
/** The job as it runs two hours from now, when every draft made in this test is old enough. */
const later = () => ({ now: new Date(Date.now() + 2 * HOUR) })

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: string, roles: Array<'writer' | 'reviewer' | 'editor'>) =>
    (
      await payload.create({
        collection: 'users',
        data: {
          email: `empty-drafts.${key}@causeway.test`,
          name: `Empty ${key}`,
          password: 'empty-drafts-password',
          roles,
          credentials: roles.includes('reviewer') ? 'MD' : undefined,
          licence: licenceFor(roles, 'MD'),
        },
        context: QUIET,
      })
    ).id
  staff = {
    writer: await person('writer', ['writer']),
    reviewer: await person('reviewer', ['reviewer']),
    editor: await person('editor', ['editor']),
  }
  fixtures = reviewFixtures(payload, staff)
})

afterAll(async () => {
  await ctx?.cleanup()
})

/** What the admin's create view does on open with autosave on: create with no data, as the user. */
async function openCreateView(data: Record<string, unknown> = {}) {
  const user = await payload.findByID({ collection: 'users', id: staff.writer, depth: 0 })
  return payload.create({
    collection: 'articles',
    data: data as never,
    draft: true,
    depth: 0,
    overrideAccess: false,
    user: { ...user, collection: 'users' },
    context: QUIET,
  })
}

const exists = async (id: number) =>
  (await payload.count({ collection: 'articles', where: { id: { equals: id } }, overrideAccess: true })).totalDocs === 1

describe('untouched drafts from "Create new"', () => {
  it('an untouched create-view draft is removed once it is an hour old, not before', async () => {
    const doc = await openCreateView()
    expect(await deleteEmptyDrafts(payload)).not.toContain(doc.id)
    expect(await exists(doc.id)).toBe(true)
    expect(await deleteEmptyDrafts(payload, later())).toContain(doc.id)
    expect(await exists(doc.id)).toBe(false)
    expect(
      (await payload.countVersions({ collection: 'articles', where: { parent: { equals: doc.id } } })).totalDocs,
    ).toBe(0)
  })

  it('a draft with any content is kept: text, rich text, a cause, a sidebar choice, an SEO title', async () => {
    const kept = [
      await openCreateView({ summary: 'Started.' }),
      await openCreateView({ intro: paragraphs('A first sentence.') }),
      await openCreateView({ causes: [{ heading: 'Muscle strain' }] }),
      await openCreateView({ specialties: ['neurology'] }),
      await openCreateView({ meta: { title: 'A title for search' } }),
    ]
    // Opened, then typed into by autosave.
    const typed = await openCreateView()
    await payload.update({
      collection: 'articles',
      id: typed.id,
      draft: true,
      autosave: true,
      data: { question: 'Why does my knee click?' },
      overrideAccess: true,
      context: QUIET,
    })
    const deleted = await deleteEmptyDrafts(payload, later())
    for (const doc of [...kept, typed]) {
      expect(deleted).not.toContain(doc.id)
      expect(await exists(doc.id)).toBe(true)
    }
  })

  it('a document that was ever published is never touched, even emptied afterwards', async () => {
    const doc = await fixtures.signed('published-once')
    await fixtures.review.publish(staff.editor, doc.id)
    await fixtures.review.unpublish(staff.editor, doc.id, 'Taken down to rewrite.')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { question: '', summary: '', causes: [], intro: null, whenToSeekCare: null, references: [] } as never,
      overrideAccess: true,
      context: QUIET,
    })
    expect(await deleteEmptyDrafts(payload, later())).not.toContain(doc.id)
    expect(await exists(doc.id)).toBe(true)
  })

  it('a draft still open in the create view (its document lock is fresh) is kept', async () => {
    const doc = await openCreateView()
    await payload.create({
      collection: 'payload-locked-documents',
      data: {
        document: { relationTo: 'articles', value: doc.id },
        globalSlug: null,
        user: { relationTo: 'users', value: staff.writer },
      },
      overrideAccess: true,
    })
    expect(await deleteEmptyDrafts(payload, later())).not.toContain(doc.id)
    expect(await exists(doc.id)).toBe(true)
  })
})

describe('the job and its emptiness test', () => {
  it('is an hourly task on the default queue', () => {
    expect(emptyDraftsTask()).toMatchObject({
      slug: 'deleteEmptyDrafts',
      schedule: [{ cron: '17 * * * *', queue: 'default' }],
    })
  })

  it('counts empty strings, empty paragraphs and empty groups as empty, and anything chosen as content', () => {
    expect(isEmptyValue({ root: { type: 'root', children: [{ type: 'paragraph', children: [] }] } })).toBe(true)
    expect(isEmptyValue(paragraphs('x'))).toBe(false)
    expect(isEmptyValue({ title: '', description: null, image: null })).toBe(true)
    expect(isEmptyValue([{ id: 'a1', heading: '  ' }])).toBe(true)
    expect(isEmptyValue([3])).toBe(false)
    expect(isEmptyValue({ id: 3, filename: 'x.jpg' })).toBe(false)
  })
})
