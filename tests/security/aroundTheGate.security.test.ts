/**
 * The attack suite, around the gate: a determined insider (a writer, an editor who is also a
 * clinician) trying, over REST and GraphQL, every way found so far to change what readers see
 * without a valid sign-off — through what the sign-off did not cover, through the jobs and
 * Payload's side doors, and a page cache keeping what was withdrawn. One describe per leak class;
 * images are in attacks.security.test.ts, a real server restart in tests/e2e/durableCache.e2e.ts.
 */
import path from 'node:path'

import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findArticle, findArticleHistory } from '@/lib/data/queries'
import { searchPublished } from '@/lib/search/searchIndex'
import { SIGNATURE_MEANINGS } from '@/plugins/medicalReview'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'

import { graphql, rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { clinicalContent, isPublished, QUIET, reviewFixtures } from '../helpers/reviewFixtures'
import { licenceFor } from '../helpers/licence'

let ctx: PayloadIntContext
let payload: Payload
let fixtures: ReturnType<typeof reviewFixtures>
const PASSWORD = 'insider-attack-password'
const ids = {} as Record<'writer' | 'reviewer' | 'editor' | 'insider', number>
const tokens = {} as Record<keyof typeof ids, string>

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  const person = async (key: keyof typeof ids, roles: string[], credentials?: string) => {
    const email = `insider.${key}@causeway.test`
    ids[key] = (
      await payload.create({
        collection: 'users',
        data: {
          email,
          name: `Insider ${key}`,
          password: PASSWORD,
          roles: roles as never,
          credentials,
          licence: licenceFor(roles, credentials),
        },
        context: QUIET,
      })
    ).id
    tokens[key] = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
  }
  await person('writer', ['writer'])
  await person('reviewer', ['reviewer'], 'MD')
  await person('editor', ['editor'])
  // The insider: an editor who is also a credentialed clinician.
  await person('insider', ['editor', 'reviewer'], 'MD')
  fixtures = reviewFixtures(payload, { writer: ids.writer, reviewer: ids.reviewer, editor: ids.editor })
})

afterAll(async () => {
  await ctx?.cleanup()
})

const workflow = () => reviewWorkflow(payload, 'articles', QUIET)
const post = (path: string, who: keyof typeof ids, body: unknown = {}) =>
  rest(path, { method: 'POST', token: tokens[who], body: JSON.stringify(body) })
const patch = (path: string, who: keyof typeof ids, body: unknown) =>
  rest(path, { method: 'PATCH', token: tokens[who], body: JSON.stringify(body) })

async function live(label: string) {
  const doc = await fixtures.signed(label)
  await workflow().publish(ids.editor, doc.id)
  return doc
}

describe('a sign-off made to last for ever', () => {
  it('refuses a review interval of a century or a negative one, on drafts, over REST and GraphQL', async () => {
    const doc = await fixtures.draft('century')
    expect((await patch(`/articles/${doc.id}?draft=true`, 'writer', { reviewIntervalMonths: 1200 })).status).toBe(400)
    const viaGraphQL = await graphql(
      `mutation { updateArticle(id: ${doc.id}, draft: true, data: { reviewIntervalMonths: -1 }) { id } }`,
      tokens.writer,
    )
    expect(JSON.stringify(viaGraphQL.errors)).toMatch(/review interval|reviewIntervalMonths/i)
    expect(
      (await payload.findByID({ collection: 'articles', id: doc.id, draft: true, depth: 0 })).reviewIntervalMonths,
    ).toBe(12)
  })
})

