/**
 * The publish gate on every path Payload offers to "published": each refuses an article with no
 * sign-off, a stale one, an expired one and one signed by its author — naming the reason — and
 * lets a signed-off article through.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { isPublished, QUIET, REFUSAL_MESSAGES, reviewFixtures, type Staff } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let staff: Staff
let editorToken: string
let fixtures: ReturnType<typeof reviewFixtures>

const PASSWORD = 'gate-test-password'

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = (email: string, name: string, roles: Array<'writer' | 'reviewer' | 'editor'>, credentials?: string) =>
    payload.create({
      collection: 'users',
      data: { email, name, password: PASSWORD, roles, credentials, licence: licenceFor(roles, credentials) },
      context: QUIET,
    })
  const writer = await person('gate.writer@causeway.test', 'Gate Writer', ['writer'])
  const reviewer = await person('gate.reviewer@causeway.test', 'Dr Gate Reviewer', ['reviewer'], 'MD')
  const editor = await person('gate.editor@causeway.test', 'Gate Editor', ['editor'])
  staff = { writer: writer.id, reviewer: reviewer.id, editor: editor.id }
  editorToken = (await payload.login({ collection: 'users', data: { email: editor.email, password: PASSWORD } })).token!
  fixtures = reviewFixtures(payload, staff)
})

afterAll(async () => {
  await ctx?.cleanup()
})

type Attempt = (id: number) => Promise<string>

const errorText = async (response: Response) => `${response.status} ${await response.text()}`

/** Each path tries to publish article `id` as the editor and returns what it answered. */
const PATHS: Record<string, Attempt> = {
  'Local API (overrideAccess: false, editor)': async (id) => {
    const editor = await payload.findByID({ collection: 'users', id: staff.editor, depth: 0 })
    return payload
      .update({
        collection: 'articles',
        id,
        data: { _status: 'published' },
        overrideAccess: false,
        user: editor,
        context: QUIET,
      })
      .then(() => 'ok')
      .catch((error: Error) => error.message)
  },
  'REST PATCH (the admin publish button)': async (id) =>
    errorText(
      await rest(`/articles/${id}`, {
        method: 'PATCH',
        token: editorToken,
        body: JSON.stringify({ _status: 'published' }),
      }),
    ),
  'GraphQL mutation': async (id) => {
    const result = await graphql(
      `mutation { updateArticle(id: ${id}, data: { _status: published }) { id _status } }`,
      editorToken,
    )
    return JSON.stringify(result)
  },
  // What the admin's "publish selected" sends: the newest versions, published in bulk.
  'REST bulk PATCH by where (the admin list view)': async (id) =>
    errorText(
      await rest(`/articles?where[id][equals]=${id}&draft=true`, {
        method: 'PATCH',
        token: editorToken,
        body: JSON.stringify({ _status: 'published' }),
      }),
    ),
  'publish endpoint': async (id) =>
    errorText(await rest(`/articles/${id}/publish`, { method: 'POST', token: editorToken })),
  // The review panel's "Schedule…", run when its time comes: the job publishes as the editor.
  'scheduled publish job': async (id) => {
    const scheduled = await fixtures.review.schedule(
      staff.editor,
      id,
      { action: 'publish', at: new Date(Date.now() - 30_000).toISOString() },
      new Date(Date.now() - 120_000),
    )
    await payload.jobs.run({ where: { id: { equals: scheduled.id } }, silent: true })
    // A completed job is deleted; a failed one keeps its error.
    const stored = await payload.findByID({
      collection: 'payload-jobs',
      id: scheduled.id,
      depth: 0,
      disableErrors: true,
    })
    return JSON.stringify(stored?.error ?? 'ok')
  },
}

/** The workflow's own paths publish the signed version; the rest publish whatever is newest. */
const SIGNED_VERSION_PATHS = new Set(['publish endpoint', 'scheduled publish job'])

describe.each(Object.entries(PATHS))('publishing through %s', (path, attempt) => {
  it.each(
    (Object.keys(REFUSAL_MESSAGES) as Array<keyof typeof REFUSAL_MESSAGES>).filter(
      (state) => state !== 'stale' || !SIGNED_VERSION_PATHS.has(path),
    ),
  )('is refused for an article with %s', async (state) => {
    const doc = await fixtures.states[state](state)
    const answer = await attempt(doc.id)
    expect(answer).toMatch(REFUSAL_MESSAGES[state])
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect(
      (await payload.count({ collection: 'publications', where: { subjectId: { equals: String(doc.id) } } })).totalDocs,
    ).toBe(0)
  })

  it('succeeds for a signed-off article, and the publish is recorded with its sign-off', async () => {
    const doc = await fixtures.signed('happy')
    await attempt(doc.id)
    expect(await isPublished(payload, doc.id)).toBe(true)
    const { docs } = await payload.find({
      collection: 'publications',
      where: { subjectId: { equals: String(doc.id) } },
      depth: 0,
    })
    expect(docs.map((record) => [record.action, record.reviewerName, record.changeNote])).toEqual([
      ['publish', 'Dr Gate Reviewer', 'New article.'],
    ])
  })
})

describe.each([...SIGNED_VERSION_PATHS])('publishing through %s, edited after sign-off', (path) => {
  it('publishes exactly the signed version and keeps the newer draft as the working copy', async () => {
    const doc = await fixtures.states.stale(`kept-${path}`)
    const before = await payload.findByID({ collection: 'articles', id: doc.id, draft: true, depth: 0 })
    await PATHS[path]!(doc.id)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    const working = await payload.findByID({ collection: 'articles', id: doc.id, draft: true, depth: 0 })
    expect(live._status).toBe('published')
    expect(live.contentHash).toBe(before.signOff?.hash)
    expect(JSON.stringify(live.causes[1]?.explanation)).not.toContain('reworded')
    // The edit made after the sign-off is still the working draft, with its review state as it was.
    expect(working.contentHash).toBe(before.contentHash)
    expect(JSON.stringify(working.causes[1]?.explanation)).toContain('reworded')
    expect([working.reviewStage, working.lastEdit?.by]).toEqual([before.reviewStage, before.lastEdit?.by])
  })
})

