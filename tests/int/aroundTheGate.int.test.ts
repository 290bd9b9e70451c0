/**
 * The promise around the publish gate: what the sign-off does not cover, and Payload's side doors.
 * Each describe is one leak found from outside (the issue "The promise holds everywhere"): the
 * review interval, who really changed the content, restoring a draft version, scheduled
 * unpublishing, deleting what is published, search and unpublished conditions, and reader-facing
 * text outside the review. The images leak has its own file (mediaInUse.int.test.ts); the cache
 * across a restart is a browser test (tests/e2e/durableCache.e2e.ts).
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findArticle, findArticleHistory, findCondition } from '@/lib/data/queries'
import { searchPublished } from '@/lib/search/searchIndex'
import { sqlRows } from '@/plugins/common/sql'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { appendLedgerEntry } from '@/plugins/medicalReview/ledger/appendEntry'
import { verifyStoredLedger } from '@/plugins/medicalReview/ledger/verifyStoredLedger'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { clinicalContent, isPublished, QUIET, reviewFixtures } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let fixtures: ReturnType<typeof reviewFixtures>
const PASSWORD = 'around-the-gate-password'
const people = {} as Record<
  'writer' | 'reviewer' | 'other' | 'editor' | 'editorReviewer' | 'writerReviewer' | 'admin',
  number
>
const tokens = {} as Record<keyof typeof people, string>

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: keyof typeof people, name: string, roles: string[], credentials?: string) => {
    const email = `gate.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name,
        password: PASSWORD,
        roles: roles as never,
        credentials,
        licence: licenceFor(roles, credentials),
      },
      context: QUIET,
    })
    people[key] = doc.id
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
  }
  await person('writer', 'Wren Writer', ['writer'])
  await person('reviewer', 'Dr Rosa Reviewer', ['reviewer'], 'MD')
  await person('other', 'Dr Omar Other', ['reviewer'], 'DPT')
  await person('editor', 'Ed Editor', ['editor'])
  await person('editorReviewer', 'Dr Eve Both', ['editor', 'reviewer'], 'MD')
  await person('writerReviewer', 'Dr Will Both', ['writer', 'reviewer'], 'MD')
  await person('admin', 'Ada Admin', ['admin'])
  fixtures = reviewFixtures(payload, { writer: people.writer, reviewer: people.reviewer, editor: people.editor })
})

afterAll(async () => {
  await ctx?.cleanup()
})

const review = (collection: 'articles' | 'conditions' = 'articles') => reviewWorkflow(payload, collection, QUIET)
const newest = (id: number) =>
  payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
const live = (id: number) =>
  payload.findByID({ collection: 'articles', id, draft: false, depth: 0, overrideAccess: true })

async function answer(response: Response) {
  const body = (await response.json()) as {
    errors?: Array<{ message: string; data?: { reason?: string; errors?: Array<{ message: string }> } }>
  }
  return {
    status: response.status,
    message: body.errors?.[0]?.message ?? '',
    reason: body.errors?.[0]?.data?.reason,
    body,
  }
}

const records = async (id: number, collection = 'articles') =>
  (
    await payload.find({
      collection: 'publications',
      where: { subjectCollection: { equals: collection }, subjectId: { equals: String(id) } },
      sort: 'id',
      depth: 0,
      pagination: false,
    })
  ).docs

/** Signed off and published: live on the site. */
async function published(label: string) {
  const doc = await fixtures.signed(label)
  await review().publish(people.editor, doc.id)
  return doc
}