describe('self-review behind an author label', () => {
  it('an editor-clinician who writes an article and credits someone else cannot submit it to, or sign it as, themself', async () => {
    const created = await post('/articles?draft=true&depth=0', 'insider', {
      ...clinicalContent('insider'),
      author: ids.writer,
    })
    const { doc } = (await created.json()) as { doc: { id: number; author: number } }
    expect(doc.author).toBe(ids.writer)
    const submitted = await post(`/articles/${doc.id}/submit`, 'insider', { changeNote: 'New.', reviewer: ids.insider })
    expect(submitted.status).toBe(400)
    expect(await submitted.text()).toMatch(/changed the clinical content/)
    // Nor by handing it to a colleague first and taking it back.
    await workflow().submit(ids.writer, doc.id, { changeNote: 'New.', reviewer: ids.reviewer })
    // A properly signed sign-off (meaning and the insider's own password): refused all the same.
    const signedOff = await post(`/articles/${doc.id}/sign-off`, 'insider', {
      decision: 'approve',
      signature: { meaning: SIGNATURE_MEANINGS.approve, password: PASSWORD },
    })
    expect(signedOff.status).toBe(403)
    expect(await isPublished(payload, doc.id)).toBe(false)
  })
})

describe('unpublishing through a side door', () => {
  it('restoring a draft version over a live article is refused, and readers keep the article', async () => {
    const doc = await live('restore-side-door')
    const { docs } = await payload.findVersions({
      collection: 'articles',
      where: { parent: { equals: doc.id } },
      sort: 'createdAt',
      limit: 1,
    })
    const response = await post(`/articles/versions/${docs[0]!.id}`, 'editor')
    expect(response.status).toBe(409)
    expect(await findArticle(payload, doc.slug!)).not.toBeNull()
  })

  it('deleting a live article is refused over REST and GraphQL, and leaves it live', async () => {
    const doc = await live('delete-side-door')
    expect((await rest(`/articles/${doc.id}`, { method: 'DELETE', token: tokens.editor })).status).toBe(409)
    const viaGraphQL = await graphql(`mutation { deleteArticle(id: ${doc.id}) { id } }`, tokens.editor)
    expect(JSON.stringify(viaGraphQL.errors)).toMatch(/Unpublish it first/)
    expect(await findArticle(payload, doc.slug!)).not.toBeNull()
  })

  it('a scheduled unpublish without a reason is refused when it is scheduled', async () => {
    const doc = await live('unpublish-side-door')
    const response = await post(`/articles/${doc.id}/schedule`, 'editor', {
      action: 'unpublish',
      at: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(/reason/)
  })
})

describe('the job queue', () => {
  const stats = (lastScheduledRun: string) => ({
    stats: { scheduledRuns: { queues: { default: { tasks: { reviewExpiry: { lastScheduledRun } } } } } },
  })

  it('a writer cannot rewrite the job scheduler’s bookkeeping (which would stop every scheduled job), over REST or GraphQL', async () => {
    expect((await post('/globals/payload-jobs-stats', 'writer', stats('not a date'))).status).toBe(403)
    const viaGraphQL = await graphql(
      `
        mutation {
          updatePayloadJobsStat(data: { stats: "{}" }) {
            stats
          }
        }
      `,
      tokens.writer,
    )
    expect(viaGraphQL.errors?.length).toBeGreaterThan(0)
    const stored = await payload.findGlobal({ slug: 'payload-jobs-stats' })
    expect(JSON.stringify(stored.stats ?? null)).not.toContain('not a date')
  })

  it("a writer can neither cancel an editor's scheduled unpublish nor queue a publish: not through the review endpoints, Payload's jobs API or the admin's schedule-publish server function", async () => {
    const doc = await live('jobs-side-door')
    const started = new Date().toISOString()
    const scheduled = await workflow().schedule(ids.editor, doc.id, {
      action: 'unpublish',
      at: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'Superseded by new guidance.',
    })
    expect(
      (await rest(`/articles/${doc.id}/schedule/${scheduled.id}`, { method: 'DELETE', token: tokens.writer })).status,
    ).toBe(403)
    expect(
      (
        await post(`/articles/${doc.id}/schedule`, 'writer', {
          action: 'publish',
          at: new Date(Date.now() + 3_600_000).toISOString(),
        })
      ).status,
    ).toBe(403)
    expect((await rest('/payload-jobs/run', { token: tokens.writer })).status).toBe(401)
    expect((await rest(`/payload-jobs/${scheduled.id}`, { method: 'DELETE', token: tokens.writer })).status).toBe(403)

    const { createLocalReq } = await import('payload')
    const { schedulePublishHandler } = await import('@payloadcms/ui/utilities/schedulePublishHandler')
    for (const who of ['writer', 'editor'] as const) {
      const user = await payload.findByID({ collection: 'users', id: ids[who], depth: 0 })
      const req = await createLocalReq({ user: { ...user, collection: 'users' } as never }, payload)
      const answer = await schedulePublishHandler({
        type: 'publish',
        date: new Date().toISOString(),
        deleteID: scheduled.id,
        doc: { relationTo: 'articles', value: doc.id },
        req,
      } as never)
      expect(answer).toHaveProperty('error')
    }
    expect(await workflow().scheduled(ids.editor, doc.id)).toEqual([
      expect.objectContaining({ id: scheduled.id, action: 'unpublish', reason: 'Superseded by new guidance.' }),
    ])
    // Only the editor's job: nothing was queued or left behind (the expiry cron's own next run,
    // which Payload's scheduler may queue at any moment, is not one of them).
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { not_equals: 'reviewExpiry' }, createdAt: { greater_than_equal: started } },
        })
      ).totalDocs,
    ).toBe(1)
  })
})

