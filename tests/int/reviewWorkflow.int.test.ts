/**
 * The review workflow: stages and their transitions, the rules each transition checks, what
 * only the server may write, the ledger under concurrency, atomic writes, unpublishing with a
 * reason, and the review-expiry job.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphs } from '@/lib/richText/paragraphs'
import { queueExpiredReviews } from '@/plugins/medicalReview/jobs/reviewExpiry'
import { verifyStoredLedger } from '@/plugins/medicalReview/ledger/verifyStoredLedger'
import { reviewOptionsOf } from '@/plugins/medicalReview/resolveOptions'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview/stages'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { isPublished, QUIET, REFUSAL_MESSAGES, reviewFixtures, type Staff } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff & { otherReviewer: number; writerReviewer: number }
let fixtures: ReturnType<typeof reviewFixtures>
const tokens: Record<string, string> = {}
const PASSWORD = 'workflow-test-password'

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (
    key: string,
    name: string,
    roles: Array<'writer' | 'reviewer' | 'editor'>,
    credentials?: string,
  ) => {
    const email = `workflow.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: { email, name, password: PASSWORD, roles, credentials, licence: licenceFor(roles, credentials) },
      context: QUIET,
    })
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    return doc.id
  }
  staff = {
    writer: await person('writer', 'Wanda Writer', ['writer']),
    reviewer: await person('reviewer', 'Dr Rhea Reviewer', ['reviewer'], 'MD'),
    editor: await person('editor', 'Eli Editor', ['editor']),
    otherReviewer: await person('other', 'Dr Otto Other', ['reviewer'], 'DPT'),
    writerReviewer: await person('both', 'Dr Bo Both', ['writer', 'reviewer'], 'MD'),
  }
  fixtures = reviewFixtures(payload, staff)
})

afterAll(async () => {
  await ctx?.cleanup()
})

/** A sign-off over HTTP is an electronic signature: the stated meaning and the signer's password. */
const signed = (path: string, body: unknown) => {
  const fields = (body ?? {}) as Record<string, unknown>
  if (!path.endsWith('/sign-off') || 'signature' in fields) return fields
  const meaning = SIGNATURE_MEANINGS[fields.decision as 'approve'] ?? null
  return { ...fields, signature: { meaning, password: PASSWORD } }
}

const post = (path: string, who: string, body: unknown = {}) =>
  rest(path, { method: 'POST', token: tokens[who], body: JSON.stringify(signed(path, body)) })

async function answer(response: Response) {
  const body = (await response.json()) as { errors?: Array<{ message: string; data?: { reason?: string } }> } & Record<
    string,
    unknown
  >
  return { status: response.status, message: body.errors?.[0]?.message ?? '', body }
}

const newest = (id: number) =>
  payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })

describe('submitting for review', () => {
  it('moves a draft to "in review" with the change note and reviewer', async () => {
    const doc = await fixtures.draft('submit')
    const result = await answer(
      await post(`/articles/${doc.id}/submit`, 'writer', { changeNote: 'First draft.', reviewer: staff.reviewer }),
    )
    expect(result.status).toBe(200)
    const stored = await newest(doc.id)
    expect([stored.reviewStage, stored.changeNote, stored.assignedReviewer]).toEqual([
      'in-review',
      'First draft.',
      staff.reviewer,
    ])
  })

  it.each([
    ['without a change note', 'writer', () => ({ reviewer: staff.reviewer }), 400, /note for the reviewer/],
    [
      'to someone without the reviewer role',
      'writer',
      () => ({ changeNote: 'x', reviewer: staff.editor }),
      400,
      /not a clinical reviewer/,
    ],
    ['to its own author', 'both', () => ({ changeNote: 'x', reviewer: staff.writerReviewer }), 400, /is the author/],
    ['without a reviewer', 'writer', () => ({ changeNote: 'x' }), 400, /Choose the clinical reviewer/],
    [
      'by a reviewer (who only signs off)',
      'reviewer',
      () => ({ changeNote: 'x', reviewer: staff.reviewer }),
      403,
      /Only writers and editors/,
    ],
  ])('is refused %s, saying what to do', async (_case, who, body, status, message) => {
    const doc = await fixtures.draft('refused-submit', who === 'both' ? staff.writerReviewer : staff.writer)
    const result = await answer(await post(`/articles/${doc.id}/submit`, who, body()))
    expect([result.status, result.message]).toEqual([status, expect.stringMatching(message)])
    expect((await newest(doc.id)).reviewStage).toBe('draft')
  })
})