describe('the review interval', () => {
  it('is validated on every save, drafts and autosaves included, so a sign-off cannot be made to last a century', async () => {
    const doc = await fixtures.draft('interval')
    for (const months of [1200, -1, 0, 2.5]) {
      const result = await answer(
        await rest(`/articles/${doc.id}?draft=true&autosave=true`, {
          method: 'PATCH',
          token: tokens.writer,
          body: JSON.stringify({ reviewIntervalMonths: months }),
        }),
      )
      expect([result.status, result.reason, result.message]).toEqual([
        400,
        'bad-review-interval',
        expect.stringMatching(/whole number of months from 1 to 36/),
      ])
      await expect(
        payload.update({
          collection: 'articles',
          id: doc.id,
          draft: true,
          data: { reviewIntervalMonths: months },
          overrideAccess: true,
          context: QUIET,
        }),
      ).rejects.toThrow(/review interval must be a whole number/)
    }
    expect((await newest(doc.id)).reviewIntervalMonths).toBe(12)
  })

  it('is confirmed by the reviewer, recorded in the ledger, and what readers see follows it whatever the document says afterwards', async () => {
    const doc = await fixtures.draft('interval-confirmed')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { reviewIntervalMonths: 24 },
      context: QUIET,
    })
    await review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.reviewer })
    const { entry } = await review().signOff(people.reviewer, doc.id, { decision: 'approve', reviewIntervalMonths: 6 })
    const due = new Date(entry.signedAt)
    due.setUTCMonth(due.getUTCMonth() + 6)
    expect([entry.reviewIntervalMonths, entry.nextReviewDue]).toEqual([6, due.toISOString()])
    // The writer proposes another interval after the sign-off: it changes nothing readers see.
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { reviewIntervalMonths: 36 },
      context: QUIET,
    })
    await review().publish(people.editor, doc.id)
    const page = await findArticle(payload, (await live(doc.id)).slug!)
    expect(page?.review?.nextReviewDue).toBe(due.toISOString())
  })

  it("refuses a reviewer's interval outside the bounds", async () => {
    const doc = await fixtures.draft('interval-refused')
    await review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.reviewer })
    await expect(
      review().signOff(people.reviewer, doc.id, { decision: 'approve', reviewIntervalMonths: 1200 }),
    ).rejects.toThrow(/from 1 to 36/)
    expect((await newest(doc.id)).reviewStage).toBe('in-review')
  })
})

