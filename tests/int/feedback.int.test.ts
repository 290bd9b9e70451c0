/**
 * Reader feedback on a real PostgreSQL: the route's handler (lib/feedback/handler.ts, what
 * app/(site)/feedback/route.ts calls) with real `Request`s, and the editors' queue (collection
 * `feedback`) through the Local API and REST as each role.
 */
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { clientAddress, clientKey } from '@/lib/feedback/client'
import { FEEDBACK_MESSAGE_MAX } from '@/lib/feedback/form'
import { FEEDBACK_BODY_MAX_BYTES, handleFeedback } from '@/lib/feedback/handler'
import { RATE_LIMITS } from '@/lib/feedback/rateLimit'
import { reviewWorkflow } from '@/plugins/medicalReview/actAs'
import { sqlFor } from '@/plugins/common/sql'
import { shutdownPayload } from '@/tooling/db/shutdown'

import { rest } from '../helpers/apiClient'
import { initPayloadInt, type PayloadIntContext } from '../helpers/initPayloadInt'
import { licenceFor } from '../helpers/licence'
import { QUIET, reviewFixtures } from '../helpers/reviewFixtures'

const SITE = 'http://localhost:3000'
const PASSWORD = 'feedback-test-password'
const BURST = RATE_LIMITS[0].max

let ctx: PayloadIntContext
let payload: Payload
let env: NodeJS.ProcessEnv
const people = {} as Record<
  'writer' | 'reviewer' | 'editor',
  { id: number; token: string; doc: Record<string, unknown> }
>
/** Published articles a and b (a published twice), a draft, an unpublished one. */
const articles = {} as Record<'a' | 'b' | 'draft' | 'unpublished', { id: number; slug: string }>
/** Publication records: a's two publishes (old, live) and its unpublish between them; b's publish. */
const records = {} as Record<'aOld' | 'aUnpublish' | 'aLive' | 'b', { id: number; versionId: string }>

let ip = 0
/** A client address of its own for each test, so one test's submissions never count against another's. */
const freshClient = () => `198.51.100.${++ip}`