describe('signing off', () => {
  it('approve: the server hashes the stored draft, records credentials and the next review date, and ignores a hash or reviewer sent by the client', async () => {
    const doc = await fixtures.draft('approve')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    const result = await answer(
      await post(`/articles/${doc.id}/sign-off`, 'reviewer', {
        decision: 'approve',
        comments: 'Clinically accurate.',
        contentHash: '0'.repeat(64),
        reviewer: staff.otherReviewer,
      }),
    )
    expect(result.status).toBe(200)
    const stored = await newest(doc.id)
    const { docs } = await payload.find({
      collection: 'reviews',
      where: { subjectId: { equals: String(doc.id) } },
      depth: 0,
    })
    expect(docs).toHaveLength(1)
    const entry = docs[0]!
    expect([entry.contentHash, entry.reviewer, entry.reviewerName, entry.reviewerCredentials, entry.decision]).toEqual([
      stored.contentHash,
      staff.reviewer,
      'Dr Rhea Reviewer',
      'MD',
      'approve',
    ])
    const months =
      (new Date(entry.nextReviewDue!).getTime() - new Date(entry.signedAt).getTime()) / (30.44 * 86_400_000)
    expect(Math.round(months)).toBe(12)
    expect([stored.reviewStage, stored.signOff?.hash, stored.signOff?.entry]).toEqual([
      'approved',
      stored.contentHash,
      entry.id,
    ])
  })

  it('request changes: needs comments, sends it back, and the writer can resubmit', async () => {
    const doc = await fixtures.draft('changes')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    const noComment = await answer(
      await post(`/articles/${doc.id}/sign-off`, 'reviewer', { decision: 'changes-requested' }),
    )
    expect([noComment.status, noComment.message]).toEqual([400, expect.stringMatching(/what needs to change/)])
    await post(`/articles/${doc.id}/sign-off`, 'reviewer', {
      decision: 'changes-requested',
      comments: 'Cite a guideline.',
    })
    expect((await newest(doc.id)).reviewStage).toBe('changes-requested')
    expect((await newest(doc.id)).lastDecision?.comments).toBe('Cite a guideline.')
    // The request is a checklist item: resubmitting before answering it is refused, naming it.
    const [item] = (await newest(doc.id)).checklist ?? []
    expect([item?.request, item?.state, item?.raisedBy]).toEqual(['Cite a guideline.', 'open', 'Dr Rhea Reviewer'])
    const unanswered = await answer(
      await post(`/articles/${doc.id}/submit`, 'writer', {
        changeNote: 'Added a guideline.',
        reviewer: staff.reviewer,
      }),
    )
    expect([unanswered.status, unanswered.message]).toEqual([409, expect.stringMatching(/"Cite a guideline\."/)])
    const answered = await answer(
      await post(`/articles/${doc.id}/checklist/${item!.id}`, 'writer', { answer: 'Added the NICE guideline.' }),
    )
    expect(answered.status).toBe(200)
    const resubmitted = await answer(
      await post(`/articles/${doc.id}/submit`, 'writer', {
        changeNote: 'Added a guideline.',
        reviewer: staff.reviewer,
      }),
    )
    expect(resubmitted.status).toBe(200)
    const stored = await newest(doc.id)
    expect(stored.reviewStage).toBe('in-review')
    // The reviewer sees the request with its answer on re-review; approving closes it.
    expect(stored.checklist?.map((row) => [row.request, row.answer, row.answeredBy, row.state])).toEqual([
      ['Cite a guideline.', 'Added the NICE guideline.', 'Wanda Writer', 'answered'],
    ])
    await post(`/articles/${doc.id}/sign-off`, 'reviewer', { decision: 'approve' })
    expect((await newest(doc.id)).checklist?.map((row) => row.state)).toEqual(['closed'])
  })

  it.each([
    ['by a reviewer it is not assigned to', 'other', 403, /assigned to Dr Rhea Reviewer/],
    ['by a writer', 'writer', 403, /Only clinical reviewers/],
    ['by an editor', 'editor', 403, /Only clinical reviewers/],
  ])('is refused %s', async (_case, who, status, message) => {
    const doc = await fixtures.draft('refused-sign')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    const result = await answer(await post(`/articles/${doc.id}/sign-off`, who, { decision: 'approve' }))
    expect([result.status, result.message]).toEqual([status, expect.stringMatching(message)])
    expect(
      (await payload.count({ collection: 'reviews', where: { subjectId: { equals: String(doc.id) } } })).totalDocs,
    ).toBe(0)
  })

  it('is refused for the author, even one holding the reviewer role and assigned by an editor', async () => {
    const doc = await fixtures.draft('own', staff.writerReviewer)
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { assignedReviewer: staff.writerReviewer, reviewStage: 'in-review' },
      context: QUIET,
    })
    // The stage is the server's: a client (or Local API call) cannot put it in review.
    expect((await newest(doc.id)).reviewStage).toBe('draft')
    const result = await answer(await post(`/articles/${doc.id}/sign-off`, 'both', { decision: 'approve' }))
    expect(result.status).toBe(409)
    expect(result.message).toMatch(/nothing to sign off/)
  })

  it('is refused when nothing is in review', async () => {
    const doc = await fixtures.draft('not-submitted')
    const result = await answer(await post(`/articles/${doc.id}/sign-off`, 'reviewer', { decision: 'approve' }))
    expect([result.status, result.message]).toEqual([409, expect.stringMatching(/nothing to sign off: it is draft/)])
  })
})