describe('who changed the content, not who the author label names', () => {
  it('an editor who is also a clinician cannot write an article, credit someone else and sign it off', async () => {
    const doc = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent('self-review'), author: people.writer },
      draft: true,
      user: { id: people.editorReviewer, collection: 'users', roles: ['editor', 'reviewer'] } as never,
      overrideAccess: false,
      context: QUIET,
    })
    expect((await newest(doc.id)).author).toBe(people.writer)
    const submitted = await answer(
      await rest(`/articles/${doc.id}/submit`, {
        method: 'POST',
        token: tokens.editorReviewer,
        body: JSON.stringify({ changeNote: 'New.', reviewer: people.editorReviewer }),
      }),
    )
    expect([submitted.status, submitted.reason, submitted.message]).toEqual([
      400,
      'reviewer-edited',
      expect.stringMatching(/Dr Eve Both changed the clinical content/),
    ])
  })

  it('a clinician who edits the text after another writer cannot then review it, even when the author label is changed', async () => {
    const doc = await fixtures.draft('edited-by-reviewer')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { summary: 'Rewritten by a clinician who also writes.' },
      user: { id: people.writerReviewer, collection: 'users', roles: ['writer', 'reviewer'] } as never,
      overrideAccess: false,
      context: QUIET,
    })
    await expect(
      review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.writerReviewer }),
    ).rejects.toThrow(/changed the clinical content/)
    await expect(
      review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.reviewer }),
    ).resolves.toMatchObject({ stage: 'in-review' })
  })

  it('survives autosave rewriting one version in place: every clinical editor since the last approval is remembered', async () => {
    const doc = await fixtures.draft('autosave-editors')
    const as = (id: number, roles: string[]) => ({ id, collection: 'users', roles }) as never
    for (const [who, roles, summary] of [
      [people.writerReviewer, ['writer', 'reviewer'], 'First autosave.'],
      [people.writer, ['writer'], 'Second autosave, same version.'],
    ] as const) {
      await payload.update({
        collection: 'articles',
        id: doc.id,
        draft: true,
        autosave: true,
        data: { summary },
        user: as(who, [...roles]),
        overrideAccess: false,
        context: QUIET,
      })
    }
    expect((await newest(doc.id)).clinicalEditors).toEqual(
      expect.arrayContaining([people.writer, people.writerReviewer]),
    )
    await expect(
      review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.writerReviewer }),
    ).rejects.toThrow(/changed the clinical content/)
  })

  it('conditions, which have no author, follow the same rule', async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Self-reviewed syndrome', summary: 'Written by a clinician who writes.' },
      draft: true,
      user: { id: people.writerReviewer, collection: 'users', roles: ['writer', 'reviewer'] } as never,
      overrideAccess: false,
      context: QUIET,
    })
    await expect(
      review('conditions').submit(people.writer, condition.id, { changeNote: 'New.', reviewer: people.writerReviewer }),
    ).rejects.toThrow(/changed the clinical content/)
  })

  it('the ledger records who changed what was signed, and an approval starts the list again', async () => {
    const doc = await payload.create({
      collection: 'articles',
      data: clinicalContent('ledger-editors'),
      draft: true,
      user: { id: people.writer, collection: 'users', roles: ['writer'] } as never,
      overrideAccess: false,
      context: QUIET,
    })
    await review().submit(people.writer, doc.id, { changeNote: 'New.', reviewer: people.reviewer })
    await review().signOff(people.reviewer, doc.id, { decision: 'approve' })
    const { docs } = await payload.find({
      collection: 'reviews',
      where: { subjectId: { equals: String(doc.id) } },
      depth: 0,
    })
    expect(docs.map((entry) => entry.clinicalEditors)).toEqual([[{ id: people.writer, name: 'Wren Writer' }]])
    expect((await newest(doc.id)).clinicalEditors).toEqual([])
    expect((await verifyStoredLedger(payload)).problem).toBeNull()
  })

  it('the gate refuses a sign-off whose reviewer the ledger names among those who changed the content', async () => {
    const doc = await fixtures.draft('gate-reviewer-edited')
    const reviewer = await payload.findByID({ collection: 'users', id: people.reviewer, depth: 0 })
    await appendLedgerEntry(payload, {
      subjectCollection: 'articles',
      subjectId: String(doc.id),
      versionId: null,
      contentHash: doc.contentHash!,
      snapshot: {},
      decision: 'approve',
      comments: null,
      reviewer: reviewer.id,
      reviewerName: reviewer.name,
      reviewerCredentials: 'MD',
      signedAt: new Date().toISOString(),
      nextReviewDue: new Date(Date.now() + 86_400_000).toISOString(),
      clinicalEditors: [{ id: reviewer.id, name: reviewer.name }],
    })
    await expect(review().publish(people.editor, doc.id)).rejects.toThrow(
      /changed this clinical content before signing it/,
    )
    expect(await isPublished(payload, doc.id)).toBe(false)
  })
})

describe('restoring a version', () => {
  it('of a draft over a published article is refused, saying how to restore it as a draft or to unpublish; nothing readers see changes', async () => {
    const doc = await published('restore-draft-version')
    const { docs } = await payload.findVersions({
      collection: 'articles',
      where: { parent: { equals: doc.id } },
      sort: 'createdAt',
      limit: 1,
      depth: 0,
    })
    const firstDraft = docs[0]!
    expect(firstDraft.version._status).toBe('draft')
    const before = await records(doc.id)
    const restored = await answer(
      await rest(`/articles/versions/${firstDraft.id}`, { method: 'POST', token: tokens.editor }),
    )
    expect([restored.status, restored.reason]).toEqual([409, 'unpublish-needs-reason'])
    expect(restored.message).toMatch(/restore it as a draft.*Unpublish/)
    expect(await isPublished(payload, doc.id)).toBe(true)
    expect(await records(doc.id)).toEqual(before)
    expect((await searchPublished(payload, `"${doc.question}"`)).hits.map((hit) => hit.id)).toContain(doc.id)
    // As a draft it is allowed: the published version stays live.
    expect(
      (await rest(`/articles/versions/${firstDraft.id}?draft=true`, { method: 'POST', token: tokens.editor })).status,
    ).toBe(200)
    expect(await isPublished(payload, doc.id)).toBe(true)
  })
})

