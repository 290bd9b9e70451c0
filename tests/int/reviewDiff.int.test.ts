/**
 * The reviewer's diff over REST (`GET /api/articles/:id/review-diff`): what changed in the
 * working draft since the content last signed off — or last reviewed — word by word.
 */
import type { Payload } from 'payload'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphs } from '@/lib/richText/paragraphs'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { FIRST_REVIEW, reviewDiffEndpoint, type ReviewDiff } from '@/plugins/medicalReview/diff/reviewDiff'
import { reviewOptionsOf } from '@/plugins/medicalReview/resolveOptions'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { clinicalContent, QUIET } from '../helpers/reviewFixtures'

let ctx: PayloadIntContext
let payload: Payload
let review: ReturnType<typeof reviewWorkflow>
const people: Record<'writer' | 'reviewer', number> = { writer: 0, reviewer: 0 }
const tokens: Record<string, string> = {}
const PASSWORD = 'review-diff-test-password'

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  // Until plugins/medicalReview/endpoints.ts lists the endpoint, register it here as it will be.
  const articles = payload.collections.articles.config
  if (
    Array.isArray(articles.endpoints) &&
    !articles.endpoints.some((endpoint) => endpoint.path === '/:id/review-diff')
  ) {
    articles.endpoints.push(reviewDiffEndpoint(reviewOptionsOf(payload as never, 'articles')))
  }
  const yearAhead = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000).toISOString()
  const person = async (key: 'writer' | 'reviewer', name: string, data: Record<string, unknown>) => {
    const email = `review-diff.${key}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: { email, name, password: PASSWORD, ...data } as never,
      context: QUIET,
    })
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    people[key] = doc.id
  }
  await person('writer', 'Wanda Writer', { roles: ['writer'] })
  await person('reviewer', 'Dr Rhea Reviewer', {
    roles: ['reviewer'],
    credentials: 'MD',
    licence: {
      type: 'MD',
      number: 'T-1',
      issuingBody: 'Test board',
      expiresOn: yearAhead,
      verified: true,
      specialties: [],
    },
  })
  review = reviewWorkflow(payload, 'articles', QUIET)
})

afterAll(async () => {
  await ctx?.cleanup()
})

async function diffOf(
  id: number | string,
  who?: string,
): Promise<{ status: number; body: ReviewDiff & { errors?: Array<{ message: string }> } }> {
  const response = await rest(`/articles/${id}/review-diff`, { method: 'GET', token: who ? tokens[who] : undefined })
  return { status: response.status, body: await response.json() }
}

async function draft(label: string) {
  return payload.create({
    collection: 'articles',
    data: { ...clinicalContent(label), author: people.writer },
    draft: true,
    overrideAccess: true,
    context: QUIET,
  })
}

/** The writer's edit: `change` applied to the stored draft's content. */
async function edit(id: number, change: (doc: Record<string, unknown>) => Record<string, unknown>) {
  const stored = await payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
  await payload.update({
    collection: 'articles',
    id,
    draft: true,
    data: change(stored as unknown as Record<string, unknown>) as never,
    user: await payload.findByID({ collection: 'users', id: people.writer, depth: 0, overrideAccess: true }),
    overrideAccess: true,
    context: QUIET,
  })
}

async function image(name: string, alt: string) {
  const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .png()
    .toBuffer()
  return payload.create({
    collection: 'media',
    data: { alt },
    file: { data, mimetype: 'image/png', name, size: data.length },
    context: QUIET,
  })
}

describe('GET /:id/review-diff', () => {
  it('shows the words changed since the sign-off, labelled by the cause they are in', async () => {
    const doc = await draft('diff')

    const first = await diffOf(doc.id, 'reviewer')
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ baseline: null, changes: [], message: FIRST_REVIEW })

    await review.submit(people.writer, doc.id, { changeNote: 'New article.', reviewer: people.reviewer })
    await review.signOff(people.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })

    const signed = await diffOf(doc.id, 'reviewer')
    expect(signed.status).toBe(200)
    expect(signed.body.changes).toEqual([])
    expect(signed.body.message).toBeUndefined()
    expect(signed.body.baseline).toMatchObject({ decision: 'approve', reviewerName: 'Dr Rhea Reviewer' })
    expect(new Date(signed.body.baseline!.signedAt).getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(signed.body.baseline!.versionId).toEqual(expect.any(String))

    // Approved content is locked: the writer reopens it for editing first.
    await review.withdraw(people.writer, doc.id, 'Reword the second cause.')
    await edit(doc.id, (stored) => ({
      causes: (stored.causes as Array<Record<string, unknown>>).map((cause, index) =>
        index === 1 ? { ...cause, explanation: paragraphs('What the second cause usually is.') } : cause,
      ),
    }))

    const after = await diffOf(doc.id, 'reviewer')
    expect(after.status).toBe(200)
    expect(after.body.baseline).toEqual(signed.body.baseline)
    expect(after.body.changes).toEqual([
      {
        field: 'causes',
        label: 'Possible causes › Second cause › Explanation',
        kind: 'text',
        parts: [{ value: 'What the second cause ' }, { value: 'usually ', added: true }, { value: 'is.' }],
      },
    ])
    // Nothing about hashes, versions or stages among the changes.
    expect(JSON.stringify(after.body.changes)).not.toMatch(/hash|signOff|reviewStage|versionId/i)
  })

  it('shows an image swapped in the introduction by its file and alt text', async () => {
    const knee = await image('diff-knee-side.png', 'A knee, seen from the side')
    const kneeFront = await image('diff-knee-front.png', 'A knee, seen from the front')
    const node = (id: number) => ({
      type: 'upload',
      version: 3,
      format: '',
      relationTo: 'media',
      value: id,
      fields: null,
      id: `6a1f00c0ffee0000000000${String(id).padStart(2, '0')}`.slice(-24),
    })
    const intro = (mediaId: number) => {
      const value = paragraphs('An introduction a reviewer reads.')
      value.root.children.push(node(mediaId) as never)
      return value
    }
    const doc = await payload.create({
      collection: 'articles',
      data: { ...clinicalContent('diff-image'), intro: intro(knee.id), author: people.writer },
      draft: true,
      overrideAccess: true,
      context: QUIET,
    })
    await review.submit(people.writer, doc.id, { changeNote: 'New article.', reviewer: people.reviewer })
    await review.signOff(people.reviewer, doc.id, { decision: 'approve', comments: 'Accurate.' })
    await review.withdraw(people.writer, doc.id, 'A clearer image.')
    await edit(doc.id, () => ({ intro: intro(kneeFront.id) }))

    const { status, body } = await diffOf(doc.id, 'reviewer')
    expect(status).toBe(200)
    expect(body.changes).toHaveLength(1)
    expect(body.changes[0]).toMatchObject({ field: 'intro', label: 'Introduction', kind: 'image' })
    const [removed, , added] = body.changes[0]!.parts
    expect(removed).toEqual({
      removed: true,
      value: expect.stringContaining(`"A knee, seen from the side" (media id ${knee.id})`),
    })
    expect(added).toEqual({
      added: true,
      value: expect.stringContaining(`"A knee, seen from the front" (media id ${kneeFront.id})`),
    })
  })

  it('compares with the last review when nothing was ever approved', async () => {
    const doc = await draft('diff-changes')
    await review.submit(people.writer, doc.id, { changeNote: 'New article.', reviewer: people.reviewer })
    await review.signOff(people.reviewer, doc.id, { decision: 'changes-requested', comments: 'Say when it is urgent.' })
    await edit(doc.id, () => ({ whenToSeekCare: paragraphs('See a clinician today if it gets worse.') }))

    const { status, body } = await diffOf(doc.id, 'writer')
    expect(status).toBe(200)
    expect(body.baseline).toMatchObject({ decision: 'changes-requested', reviewerName: 'Dr Rhea Reviewer' })
    expect(body.changes).toEqual([
      {
        field: 'whenToSeekCare',
        label: 'When to seek care',
        kind: 'text',
        parts: [{ value: 'See a clinician ' }, { value: 'today ', added: true }, { value: 'if it gets worse.' }],
      },
    ])
  })

  it('refuses anyone not logged in, and says when there is no such document', async () => {
    const doc = await draft('diff-refusals')
    const anonymous = await diffOf(doc.id)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors?.[0]?.message).toBe('Log in first.')
    const missing = await diffOf(987654, 'reviewer')
    expect(missing.status).toBe(404)
    expect(missing.body.errors?.[0]?.message).toMatch(/no document with id 987654/)
  })
})