describe('server-only review fields', () => {
  it('ignores a writer setting the stage, the sign-off or the hash through REST and GraphQL', async () => {
    const doc = await fixtures.draft('forge')
    const forged = {
      reviewStage: 'approved',
      contentHash: 'f'.repeat(64),
      signOff: { hash: 'f'.repeat(64), reviewerName: 'Nobody' },
    }
    await rest(`/articles/${doc.id}?draft=true`, {
      method: 'PATCH',
      token: tokens.writer,
      body: JSON.stringify(forged),
    })
    await graphql(
      `mutation { updateArticle(id: ${doc.id}, draft: true, data: { reviewStage: approved }) { id } }`,
      tokens.writer,
    )
    const stored = await newest(doc.id)
    expect([stored.reviewStage, stored.signOff?.hash ?? null, stored.contentHash]).toEqual([
      'draft',
      null,
      doc.contentHash,
    ])
  })

  it('refuses a forged ledger entry through REST, even from an admin-like editor', async () => {
    const response = await rest('/reviews', {
      method: 'POST',
      token: tokens.editor,
      body: JSON.stringify({
        subjectCollection: 'articles',
        subjectId: '1',
        contentHash: 'x',
        snapshot: {},
        decision: 'approve',
        reviewer: staff.reviewer,
        reviewerName: 'x',
        signedAt: new Date().toISOString(),
        entryHash: 'x',
      }),
    })
    expect(response.status).toBe(403)
    expect((await payload.count({ collection: 'reviews', where: { contentHash: { equals: 'x' } } })).totalDocs).toBe(0)
  })
})