describe('scheduled publishing and unpublishing', () => {
  const justPassed = () => ({ at: new Date(Date.now() - 30_000).toISOString(), now: new Date(Date.now() - 120_000) })

  it('an unpublish needs its reason when it is scheduled, then happens and is recorded with it', async () => {
    const doc = await published('scheduled-unpublish')
    const { at, now } = justPassed()
    await expect(review().schedule(people.editor, doc.id, { action: 'unpublish', at }, now)).rejects.toThrow(/reason/)
    await review().schedule(
      people.editor,
      doc.id,
      { action: 'unpublish', at, reason: 'Guidance withdrawn by NICE.' },
      now,
    )
    await payload.jobs.run({ queue: 'default' })
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect((await records(doc.id)).map((record) => [record.action, record.reason, record.by])).toEqual([
      ['publish', null, people.editor],
      ['unpublish', 'Guidance withdrawn by NICE.', people.editor],
    ])
    expect((await searchPublished(payload, `"${doc.question}"`)).hits).toEqual([])
  })

  it('a scheduled publish goes through the gate when it runs: a refusal keeps the article off the site and the panel says why', async () => {
    const doc = await fixtures.signed('scheduled-refused')
    const { at, now } = justPassed()
    const scheduled = await review().schedule(people.editor, doc.id, { action: 'publish', at }, now)
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      // After scheduling, the reviewer became the author: the sign-off no longer counts.
      data: { author: people.reviewer },
      context: QUIET,
    })
    await payload.jobs.run({ queue: 'default' })
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect(await review().scheduled(people.editor, doc.id)).toEqual([
      expect.objectContaining({
        id: scheduled.id,
        action: 'publish',
        error: expect.stringMatching(/who is the author/),
      }),
    ])
    await review().cancelScheduled(people.editor, doc.id, scheduled.id)
    expect(await review().scheduled(people.editor, doc.id)).toEqual([])
  })

  it('is for editors only, and runs with their permissions as they are when it runs', async () => {
    const doc = await fixtures.signed('scheduled-permissions')
    const { at, now } = justPassed()
    await expect(review().schedule(people.writer, doc.id, { action: 'publish', at }, now)).rejects.toThrow(
      /Only editors and admins/,
    )
    const scheduled = await review().schedule(people.editor, doc.id, { action: 'publish', at }, now)
    await expect(review().cancelScheduled(people.writer, doc.id, scheduled.id)).rejects.toThrow(
      /Only editors and admins/,
    )
    await payload.update({ collection: 'users', id: people.editor, data: { roles: ['writer'] }, context: QUIET })
    try {
      await payload.jobs.run({ queue: 'default' })
    } finally {
      await payload.update({ collection: 'users', id: people.editor, data: { roles: ['editor'] }, context: QUIET })
    }
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect((await review().scheduled(people.editor, doc.id))[0]?.error).toMatch(/Only editors and admins publish/)
  })

  it('refuses a time in the past or too far ahead, saying what to choose', async () => {
    const doc = await fixtures.signed('scheduled-times')
    await expect(
      review().schedule(people.editor, doc.id, { action: 'publish', at: new Date(Date.now() - 60_000).toISOString() }),
    ).rejects.toThrow(/at least a minute from now/)
    await expect(
      review().schedule(people.editor, doc.id, { action: 'publish', at: '2099-01-01T00:00:00Z' }),
    ).rejects.toThrow(/within the next year/)
    await expect(review().schedule(people.editor, doc.id, { action: 'publish', at: 'next Tuesday' })).rejects.toThrow(
      /ISO 8601/,
    )
  })
})

