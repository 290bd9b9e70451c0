/**
 * No lost update: concurrent saves of one document through the REST API (what the admin and any
 * client send), base versions (If-Match, the form's updatedAt, GraphQL's), the row lock under
 * partial saves, autosave racing publish, and Payload's document locks made to hold.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { QUIET, reviewFixtures, type Staff } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff & { admin: number; otherEditor: number }
let fixtures: ReturnType<typeof reviewFixtures>
const tokens: Record<string, string> = {}
const PASSWORD = 'concurrency-test-password'
const ROUNDS = 8

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: string, name: string, roles: Array<'writer' | 'reviewer' | 'editor' | 'admin'>) => {
    const email = `concurrency.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name,
        password: PASSWORD,
        roles,
        credentials: roles.includes('reviewer') ? 'MD' : undefined,
        licence: licenceFor(roles, 'MD'),
      },
      context: QUIET,
    })
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    return doc.id
  }
  staff = {
    writer: await person('writer', 'Wren Writer', ['writer']),
    reviewer: await person('reviewer', 'Dr Rowan Reviewer', ['reviewer']),
    editor: await person('editor', 'Edda Editor', ['editor']),
    otherEditor: await person('otherEditor', 'Ezra Editor', ['editor']),
    admin: await person('admin', 'Ada Admin', ['admin']),
  }
  fixtures = reviewFixtures(payload, staff)
})

afterAll(async () => {
  await ctx?.cleanup()
})

type Who = keyof typeof tokens

async function read(id: number, who: Who = 'editor') {
  const response = await rest(`/articles/${id}?draft=true&depth=0`, { token: tokens[who] })
  const doc = (await response.json()) as { updatedAt: string; question: string; summary: string }
  return { doc, etag: response.headers.get('etag') }
}

function patch(id: number, who: Who, data: Record<string, unknown>, headers: Record<string, string> = {}, query = '') {
  return rest(`/articles/${id}?draft=true&depth=0${query}`, {
    method: 'PATCH',
    token: tokens[who],
    headers,
    body: JSON.stringify(data),
  })
}

const message = async (response: Response) =>
  ((await response.json()) as { errors?: Array<{ message: string }> }).errors?.[0]?.message ?? ''

const stored = (id: number) => payload.findByID({ collection: 'articles', id, draft: true, depth: 0 })

describe('two people saving the same document at once', () => {
  it('with the ETag they read: one save lands, the other gets 409 naming who changed what, nothing is lost silently', async () => {
    const doc = await fixtures.draft('both-at-once')
    for (let round = 0; round < ROUNDS; round++) {
      const { etag } = await read(doc.id)
      expect(etag).toMatch(/^"\d{4}-\d\d-\d\dT.+Z"$/)
      const answers = await Promise.all(
        (['editor', 'otherEditor'] as const).map((who) =>
          patch(doc.id, who, { summary: `${who} round ${round}` }, { 'If-Match': etag! }),
        ),
      )
      const statuses = answers.map((answer) => answer.status).sort()
      expect(statuses).toEqual([200, 409])
      const winner = answers[0]!.status === 200 ? 'editor' : 'otherEditor'
      const refused = answers.find((answer) => answer.status === 409)!
      const text = await message(refused)
      // The admin's error toast turns whatever follows a colon into a list: there is none.
      expect(text).not.toContain(':')
      expect(text).toMatch(
        new RegExp(
          `^${winner === 'editor' ? 'Edda' : 'Ezra'} Editor changed this cause article at .+ \\(your save differs in .*Summary\\)`,
          'i',
        ),
      )
      // What is stored is exactly the save that was answered 200.
      expect((await stored(doc.id)).summary).toBe(`${winner} round ${round}`)
    }
  })

  it('a base in the body (what the admin form sends) is honoured too, and a fresh one passes', async () => {
    const doc = await fixtures.draft('form-base')
    const { doc: loaded } = await read(doc.id, 'writer')
    expect((await patch(doc.id, 'editor', { question: 'Changed by the editor?' })).status).toBe(200)
    const stale = await patch(doc.id, 'writer', { question: 'Changed by the writer?', updatedAt: loaded.updatedAt })
    expect(stale.status).toBe(409)
    expect(await message(stale)).toMatch(/^Edda Editor changed this cause article .*Question/)
    expect((await stored(doc.id)).question).toBe('Changed by the editor?')
    const { doc: reloaded } = await read(doc.id, 'writer')
    const fresh = await patch(doc.id, 'writer', { question: 'Changed by the writer?', updatedAt: reloaded.updatedAt })
    expect(fresh.status).toBe(200)
    expect((await stored(doc.id)).question).toBe('Changed by the writer?')
  })

  it('a writer saving over their own earlier autosaves never conflicts with themselves', async () => {
    const doc = await fixtures.draft('own-autosaves')
    let { doc: loaded } = await read(doc.id, 'writer')
    for (let round = 0; round < 4; round++) {
      const response = await patch(
        doc.id,
        'writer',
        { summary: `autosave ${round}`, updatedAt: loaded.updatedAt },
        {},
        '&autosave=true',
      )
      expect(response.status).toBe(200)
      loaded = ((await response.json()) as { doc: typeof loaded }).doc
    }
    expect((await stored(doc.id)).summary).toBe('autosave 3')
  })

  it('without a base, saves of different fields both land (the row lock serialises them)', async () => {
    const doc = await fixtures.draft('different-fields')
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all([
        patch(doc.id, 'editor', { question: `Question ${round}?` }),
        patch(doc.id, 'otherEditor', { summary: `Summary ${round}` }),
      ])
      expect(answers.map((answer) => answer.status)).toEqual([200, 200])
      const now = await stored(doc.id)
      expect([now.question, now.summary]).toEqual([`Question ${round}?`, `Summary ${round}`])
    }
  })

  it('GraphQL carries its base as data.updatedAt', async () => {
    const doc = await fixtures.draft('graphql-base')
    const { doc: loaded } = await read(doc.id)
    expect((await patch(doc.id, 'otherEditor', { summary: 'First.' })).status).toBe(200)
    const result = await graphql(
      `mutation { updateArticle(id: ${doc.id}, draft: true, data: { summary: "Second.", updatedAt: "${loaded.updatedAt}" }) { id } }`,
      tokens.editor,
    )
    expect(JSON.stringify(result.errors)).toMatch(/Ezra Editor changed this cause article/)
    expect((await stored(doc.id)).summary).toBe('First.')
  })

  it('an If-Match that is not an ETag is refused rather than ignored', async () => {
    const doc = await fixtures.draft('bad-if-match')
    const response = await patch(doc.id, 'editor', { summary: 'x' }, { 'If-Match': '"not-a-version"' })
    expect(response.status).toBe(400)
    expect(await message(response)).toMatch(/If-Match must be the ETag/)
  })
})

describe('autosave racing publish', () => {
  it('publish takes the signed version and the writer’s newer draft stays the working copy', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const doc = await fixtures.signed(`race-${round}`)
      const signedHash = (await stored(doc.id)).signOff?.hash
      // Approved content is locked: the writer reopens it before editing, as in the admin.
      await fixtures.review.withdraw(staff.writer, doc.id, 'A newer summary.')
      const { doc: loaded } = await read(doc.id, 'writer')
      const [autosave, published] = await Promise.all([
        patch(
          doc.id,
          'writer',
          { summary: `A newer summary, round ${round}.`, updatedAt: loaded.updatedAt },
          {},
          '&autosave=true',
        ),
        rest(`/articles/${doc.id}/publish`, { method: 'POST', token: tokens.editor }),
      ])
      expect([autosave.status, published.status]).toEqual([200, 200])
      const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
      const working = await stored(doc.id)
      expect([live._status, live.contentHash]).toEqual(['published', signedHash])
      expect(working.summary).toBe(`A newer summary, round ${round}.`)
      expect(working.reviewStage).toBe('draft')
    }
  })

  it('an edit to locked (approved) content racing its publish is refused, never silently dropped', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const doc = await fixtures.signed(`locked-race-${round}`)
      const before = await stored(doc.id)
      const { doc: loaded } = await read(doc.id, 'writer')
      const [autosave, published] = await Promise.all([
        patch(
          doc.id,
          'writer',
          { summary: `Edited while approved, round ${round}.`, updatedAt: loaded.updatedAt },
          {},
          '&autosave=true',
        ),
        rest(`/articles/${doc.id}/publish`, { method: 'POST', token: tokens.editor }),
      ])
      // Whichever ran first, the writer hears that the content was locked.
      expect([autosave.status, published.status]).toEqual([409, 200])
      expect(((await autosave.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(
        /clinical content is locked/,
      )
      expect((await stored(doc.id)).summary).toBe(before.summary)
    }
  })
})

describe('document locks', () => {
  /** What the admin does when someone starts editing: a lock row for them. */
  async function lockFor(id: number, holder: number) {
    await payload.db.create({
      collection: 'payload-locked-documents',
      data: { document: { relationTo: 'articles', value: id }, user: { relationTo: 'users', value: holder } },
    })
  }
  const locks = (id: number) =>
    payload.find({
      collection: 'payload-locked-documents',
      where: { 'document.value': { equals: id } },
      depth: 0,
    })

  it('survive their owner’s saves; anyone else is refused naming the holder; only an admin overrides, and it is recorded', async () => {
    const doc = await fixtures.draft('locked')
    await lockFor(doc.id, staff.writer)
    expect((await patch(doc.id, 'writer', { summary: 'Mine.' }, {}, '&autosave=true')).status).toBe(200)
    expect((await locks(doc.id)).docs.map((lock) => (lock.user as { value: number }).value)).toEqual([staff.writer])

    const editor = await patch(doc.id, 'editor', { summary: 'Theirs.' })
    expect(editor.status).toBe(423)
    expect(await message(editor)).toMatch(/^Wren Writer is editing this cause article/)
    const forced = await patch(doc.id, 'editor', { summary: 'Theirs.' }, {}, '&overrideLock=true')
    expect(forced.status).toBe(403)
    expect(await message(forced)).toMatch(/for admins/)
    expect((await stored(doc.id)).summary).toBe('Mine.')

    const lockId = (await locks(doc.id)).docs[0]!.id
    const deleted = await rest(`/payload-locked-documents/${lockId}`, { method: 'DELETE', token: tokens.editor })
    expect(deleted.ok).toBe(false)
    expect((await locks(doc.id)).totalDocs).toBe(1)

    // The holder releases it, as the review panel does when the edit view closes; nobody else can.
    const notTheirs = await rest(`/articles/${doc.id}/lock`, { method: 'DELETE', token: tokens.editor })
    expect(await notTheirs.json()).toEqual({ released: 0 })
    expect((await locks(doc.id)).totalDocs).toBe(1)
    const released = await rest(`/articles/${doc.id}/lock`, { method: 'DELETE', token: tokens.writer })
    expect(await released.json()).toEqual({ released: 1 })
    expect((await locks(doc.id)).totalDocs).toBe(0)
    await lockFor(doc.id, staff.writer)
    expect(
      (
        await rest(`/payload-locked-documents/${(await locks(doc.id)).docs[0]!.id}`, {
          method: 'DELETE',
          token: tokens.writer,
        })
      ).status,
    ).toBe(200)
    await lockFor(doc.id, staff.writer)

    const admin = await patch(doc.id, 'admin', { summary: 'The admin’s.' }, {}, '&overrideLock=true')
    expect(admin.status).toBe(200)
    const after = await stored(doc.id)
    expect([after.summary, after.lastEdit?.by, after.lastEdit?.overrodeLockOf]).toEqual([
      'The admin’s.',
      staff.admin,
      staff.writer,
    ])
    expect((await locks(doc.id)).totalDocs).toBe(0)
  })

  it('publish and unpublish wait for the holder: refused with 423 while someone else is editing', async () => {
    const doc = await fixtures.signed('locked-publish')
    await lockFor(doc.id, staff.writer)
    const refused = await rest(`/articles/${doc.id}/publish`, { method: 'POST', token: tokens.editor })
    expect(refused.status).toBe(423)
    expect(await message(refused)).toMatch(/^Wren Writer is editing this cause article .*publishing it now/)
    expect((await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 }))._status).not.toBe(
      'published',
    )
    await payload.delete({ collection: 'payload-locked-documents', where: { 'document.value': { equals: doc.id } } })
    expect((await rest(`/articles/${doc.id}/publish`, { method: 'POST', token: tokens.editor })).status).toBe(200)

    await lockFor(doc.id, staff.writer)
    const unpublish = await rest(`/articles/${doc.id}/unpublish`, {
      method: 'POST',
      token: tokens.editor,
      body: JSON.stringify({ reason: 'A correction is coming.' }),
    })
    expect(unpublish.status).toBe(423)
    expect((await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 }))._status).toBe(
      'published',
    )
    // The holder's own lock does not stop the holder.
    const sameAsHolder = await rest(`/articles/${doc.id}/review-status`, { token: tokens.writer })
    expect(sameAsHolder.status).toBe(200)
  })

  it('a sign-off does not wait for the writer who still has the edit view open: in review, nothing they do can change what is signed', async () => {
    const doc = await fixtures.draft('locked-sign-off')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    await lockFor(doc.id, staff.writer)
    const signed = await rest(`/articles/${doc.id}/sign-off`, {
      method: 'POST',
      token: tokens.reviewer,
      body: JSON.stringify({
        decision: 'approve',
        signature: { meaning: SIGNATURE_MEANINGS.approve, password: PASSWORD },
      }),
    })
    expect(signed.status).toBe(200)
    expect((await stored(doc.id)).reviewStage).toBe('approved')
  })
})