describe('stale detection', () => {
  it('approved content is locked; reopened, a clinical edit returns the stage to draft, marks the sign-off stale, and leaves only the signed version publishable', async () => {
    const doc = await fixtures.signed('stale-detect')
    const status = async () =>
      (await answer(await rest(`/articles/${doc.id}/review-status`, { token: tokens.editor }))).body
    expect(await status()).toMatchObject({
      stage: 'approved',
      signOffStatus: 'valid',
      gate: { ok: true },
      locked: true,
    })
    // An edit while approved is refused with what to do instead — through REST, and through the
    // Local API, where field access does not apply.
    const refused = await answer(
      await rest(`/articles/${doc.id}?draft=true`, {
        method: 'PATCH',
        token: tokens.writer,
        body: JSON.stringify({ takeaway: paragraphs('A sneaky new takeaway.') }),
      }),
    )
    expect([refused.status, refused.message]).toEqual([
      409,
      expect.stringMatching(/locked\. To change it, use “Reopen for editing”/),
    ])
    await expect(
      payload.update({
        collection: 'articles',
        id: doc.id,
        draft: true,
        data: { takeaway: paragraphs('A sneaky new takeaway.') },
        context: QUIET,
      }),
    ).rejects.toThrow(/clinical content is locked/)
    expect((await newest(doc.id)).reviewStage).toBe('approved')
    const reopened = await answer(await post(`/articles/${doc.id}/withdraw`, 'writer', { reason: 'New takeaway.' }))
    expect([reopened.status, reopened.body.stage]).toEqual([200, 'draft'])
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { takeaway: paragraphs('A new takeaway.') },
      context: QUIET,
    })
    // Publishing would send out the signed version, which the gate lets through; the edit stays a draft.
    expect(await status()).toMatchObject({
      stage: 'draft',
      signOffStatus: 'stale',
      publishesSignedVersion: true,
      gate: { ok: true },
      actions: ['submit', 'publish', 'schedule'],
    })
  })

  it('an edit outside the signed content (the symptoms it is filed under) keeps the approval, and publishes without a new review', async () => {
    const doc = await fixtures.signed('symptoms-only')
    const symptom = await payload.create({
      collection: 'symptoms',
      data: { name: 'Workflow ache', bodyRegion: 'back' },
      context: QUIET,
    })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { symptoms: [symptom.id] },
      context: QUIET,
    })
    expect((await newest(doc.id)).reviewStage).toBe('approved')
    const published = await answer(await post(`/articles/${doc.id}/publish`, 'editor'))
    expect(published.status).toBe(200)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    expect([live._status, live.symptoms, live.reviewStage]).toEqual(['published', [symptom.id], 'published'])
  })

  it('SEO text is signed once filled in: the title and description search engines show need a new review', async () => {
    const doc = await fixtures.signed('seo')
    await fixtures.review.withdraw(staff.writer, doc.id, 'A clearer search title.')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { meta: { title: 'A better title', description: 'Short.' } },
      context: QUIET,
    })
    expect((await newest(doc.id)).reviewStage).toBe('draft')
    const refused = await rest(`/articles/${doc.id}`, {
      method: 'PATCH',
      token: tokens.editor,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect([
      refused.status,
      ((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]?.message,
    ]).toEqual([409, expect.stringMatching(/changed: SEO title, SEO description\)/)])
    await fixtures.review.submit(staff.writer, doc.id, {
      changeNote: 'A clearer search title.',
      reviewer: staff.reviewer,
    })
    await fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve' })
    expect((await answer(await post(`/articles/${doc.id}/publish`, 'editor'))).status).toBe(200)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    expect([live._status, live.meta?.title]).toEqual(['published', 'A better title'])
  })

  it('a writer cannot publish, even a signed-off article', async () => {
    const doc = await fixtures.signed('writer-publish')
    const viaEndpoint = await answer(await post(`/articles/${doc.id}/publish`, 'writer'))
    const viaPatch = await answer(
      await rest(`/articles/${doc.id}`, {
        method: 'PATCH',
        token: tokens.writer,
        body: JSON.stringify({ _status: 'published' }),
      }),
    )
    expect([viaEndpoint.status, viaPatch.status]).toEqual([403, 403])
    expect(viaPatch.message).toMatch(/Only editors and admins can publish/)
    expect(await isPublished(payload, doc.id)).toBe(false)
  })

  it('an approved article cannot be resubmitted unchanged', async () => {
    const doc = await fixtures.signed('resubmit')
    const result = await answer(
      await post(`/articles/${doc.id}/submit`, 'writer', { changeNote: 'Again?', reviewer: staff.reviewer }),
    )
    expect([result.status, result.message]).toEqual([409, expect.stringMatching(/already approved/)])
  })

  it('a reviewer who requests changes on content they approved withdraws that approval', async () => {
    const doc = await fixtures.signed('withdrawn')
    const original = await newest(doc.id)
    await fixtures.review.withdraw(staff.writer, doc.id, 'Trying a shorter summary.')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { summary: 'Briefly different.' },
      context: QUIET,
    })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { summary: original.summary },
      context: QUIET,
    })
    await fixtures.review.submit(staff.writer, doc.id, {
      changeNote: 'Back to the approved text.',
      reviewer: staff.reviewer,
    })
    await fixtures.review.signOff(staff.reviewer, doc.id, {
      decision: 'changes-requested',
      comments: 'On reflection, cite the guideline.',
    })
    const result = await answer(await post(`/articles/${doc.id}/publish`, 'editor'))
    expect([result.status, result.message]).toEqual([
      409,
      expect.stringMatching(/requested changes to this exact content/),
    ])
    expect(await isPublished(payload, doc.id)).toBe(false)
  })
})