function post(
  fields: Record<string, string>,
  { client = freshClient(), headers = {} }: { client?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`${SITE}/feedback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: SITE,
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': client,
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  })
}

const send = (request: Request, instance: Payload = payload) => handleFeedback(instance, request, { env })

async function stored(articleId: number) {
  const { docs } = await payload.find({
    collection: 'feedback',
    where: { article: { equals: articleId } },
    sort: 'id',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    showHiddenFields: true,
  })
  return docs
}

const count = async () => (await payload.count({ collection: 'feedback', overrideAccess: true })).totalDocs

beforeAll(async () => {
  ctx = await initPayloadInt()
  payload = ctx.payload
  env = { ...process.env, SERVER_URL: SITE, TRUSTED_PROXY_HOPS: '1' }
  for (const role of ['writer', 'reviewer', 'editor'] as const) {
    const email = `feedback.${role}@causeway.test`
    const doc = await payload.create({
      collection: 'users',
      data: {
        email,
        name: `Feedback ${role}`,
        password: PASSWORD,
        roles: [role],
        credentials: 'MD',
        licence: licenceFor([role], 'MD'),
      },
      context: QUIET,
    })
    const token = (await payload.login({ collection: 'users', data: { email, password: PASSWORD } })).token!
    people[role] = { id: doc.id, token, doc: doc as unknown as Record<string, unknown> }
  }
  const staff = { writer: people.writer.id, reviewer: people.reviewer.id, editor: people.editor.id }
  const fixtures = reviewFixtures(payload, staff)
  const review = reviewWorkflow(payload, 'articles', QUIET)
  const make = async (label: string) => {
    const doc = await fixtures.signed(label)
    return { id: doc.id, slug: doc.slug! }
  }
  articles.a = await make('feedback-a')
  await review.publish(people.editor.id, articles.a.id)
  await review.unpublish(people.editor.id, articles.a.id, 'Checking a figure.')
  await review.publish(people.editor.id, articles.a.id)
  articles.b = await make('feedback-b')
  await review.publish(people.editor.id, articles.b.id)
  articles.draft = await make('feedback-draft')
  articles.unpublished = await make('feedback-unpublished')
  await review.publish(people.editor.id, articles.unpublished.id)
  await review.unpublish(people.editor.id, articles.unpublished.id, 'Withdrawn for the test.')

  const recordsOf = async (id: number) =>
    (
      await payload.find({
        collection: 'publications',
        where: { subjectCollection: { equals: 'articles' }, subjectId: { equals: String(id) } },
        sort: 'id',
        depth: 0,
        pagination: false,
      })
    ).docs.map((record) => ({ id: record.id, action: record.action, versionId: record.versionId! }))
  const [aOld, aUnpublish, aLive] = await recordsOf(articles.a.id)
  expect([aOld?.action, aUnpublish?.action, aLive?.action]).toEqual(['publish', 'unpublish', 'publish'])
  Object.assign(records, { aOld, aUnpublish, aLive, b: (await recordsOf(articles.b.id))[0] })
})

afterAll(async () => {
  await ctx?.cleanup()
})

describe('a reader’s submission', () => {
  it('is stored with its article, the version read and its kind, and answered 303 to the thank-you page', async () => {
    const client = freshClient()
    const message =
      'The second cause gives the adult dose\r\nfor children. The leaflet says half of that for under-12s.'
    const response = await send(
      post(
        { kind: 'problem', article: String(articles.a.id), version: records.aLive.versionId, message, subject: '' },
        { client: `6.6.6.6, ${client}` },
      ),
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/feedback/thanks?article=${articles.a.slug}&kind=problem`)
    expect(response.headers.get('cache-control')).toContain('no-store')
    const [row] = await stored(articles.a.id)
    expect(row).toMatchObject({
      status: 'new',
      kind: 'problem',
      article: articles.a.id,
      articleVersion: records.aLive.versionId,
      message: message.replace('\r\n', '\n'),
      summary: 'The second cause gives the adult dose for children. The leaflet says half of…',
    })
    // The client is a keyed hash of the address the proxy appended (not the one the client wrote).
    const { rows } = await (await sqlFor(payload)).db.execute(sql`SELECT client FROM feedback WHERE id = ${row!.id}`)
    expect(rows[0]!.client).toBe(clientKey(client, env.PAYLOAD_SECRET!))
    expect(String(rows[0]!.client)).not.toContain('198.51')
    expect(clientAddress(new Headers({ 'x-forwarded-for': `6.6.6.6, ${client}` }), 1)).toBe(client)
  })

  it('is taken as multipart/form-data too, with a browser’s mixed-case boundary', async () => {
    const boundary = '----WebKitFormBoundaryQz7XyAbC9dEf'
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const response = await send(
      new Request(`${SITE}/feedback`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          origin: SITE,
          'x-forwarded-for': freshClient(),
        },
        body: `${part('kind', 'problem')}${part('article', String(articles.b.id))}${part('message', 'Sent as multipart.')}--${boundary}--\r\n`,
      }),
    )
    expect(response.status).toBe(303)
    expect((await stored(articles.b.id)).at(-1)).toMatchObject({ kind: 'problem', message: 'Sent as multipart.' })
  })

  it('takes a vote without a message, and an older published version of the article', async () => {
    const response = await send(post({ kind: 'helpful', article: String(articles.b.id), version: records.b.versionId }))
    expect(response.status).toBe(303)
    const old = await send(
      post({ kind: 'not-helpful', article: String(articles.a.id), version: records.aOld.versionId }),
    )
    expect(old.status).toBe(303)
    expect((await stored(articles.b.id)).at(-1)).toMatchObject({ kind: 'helpful', summary: 'Helpful', message: null })
    expect((await stored(articles.a.id)).at(-1)).toMatchObject({
      kind: 'not-helpful',
      articleVersion: records.aOld.versionId,
    })
  })

  it('is refused for an article readers cannot see: never published, unpublished, or missing', async () => {
    const before = await count()
    for (const id of [articles.draft.id, articles.unpublished.id, 999_999]) {
      const response = await send(post({ kind: 'problem', article: String(id), message: 'Is this right?' }))
      expect(response.status, String(id)).toBe(404)
      const body = await response.text()
      expect(body).toContain('This article cannot take reports')
      expect(body).toContain('Is this right?')
    }
    expect(await count()).toBe(before)
  })

  it('with the honeypot filled in is answered as taken, and nothing is stored', async () => {
    const before = await count()
    const response = await send(
      post({ kind: 'problem', article: String(articles.a.id), message: 'Cheap pills', subject: 'Buy now' }),
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/feedback/thanks?article=${articles.a.slug}&kind=problem`)
    expect(await count()).toBe(before)
  })

  it('from another site is refused, by Origin or Sec-Fetch-Site, and nothing is stored', async () => {
    const before = await count()
    const fields = { kind: 'problem', article: String(articles.a.id), message: 'Posted from elsewhere.' }
    for (const headers of [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
    ]) {
      const response = await send(post(fields, { headers }))
      expect(response.status, JSON.stringify(headers)).toBe(403)
      expect(await response.text()).toContain('Causeway takes reports only from its own pages')
    }
    expect(await count()).toBe(before)
  })

  it('over 2000 characters is refused, not cut, and the form comes back with the reader’s text', async () => {
    const before = await count()
    const message = `Too long <b>& "quoted"</b> ${'word '.repeat(500)}`.trim()
    expect(message.length).toBeGreaterThan(FEEDBACK_MESSAGE_MAX)
    const response = await send(
      post({ kind: 'problem', article: String(articles.a.id), version: records.aLive.versionId, message }),
    )
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toContain('text/html')
    const body = await response.text()
    expect(body).toContain(`Your report is ${message.length} characters long; the limit is ${FEEDBACK_MESSAGE_MAX}`)
    const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    expect(body).toContain(`${escaped}</textarea>`)
    expect(body).toContain(`name="version" value="${records.aLive.versionId}"`)
    expect(await count()).toBe(before)
  })

  it('is refused with too many links, or without a message for a problem, saying what to change', async () => {
    const links = await send(
      post({
        kind: 'problem',
        article: String(articles.a.id),
        message: 'See https://a.example https://b.example and https://c.example',
      }),
    )
    expect(links.status).toBe(422)
    expect(await links.text()).toContain('Your report contains 3 links; a report may contain at most 2')
    const empty = await send(post({ kind: 'problem', article: String(articles.a.id), message: '  \r\n ' }))
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('Please describe the problem')
  })

  it('naming a version that is not a published version of that article is refused, text kept', async () => {
    for (const version of [records.b.versionId, '999999', 'abc']) {
      const response = await send(
        post({ kind: 'problem', article: String(articles.a.id), version, message: `Version ${version}?` }),
      )
      expect(response.status, version).toBe(422)
      const body = await response.text()
      expect(body).toContain('This page was out of date')
      expect(body).toContain(`Version ${version}?</textarea>`)
      // The form sent again is filed against the live version.
      expect(body).toContain(`name="version" value="${records.aLive.versionId}"`)
    }
  })

  it('that is not our form, or too large, is refused without being stored', async () => {
    const before = await count()
    const noKind = await send(post({ article: String(articles.a.id), message: 'Where does this go?' }))
    expect(noKind.status).toBe(400)
    expect(await noKind.text()).toContain('Where does this go?')
    const json = await send(
      new Request(`${SITE}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SITE },
        body: JSON.stringify({ kind: 'helpful', article: articles.a.id }),
      }),
    )
    expect(json.status).toBe(415)
    const huge = await send(
      post({ kind: 'problem', article: String(articles.a.id), message: 'x'.repeat(FEEDBACK_BODY_MAX_BYTES) }),
    )
    expect(huge.status).toBe(413)
    // Chunked, without a Content-Length: counted as it arrives.
    const chunked = await send(
      new Request(`${SITE}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SITE },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('message=' + 'y'.repeat(1024)))
            controller.close()
          },
        }),
        duplex: 'half',
      } as RequestInit),
    )
    expect(chunked.status).toBe(413)
    expect(await count()).toBe(before)
  })

  it('sent twice (a double click) is stored once', async () => {
    const client = freshClient()
    const fields = { kind: 'problem', article: String(articles.b.id), message: `Typo in the summary ${client}.` }
    expect((await send(post(fields, { client }))).status).toBe(303)
    expect((await send(post(fields, { client }))).status).toBe(303)
    expect((await stored(articles.b.id)).filter((row) => row.message === fields.message)).toHaveLength(1)
    // A vote too; a different kind from the same reader is a submission of its own.
    const before = await count()
    for (const kind of ['not-helpful', 'not-helpful', 'helpful'])
      expect((await send(post({ kind, article: String(articles.b.id) }, { client }))).status).toBe(303)
    expect(await count()).toBe(before + 2)
  })
})

describe('the rate limit', () => {
  it(`stops one client after ${BURST} submissions in 10 minutes, with Retry-After and their text, but not another`, async () => {
    const client = freshClient()
    for (let i = 0; i < BURST; i++) {
      const response = await send(
        post({ kind: 'problem', article: String(articles.b.id), message: `Report ${i} from one reader.` }, { client }),
      )
      expect(response.status, `submission ${i + 1}`).toBe(303)
    }
    const refused = await send(
      post({ kind: 'problem', article: String(articles.b.id), message: 'One report too many.' }, { client }),
    )
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(500)
    expect(retryAfter).toBeLessThanOrEqual(600)
    const body = await refused.text()
    expect(body).toContain('5 reports in 10 minutes')
    expect(body).toContain('One report too many.</textarea>')
    // Another reader is not affected.
    const other = await send(
      post(
        { kind: 'problem', article: String(articles.b.id), message: 'A different reader.' },
        { client: freshClient() },
      ),
    )
    expect(other.status).toBe(303)
  })

  it('holds across two Payload instances on the same database, even for submissions sent at once', async () => {
    const { getPayload } = await import('payload')
    const { default: config } = await import('@payload-config')
    const second = await getPayload({ config, key: 'feedback-second-instance' })
    try {
      expect(second).not.toBe(payload)
      const client = freshClient()
      const before = await count()
      const responses = await Promise.all(
        Array.from({ length: BURST + 3 }, (_, i) =>
          send(
            post({ kind: 'problem', article: String(articles.a.id), message: `At once ${i}.` }, { client }),
            i % 2 ? second : payload,
          ),
        ),
      )
      const statuses = responses.map((response) => response.status).sort()
      expect(statuses).toEqual([...Array(BURST).fill(303), 429, 429, 429])
      expect(await count()).toBe(before + BURST)
    } finally {
      await shutdownPayload(second)
    }
  })

  it('stops everyone for a minute once the site took its 10-minute limit: forged addresses cannot flood the queue', async () => {
    const { SITE_LIMIT } = await import('@/lib/feedback/rateLimit')
    const { db } = await sqlFor(payload)
    const taken = await count()
    // The site's last 10 minutes, filled up to the limit (as a flood from many addresses would).
    const { rows } = await db.execute(sql`
      INSERT INTO feedback (status, kind, summary, article_id)
      SELECT 'new', 'helpful', 'Helpful', ${articles.a.id} FROM generate_series(1, ${Math.max(0, SITE_LIMIT.max - taken)})
      RETURNING id`)
    const flood = rows.map((row) => Number(row.id))
    try {
      const refused = await send(
        post(
          { kind: 'problem', article: String(articles.b.id), message: 'During a flood.' },
          { client: freshClient() },
        ),
      )
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('60')
      const body = await refused.text()
      expect(body).toContain('unusually many reports from all readers')
      expect(body).toContain('During a flood.</textarea>')
    } finally {
      if (flood.length)
        await db.execute(
          sql`DELETE FROM feedback WHERE id >= ${Math.min(...flood)} AND id <= ${Math.max(...flood)} AND client IS NULL AND message IS NULL`,
        )
    }
  })

  it('keeps a client key only as long as the limit needs it', async () => {
    const { db } = await sqlFor(payload)
    const old = await payload.create({
      collection: 'feedback',
      data: { status: 'new', kind: 'helpful', article: articles.b.id, summary: 'Helpful', client: 'an-old-key' },
      overrideAccess: true,
    })
    await db.execute(sql`UPDATE feedback SET created_at = now() - interval '3 days' WHERE id = ${old.id}`)
    const recent = await payload.create({
      collection: 'feedback',
      data: { status: 'new', kind: 'helpful', article: articles.b.id, summary: 'Helpful', client: 'a-recent-key' },
      overrideAccess: true,
    })
    expect((await send(post({ kind: 'helpful', article: String(articles.a.id) }))).status).toBe(303)
    const { rows } = await db.execute(
      sql`SELECT id, client FROM feedback WHERE id IN (${old.id}, ${recent.id}) ORDER BY id`,
    )
    expect(rows.map((row) => row.client)).toEqual([null, 'a-recent-key'])
  })
})

describe('forgetting client keys', () => {
  it('the hourly task erases the keys of reports past the windows, even when no one submits', async () => {
    const { FORGET_CLIENTS_TASK, forgetFeedbackClients } = await import('@/lib/feedback/forgetClients')
    expect(payload.config.jobs.tasks?.find((task) => task.slug === FORGET_CLIENTS_TASK)?.schedule).toEqual([
      expect.objectContaining({ queue: 'default' }),
    ])
    const { db } = await sqlFor(payload)
    const make = (client: string) =>
      payload.create({
        collection: 'feedback',
        data: { status: 'new', kind: 'helpful', article: articles.b.id, summary: 'Helpful', client },
        overrideAccess: true,
      })
    const [old, recent] = [await make('a-key-to-forget'), await make('a-key-still-counted')]
    await db.execute(sql`UPDATE feedback SET created_at = now() - interval '49 hours' WHERE id = ${old.id}`)
    expect(await forgetFeedbackClients(payload)).toBeGreaterThanOrEqual(1)
    const { rows } = await db.execute(
      sql`SELECT id, client FROM feedback WHERE id IN (${old.id}, ${recent.id}) ORDER BY id`,
    )
    expect(rows.map((row) => row.client)).toEqual([null, 'a-key-still-counted'])
  })
})

describe('the editors’ queue', () => {
  const userOf = (role: keyof typeof people) => ({ ...people[role].doc, collection: 'users' }) as never

  async function report(articleId: number) {
    return payload.create({
      collection: 'feedback',
      data: { status: 'new', kind: 'problem', article: articleId, summary: 'A report', message: 'A report.' },
      overrideAccess: true,
    })
  }

  it('offers as “Fixed by” only the publishes of the report’s article', async () => {
    const { fixedByOptions } = await import('@/lib/feedback/queueRules')
    const where = fixedByOptions({ data: { article: articles.a.id } })
    expect(where).not.toBe(false)
    const { docs } = await payload.find({ collection: 'publications', where: where as never, depth: 0 })
    expect(docs.map((doc) => doc.id).sort()).toEqual([records.aOld.id, records.aLive.id].sort())
    expect(fixedByOptions({ data: {} })).toBe(false)
  })

  it('refuses a “Fixed by” of another article or an unpublish, whatever the status, and takes a publish of its own', async () => {
    const row = await report(articles.a.id)
    const update = (data: Record<string, unknown>) =>
      payload.update({
        collection: 'feedback',
        id: row.id,
        data,
        depth: 0,
        overrideAccess: false,
        user: userOf('editor'),
      })
    await expect(update({ status: 'resolved', fixedBy: records.b.id })).rejects.toThrow(/invalid|Fixed by/i)
    await expect(update({ status: 'resolved', fixedBy: records.b.id })).rejects.toMatchObject({
      data: { errors: [{ path: 'fixedBy', message: expect.stringMatching(/publish of another article/) }] },
    })
    await expect(update({ status: 'resolved', fixedBy: records.aUnpublish.id })).rejects.toMatchObject({
      data: { errors: [{ path: 'fixedBy', message: expect.stringMatching(/is an unpublish/) }] },
    })
    // Hidden in the admin until resolved, but refused all the same.
    await expect(update({ status: 'in-progress', fixedBy: records.b.id })).rejects.toMatchObject({
      data: { errors: [{ path: 'fixedBy' }] },
    })
    const response = await rest(`/feedback/${row.id}`, {
      method: 'PATCH',
      token: people.editor.token,
      body: JSON.stringify({ status: 'resolved', fixedBy: records.aUnpublish.id }),
    })
    expect(response.status).toBe(400)
    const fixed = await update({ status: 'resolved', fixedBy: records.aLive.id })
    expect(fixed).toMatchObject({ status: 'resolved', fixedBy: records.aLive.id })
    // Moved back to in progress, the fix stays on record.
    expect(await update({ status: 'in-progress' })).toMatchObject({ fixedBy: records.aLive.id })
  })

  it('keeps what the reader sent as they sent it', async () => {
    const row = await report(articles.a.id)
    const response = await rest(`/feedback/${row.id}`, {
      method: 'PATCH',
      token: people.editor.token,
      body: JSON.stringify({
        message: 'Rewritten by staff',
        kind: 'helpful',
        article: articles.b.id,
        editorNote: 'Seen.',
      }),
    })
    expect(response.status).toBe(200)
    const after = await payload.findByID({ collection: 'feedback', id: row.id, depth: 0 })
    expect(after).toMatchObject({ message: 'A report.', kind: 'problem', article: articles.a.id, editorNote: 'Seen.' })
  })

  it('an editor can read and update the status; a writer, a reviewer and an anonymous visitor can do neither', async () => {
    const row = await report(articles.b.id)
    // Local API, as each person.
    const read = (role?: keyof typeof people) =>
      payload
        .find({
          collection: 'feedback',
          where: { id: { equals: row.id } },
          overrideAccess: false,
          user: role ? userOf(role) : undefined,
        })
        .then(
          (result) => result.docs.length,
          () => 0,
        )
    const update = (role?: keyof typeof people) =>
      payload
        .update({
          collection: 'feedback',
          id: row.id,
          data: { status: 'in-progress' },
          overrideAccess: false,
          user: role ? userOf(role) : undefined,
        })
        .then(
          () => true,
          () => false,
        )
    for (const role of ['writer', 'reviewer', undefined] as const) {
      expect(await read(role), `read as ${role ?? 'anonymous'}`).toBe(0)
      expect(await update(role), `update as ${role ?? 'anonymous'}`).toBe(false)
      const token = role ? people[role].token : undefined
      expect((await rest(`/feedback/${row.id}`, { token })).ok).toBe(false)
      const patch = await rest(`/feedback/${row.id}`, {
        method: 'PATCH',
        token,
        body: JSON.stringify({ status: 'resolved' }),
      })
      expect(patch.ok).toBe(false)
    }
    expect((await payload.findByID({ collection: 'feedback', id: row.id })).status).toBe('new')
    expect(await read('editor')).toBe(1)
    expect(await update('editor')).toBe(true)
    const response = await rest(`/feedback/${row.id}`, {
      method: 'PATCH',
      token: people.editor.token,
      body: JSON.stringify({ status: 'resolved' }),
    })
    expect(response.status).toBe(200)
    const after = (await (await rest(`/feedback/${row.id}`, { token: people.editor.token })).json()) as Record<
      string,
      unknown
    >
    expect(after.status).toBe('resolved')
    // Nobody sees the client key, editors included.
    expect(after).not.toHaveProperty('client')
  })
})

describe('the admin', () => {
  const render = (element: unknown) => renderToStaticMarkup(element as ReactElement)
  const userOf = (role: keyof typeof people) => ({ ...people[role].doc, collection: 'users' }) as never

  it('the dashboard tells editors how many reports are new, lists the newest and links to them; others see nothing', async () => {
    const { FeedbackQueue } = await import('@/components/admin/FeedbackQueue')
    const { totalDocs } = await payload.count({
      collection: 'feedback',
      where: { status: { equals: 'new' } },
      overrideAccess: true,
    })
    expect(totalDocs).toBeGreaterThan(1)
    const markup = render(await FeedbackQueue({ payload, user: userOf('editor') } as never))
    expect(markup).toMatch(new RegExp(`New reader reports<span[^>]*>${totalDocs}</span>`))
    expect(markup).toContain('href="/admin/collections/feedback?where[status][equals]=new"')
    expect(markup.match(/href="\/admin\/collections\/feedback\/\d+"/g)).toHaveLength(5)
    for (const role of ['writer', 'reviewer'] as const)
      expect(await FeedbackQueue({ payload, user: userOf(role) } as never), role).toBeNull()
  })

  it('links each report to the article on the site, its edit view and the version the reader read', async () => {
    const { FeedbackArticleCell, FeedbackArticleLinks, FeedbackFixedByHint } =
      await import('@/components/admin/FeedbackArticle')
    const cell = render(await FeedbackArticleCell({ cellData: articles.a.id, payload } as never))
    expect(cell).toContain(`href="/articles/${articles.a.slug}"`)
    expect(cell).toContain(`href="/admin/collections/articles/${articles.a.id}"`)
    const withdrawn = render(await FeedbackArticleCell({ cellData: articles.unpublished.id, payload } as never))
    expect(withdrawn).toContain('Not published')
    expect(withdrawn).not.toContain('href="/articles/')
    expect(render(await FeedbackArticleCell({ cellData: null, payload } as never))).toContain('Article deleted')
    const links = render(
      await FeedbackArticleLinks({
        data: { article: articles.a.id, articleVersion: records.aOld.versionId },
        payload,
      } as never),
    )
    expect(links).toContain(`href="/admin/collections/articles/${articles.a.id}/versions/${records.aOld.versionId}"`)
    expect(links).toMatch(/Version the reader read \(published \d+ \w+ \d{4}\)/)
    const hint = render(
      await FeedbackFixedByHint({ data: { article: articles.a.id, fixedBy: records.aLive.id }, payload } as never),
    )
    expect(hint.match(/<li/g)).toHaveLength(2)
    expect(hint).toContain('(chosen)')
  })
})