describe('search', () => {
  it('never answers with the name of an unpublished condition an article links to', async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Quokkaform dysplasia', summary: 'Unpublished.' },
      draft: true,
      context: QUIET,
    })
    const doc = await fixtures.draft('search-side-door')
    const stored = await payload.findByID({ collection: 'articles', id: doc.id, draft: true, depth: 0 })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      draft: true,
      data: { causes: [{ ...stored.causes[0]!, conditions: [condition.id] }, stored.causes[1]!] },
      context: QUIET,
    })
    await workflow().reviewAndPublish(doc.id, { writer: ids.writer, reviewer: ids.reviewer, editor: ids.editor })
    expect((await searchPublished(payload, 'quokkaform')).hits).toEqual([])
  })
})

describe('reader-facing text outside the review', () => {
  it('an SEO title or description added after the sign-off cannot go live: publishing it is refused, naming it, and Publish sends out the signed version without it', async () => {
    const doc = await fixtures.signed('seo-side-door')
    // Approved content is locked: the writer reopens it first (the signed version stays signed).
    await workflow().withdraw(ids.writer, doc.id, 'Adding SEO text.')
    const edited = await patch(`/articles/${doc.id}?draft=true`, 'writer', {
      meta: { title: 'Cured in a week', description: 'No doctor needed.' },
    })
    expect(edited.status).toBe(200)
    const direct = await patch(`/articles/${doc.id}`, 'editor', { _status: 'published' })
    expect(direct.status).toBe(409)
    expect(await direct.text()).toMatch(/changed: SEO title, SEO description/)
    expect(await isPublished(payload, doc.id)).toBe(false)
    expect((await post(`/articles/${doc.id}/publish`, 'editor')).status).toBe(200)
    const live = await payload.findByID({ collection: 'articles', id: doc.id, draft: false, depth: 0 })
    expect([live._status, live.meta?.title ?? null, live.meta?.description ?? null]).toEqual(['published', null, null])
  })

  it('a change note rewritten after the sign-off never reaches the public history', async () => {
    const doc = await fixtures.signed('note-side-door')
    // The internal note and the line for readers (the one the public history shows) alike.
    const rewritten = await patch(`/articles/${doc.id}?draft=true`, 'writer', {
      changeNote: 'Now endorsed by every doctor.',
      publicChangeNote: 'Now endorsed by every doctor, publicly.',
    })
    expect(rewritten.status).toBe(200)
    expect((await post(`/articles/${doc.id}/publish`, 'editor')).status).toBe(200)
    const history = await findArticleHistory(payload, doc.id)
    expect(history).toHaveLength(1)
    expect(JSON.stringify(history)).not.toMatch(/New article\.|endorsed by every doctor/)
  })

  it("a condition's other names added after its sign-off cannot go live", async () => {
    const condition = await payload.create({
      collection: 'conditions',
      data: { name: 'Aliasable itis', summary: 'A test.' },
      draft: true,
      context: QUIET,
    })
    await reviewWorkflow(payload, 'conditions', QUIET).reviewAndPublish(condition.id, {
      writer: ids.writer,
      reviewer: ids.reviewer,
      editor: ids.editor,
    })
    await patch(`/conditions/${condition.id}?draft=true`, 'writer', { alsoKnownAs: ['Cured-by-magnets syndrome'] })
    expect((await patch(`/conditions/${condition.id}`, 'editor', { _status: 'published' })).status).toBe(409)
    // The workflow's publish sends out the signed version: the unsigned name stays in the draft.
    expect((await post(`/conditions/${condition.id}/publish`, 'editor')).status).toBe(200)
    const live = await payload.findByID({ collection: 'conditions', id: condition.id, draft: false, depth: 0 })
    expect(live.alsoKnownAs ?? []).toEqual([])
  })

  it('a reviewer cannot restyle their own name before signing, over REST or GraphQL', async () => {
    await patch(`/users/${ids.reviewer}`, 'reviewer', { name: 'Prof. Nobel Laureate' })
    await graphql(
      `mutation { updateUser(id: ${ids.reviewer}, data: { name: "Prof. Nobel Laureate" }) { id } }`,
      tokens.reviewer,
    )
    expect((await payload.findByID({ collection: 'users', id: ids.reviewer, depth: 0 })).name).toBe('Insider reviewer')
  })
})