describe('unpublishing', () => {
  it('needs a reason, is recorded, and a bare status change is refused', async () => {
    const doc = await fixtures.signed('unpublish')
    await fixtures.review.publish(staff.editor, doc.id)
    const bare = await answer(
      await rest(`/articles/${doc.id}`, {
        method: 'PATCH',
        token: tokens.editor,
        body: JSON.stringify({ _status: 'draft' }),
      }),
    )
    expect([bare.status, bare.message]).toEqual([409, expect.stringMatching(/needs a reason/)])
    const noReason = await answer(await post(`/articles/${doc.id}/unpublish`, 'editor', {}))
    expect(noReason.status).toBe(400)
    expect(await isPublished(payload, doc.id)).toBe(true)
    const done = await answer(
      await post(`/articles/${doc.id}/unpublish`, 'editor', { reason: 'A reader reported an error.' }),
    )
    expect(done.status).toBe(200)
    expect(await isPublished(payload, doc.id)).toBe(false)
    const { docs } = await payload.find({
      collection: 'publications',
      where: { subjectId: { equals: String(doc.id) } },
      sort: 'id',
      depth: 0,
    })
    expect(docs.map((record) => [record.action, record.reason ?? null, record.by])).toEqual([
      ['publish', null, staff.editor],
      ['unpublish', 'A reader reported an error.', staff.editor],
    ])
    // Signed content that was only taken down can go back up without a new review.
    expect((await newest(doc.id)).reviewStage).toBe('unpublished')
    const republished = await answer(await post(`/articles/${doc.id}/publish`, 'editor'))
    expect(republished.status).toBe(200)
  })

  it('for a clinical reason withdraws the sign-off: republishing needs a new review', async () => {
    const doc = await fixtures.signed('unpublish-clinical')
    await fixtures.review.publish(staff.editor, doc.id)
    const done = await answer(
      await post(`/articles/${doc.id}/unpublish`, 'editor', {
        reason: 'The dosage advice is out of date.',
        withdrawSignOff: true,
      }),
    )
    expect([done.status, done.body.withdrewSignOff]).toEqual([200, true])
    const status = (await answer(await rest(`/articles/${doc.id}/review-status`, { token: tokens.editor }))).body
    expect(status).toMatchObject({ stage: 'unpublished', gate: { ok: false, reason: 'withdrawn' } })
    const again = await answer(await post(`/articles/${doc.id}/publish`, 'editor'))
    expect([again.status, again.message]).toEqual([409, expect.stringMatching(/withdrew the sign-off .* new review/)])
    expect(await isPublished(payload, doc.id)).toBe(false)
    const { docs } = await payload.find({
      collection: 'publications',
      where: { subjectId: { equals: String(doc.id) }, action: { equals: 'unpublish' } },
      depth: 0,
    })
    expect(docs.map((record) => [record.reason, record.withdrewSignOff])).toEqual([
      ['The dosage advice is out of date.', true],
    ])
    // A new review of the same content lets it go live again.
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'Checked the dosage.', reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve' })
    expect((await answer(await post(`/articles/${doc.id}/publish`, 'editor'))).status).toBe(200)
    expect((await verifyStoredLedger(payload)).problem).toBeNull()
  })

  it('is for editors only', async () => {
    const doc = await fixtures.signed('unpublish-writer')
    await fixtures.review.publish(staff.editor, doc.id)
    const result = await answer(await post(`/articles/${doc.id}/unpublish`, 'writer', { reason: 'Mine.' }))
    expect(result.status).toBe(403)
    expect(await isPublished(payload, doc.id)).toBe(true)
  })
})

describe('atomic writes', () => {
  it('a hook that throws during publish leaves nothing half-written: not published, no version, no record', async () => {
    const doc = await fixtures.signed('atomic')
    const versionsBefore = (
      await payload.countVersions({ collection: 'articles', where: { parent: { equals: doc.id } } })
    ).totalDocs
    const hooks = payload.collections.articles.config.hooks.afterChange
    const failing = () => {
      throw new Error('Simulated failure after the write')
    }
    hooks.push(failing)
    try {
      const result = await answer(await post(`/articles/${doc.id}/publish`, 'editor'))
      expect(result.status).toBe(500)
    } finally {
      hooks.splice(hooks.indexOf(failing), 1)
    }
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect(
      (await payload.countVersions({ collection: 'articles', where: { parent: { equals: doc.id } } })).totalDocs,
    ).toBe(versionsBefore)
    expect(
      (await payload.count({ collection: 'publications', where: { subjectId: { equals: String(doc.id) } } })).totalDocs,
    ).toBe(0)
  })

  it('a sign-off whose stage change fails leaves no ledger entry', async () => {
    const doc = await fixtures.draft('atomic-sign')
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    const ledgerBefore = (await payload.count({ collection: 'reviews' })).totalDocs
    const hooks = payload.collections.articles.config.hooks.beforeChange
    const failing = () => {
      throw new Error('Simulated failure while saving the stage')
    }
    hooks.unshift(failing)
    try {
      await expect(fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve' })).rejects.toThrow(
        /Simulated failure/,
      )
    } finally {
      hooks.splice(hooks.indexOf(failing), 1)
    }
    expect((await payload.count({ collection: 'reviews' })).totalDocs).toBe(ledgerBefore)
    expect((await newest(doc.id)).reviewStage).toBe('in-review')
  })
})