describe('publishing by creating', () => {
  it('refuses a new article created as published (REST POST), which cannot have a sign-off', async () => {
    const response = await rest('/articles', {
      method: 'POST',
      token: editorToken,
      body: JSON.stringify({
        ...(await fixtures.draft('create')),
        id: undefined,
        slug: 'created-published',
        _status: 'published',
      }),
    })
    expect(await errorText(response)).toMatch(REFUSAL_MESSAGES['no sign-off'])
    expect(
      (await payload.count({ collection: 'articles', where: { slug: { equals: 'created-published' } } })).totalDocs,
    ).toBe(0)
  })

  it('never duplicates a published article into a published copy, even when asked to: the copy is an unsigned draft', async () => {
    for (const body of [{ _status: 'published' }, {}]) {
      const doc = await fixtures.signed('duplicate')
      await fixtures.review.publish(staff.editor, doc.id)
      const response = await rest(`/articles/${doc.id}/duplicate`, {
        method: 'POST',
        token: editorToken,
        body: JSON.stringify(body),
      })
      const copyId = response.ok ? ((await response.json()) as { doc: { id: number } }).doc.id : null
      if (copyId === null) {
        expect(await errorText(response)).toMatch(REFUSAL_MESSAGES['no sign-off'])
        continue
      }
      expect(await isPublished(payload, copyId)).toBe(false)
      const stored = await payload.findByID({ collection: 'articles', id: copyId, draft: true, depth: 0 })
      expect([stored._status, stored.reviewStage, stored.signOff?.hash ?? null]).toEqual(['draft', 'draft', null])
    }
  })
})

describe('publishing by restoring a version', () => {
  /** Published once (v1), then edited, re-signed and republished (v2). Returns v1's version id. */
  async function publishedTwice(label: string) {
    const doc = await fixtures.signed(label)
    await fixtures.review.publish(staff.editor, doc.id)
    const { docs } = await payload.findVersions({
      collection: 'articles',
      where: { parent: { equals: doc.id }, 'version._status': { equals: 'published' } },
      sort: '-updatedAt',
      limit: 1,
    })
    const first = docs[0]!
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { summary: 'A rewritten summary.' },
      context: QUIET,
    })
    await fixtures.review.submit(staff.writer, doc.id, { changeNote: 'Clearer summary.', reviewer: staff.reviewer })
    await fixtures.review.signOff(staff.reviewer, doc.id, { decision: 'approve' })
    await fixtures.review.publish(staff.editor, doc.id)
    return { doc, firstVersion: first.id }
  }

  it('refuses restoring an older published version whose content is no longer the signed one', async () => {
    const { doc, firstVersion } = await publishedTwice('restore-stale')
    const response = await rest(`/articles/versions/${firstVersion}`, { method: 'POST', token: editorToken })
    expect(await errorText(response)).toMatch(/changed since the sign-off .*\(changed: Summary\)/)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    expect(live.summary).toBe('A rewritten summary.')
  })

  it('lets the old version be restored as a draft, to work from', async () => {
    const { doc, firstVersion } = await publishedTwice('restore-draft')
    const response = await rest(`/articles/versions/${firstVersion}?draft=true`, { method: 'POST', token: editorToken })
    expect(response.status).toBe(200)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    expect(live.summary).toBe('A rewritten summary.')
    const newest = await payload.findByID({ collection: 'articles', id: doc.id, draft: true, depth: 0 })
    expect([newest.summary, newest._status, newest.reviewStage]).toEqual(['A test article.', 'draft', 'draft'])
  })

  it('refuses restoring a published version once its sign-off has expired', async () => {
    const doc = await fixtures.signed('restore-expired')
    await fixtures.review.publish(staff.editor, doc.id)
    const { docs } = await payload.findVersions({
      collection: 'articles',
      where: { parent: { equals: doc.id } },
      sort: '-updatedAt',
      limit: 1,
    })
    // The same content is signed again, by a sign-off that has since expired.
    const expired = await fixtures.states.expired('restore-expired-twin')
    const twin = await payload.findByID({ collection: 'articles', id: expired.id, draft: true, depth: 0 })
    expect(twin.contentHash).not.toBe(docs[0]!.version.contentHash)
    await fixtures.expiredSignOff(doc.id, docs[0]!.version.contentHash!, String(docs[0]!.id))
    await fixtures.review.unpublish(staff.editor, doc.id, 'Review lapsed.')
    const response = await rest(`/articles/versions/${docs[0]!.id}`, { method: 'POST', token: editorToken })
    expect(await errorText(response)).toMatch(REFUSAL_MESSAGES.expired)
    expect(await isPublished(payload, doc.id)).toBe(false)
  })

  it('restores the currently signed published version', async () => {
    const doc = await fixtures.signed('restore-ok')
    await fixtures.review.publish(staff.editor, doc.id)
    const { docs } = await payload.findVersions({
      collection: 'articles',
      where: { parent: { equals: doc.id } },
      sort: '-updatedAt',
      limit: 1,
    })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { summary: 'Work in progress.' },
      context: QUIET,
    })
    const response = await rest(`/articles/versions/${docs[0]!.id}`, { method: 'POST', token: editorToken })
    expect(response.status).toBe(200)
    expect(await isPublished(payload, doc.id)).toBe(true)
  })
})