describe('deleting', () => {
  it('a published article is refused until it is unpublished with a reason; then the deletion leaves the records', async () => {
    const doc = await published('delete-published')
    for (const attempt of [
      () => rest(`/articles/${doc.id}`, { method: 'DELETE', token: tokens.editor }),
      () => rest(`/articles?where[id][equals]=${doc.id}`, { method: 'DELETE', token: tokens.editor }),
    ]) {
      const response = await attempt()
      expect(response.ok).toBe(false)
      expect(await response.text()).toMatch(/Unpublish it first/)
    }
    await expect(payload.delete({ collection: 'articles', id: doc.id, context: QUIET })).rejects.toThrow(
      /Unpublish it first/,
    )
    expect(await isPublished(payload, doc.id)).toBe(true)
    await review().unpublish(people.editor, doc.id, 'Merged into another article.')
    expect((await rest(`/articles/${doc.id}`, { method: 'DELETE', token: tokens.editor })).status).toBe(200)
    expect((await records(doc.id)).map((record) => [record.action, record.reason])).toEqual([
      ['publish', null],
      ['unpublish', 'Merged into another article.'],
    ])
  })

  it('a published condition is refused the same way', async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Deletable itis', summary: 'A test.' },
      draft: true,
      context: QUIET,
    })
    await review('conditions').reviewAndPublish(condition.id, {
      writer: people.writer,
      reviewer: people.reviewer,
      editor: people.editor,
    })
    expect(
      (await answer(await rest(`/conditions/${condition.id}`, { method: 'DELETE', token: tokens.editor }))).status,
    ).toBe(409)
    expect(
      (await payload.findByID({ collection: 'conditions', id: condition.id, draft: false, depth: 0 }))._status,
    ).toBe('published')
  })

  it('a condition a published article links as a cause cannot be deleted, even unpublished: the link is signed content', async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Linked-but-draft itis', summary: 'A test.' },
      draft: true,
      context: QUIET,
    })
    const doc = await fixtures.draft('links-condition')
    const stored = await newest(doc.id)
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { causes: [{ ...stored.causes[0]!, conditions: [condition.id] }, stored.causes[1]!] },
      context: QUIET,
    })
    await review().reviewAndPublish(doc.id, { writer: people.writer, reviewer: people.reviewer, editor: people.editor })
    const refused = await answer(await rest(`/conditions/${condition.id}`, { method: 'DELETE', token: tokens.editor }))
    expect([refused.status, refused.reason]).toEqual([409, 'condition-linked'])
    expect((await live(doc.id)).causes[0]!.conditions).toEqual([condition.id])
  })

  it('the author of a published article cannot be deleted: the byline would change under readers', async () => {
    const author = await payload.create({
      collection: 'users',
      data: { email: 'gate.author@causeway.test', name: 'Only An Author', password: PASSWORD, roles: ['writer'] },
      context: QUIET,
    })
    const doc = await fixtures.draft('authored', author.id)
    await review().reviewAndPublish(doc.id, { writer: author.id, reviewer: people.reviewer, editor: people.editor })
    const refused = await answer(await rest(`/users/${author.id}`, { method: 'DELETE', token: tokens.admin }))
    expect([refused.status, refused.message]).toEqual([409, expect.stringMatching(/author of 1 published document/)])
  })
})

describe('search', () => {
  async function conditionNamed(name: string) {
    return payload.create({
      collection: 'conditions',
      data: { name, summary: 'A test condition.' },
      draft: true,
      context: QUIET,
    })
  }

  it('never finds an article by the name of a condition readers cannot see, and follows the condition through publish, rename and unpublish', async () => {
    const condition = await conditionNamed('Zebrafinch syndrome')
    const doc = await fixtures.draft('linked-unpublished')
    const stored = await newest(doc.id)
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: {
        causes: stored.causes.map((cause, index) => (index === 0 ? { ...cause, conditions: [condition.id] } : cause)),
      },
      context: QUIET,
    })
    await review().reviewAndPublish(doc.id, { writer: people.writer, reviewer: people.reviewer, editor: people.editor })
    const found = async (q: string) =>
      (await searchPublished(payload, q)).hits.filter((hit) => hit.collection === 'articles').map((hit) => hit.id)
    expect(await found('zebrafinch')).toEqual([])

    await review('conditions').reviewAndPublish(condition.id, {
      writer: people.writer,
      reviewer: people.reviewer,
      editor: people.editor,
    })
    expect(await found('zebrafinch')).toEqual([doc.id])

    await payload.update({
      collection: 'conditions',
      id: condition.id,
      draft: true,
      data: { name: 'Hummingbird syndrome' },
      context: QUIET,
    })
    expect(await found('zebrafinch')).toEqual([doc.id]) // a draft rename is not what readers see
    await review('conditions').submit(people.writer, condition.id, {
      changeNote: 'Renamed.',
      reviewer: people.reviewer,
    })
    await review('conditions').signOff(people.reviewer, condition.id, { decision: 'approve' })
    await review('conditions').publish(people.editor, condition.id)
    expect([await found('zebrafinch'), await found('hummingbird')]).toEqual([[], [doc.id]])

    await review('conditions').unpublish(people.editor, condition.id, 'Under review.')
    expect(await found('hummingbird')).toEqual([])
    expect(await found(`"${doc.question}"`)).toEqual([doc.id])
  })
})