describe('the ledger under concurrent sign-offs', () => {
  it('chains simultaneous sign-offs one after another instead of forking', async () => {
    const docs = await Promise.all(Array.from({ length: 6 }, (_, i) => fixtures.draft(`concurrent-${i}`)))
    for (const doc of docs)
      await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'New.', reviewer: staff.reviewer })
    await Promise.all(docs.map((doc) => fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve' })))
    const { problem, checked } = await verifyStoredLedger(payload)
    expect(problem).toBeNull()
    const { docs: entries } = await payload.find({ collection: 'reviews', pagination: false, depth: 0 })
    expect(new Set(entries.map((entry) => entry.previousHash)).size).toBe(checked)
  })
})

describe('review expiry', () => {
  it('queues published articles past their review date for re-review by their reviewer, and notifies them once', async () => {
    const doc = await fixtures.signed('expiry')
    await fixtures.review.publish(staff.editor, doc.id)
    {
      const { createLocalReq } = await import('payload')
      const req = await createLocalReq({ context: QUIET }, payload)
      const inAYear = new Date(Date.now() + 366 * 86_400_000)
      const queued = await queueExpiredReviews(req, [reviewOptionsOf(payload as never, 'articles')], inAYear)
      expect(queued).toEqual(
        expect.arrayContaining([{ collection: 'articles', id: doc.id, reviewer: 'Dr Rhea Reviewer' }]),
      )
      const stored = await newest(doc.id)
      expect([stored.reviewStage, stored.assignedReviewer]).toEqual(['in-review', staff.reviewer])
      expect(stored.changeNote).toMatch(/Scheduled re-review/)
      const again = await queueExpiredReviews(req, [reviewOptionsOf(payload as never, 'articles')], inAYear)
      expect(again.some((item) => item.id === doc.id)).toBe(false)
      // One notice for the reviewer (e-mailed after the commit by the delivery job), none twice.
      const { docs: notices } = await payload.find({
        collection: 'notifications',
        where: { subjectId: { equals: String(doc.id) }, kind: { equals: 'expired' } },
        depth: 0,
      })
      expect(
        notices.filter((notice) => notice.recipient === staff.reviewer).map((notice) => notice.email?.state),
      ).toEqual(['pending'])
      // Still published: expiry asks for a review, it does not take the article down.
      expect(await isPublished(payload, doc.id)).toBe(true)
    }
  })

  it('is a scheduled job that can also be run by hand', async () => {
    const task = payload.config.jobs.tasks?.find((candidate) => candidate.slug === 'reviewExpiry')
    expect(task?.schedule).toEqual([{ cron: '0 6 * * *', queue: 'default' }])
    const job = await payload.jobs.queue({ task: 'reviewExpiry', input: {} })
    await payload.jobs.run({ where: { id: { equals: job.id } }, silent: true })
    expect(await payload.findByID({ collection: 'payload-jobs', id: job.id, disableErrors: true })).toBeNull()
  })
})

describe('people on record', () => {
  it('a reviewer named in the ledger cannot be deleted; the message says to remove their roles', async () => {
    await fixtures.signed('delete-reviewer')
    await expect(payload.delete({ collection: 'users', id: staff.reviewer })).rejects.toThrow(/remove their roles/i)
    expect(await payload.findByID({ collection: 'users', id: staff.reviewer, disableErrors: true })).not.toBeNull()
  })
})

describe('refusal messages', () => {
  it('name the reason for each refused state', () => {
    expect(Object.keys(REFUSAL_MESSAGES)).toEqual(['no sign-off', 'stale', 'expired', 'signed by the author'])
  })
})