describe('a withdrawn page outliving its withdrawal in a cache', () => {
  /** The site's real Next config, as `next start` loads it. */
  const nextConfig = async () =>
    (await import('@/next.config.mjs')).default as {
      cacheHandler?: string
      headers: () => Promise<Array<{ source: string; headers: Array<{ key: string; value: string }> }>>
    }

  it('the configured cache handler is the one whose expiry from PostgreSQL is tested across restarts and servers', async () => {
    // tests/int/sharedCache.int.test.ts runs this very file in server processes of its own: a
    // change committed while a server is down expires its page when it starts again.
    const { cacheHandler } = await nextConfig()
    expect(cacheHandler).toBe(path.resolve('lib/cache/sharedCache.mjs'))
  })

  it('no cache obeying our headers may reuse a reader page without asking the origin first, nor fall back to it when the origin fails', async () => {
    const rules = await (await nextConfig()).headers()
    const readerRules = rules.filter((rule) => new RegExp(`^${rule.source}$`).test('/articles/why-does-my-back-hurt'))
    const cacheControl = readerRules
      .flatMap((rule) => rule.headers)
      .filter((header) => header.key.toLowerCase() === 'cache-control')
    expect(cacheControl).toHaveLength(1)
    const directives = cacheControl[0]!.value.split(',').map((directive) => directive.trim())
    expect(directives).toEqual(expect.arrayContaining(['max-age=0', 'must-revalidate']))
    expect(
      directives.filter((directive) =>
        /^(s-maxage=(?!0$)|stale-if-error|stale-while-revalidate|immutable)/.test(directive),
      ),
    ).toEqual([])
    // Routes that set their own (the API, the admin, previews) keep it.
    for (const own of ['/api/articles', '/admin', '/preview']) {
      expect(
        rules.some(
          (rule) =>
            rule.headers.some((header) => header.key.toLowerCase() === 'cache-control') &&
            new RegExp(`^${rule.source}$`).test(own),
        ),
        own,
      ).toBe(false)
    }
  })
})