describe('reader-facing text outside the clinical fields', () => {
  it('the public history shows neither the change note the reviewer approved nor one edited afterwards', async () => {
    const doc = await fixtures.draft('change-note')
    await review().submit(people.writer, doc.id, { changeNote: 'Added red-flag symptoms.', reviewer: people.reviewer })
    await review().signOff(people.reviewer, doc.id, { decision: 'approve' })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { changeNote: 'Now cures back pain in a week.' },
      context: QUIET,
    })
    await review().publish(people.editor, doc.id)
    // The change note is internal: the history carries only the public note approved with the sign-off.
    const history = await findArticleHistory(payload, doc.id)
    expect(history).toHaveLength(1)
    expect(JSON.stringify(history)).not.toMatch(/red-flag|cures back pain/)
    const ledger = await sqlRows<{ change_note: string }>(
      payload,
      sql`SELECT change_note FROM reviews WHERE subject_id = ${String(doc.id)}`,
    )
    expect(ledger.map((row) => row.change_note)).toEqual(['Added red-flag symptoms.'])
  })

  it("a condition's other names are signed once set: adding one after approval needs a new review", async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Aliased itis', summary: 'A test.' },
      draft: true,
      context: QUIET,
    })
    await review('conditions').reviewAndPublish(condition.id, {
      writer: people.writer,
      reviewer: people.reviewer,
      editor: people.editor,
    })
    await payload.update({
      collection: 'conditions',
      id: condition.id,
      draft: true,
      data: { alsoKnownAs: ['Miracle-cure itis'] },
      context: QUIET,
    })
    const refused = payload.update({
      collection: 'conditions',
      id: condition.id,
      data: { _status: 'published' },
      context: QUIET,
    })
    await expect(refused).rejects.toThrow(/changed: Also known as/)
    // The workflow's publish sends out the signed version; the unsigned name stays in the draft.
    await review('conditions').publish(people.editor, condition.id)
    expect((await findCondition(payload, 'aliased-itis'))?.condition.alsoKnownAs ?? []).toEqual([])
    const working = await payload.findByID({ collection: 'conditions', id: condition.id, draft: true, depth: 0 })
    expect(working.alsoKnownAs).toEqual(['Miracle-cure itis'])
  })

  it('nobody but an admin changes what readers see about a person — name, bio, photo — so a reviewer cannot restyle themself before signing', async () => {
    const result = await rest(`/users/${people.reviewer}`, {
      method: 'PATCH',
      token: tokens.reviewer,
      body: JSON.stringify({ name: 'Prof. Rosa Reviewer, Nobel laureate', bio: 'Board-certified in everything.' }),
    })
    expect(result.status).toBeLessThan(500)
    const stored = await payload.findByID({ collection: 'users', id: people.reviewer, depth: 0 })
    expect([stored.name, stored.bio ?? null]).toEqual(['Dr Rosa Reviewer', null])
    await rest(`/users/${people.reviewer}`, {
      method: 'PATCH',
      token: tokens.admin,
      body: JSON.stringify({ name: 'Dr Rosa Reviewer-Smith' }),
    })
    expect((await payload.findByID({ collection: 'users', id: people.reviewer, depth: 0 })).name).toBe(
      'Dr Rosa Reviewer-Smith',
    )
    await payload.update({
      collection: 'users',
      id: people.reviewer,
      data: { name: 'Dr Rosa Reviewer' },
      context: QUIET,
    })
  })
})
